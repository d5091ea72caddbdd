"""The calls' part of the report to the Assembly: each call for input that closed in the session's year (or
closes later in it), how many delegations it asked and how many answered."""
from __future__ import annotations

from bot.features import Figures, Period, Sheet
from bot.features.campaigns import planner
from bot.features.campaigns.status import invited
from bot.features.campaigns.views import title
from bot.i18n import Msg, _
from bot.services.people import Who
from bot.services.ports import Core


def figures(core: Core, uow, who: Who, period: Period) -> list[Figures]:
    calls = [c for c in uow.calls.all() if period.start <= c.final_deadline < period.end and not c.demo]
    if not calls:
        return []
    render = who.reader.render
    rows, sheet_rows = [], []
    for call in sorted(calls, key=lambda c: c.final_deadline):
        answered, asked = len(planner.answers(uow, call)[0]), invited(call)
        rows.append((title(call), _("{answered} of {invited} answered", answered=answered, invited=asked)))
        sheet_rows.append([render(Msg("{title}", {"title": title(call)})), call.code,
                           render(Msg("{when}", {"when": call.final_deadline})), asked, answered])
    return [Figures(_("Calls for input"), rows, Sheet(render(_("Calls for input")), [
        render(_("Call")), render(_("Code")), render(_("Final deadline")), render(_("Delegations asked")),
        render(_("Answered"))], sheet_rows))]
