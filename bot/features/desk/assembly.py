"""The report to the Assembly (`/asp report SESSION`, the Secretariat): each feature's figures for the calendar year
the session meets in, as a message, an XLSX with a sheet per part, and a chart of needs by area and status."""
from __future__ import annotations

import io
import logging
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.errors import Refusal
from bot.features import Figures, Period
from bot.i18n import Reader, _
from bot.policy import require_secretariat
from bot.replies import Attachment, Facts, Header, Message, Note, Text
from bot.services.notify import notify
from bot.services.people import Who
from bot.services.ports import Core, Result
from bot.services.tables import workbook_bytes

log = logging.getLogger(__name__)

FIRST_YEAR = 2001  # the Assembly's first session met in 2002: session N meets in N + 2001
ROWS = 10  # rows of a part in the message; its sheet has them all
NO_SHAPING = frozenset({"ar"})  # scripts the chart's font cannot join: the chart is labelled in English


def period_of(session: int, timezone: str) -> Period:
    zone, year = ZoneInfo(timezone), session + FIRST_YEAR
    return Period(session, datetime(year, 1, 1, tzinfo=zone).astimezone(UTC),
                  datetime(year + 1, 1, 1, tzinfo=zone).astimezone(UTC), date(year, 1, 1), date(year, 12, 31))


def _session(args: str) -> int:
    word = args.strip()
    if not word.isdigit() or not 1 <= int(word) <= 99:
        raise Refusal(_("Type /asp report followed by the session’s number, for example /asp report 23."))
    return int(word)


def parts(core: Core, who: Who, period: Period) -> list[Figures]:
    with core.uow() as uow:
        return [figures for part in core.features.assembly for figures in part(core, uow, who, period)]


def _drawable(reader: Reader, texts: list[str]) -> bool:
    """Whether the chart's font has every glyph of these labels (and their script needs no joining)."""
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    if reader.locale in NO_SHAPING:
        return False
    font = FT2Font(findfont(FontProperties(family="DejaVu Sans")))
    return all(font.get_char_index(ord(c)) for text in texts for c in text if not c.isspace())


def _charted(found: list[Figures]) -> Figures | None:
    return next((f for f in found if f.chart and f.sheet is not None and f.sheet.rows), None)


def chart_png(figures: Figures, title: str) -> bytes:
    """A stacked bar per row of the chart's sheet: its label first, then the stacked counts, its total last."""
    import matplotlib
    matplotlib.use("Agg")  # no screen: draw to memory
    from matplotlib.figure import Figure

    sheet = figures.sheet
    assert sheet is not None
    labels = [str(row[0]) for row in sheet.rows]
    figure = Figure(figsize=(9, max(3.0, 0.45 * len(labels) + 1.6)), dpi=100)
    axes = figure.subplots()
    left = [0] * len(labels)
    for index, name in enumerate(sheet.headers[1:-1]):
        values = [row[1 + index] for row in sheet.rows]
        if any(values):
            axes.barh(labels, values, left=left, label=name)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_title(title)
    axes.legend(fontsize="small", loc="lower right")
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def chart_for(core: Core, who: Who, period: Period, found: list[Figures]) -> tuple[bytes, bool] | None:
    """The chart in the reader's words, or in English when the font cannot draw them; None with nothing to draw."""
    charted = _charted(found)
    if charted is None or charted.sheet is None:
        return None
    title = who.reader.render(charted.title)
    if _drawable(who.reader, [title, *charted.sheet.headers, *(str(r[0]) for r in charted.sheet.rows)]):
        return chart_png(charted, title), True
    english = replace(who, reader=Reader("en", who.reader.tz))
    charted = _charted(parts(core, english, period))
    assert charted is not None
    return chart_png(charted, english.reader.render(charted.title)), False


def report(core: Core, who: Who, args: str) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat can use /asp {verb}.", verb="report"))
    period = period_of(_session(args), core.settings.aspbot_timezone)
    found = parts(core, who, period)
    if not found:
        raise Refusal(_("Nothing was recorded for session {session} (from {start} to {end}): no need, call for "
                        "input, provider or speakers list.", session=period.session, start=period.first_day,
                        end=period.last_day))
    title = _("Report to the Assembly, session {session}", session=period.session)
    parts_shown: list = [Header(title), Text(_("From {start} to {end}.", start=period.first_day, end=period.last_day))]
    for figures in found:
        parts_shown += [Header(figures.title), Facts(tuple(figures.rows[:ROWS]))]
    parts_shown.append(Note(_("The XLSX file and the chart follow in a direct message.")))

    def files() -> list[int]:
        reader = who.reader
        with core.uow() as uow:
            try:
                sheets = [(s.name, s.headers, s.rows) for f in found if (s := f.sheet) is not None]
                attached = [Attachment.of(f"assembly-report-{period.session}.xlsx", title, workbook_bytes(sheets))]
                drawn = chart_for(core, who, period, found)
                said: list = []
                if drawn is not None:
                    png, own = drawn
                    attached.append(Attachment.of(f"assembly-report-{period.session}.png", title, png))
                    if not own:
                        said.append(Note(_("The chart is labelled in English: the server has no font to draw "
                                           "{language}.", language=reader.language_name(reader.locale))))
            except Exception:
                ref = uuid.uuid4().hex[:8].upper()
                log.exception("assembly report %s failed [ref %s]", period.session, ref)
                notify(core, uow, who.member_id, Message.text(_(
                    "Sorry, the files of “{title}” could not be made. Please try again; if it happens again, give "
                    "the Secretariat this reference: {ref}.", title=title, ref=ref)))
                uow.commit()
                return list(uow.outbox_ids)
            notify(core, uow, who.member_id, Message.of(Header(title), *said, *attached))
            uow.audit.record(core.clock.now(), who.member_id, "export", f"export:assembly:{period.session}", None,
                             {"parts": len(found)})
            uow.commit()
        return list(uow.outbox_ids)

    return Result(reply=Message.of(*parts_shown), later=files)
