"""Two delegations on one segment's list exchange places when both agree: one asks (`/asp speak swap PLENARY
SEGMENT DELEGATION`), a verified member of the other accepts or declines with a button. Protocol order holds:
only delegations of the same category can swap, and the swap exchanges their receipt times, nothing else."""
from __future__ import annotations

from datetime import datetime

from bot.delegations import delegation_label
from bot.errors import Refusal
from bot.features.speakers import policy, views
from bot.features.speakers.service import entries, find_plenary
from bot.i18n import _
from bot.policy import require_verified
from bot.replies import Actions, Button, Message, Text
from bot.services.notify import notify
from bot.services.people import Who
from bot.services.ports import Core, Result
from storage.models import Plenary, Speaker

ACCEPT, DECLINE = "speak:swap-yes", "speak:swap-no"


def _stamp(at: datetime) -> str:
    return f"{at.timestamp():.6f}"


def propose(core: Core, who: Who, code: str, segment: str, other: str) -> Result:
    require_verified(who.roles)
    now = core.clock.now()
    segment, other = segment.upper(), other.upper()
    with core.uow() as uow:
        plenary = find_plenary(uow, code)
        if views.segment_of(plenary, segment) is None:
            raise Refusal(_("“{plenary}” has no segment {segment}.", plenary=views.plenary_title(plenary),
                            segment=segment))
        if plenary.starts_at is not None and plenary.starts_at <= now:
            raise Refusal(_("The plenary has begun: places can no longer be exchanged."))
        mine = next((s for r in policy.speaking_roles(who.roles, None)
                     if (s := uow.speakers.holding(policy.slot(plenary.code, segment, r.delegation_code)))), None)
        if mine is None:
            raise Refusal(_("Your delegation is not on the list of segment {segment}.", segment=segment))
        theirs = uow.speakers.holding(policy.slot(plenary.code, segment, other))
        if theirs is None or theirs.id == mine.id:
            raise Refusal(_("{delegation} is not on the list of segment {segment}.",
                            delegation=delegation_label(other), segment=segment))
        if theirs.category != mine.category:
            raise Refusal(_("Only delegations of the same protocol category can exchange places: States Parties "
                            "speak first, then observer States, intergovernmental organisations and civil "
                            "society."))
        places = entries(uow, plenary.id, segment)
        my_code = uow.delegations.get(mine.delegation_id).code
        value = "|".join((str(mine.id), str(theirs.id), _stamp(mine.received_at), _stamp(theirs.received_at)))
        notify(core, uow, theirs.registered_by_id, Message.of(
            Text(_("{delegation} (number {theirs}) asks {other} (number {yours}) to exchange places on the list of "
                   "segment {segment} of “{plenary}”. Nothing changes unless you accept.",
                   delegation=delegation_label(my_code), theirs=places[mine.id], other=delegation_label(other),
                   yours=places[theirs.id], segment=segment, plenary=views.plenary_title(plenary))),
            Actions((Button(_("Accept the swap"), ACCEPT, value, "primary"),
                     Button(_("Decline"), DECLINE, value)))), dedupe_key=f"swap:{value}")
        uow.audit.record(now, who.member_id, "speaker.swap_asked", f"plenary:{plenary.code}:{segment}", None,
                         {"from": my_code, "to": other})
        uow.commit()
    return Result(reply=Message.text(_("I have asked {delegation}; the places change only if they accept.",
                                       delegation=delegation_label(other))), outbox=list(uow.outbox_ids))


def _pair(uow, who: Who, value: str, now: datetime) -> tuple[Speaker, Speaker]:
    """The two registrations a swap's button names, as they stood when it was asked; refused otherwise."""
    parts = value.split("|")
    if len(parts) != 4 or not parts[0].isdigit() or not parts[1].isdigit():
        raise Refusal(_("This swap has already been answered, or one of the places has changed."))
    # Locked, in id order: two clicks of "Accept" at once are one swap, the second finds the times changed.
    first, second = sorted((int(parts[0]), int(parts[1])))
    locked = {i: uow.session.get(Speaker, i, with_for_update=True) for i in (first, second)}
    asker, asked = locked[int(parts[0])], locked[int(parts[1])]
    if asker is None or asked is None or asker.status != policy.REGISTERED or asked.status != policy.REGISTERED \
            or (_stamp(asker.received_at), _stamp(asked.received_at)) != (parts[2], parts[3]):
        raise Refusal(_("This swap has already been answered, or one of the places has changed."))
    if not any(r.status == "approved" and r.delegation_id == asked.delegation_id for r in who.roles):
        raise Refusal(_("Only a verified member of the delegation asked can answer this swap."))
    # One answer per request: a decline leaves the places as they were, so the times alone cannot tell.
    answered = f"swap:answered:{value}"
    if uow.processed.seen(answered):
        raise Refusal(_("This swap has already been answered, or one of the places has changed."))
    uow.processed.claim(answered, now)
    return asker, asked


def accept(core: Core, who: Who, value: str) -> Result:
    now = core.clock.now()
    with core.uow() as uow:
        asker, asked = _pair(uow, who, value, now)
        plenary = uow.session.get(Plenary, asker.plenary_id)
        asker.received_at, asked.received_at = asked.received_at, asker.received_at
        uow.session.flush()
        places = entries(uow, plenary.id, asker.segment)
        codes = {s.id: uow.delegations.get(s.delegation_id).code for s in (asker, asked)}
        uow.audit.record(now, who.member_id, "speaker.swapped", f"plenary:{plenary.code}:{asker.segment}", None,
                         {codes[asker.id]: places[asker.id], codes[asked.id]: places[asked.id]})
        done = _("{first} is now number {one} and {second} number {two} on the list of segment {segment} of "
                 "“{plenary}”.", first=delegation_label(codes[asker.id]), one=places[asker.id],
                 second=delegation_label(codes[asked.id]), two=places[asked.id], segment=asker.segment,
                 plenary=views.plenary_title(plenary))
        notify(core, uow, asker.registered_by_id, Message.text(done), dedupe_key=f"swap:done:{value}")
        uow.commit()
    return Result(reply=Message.text(done), outbox=list(uow.outbox_ids))


def decline(core: Core, who: Who, value: str) -> Result:
    now = core.clock.now()
    with core.uow() as uow:
        asker, asked = _pair(uow, who, value, now)
        code = uow.delegations.get(asked.delegation_id).code
        plenary = uow.session.get(Plenary, asker.plenary_id)
        uow.audit.record(now, who.member_id, "speaker.swap_declined", f"plenary:{plenary.code}:{asker.segment}", None,
                         {"by": code})
        notify(core, uow, asker.registered_by_id, Message.text(_(
            "{delegation} has declined to exchange places; the list stays as it was.",
            delegation=delegation_label(code))), dedupe_key=f"swap:no:{value}")
        uow.commit()
    return Result(reply=Message.text(_("Declined: the list stays as it was.")), outbox=list(uow.outbox_ids))
