"""Loading the Secretariat's existing table of needs: columns by heading (English or French), all or nothing."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.delegations_data import STATES_PARTIES
from bot.demo_data import TITLES
from bot.engine import runner
from bot.engine.parsing import Ambiguous, Invalid, fold, match_choice
from bot.engine.state import State
from bot.errors import Refusal
from bot.features.needs import service
from bot.i18n import Msg, Reader, Territory, _, ngettext_
from bot.replies import Choice
from bot.services.ports import Core
from storage.models import Member

# Columns that are not questions of the form.
EXTRA_HEADINGS = {
    "state": ("State", "State Party", "Country", "État", "État partie", "Pays"),
    "confidential": ("Confidential", "Confidential answers", "Confidentiel", "Réponses confidentielles"),
}
IMPORTER = ("system", "local", "import")  # the author recorded for imported needs


@dataclass
class Row:
    number: int
    reference: str | None = None
    delegation: object = None
    title: str = ""
    errors: list[tuple[Msg, Msg]] = field(default_factory=list)  # (column label, reason)


@dataclass
class ImportReport:
    rows: list[Row] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    missing: list[Msg] = field(default_factory=list)
    call: object = None
    written: bool = False

    @property
    def refused(self) -> list[Row]:
        return [r for r in self.rows if r.errors]


def _headings(form) -> tuple[dict[str, str], dict[str, str]]:
    """Folded heading → field key, and field key → the language the heading was written in."""
    out: dict[str, str] = {}
    for key, names in EXTRA_HEADINGS.items():
        for name in names:
            out[fold(name)] = key
    for f in form.fields:
        for locale in ("en", "fr"):
            out[fold(Reader(locale).render(f.label))] = f.key
        out[fold(f.key)] = f.key
    return out, {}


def import_needs(core: Core, headers: Sequence[str], rows: Sequence[Sequence[str]], call_code: str | None = None,
                 progress: Callable[[int, int], None] = lambda done, total: None) -> ImportReport:
    form = core.forms["need"]
    known, _unused = _headings(form)
    columns: dict[int, str] = {}
    report = ImportReport()
    for index, heading in enumerate(headers):
        key = known.get(fold(heading))
        if key is None:
            if heading.strip():
                report.ignored.append(heading)
        else:
            columns[index] = key
    french = sum(1 for h in headers if fold(h) in {fold(Reader("fr").render(f.label)) for f in form.fields}
                 | {fold(n) for n in ("État", "État partie", "Pays", "Confidentiel")})
    reader = Reader("fr" if french > len(headers) / 2 else "en", core.settings.aspbot_timezone)
    present = set(columns.values())
    for f in form.fields:
        if f.required and f.key not in present:
            report.missing.append(f.label)
    if "state" not in present:
        report.missing.insert(0, _("State"))
    if report.missing:
        return report
    labels = {f.key: f.label for f in form.fields}
    states = [Choice(code, Territory(code)) for code in STATES_PARTIES]
    with core.uow() as uow:
        opened = uow.calls.open_at(core.clock.now(), form="need")
        call = uow.calls.by_code(call_code) if call_code else (opened[0] if opened else None)
        if call is None and not call_code:
            call = uow.calls.latest_closed(core.clock.now(), form="need")
        if call is None and call_code:
            raise Refusal(_("There is no call for input with the code “{code}”. Type /asp campaign in the console "
                            "to see the codes.", code=call_code))
        if call is None:
            raise Refusal(_("There is no call for input to import into."))
        report.call = TITLES.get(call.code, call.title)
        importer = uow.members.find(*IMPORTER) or uow.members.add(
            Member(channel=IMPORTER[0], workspace=IMPORTER[1], user_key=IMPORTER[2], display_name="import",
                   created_at=core.clock.now()))
        taken: set[tuple[int, str, str]] = set()
        accepted: list[tuple[Row, int, State]] = []
        for number, cells in enumerate(rows, start=2):  # row 1 holds the headings
            row = Row(number)
            report.rows.append(row)
            raw = {key: (cells[i] if i < len(cells) else "") for i, key in columns.items()}
            delegation = None
            try:
                code = match_choice(raw.pop("state", ""), states, [], reader).value
                delegation = uow.delegations.by_code(code)
                row.delegation = Territory(code)
            except (Invalid, Ambiguous):
                row.errors.append((_("State"), _("not a State Party I know.")))
            confidential = []
            for name in (raw.pop("confidential", "") or "").replace(";", ",").split(","):
                if name.strip():
                    key = known.get(fold(name))
                    if key in labels and form.field(key).confidential_allowed:
                        confidential.append(key)
                    else:
                        row.errors.append((_("Confidential"), _("“{name}” is not a question that can be "
                                                                "confidential.", name=name.strip())))
            state, errors = runner.fill(form, State(form="need", step=""), raw, reader, typed=True)
            row.errors += [(labels[key], reason) for key, reason in errors.items()]
            row.title = raw.get("title", "")
            if delegation is not None and not errors:
                # Several needs in one area are normal; the same title in the same area is the same need (a
                # sheet imported twice, or a row repeated).
                area, title = state.answers["area"], fold(state.answers["title"])
                existing = {fold(uow.needs.current(n).answers.get("title", ""))
                            for n in uow.needs.open_in_area(delegation.id, call.id, area)}
                if (delegation.id, area, title) in taken or title in existing:
                    row.errors.append((labels["title"], _("this State already has a need with this title in this "
                                                          "area.")))
                taken.add((delegation.id, area, title))
            if not row.errors and delegation is not None:
                state.confidential = confidential
                accepted.append((row, delegation.id, state))
            progress(number - 1, len(rows))
        if report.refused:
            return report  # all or nothing: the unit of work rolls back
        now = core.clock.now()
        for row, delegation_id, state in accepted:
            row.reference = service.record(core, uow, delegation_id, call.id, state, importer.id, now,
                                           action="need.imported", audit={"row": row.number}).reference
        uow.commit()
        report.written = True
    return report


def render(report: ImportReport, reader: Reader) -> list[str]:
    """The report as lines for the operator, in their language."""
    lines = [reader.render(_("Unknown column “{heading}”: ignored.", heading=h)) for h in report.ignored]
    if report.missing:
        lines += [reader.render(_("Missing column: {column}.", column=m)) for m in report.missing]
        lines.append(reader.render(_("Nothing was imported.")))
        return lines
    for row in report.rows:
        if row.errors:
            for column, reason in row.errors:
                lines.append(reader.render(_("Row {row}: refused. {column}: {reason}", row=row.number,
                                             column=column, reason=reason)))
        elif report.written:
            lines.append(reader.render(_("Row {row}: {reference} for {delegation}, “{title}”.", row=row.number,
                                         reference=row.reference, delegation=row.delegation, title=row.title)))
        else:
            lines.append(reader.render(_("Row {row}: correct ({delegation}, “{title}”), not imported while other "
                                         "rows are refused.", row=row.number, delegation=row.delegation,
                                         title=row.title)))
    if report.written:
        lines.append(reader.render(ngettext_("{count} row imported into “{call}”.",
                                             "{count} rows imported into “{call}”.", len(report.rows),
                                             count=len(report.rows), call=report.call)))
        return lines
    accepted = len(report.rows) - len(report.refused)
    lines.append(reader.render(ngettext_("{count} row is correct.", "{count} rows are correct.", accepted,
                                         count=accepted)))
    lines.append(reader.render(ngettext_(
        "{count} row was refused. Nothing was imported: correct it and import the file again.",
        "{count} rows were refused. Nothing was imported: correct them and import the file again.",
        len(report.refused), count=len(report.refused))))
    return lines
