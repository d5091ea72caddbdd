"""Calls for input and their deadlines, as the Secretariat sees and moves them (`/asp campaign`)."""
from __future__ import annotations

from datetime import date

from bot.demo_data import TITLES, end_of
from bot.errors import Refusal
from bot.i18n import Msg, _
from bot.replies import Facts, Header, Message, Note
from bot.services import people
from bot.services.ports import Core, Person, Result


def _title(call):
    return TITLES.get(call.code, call.title)


def listing(core: Core, person: Person) -> Result:
    with core.uow() as uow:
        people.identify(core, uow, person)
        calls = uow.calls.all()
        uow.commit()
    now = core.clock.now()
    rows = tuple((Msg("{code}", {"code": c.code}),
                  (_("“{title}”: open until {deadline}", title=_title(c), deadline=c.final_deadline)
                   if c.opens_at <= now <= c.final_deadline else
                   _("“{title}”: closed on {deadline}", title=_title(c), deadline=c.final_deadline)))
                 for c in calls)
    return Result(reply=Message.of(Header(_("Calls for input")), Facts(rows[:10]),
                                   Note(_("Reopen one with /asp campaign reopen CODE YYYY-MM-DD."))))


def reopen(core: Core, person: Person, code: str, until: str) -> Result:
    """Move a call's final deadline to the end of a later day, on the call's own clock."""
    try:
        day = date.fromisoformat(until)
    except ValueError:
        raise Refusal(_("“{answer}” is not a date I can read. Please write it as YYYY-MM-DD, for example "
                        "2025-03-31.", answer=until))
    with core.uow() as uow:
        reviewer = people.identify(core, uow, person)
        call = uow.calls.by_code(code.upper())
        if call is None:
            raise Refusal(_("There is no call for input with the code {code}.", code=code))
        deadline = end_of(day, call.timezone)
        if deadline <= core.clock.now():
            raise Refusal(_("The new deadline must be in the future."))
        before = call.final_deadline
        call.final_deadline = deadline
        if call.opens_at > core.clock.now():
            call.opens_at = core.clock.now()
        uow.audit.record(core.clock.now(), reviewer.id, "call.reopened", f"call:{call.code}",
                         {"final_deadline": before.isoformat()}, {"final_deadline": deadline.isoformat()})
        uow.commit()
    return Result(reply=Message.text(_("“{title}” is open until {deadline}.", title=_title(call),
                                       deadline=deadline)))
