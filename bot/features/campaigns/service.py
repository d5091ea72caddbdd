"""Calls for input and their deadlines, as the Secretariat sees and moves them (`/asp campaign`)."""
from __future__ import annotations

from bot.demo_data import TITLES, end_of
from bot.engine.parsing import Invalid, parse_day
from bot.errors import Refusal
from bot.features.campaigns import planner, policy, setup, status
from bot.features.campaigns.planner import plan_call
from bot.features.campaigns.views import MUTE, SNOOZE, UNMUTE
from bot.features.needs.policy import call_open
from bot.i18n import Msg, _
from bot.policy import STATE_ROLES, approved
from bot.quiet import hours_of, parse_hours, stored_hours
from bot.replies import Actions, Button, Facts, Header, Message, Note, Text
from bot.services.people import Who
from bot.services.ports import Core, Result
from storage.models import CallForInput


def _title(call):
    return TITLES.get(call.code, call.title)


def listing(core: Core, who: Who) -> Result:
    with core.uow() as uow:
        calls = uow.calls.all()
    now = core.clock.now()
    rows = tuple((Msg("{code}", {"code": c.code}),
                  (_("“{title}”: opens on {opens}, closes on {deadline}", title=_title(c), opens=c.opens_at,
                     deadline=c.final_deadline) if c.opens_at > now else
                   _("“{title}”: open until {deadline}", title=_title(c), deadline=c.final_deadline)
                   if call_open(c.opens_at, c.final_deadline, now) else
                   _("“{title}”: closed on {deadline}", title=_title(c), deadline=c.final_deadline)))
                 for c in calls)
    return Result(reply=Message.of(Header(_("Calls for input")), Facts(rows[:10]),
                                   Note(_("Set one up with /asp campaign new; change it with /asp campaign edit "
                                          "CODE."))))


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
        plan_call(core, uow, call, now)  # the reminders follow the new deadline: moved, none twice
        uow.commit()
    return Result(reply=Message.text(_("“{title}” is open until {deadline}.", title=_title(call),
                                       deadline=deadline)))


def command(core: Core, who: Who, args: str) -> Result:
    """`/asp campaign [list]`, `new`, `edit CODE`, `close CODE`, `reopen CODE YYYY-MM-DD`."""
    words = args.split()
    verb = words[0].lower() if words else "list"
    if verb == "list" and len(words) <= 1:
        return listing(core, who)
    if verb == "new" and len(words) == 1:
        return setup.new(core, who)
    if verb == "edit" and len(words) == 2:
        return setup.edit(core, who, words[1])
    if verb == "status" and len(words) == 2:
        return status.status(core, who, words[1])
    if verb == "close" and len(words) == 2:
        return setup.close(core, who, words[1])
    if verb == "reopen" and len(words) == 3:
        return reopen(core, who, words[1], words[2])
    raise Refusal(_("Use /asp campaign list, new, edit CODE, status CODE, close CODE or reopen CODE YYYY-MM-DD "
                    "(/asp help shows each)."))


def _waiting_on(uow, call, roles) -> bool:
    """Whether one of the person's delegations is asked by the call and has not answered it yet."""
    asked = {r.delegation_id for r in roles if (r.delegation_code in call.audience if call.audience is not None
                                                else r.delegation_kind == "state_party")}
    return bool(asked - planner.answers(uow, call)[0]) if asked else False


def deadlines(core: Core, uow, who: Who) -> list:
    """The Home group of deadlines, in the reader's time: for the Secretariat every open call; for a State's
    people the calls that ask their delegation and are not answered yet; for anyone else none."""
    now = core.clock.now()
    calls = list(uow.calls.open_at(now))
    if who.secretariat:
        title = _("Open calls for input")
    else:
        roles = approved(who.roles, *STATE_ROLES)
        calls = [c for c in calls if _waiting_on(uow, c, roles)]
        title = _("Calls for input waiting for your answer")
    rows = [(_title(c), _("Final deadline: {when}", when=c.final_deadline)) for c in calls[:5]]
    return [(title, rows)] if rows else []


def _open_call_named(core: Core, uow, code: str):
    call = uow.calls.by_code(code.strip().upper())
    if call is None or not call_open(call.opens_at, call.final_deadline, core.clock.now()):
        raise Refusal(_("That call for input is closed: there is nothing left to remind you of."))
    return call


def snooze(core: Core, who: Who, value: str) -> Result:
    """A reminder's "tomorrow" or "in 3 days": the person's reminders of the call wait until 9:00 that day,
    never past the deadline the reminder was about."""
    code, _sep, rest = value.partition("|")
    days_text, _sep, kind = rest.partition("|")
    if days_text not in ("1", "3"):
        raise Refusal(_("I could not read that click. Please type your answer instead."))
    now = core.clock.now()
    with core.uow() as uow:
        call = _open_call_named(core, uow, code)
        all_deadlines = policy.deadlines(call.preliminary_deadline, call.final_deadline)
        about = next((d for d in all_deadlines if d.kind == kind and d.at > now), None) \
            or policy.next_deadline(all_deadlines, now)
        member = uow.members.get(who.member_id)
        until = policy.snooze_until(now, int(days_text), who.reader.zone,
                                    hours_of(member.quiet_hours if member else None))
        if about is None or until >= about.at:
            raise Refusal(_("The deadline, {deadline}, comes before then: I will remind you as planned.",
                            deadline=about.at if about else call.final_deadline))
        choice = uow.reminders.choice(who.member_id, call.id, now)
        choice.snoozed_until, choice.muted, choice.updated_at = until, False, now
        plan_call(core, uow, call, now)
        uow.commit()
    return Result(reply=Message.text(_("Snoozed: I will remind you about “{call}” again on {when}.",
                                       call=_title(call), when=until)))


def _choose(core: Core, who: Who, code: str, muted: bool) -> CallForInput:
    """A person mutes or unmutes a call's reminders; the pending rows follow in the same transaction."""
    now = core.clock.now()
    with core.uow() as uow:
        call = _open_call_named(core, uow, code)
        choice = uow.reminders.choice(who.member_id, call.id, now)
        choice.muted, choice.updated_at = muted, now
        if not muted:
            choice.snoozed_until = None
        plan_call(core, uow, call, now)  # reads the choice back: the session flushes it first
        uow.commit()
    return call


def mute(core: Core, who: Who, value: str) -> Result:
    call = _choose(core, who, value, muted=True)
    return Result(reply=Message.of(
        Text(_("You will get no more reminders about “{call}”. You can still answer it at any time before "
               "{deadline}.", call=_title(call), deadline=call.final_deadline)),
        Actions((Button(_("Remind me again"), UNMUTE, call.code),))))


def unmute(core: Core, who: Who, value: str) -> Result:
    call = _choose(core, who, value, muted=False)
    return Result(reply=Message.text(_("Reminders about “{call}” are on again.", call=_title(call))))


def quiet(core: Core, who: Who, args: str) -> Result:
    """`/asp quiet` shows a person's quiet hours; `/asp quiet 21:00-07:30` or `/asp quiet off` changes them, and
    the reminders already planned for them move out of the new hours."""
    text = args.strip()
    now = core.clock.now()
    with core.uow() as uow:
        member = uow.members.get(who.member_id)
        if member is None:
            raise LookupError(f"member {who.member_id} is gone")
        if text:
            hours = parse_hours(text)
            if hours is None:
                raise Refusal(_("Type your quiet hours as /asp quiet 21:00-07:30, or /asp quiet off."))
            member.quiet_hours = stored_hours(hours)
            for call in uow.calls.open_at(now):
                plan_call(core, uow, call, now)
            uow.commit()
        start, end = hours_of(member.quiet_hours)
    if start == end:
        return Result(reply=Message.text(_("Quiet hours are off: a reminder may reach you at any hour (they are "
                                           "planned for 9:00 your time).")))
    return Result(reply=Message.text(_("No reminder reaches you between {start} and {end}, your time. Change it "
                                       "with /asp quiet 21:00-07:30, or /asp quiet off.",
                                       start=f"{start:%H:%M}", end=f"{end:%H:%M}")))


def mine(core: Core, uow, who: Who) -> list:
    """`/asp my` and Home: the open calls a focal point is reminded of (asked, not yet answered), and their say
    over each (snooze for 3 days, stop, or remind again), as buttons."""
    focal = approved(who.roles, "focal_point")
    if not focal:
        return []
    now = core.clock.now()
    choices = uow.reminders.choices_of(who.member_id)
    rows: list[tuple] = []
    buttons: list[Button] = []
    for call in uow.calls.open_at(now):
        if not _waiting_on(uow, call, focal):  # not asked, or answered: no reminder is coming
            continue
        name, choice = _title(call), choices.get(call.id)
        if choice is not None and choice.muted:
            rows.append((name, _("Reminders stopped")))
            buttons.append(Button(_("Remind me about “{call}” again", call=name), UNMUTE, call.code))
        elif choice is not None and choice.snoozed_until is not None and choice.snoozed_until > now:
            rows.append((name, _("Reminders snoozed until {when}", when=choice.snoozed_until)))
            buttons.append(Button(_("Stop reminders about “{call}”", call=name), MUTE, call.code))
        else:
            rows.append((name, _("A reminder before each deadline, at 9:00 your time")))
            buttons += [Button(_("Snooze “{call}” for 3 days", call=name), SNOOZE, f"{call.code}|3|"),
                        Button(_("Stop reminders about “{call}”", call=name), MUTE, call.code)]
    return [(_("Reminders"), rows, tuple(buttons[:5]))] if rows else []
