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


def test_the_countdown_shows_steps_of_15_seconds_then_5_in_the_last_30_then_overtime_by_15():
    from bot.features.speakers.policy import shown_seconds
    assert [shown_seconds(r) for r in (120, 119.9, 106, 105, 104, 31, 30.5, 30, 29, 25, 0.2, 0, -1, -14.9, -15, -31)] \
        == [120, 120, 120, 105, 105, 45, 45, 30, 30, 25, 5, 0, 0, 0, -15, -30]


def test_the_floor_step_names_the_speaker_so_a_new_speaker_is_a_new_step():
    from datetime import UTC, datetime, timedelta

    from bot.features.speakers.policy import step_of
    since = datetime(2024, 12, 5, 14, tzinfo=UTC)
    assert step_of(7, since, 2, since) == "7:120"
    assert step_of(8, since, 2, since) == "8:120"
    assert step_of(7, since, 2, since + timedelta(seconds=121)) == "7:0"
    assert step_of(None, None, 2, since) == "end"


def test_segments_are_typed_one_per_line_with_optional_minutes_and_theme():
    import pytest

    from bot.features.speakers.policy import read_segments, typed_segments
    typed = "i | Cooperation is vital | 60 | High-level\n\nII | Tools"
    assert read_segments(typed) == [{"code": "I", "title": "Cooperation is vital", "minutes": 60, "theme": "High-level"},
                                    {"code": "II", "title": "Tools"}]
    assert read_segments(typed_segments(read_segments(typed))) == read_segments(typed)
    for bad, reason in (("", "empty"), ("I Cooperation", "unreadable"), ("I | A\ni | B", "twice"),
                        ("I | A | 0", "minutes"), ("\n".join(f"S{n} | t" for n in range(7)), "many")):
        with pytest.raises(ValueError, match=reason):
            read_segments(bad)


def test_a_channel_is_typed_as_its_id_or_pasted_as_a_slack_link():
    from bot.features.speakers.policy import read_channel
    assert read_channel(" c0123abcd ") == "C0123ABCD" and read_channel("<#C0123ABCD|interpreters>") == "C0123ABCD"
    assert read_channel("G0PRIVATE1") == "G0PRIVATE1"
    assert read_channel("#interpreters") is None and read_channel("U0123ABCD") is None and read_channel("") is None
