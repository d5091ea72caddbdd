"""What the Secretariat's status summary says of speakers lists: places taken against places that fit, per segment
of each plenary still ahead."""
from __future__ import annotations

from bot.features.speakers import service
from bot.features.speakers.views import fits_of, plenary_title
from bot.i18n import _
from bot.replies import Button
from bot.services.people import Who
from bot.services.ports import Core, Result

LIST = "speakers:list"  # a plenary's lists in calling order, from the summary
SHOWN = 10  # segment rows (one block of fields); the lists themselves are a click away
BUTTONS = 5


def standing(core: Core, uow, who: Who) -> list:
    plenaries = list(uow.plenaries.ahead_of(core.clock.now()))
    counts = uow.speakers.counts(p.id for p in plenaries)
    rows: list[tuple] = []
    for plenary in plenaries:
        for segment in plenary.segments:
            taken, fits = counts.get((plenary.id, segment["code"]), 0), fits_of(plenary, segment)
            label = _("{plenary}, segment {segment}", plenary=plenary_title(plenary), segment=segment["code"])
            rows.append((label, _("{taken} of {fits} places", taken=taken, fits=fits) if fits is not None
                         else _("{taken} registered", taken=taken)))
    if not rows:
        return [(_("Speakers lists"), [(_("Plenaries ahead"), 0)], [])]
    if len(rows) > SHOWN:
        rows = rows[:SHOWN - 1] + [(_("More segments"), len(rows) - SHOWN + 1)]
    return [(_("Speakers lists"), rows, [Button(_("List: {code}", code=p.code), LIST, p.code)
                                         for p in plenaries[:BUTTONS]])]


def open_list(core: Core, who: Who, code: str) -> Result:
    return service.speakers(core, who, code)
