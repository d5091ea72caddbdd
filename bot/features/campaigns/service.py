"""Calls for input and their deadlines, as the Secretariat sees and moves them (`/asp campaign`)."""
from __future__ import annotations

from bot.demo_data import TITLES, end_of
from bot.engine.parsing import Invalid, parse_day
from bot.errors import Refusal
from bot.features.needs.policy import call_open
from bot.i18n import Msg, _
from bot.replies import Facts, Header, Message, Note
from bot.services.people import Who
from bot.services.ports import Core, Result


def _title(call):
    return TITLES.get(call.code, call.title)


def listing(core: Core, who: Who) -> Result:
    with core.uow() as uow:
        calls = uow.calls.all()
    now = core.clock.now()
    rows = tuple((Msg("{code}", {"code": c.code}),
                  (_("“{title}”: open until {deadline}", title=_title(c), deadline=c.final_deadline)
                   if call_open(c.opens_at, c.final_deadline, now) else
                   _("“{title}”: closed on {deadline}", title=_title(c), deadline=c.final_deadline)))
                 for c in calls)
    return Result(reply=Message.of(Header(_("Calls for input")), Facts(rows[:10]),
                                   Note(_("Reopen one with /asp campaign reopen CODE YYYY-MM-DD."))))


def reopen(core: Core, who: Who, code: str, until: str) -> Result:
    """Move a call's final deadline to the end of a later day, on the call's own clock."""
    try:
        day = parse_day(until, who.reader)
    except Invalid as exc:  # the form's own reading of a date: any script's digits, the reader's format
        raise Refusal(exc.reason) from None
    with core.uow() as uow:
        call = uow.calls.by_code(code.upper())
        if call is None:
            raise Refusal(_("There is no call for input with the code {code}.", code=code))
        now = core.clock.now()
        deadline = end_of(day, call.timezone)
        if deadline <= now:
            raise Refusal(_("The new deadline must be in the future."))
        before = call.final_deadline
        call.final_deadline = deadline
        if call.opens_at > now:
            call.opens_at = now
        uow.audit.record(now, who.member_id, "call.reopened", f"call:{call.code}",
                         {"final_deadline": before.isoformat()}, {"final_deadline": deadline.isoformat()})
        uow.commit()
    return Result(reply=Message.text(_("“{title}” is open until {deadline}.", title=_title(call),
                                       deadline=deadline)))


def command(core: Core, who: Who, args: str) -> Result:
    """`/asp campaign` lists the calls; `/asp campaign reopen CODE YYYY-MM-DD` moves a final deadline."""
    words = args.split()
    if not words:
        return listing(core, who)
    if words[0].lower() == "reopen" and len(words) == 3:
        return reopen(core, who, words[1], words[2])
    raise Refusal(_("Use /asp campaign, or /asp campaign reopen CODE YYYY-MM-DD."))


def deadlines(core: Core, uow, who: Who) -> list:
    """The Home group of open calls and speakers lists with their deadlines, in the reader's time."""
    now = core.clock.now()
    rows = [(_title(c), _("Final deadline: {when}", when=c.final_deadline)) for c in uow.calls.open_at(now)]
    rows += [(TITLES.get(p.code, p.title), _("Speakers list closes: {when}", when=p.registration_deadline))
             for p in uow.plenaries.registering_at(now)]
    return [(_("Open calls and speakers lists"), rows)] if rows else []
