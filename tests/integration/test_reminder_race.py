"""Reminders on several replicas over one database: two planners and two dispatchers racing over 2,000 due
reminders send each once; a dispatcher that stops between claim and send leaves its claim to expire, and the
reminder then goes out once. On SQLite as on PostgreSQL."""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.app import build_core, build_dispatcher
from bot.delegations_data import STATES_PARTIES
from bot.features.campaigns import planner
from bot.settings import Settings
from storage.models import CallForInput, Member, Membership, OutboxMessage
from tests.support.fakes import CountingSender, FakeDirectory

PEOPLE = 1000  # each is due an announcement and a reminder: 2,000 rows
NOW = datetime(2025, 5, 20, 10, tzinfo=UTC)  # 12:00 in The Hague


def _people(storage) -> None:
    """1,000 verified focal points across the States Parties, on UTC (09:00 UTC is their reminder time), and a
    call opened a week ago (its announcement is due) whose 1-day reminder is due now."""
    with storage.uow() as uow:
        delegations = {d.code: d.id for d in uow.delegations.of_kind("state_party")}
        codes = [c for c in STATES_PARTIES if c in delegations]
        for n in range(PEOPLE):
            member = Member(channel="slack", workspace="T1", user_key=f"U{n}", created_at=NOW,
                            profile_checked_at=NOW, profile_locale="en", timezone="UTC", quiet_hours="off")
            uow.session.add(member)
            uow.session.flush()
            uow.session.add(Membership(member_id=member.id, delegation_id=delegations[codes[n % len(codes)]],
                                       role="focal_point", status="approved", requested_at=NOW - timedelta(days=9),
                                       decided_at=NOW - timedelta(days=8)))
        uow.calls.add(CallForInput(code="RACE", title="Race", opens_at=NOW - timedelta(days=7),
                                   final_deadline=datetime(2025, 5, 21, 21, 59, tzinfo=UTC), timezone="UTC",
                                   plan=[1]))
        uow.commit()


def test_two_replicas_plan_and_send_2000_due_reminders_each_once(seeded, clock):
    _people(seeded)
    clock.set(NOW)
    settings = Settings(aspbot_send_rate=0, aspbot_channel_rate=0)  # pacing is not what is raced here
    cores = [build_core(settings, seeded, FakeDirectory(), clock) for _ in range(2)]
    sender = CountingSender()
    dispatchers = [build_dispatcher(core, {"slack": sender}) for core in cores]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def replica(core, dispatcher) -> None:
        try:
            start.wait()
            planner.plan_all(core)  # both plan at once: one row per key
            while dispatcher.deliver():
                pass
        except BaseException as exc:  # the test fails on it below, not in a thread nobody reads
            errors.append(exc)

    threads = [threading.Thread(target=replica, args=pair) for pair in zip(cores, dispatchers, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    while dispatchers[0].deliver():
        pass
    with seeded.uow() as uow:
        rows = uow.session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.status == "sent")).all()
        pending = uow.session.scalar(select(func.count()).select_from(OutboxMessage)
                                     .where(OutboxMessage.status.in_(("pending", "sending")),
                                            OutboxMessage.not_before <= NOW))
    assert len(rows) == 2 * PEOPLE
    assert {k.split(":")[0] for k in rows} == {"announce", "remind"}
    assert {n for n in sender.posts.values()} == {1}  # none twice
    assert len(sender.posts) == 2 * PEOPLE and pending == 0  # none lost


def test_a_dispatcher_stopped_between_claim_and_send_leaves_the_reminder_to_go_once_after_its_lease(seeded, clock):
    _people(seeded)
    clock.set(NOW)
    core = build_core(Settings(aspbot_send_rate=0, aspbot_channel_rate=0, aspbot_outbox_lease_seconds=60),
                      seeded, FakeDirectory(), clock)
    planner.plan_all(core)
    with seeded.uow() as uow:  # a replica claims a batch, then its process is killed before sending
        taken = uow.outbox.claim(NOW, limit=20, stale_after=timedelta(seconds=60))
        uow.commit()
    assert len(taken) == 20
    sender = CountingSender()
    dispatcher = build_dispatcher(core, {"slack": sender})
    while dispatcher.deliver():
        pass
    assert not any(f"outbox:{row.id}" in sender.posts for row in taken)  # held by the dead claim
    clock.set(NOW + timedelta(seconds=61))
    while dispatcher.deliver():
        pass
    assert all(sender.posts[f"outbox:{row.id}"] == 1 for row in taken)
    assert len(sender.posts) == 2 * PEOPLE and set(sender.posts.values()) == {1}


class Monotonic:
    """Real time as the budget reads it, moved by the dispatcher's sleeps (and by the test)."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.t += seconds


def test_planned_messages_to_one_dm_go_a_burst_then_one_a_second_and_replies_do_not_wait(seeded, clock):
    from bot.i18n import Msg
    from bot.replies import Message, encode_message
    from scheduler import outbox
    from scheduler.budget import Budget

    clock.set(NOW)
    with seeded.uow() as uow:
        people = [uow.members.add(Member(channel="slack", workspace="T1", user_key=f"U{n}", created_at=NOW,
                                         profile_checked_at=NOW, profile_locale="en", timezone="UTC"))
                  for n in range(2)]
        for n in range(10):
            uow.reminders.put(people[n % 2].id, f"remind:X:final:{n}:{people[n % 2].id}", "remind:X:KE",
                              encode_message(Message.text(Msg(f"reminder {n}", {}))), NOW, NOW)
        uow.commit()
    core = build_core(Settings(), seeded, FakeDirectory(), clock)
    time = Monotonic()
    sent: list[tuple[str, float]] = []

    class Timed(CountingSender):
        def send(self, recipient, message, reader, key):
            sent.append((recipient.user, time.t))
            return super().send(recipient, message, reader, key)

    budget = Budget(workspace_rate=0, channel_rate=1.0, channel_burst=3, now=time)
    dispatcher = outbox.Dispatcher(core.uow, clock, {"slack": Timed()}, lambda member: None, budget=budget,
                                   sleep=time.sleep)
    dispatcher.deliver()
    # Five each, claimed in turn: three at once; the fourth must wait a second for its DM, so it is set aside
    # (and the fifth behind it) on the core's clock, as the rows are, while the other DM goes on; no sleeping.
    assert [who for who, _t in sent] == ["U0", "U1"] * 3 and time.slept == []
    with seeded.uow() as uow:
        waiting = uow.session.scalars(select(OutboxMessage.not_before).where(OutboxMessage.status == "pending")).all()
    assert sorted(waiting) == [NOW + timedelta(seconds=1)] * 4
    for second in (1, 2):
        clock.set(NOW + timedelta(seconds=second))
        time.t += 1
        dispatcher.deliver()
    assert len(sent) == 10 and time.slept == []
    times = {who: [t - 1000 for w, t in sent if w == who] for who in ("U0", "U1")}
    assert times == {"U0": [0, 0, 0, 1, 2], "U1": [0, 0, 0, 1, 2]}
    with seeded.uow() as uow:  # a reply to U0 now, while U0's DM budget is spent: it goes at once
        uow.outbox.add(people[0].id, encode_message(Message.text(Msg("a reply", {}))), NOW + timedelta(seconds=1))
        uow.commit()
    dispatcher.deliver()
    assert len(sent) == 11 and time.slept == []
