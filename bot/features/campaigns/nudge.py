"""The Secretariat's nudge (`/asp remind CODE`): how many would be messaged, a confirmation, then one reminder
each through the outbox.

The confirmation carries the moment it was asked: every row of one confirmation has a key made of it, so a
double click or Slack's retry of the "yes" sends each person one message, never two.
"""
from __future__ import annotations

from datetime import UTC, datetime

from bot.errors import Refusal
from bot.features.campaigns import planner
from bot.features.campaigns.views import title
from bot.i18n import _, ngettext_
from bot.policy import require_secretariat
from bot.replies import Actions, Button, Message, Part, Text
from bot.services.conversations import committed_first, first_delivery
from bot.services.notify import notify
from bot.services.people import Who
from bot.services.ports import Core, Result

SURE, NOT = "campaign:remind-sure", "campaign:remind-not"
CONFIRM = "campaign-remind"
NOT_YOURS = _("Only the Secretariat sends reminders.")


def _call(uow, core: Core, code: str):
    call = uow.calls.by_code(code.strip().upper())
    if call is None:
        raise Refusal(_("There is no call for input with the code {code}.", code=code.strip()))
    now = core.clock.now()
    if call.final_deadline <= now:
        raise Refusal(_("“{call}” closed on {deadline}: there is nobody to remind.", call=title(call),
                        deadline=call.final_deadline))
    if call.opens_at > now:
        raise Refusal(_("“{call}” opens on {opens}: its announcement has not gone yet.", call=title(call),
                        opens=call.opens_at))
    return call


def remind(core: Core, who: Who, args: str) -> Result:
    """`/asp remind CODE`: counts who would be messaged and asks the Secretariat member to confirm, in DM (so a
    typed yes answers it as well as the button)."""
    require_secretariat(who.secretariat, NOT_YOURS)
    if not args.strip() or len(args.split()) != 1:
        raise Refusal(_("Type /asp remind followed by the call’s code, for example /asp remind CP-2024."))
    now = core.clock.now()
    with core.uow() as uow:
        call = _call(uow, core, args)
        found = planner.nudge(core, uow, call, now)
        if not found.rows:
            raise Refusal(_("Nobody is left to remind about “{call}”: every delegation has answered, or muted it.",
                            call=title(call)))
        deadline = found.deadline.at if found.deadline else call.final_deadline
        parts: list[Part] = [
            Text(ngettext_("Remind {count} focal point who has not answered “{call}” yet (deadline {deadline})? "
                           "The reminder goes now, or when their night ends.",
                           "Remind {count} focal points who have not answered “{call}” yet (deadline {deadline})? "
                           "Each gets it now, or when their night ends.", len(found.rows), count=len(found.rows),
                           call=title(call), deadline=deadline)),
            Text(ngettext_("They speak for {count} delegation.", "They speak for {count} delegations.",
                           found.delegations, count=found.delegations))]
        if found.muted:
            parts.append(Text(ngettext_("{count} person who muted this call is left out.",
                                        "{count} people who muted this call are left out.", found.muted,
                                        count=found.muted)))
        parts.append(Text(_("Answer yes or no.")))
        asked = f"{call.code}|{now.astimezone(UTC):%Y%m%d%H%M%S}"
        parts.append(Actions((Button(_("Yes, send"), SURE, asked, "primary"), Button(_("No"), NOT, asked))))
        notify(core, uow, who.member_id, Message.of(*parts), topic=f"confirm:{CONFIRM}:{asked}")
        uow.commit()
    return Result(reply=Message.text(_("Please confirm in our direct message.")), outbox=list(uow.outbox_ids))


def _asked(value: str) -> tuple[str, str]:
    code, stamp = (value.split("|", 1) + [""])[:2]
    try:
        datetime.strptime(stamp, "%Y%m%d%H%M%S")
    except ValueError:
        raise Refusal(_("I could not read that click. Please type your answer instead.")) from None
    return code, stamp


def send(core: Core, who: Who, value: str, key: str | None = None) -> Result:
    """The "yes": one reminder to each person still to remind (counted again now: someone may have answered)."""
    require_secretariat(who.secretariat, NOT_YOURS)
    code, stamp = _asked(value)
    now = core.clock.now()
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        call = _call(uow, core, code)
        if uow.reminders.any_key(f"nudge:{call.code}:{stamp}:"):
            raise Refusal(_("Those reminders were already sent."))  # a second click on the same "yes"
        found = planner.nudge(core, uow, call, now)
        for member_id, topic, body, at in found.rows:
            uow.reminders.put(member_id, f"nudge:{call.code}:{stamp}:{member_id}", topic, body, at, now)
        uow.audit.record(now, who.member_id, "call.nudged", f"call:{call.code}", None,
                         {"people": len(found.rows), "delegations": found.delegations})
        if not committed_first(core, uow, key):
            return Result()
    return Result(reply=Message.text(ngettext_(
        "Sent: {count} reminder about “{call}” is on its way.",
        "Sent: {count} reminders about “{call}” are on their way.", len(found.rows), count=len(found.rows),
        call=title(call))), outbox=[])


def cancel(core: Core, who: Who, value: str, key: str | None = None) -> Result:
    require_secretariat(who.secretariat, NOT_YOURS)
    _asked(value)
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        if not committed_first(core, uow, key):
            return Result()
    return Result(reply=Message.text(_("Nothing was sent.")))


def answered(core: Core, who: Who, subject: str, yes: bool, key: str | None = None) -> Result:
    """A typed yes or no to the confirmation: the same as its buttons."""
    return send(core, who, subject, key) if yes else cancel(core, who, subject, key)
