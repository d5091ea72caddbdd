"""The speakers' part of the report to the Assembly: for each plenary of the session, delegations registered,
heard, withdrawn, and requests that came too late."""
from __future__ import annotations

from bot.features import Figures, Period, Sheet
from bot.features.speakers import policy
from bot.features.speakers.views import plenary_title
from bot.i18n import Msg, _
from bot.services.people import Who
from bot.services.ports import Core


def figures(core: Core, uow, who: Who, period: Period) -> list[Figures]:
    plenaries = [pl for pl in uow.plenaries.all() if pl.session == period.session and not pl.demo]
    if not plenaries:
        return []
    render = who.reader.render
    rows, sheet_rows = [], []
    for plenary in sorted(plenaries, key=lambda pl: pl.registration_deadline):
        speakers = uow.speakers.of_plenary(plenary.id)
        registered = sum(1 for s in speakers if s.status == policy.REGISTERED)
        heard = sum(1 for s in speakers if s.heard_at is not None)
        withdrawn = sum(1 for s in speakers if s.status == policy.WITHDRAWN)
        late = sum(1 for s in speakers if s.status == policy.LATE)
        rows.append((plenary_title(plenary), _("{registered} registered, {heard} heard", registered=registered,
                                               heard=heard)))
        sheet_rows.append([render(Msg("{title}", {"title": plenary_title(plenary)})), plenary.code,
                           render(Msg("{day}", {"day": plenary.held_on})) if plenary.held_on else "",
                           registered, heard, withdrawn, late])
    return [Figures(_("Speakers lists"), rows, Sheet(render(_("Speakers lists")), [
        render(_("Plenary")), render(_("Code")), render(_("Held on")), render(_("Registered")), render(_("Heard")),
        render(_("Withdrawn")), render(_("Late requests"))], sheet_rows))]
