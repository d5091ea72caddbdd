"""The speakers lists' planned messages: an announcement when a list opens, reminders before it closes to
delegations not on it, and reminders before the plenary to those who speak. Rows first, like the calls'.

A list announces itself only when it has an opening instant (to the focal points verified by then); the
documents' lists give none, so theirs are found with `/asp speak` and on the Home tab. Registering cancels
the delegation's reminders to register, in the same transaction.
"""
from __future__ import annotations

from datetime import datetime

from bot.clock import zone_of
from bot.features.speakers import policy, views
from bot.quiet import hours_of, out_of_quiet
from bot.replies import encode_message
from bot.services.planning import reconcile
from bot.services.ports import Core


def topic(plenary: str, delegation: str) -> str:
    return f"speak:{plenary}:{delegation}"


def plan_plenary(core: Core, uow, plenary, now) -> int:
    closes, opens = plenary.registration_deadline, plenary.registration_opens_at
    state = policy.window(opens, closes, now)
    standing = [s for s in uow.speakers.of_plenary(plenary.id) if s.status == policy.REGISTERED]
    registered = {s.delegation_id for s in standing}
    existing = uow.reminders.keyed(f"speak:{plenary.code}:")
    wanted: dict[str, tuple[int, str, str, datetime]] = {}  # key -> (member, topic, body, not before)
    if state == policy.OPEN:
        muted = uow.reminders.muted_on(plenary.id)
        for person in uow.reminders.audience_of_kinds(plenary.open_to or policy.KINDS):
            zone = zone_of(person.timezone, core.settings.aspbot_timezone)
            hours = hours_of(person.quiet_hours)
            row_topic = topic(plenary.code, person.delegation_code)
            announce = f"speak:{plenary.code}:announce:{person.member_id}"
            if opens is not None and announce not in existing and person.verified_at is not None \
                    and person.verified_at <= opens:
                wanted[announce] = (person.member_id, row_topic, encode_message(
                    views.announcement(plenary, person.delegation_code, zone.key)), out_of_quiet(now, zone, hours))
            if person.delegation_id in registered or person.member_id in muted:
                continue  # on the list, or asked for no more reminders about it
            for ahead in policy.CLOSE_REMINDERS:
                at = policy.before(closes, ahead, zone, hours, opens or now - policy.GRACE, now)
                if at is not None:
                    key = f"speak:{plenary.code}:close-{int(ahead.total_seconds() // 3600)}h:{person.member_id}"
                    wanted[key] = (person.member_id, row_topic, encode_message(
                        views.closing_soon(plenary, person.delegation_code, zone.key)), at)
    if plenary.starts_at is not None and now < plenary.starts_at and standing:
        order = {seg["code"]: policy.positions(policy.Entry(s.id, s.delegation_id, s.category, s.received_at)
                                               for s in standing if s.segment == seg["code"])
                 for seg in plenary.segments}
        clocks = uow.reminders.clocks_of({s.registered_by_id for s in standing})
        codes = {d: uow.delegations.get(d).code for d in registered}
        for s in standing:
            tz, quiet = clocks.get(s.registered_by_id, (None, None))
            zone = zone_of(tz, core.settings.aspbot_timezone)
            code = codes[s.delegation_id]
            for ahead in policy.SPEAKER_REMINDERS:
                at = policy.before(plenary.starts_at, ahead, zone, hours_of(quiet), s.received_at, now)
                if at is not None:
                    key = f"speak:{plenary.code}:speaker-{int(ahead.total_seconds() // 3600)}h:{s.id}"
                    wanted[key] = (s.registered_by_id, topic(plenary.code, code), encode_message(
                        views.speaking_soon(plenary, s, code, order[s.segment][s.id], zone.key)), at)
    # An announcement once written stays while the list is open; every other kind is planned afresh each pass.
    return reconcile(uow, existing, wanted, now,
                     lambda key: ":announce:" not in key or state != policy.OPEN)


def plan_all(core: Core) -> int:
    now = core.clock.now()
    with core.uow() as uow:
        changed = sum(plan_plenary(core, uow, p, now) for p in uow.plenaries.ahead_of(now))
        uow.commit()
    return changed
