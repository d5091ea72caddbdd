"""Repositories and the unit of work on real databases: time zones, idempotency keys, outbox claims."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.seed import seed_delegations
from storage.errors import Conflict
from storage.models import Member
from tests.conftest import PINNED


def add_member(storage, user="U1") -> int:
    with storage.uow() as uow:
        member = uow.members.add(Member(channel="slack", workspace="T1", user_key=user, created_at=PINNED))
        uow.commit()
        return member.id


def test_datetimes_come_back_aware_utc(storage):
    hague = datetime(2024, 10, 1, 23, 59, 59, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with storage.uow() as uow:
        uow.members.add(Member(channel="slack", workspace="T1", user_key="U1", created_at=hague))
        uow.commit()
    with storage.uow() as uow:
        member = uow.members.find("slack", "T1", "U1")
        assert member.created_at == hague
        assert member.created_at.utcoffset() == timedelta(0)
        assert member.created_at.hour == 21


def test_naive_datetime_is_refused(storage):
    with storage.uow() as uow:
        uow.members.add(Member(channel="slack", workspace="T1", user_key="U1", created_at=PINNED))
        member = uow.members.find("slack", "T1", "U1")
        member.profile_checked_at = datetime(2024, 1, 1)
        with pytest.raises(Exception, match="naive datetime"):
            uow.session.flush()


def test_unit_of_work_rolls_back_unless_committed(storage):
    with storage.uow() as uow:
        uow.members.add(Member(channel="slack", workspace="T1", user_key="U9", created_at=PINNED))
    with storage.uow() as uow:
        assert uow.members.find("slack", "T1", "U9") is None


def test_processed_event_key_is_unique(storage):
    with storage.uow() as uow:
        uow.processed.claim("slack:event:Ev1", PINNED)
        uow.commit()
    with storage.uow() as uow:
        assert uow.processed.seen("slack:event:Ev1")
        with pytest.raises(Conflict):
            uow.processed.claim("slack:event:Ev1", PINNED)


def test_seeding_delegations_twice_adds_nothing(storage):
    with storage.uow() as uow:
        first = seed_delegations(uow)
        uow.commit()
    with storage.uow() as uow:
        assert seed_delegations(uow) == 0
        assert uow.delegations.by_code("UG").kind == "state_party"
        assert uow.delegations.by_code("UG").name == "Uganda"
    assert first >= 125


def test_outbox_claim_takes_due_rows_once_and_respects_not_before(storage):
    member_id = add_member(storage)
    with storage.uow() as uow:
        a = uow.outbox.add(member_id, "{}", PINNED).id
        b = uow.outbox.add(member_id, "{}", PINNED + timedelta(minutes=1)).id
        uow.commit()
    with storage.uow() as uow:
        assert [r.id for r in uow.outbox.claim(PINNED)] == [a]
        uow.commit()
    with storage.uow() as uow:
        assert uow.outbox.claim(PINNED) == []  # already claimed, b not yet due
        # b is due now, but a is still being sent: b waits, so the person reads them in order.
        assert uow.outbox.claim(PINNED + timedelta(minutes=1)) == []
        uow.commit()
    with storage.uow() as uow:
        # A claim left behind by a stopped sender is taken again once stale, marked so the sender looks first.
        again = uow.outbox.claim(PINNED + timedelta(minutes=10))
        assert [(r.id, r.reclaimed) for r in again] == [(a, True), (b, False)]
        uow.commit()
    with storage.uow() as uow:
        # Stale a second time: taken again (the sender's look in the channel keeps it from being doubled).
        assert [(r.id, r.reclaimed) for r in uow.outbox.claim(PINNED + timedelta(minutes=20))] == [(a, True),
                                                                                                   (b, True)]
        uow.commit()


def test_a_persons_rows_go_out_in_order_and_wait_behind_an_unsent_older_one(storage):
    amina, bob = add_member(storage, "UAMINA"), add_member(storage, "UBOB")
    with storage.uow() as uow:
        a1, a2 = uow.outbox.add(amina, "{}", PINNED).id, uow.outbox.add(amina, "{}", PINNED).id
        b1 = uow.outbox.add(bob, "{}", PINNED).id
        uow.commit()
    with storage.uow() as uow:
        # Delivering only a2 (the reply to a later request) must not overtake a1; Bob is not held up.
        assert [r.id for r in uow.outbox.claim(PINNED, ids=[a2, b1])] == [b1]
        uow.commit()
    with storage.uow() as uow:
        first = uow.outbox.claim(PINNED, recipients=[amina])
        assert [r.id for r in first] == [a1, a2]
        uow.outbox.mark_failed(a1, first[0].claim_token, "Slack 500", PINNED + timedelta(seconds=2))
        uow.outbox.release([a2], first[1].claim_token, PINNED)
        uow.commit()
    with storage.uow() as uow:
        assert uow.outbox.claim(PINNED + timedelta(seconds=1)) == []  # a1 waits for its retry, a2 behind it
        retried = uow.outbox.claim(PINNED + timedelta(seconds=2))
        assert [(r.id, r.reclaimed) for r in retried] == [(a1, True), (a2, False)]
        uow.outbox.mark_failed(a1, retried[0].claim_token, "given up", None)
        uow.outbox.release([a2], retried[1].claim_token, PINNED)
        uow.commit()
    with storage.uow() as uow:
        # A row given up for good no longer holds the person's later messages.
        assert [r.id for r in uow.outbox.claim(PINNED + timedelta(seconds=3))] == [a2]
        assert uow.outbox.get(a1).status == "failed"


def test_only_the_holder_of_a_claim_marks_the_row(storage):
    member_id = add_member(storage)
    with storage.uow() as uow:
        row_id = uow.outbox.add(member_id, "{}", PINNED).id
        uow.commit()
    with storage.uow() as uow:
        first = uow.outbox.claim(PINNED)[0].claim_token
        uow.commit()
    with storage.uow() as uow:  # the first sender stalls; its claim goes stale and the row is taken again
        second = uow.outbox.claim(PINNED + timedelta(minutes=6))[0].claim_token
        uow.commit()
    with storage.uow() as uow:
        assert first != second
        assert uow.outbox.mark_sent(row_id, first, PINNED, "D1", "1.0") is False
        assert uow.outbox.mark_sent(row_id, second, PINNED, "D1", "2.0") is True
        uow.commit()
    with storage.uow() as uow:
        row = uow.outbox.get(row_id)
        assert (row.status, row.message_ref, row.attempts, row.claim_token) == ("sent", "2.0", 1, None)


def test_outbox_dedupe_key_refuses_a_second_row(storage):
    member_id = add_member(storage)
    with storage.uow() as uow:
        uow.outbox.add(member_id, "{}", PINNED, dedupe_key="decided:1")
        uow.commit()
    with storage.uow() as uow:
        with pytest.raises(Conflict):
            uow.outbox.add(member_id, "{}", PINNED, dedupe_key="decided:1")


def test_concurrent_claims_skip_locked_rows(storage):
    if storage.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL feature; SQLite serialises writers")
    member_id = add_member(storage)
    with storage.uow() as uow:
        ids = [uow.outbox.add(member_id, "{}", PINNED).id for _ in range(4)]
        uow.commit()
    with storage.uow() as first, storage.uow() as second:
        taken_first = [r.id for r in first.outbox.claim(PINNED, limit=2)]
        taken_second = [r.id for r in second.outbox.claim(PINNED, limit=4)]
        assert taken_first == ids[:2]
        assert taken_second == ids[2:]


def test_a_conflict_that_is_not_a_retry_is_raised_not_swallowed(storage, clock):
    from bot.app import build_core
    from bot.services.conversations import committed_first
    from bot.settings import Settings
    from tests.support.fakes import FakeDirectory

    core = build_core(Settings(), storage, FakeDirectory(), clock)
    member_id = add_member(storage)
    with storage.uow() as uow:
        uow.outbox.add(member_id, "{}", PINNED, dedupe_key="same")
        uow.commit()
    with storage.uow() as uow:
        uow.processed.claim("slack:event:Ev9", PINNED)
        uow.session.add(type(uow.outbox.get(1))(recipient_id=member_id, body="{}", status="pending", attempts=0,
                                                 not_before=PINNED, created_at=PINNED, dedupe_key="same"))
        with pytest.raises(Conflict):
            committed_first(core, uow, "slack:event:Ev9")
    with storage.uow() as uow:
        assert not uow.processed.seen("slack:event:Ev9")  # nothing of it was kept: the person may retry
