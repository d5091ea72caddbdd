"""The reminder planner: turns each open call's plan into keyed outbox rows, and keeps them in step.

Run on the scheduler's tick (and at once after a snooze, a mute or a new deadline). For every verified focal
point of the call's audience it wants one announcement and one row per planned reminder; it writes the rows missing
(a unique key each: two replicas planning at once write one), moves or rewords the pending ones whose time
or words changed, and cancels the pending ones nobody wants any more (the delegation answered, the person
muted the call, the deadline moved). Rows already sent are never touched, so nothing goes twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import zone_of
from bot.features.campaigns import policy, views
from bot.features.needs.service import FORM as NEEDS_FORM
from bot.features.reports.form import FORM as REPORT_FORM
from bot.quiet import hours_of, out_of_quiet
from bot.replies import encode_message
from bot.services.planning import reconcile
from bot.services.ports import Core


def answers(uow, call) -> tuple[set[int], set[int]]:
    """The delegations that have answered the call, and those with the form begun (by delegation id)."""
    if call.form == "report":
        return uow.reminders.reported(REPORT_FORM.key, call.opens_at), uow.reminders.drafting(REPORT_FORM.key)
    return uow.reminders.submitted(call.id), uow.reminders.drafting(NEEDS_FORM)


def plan_call(core: Core, uow, call, now) -> int:
    """Bring one call's rows in step with who still has to answer; returns how many rows it wrote or changed."""
    all_deadlines = policy.deadlines(call.preliminary_deadline, call.final_deadline)
    days = policy.plan_of(call.plan)
    audience = uow.reminders.audience(call.audience)
    submitted, drafting = answers(uow, call)
    choices = uow.reminders.choices(call.id)
    ahead = [d for d in all_deadlines if d.at > now]
    running = bool(ahead) and call.opens_at <= now  # closed early or not open yet: nothing is announced
    # Every row of the call, also of those no longer in its audience (a delegation taken off it, a person whose
    # verification was revoked): theirs are cancelled below.
    existing = uow.reminders.keyed(policy.topic(call.code, ""))
    wanted: dict[str, tuple[int, str, str, datetime]] = {}  # key -> (member, topic, body, not before)
    for person in audience:
        done = person.delegation_id in submitted
        if done:
            continue
        draft = person.delegation_id in drafting
        zone = zone_of(person.timezone, core.settings.aspbot_timezone)
        topic = policy.topic(call.code, person.delegation_code)
        announce = policy.announce_key(call.code, person.member_id)
        # Once, to those verified when it opened (someone verified later finds it on Home and with /asp need,
        # rather than in the middle of their first form).
        if running and announce not in existing and person.verified_at is not None \
                and person.verified_at <= call.opens_at:
            body = encode_message(views.announcement(call, person.delegation_code, ahead, zone.key, draft))
            wanted[announce] = (person.member_id, topic, body,
                                out_of_quiet(now, zone, hours_of(person.quiet_hours)))
        choice = choices.get(person.member_id)
        if choice is not None and choice.muted:
            continue
        for planned in policy.plan(all_deadlines, days, zone, call.opens_at, now,
                                   choice.snoozed_until if choice else None, hours_of(person.quiet_hours)):
            if policy.met(planned.deadline.kind, call.preliminary_met_by, done, draft):
                continue
            body = encode_message(views.reminder(call, person.delegation_code, planned.deadline, zone.key, draft))
            wanted[policy.key(call.code, planned.deadline.kind, planned.occasion, person.member_id)] = (
                person.member_id, topic, body, planned.at)
    # An announcement once written, or a nudge of the Secretariat, stays while the call runs (neither is
    # re-planned; a submission cancels them by topic); a closed call drops them.
    return reconcile(uow, existing, wanted, now, lambda key: key.startswith("remind:") or not running)


def plan_all(core: Core) -> int:
    now = core.clock.now()
    with core.uow() as uow:
        changed = sum(plan_call(core, uow, call, now) for call in uow.calls.open_at(now))
        uow.commit()
    return changed


@dataclass(frozen=True)
class Nudge:
    """Whom the Secretariat's `/asp remind` would message now, about which deadline; and who muted the call."""

    deadline: policy.Deadline | None
    rows: list[tuple[int, str, str, datetime]]  # (member, topic, body, not before)
    delegations: int
    muted: int


def nudge(core: Core, uow, call, now) -> Nudge:
    """The focal points of delegations that have not met the next deadline, each at once or at the end of their
    quiet hours; a person who muted the call is left out (and counted)."""
    deadline = policy.next_deadline(policy.deadlines(call.preliminary_deadline, call.final_deadline), now)
    if deadline is None or call.opens_at > now:
        return Nudge(None, [], 0, 0)
    submitted, drafting = answers(uow, call)
    choices = uow.reminders.choices(call.id)
    rows, delegations, muted = [], set(), 0
    for person in uow.reminders.audience(call.audience):
        draft = person.delegation_id in drafting
        if policy.met(deadline.kind, call.preliminary_met_by, person.delegation_id in submitted, draft):
            continue
        choice = choices.get(person.member_id)
        if choice is not None and choice.muted:
            muted += 1
            continue
        zone = zone_of(person.timezone, core.settings.aspbot_timezone)
        body = encode_message(views.reminder(call, person.delegation_code, deadline, zone.key, draft))
        at = out_of_quiet(now, zone, hours_of(person.quiet_hours))
        rows.append((person.member_id, policy.topic(call.code, person.delegation_code), body, at))
        delegations.add(person.delegation_id)
    return Nudge(deadline, rows, len(delegations), muted)
