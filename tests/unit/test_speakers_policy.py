"""Speakers-list rules: protocol order, then first come first served; who may register; the window."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.features.speakers import policy
from bot.policy import Role

T0 = datetime(2024, 12, 2, 10, tzinfo=UTC)


def entry(n: int, kind: str, minutes: int) -> policy.Entry:
    return policy.Entry(n, 100 + n, policy.category(kind), T0 + timedelta(minutes=minutes))


def test_protocol_order_then_receipt_time_and_who_moved():
    ngo, observer, late_state, early_state = (entry(1, "cso", 0), entry(2, "observer_state", 1),
                                              entry(3, "state_party", 9), entry(4, "state_party", 5))
    assert [e.id for e in policy.ordered([ngo, observer, late_state, early_state])] == [4, 3, 2, 1]
    before = policy.positions([ngo, observer])
    after = policy.positions([ngo, observer, early_state])
    assert before == {1: 2, 2: 1} and after == {4: 1, 2: 2, 1: 3}
    assert policy.moved(before, after) == {1: (2, 3), 2: (1, 2)}
    assert policy.moved(after, policy.positions([ngo, early_state])) == {1: (3, 2)}  # the observer withdrew
    same = entry(5, "igo", 0)
    assert policy.ordered([entry(6, "igo", 0), same])[0].id == 5  # same instant: the earlier request


def test_who_may_register_and_when():
    roles = [Role(1, 10, "KE", "state_party", "focal_point", "approved"),
             Role(2, 11, "UG", "state_party", "provider", "approved"),
             Role(3, 12, "CICC", "cso", "delegate", "pending")]
    assert [r.delegation_code for r in policy.speaking_roles(roles, None)] == ["KE"]
    assert policy.speaking_roles(roles, ["cso"]) == []
    closes = T0 + timedelta(days=2)
    assert policy.window(None, closes, T0) == policy.OPEN
    assert policy.window(T0 + timedelta(hours=1), closes, T0) == policy.NOT_YET
    assert policy.window(None, closes, closes) == policy.CLOSED  # the closing instant itself is late
    assert policy.slot("COOP-23", "I", "KE") == "COOP-23:I:KE"
