"""When each person is reminded of the 2024 complementarity call's deadlines, on their own clock."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import quiet as quiet_hours
from bot.demo_data import HAGUE, at, end_of
from bot.features.campaigns import policy

PRELIMINARY = end_of(date(2024, 6, 10))  # Monday 10 June 2024, end of the day in The Hague
FINAL = end_of(date(2024, 10, 1))
OPENED = at(date(2024, 4, 22), 0)
DEADLINES = policy.deadlines(PRELIMINARY, FINAL)
BEFORE = at(date(2024, 5, 1), 12)


def local(planned: list[policy.Planned], tz: str) -> list[tuple[str, str, str]]:
    return [(p.deadline.kind, p.occasion, p.at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")) for p in planned]


def test_default_plan_is_9_in_the_morning_7_days_and_1_day_before_and_on_the_day_in_the_hague():
    planned = policy.plan(DEADLINES, policy.plan_of(None), ZoneInfo(HAGUE), OPENED, BEFORE)
    assert local(planned, HAGUE) == [
        ("preliminary", "7", "2024-06-03 09:00"), ("preliminary", "1", "2024-06-09 09:00"),
        ("preliminary", "0", "2024-06-10 09:00"),
        ("final", "7", "2024-09-24 09:00"), ("final", "1", "2024-09-30 09:00"), ("final", "0", "2024-10-01 09:00")]


def test_each_person_gets_9_am_on_their_own_clock_and_never_after_the_deadline():
    ny = policy.plan(DEADLINES, (7, 1, 0), ZoneInfo("America/New_York"), OPENED, BEFORE)
    assert local(ny, "America/New_York")[:3] == [
        ("preliminary", "7", "2024-06-03 09:00"), ("preliminary", "1", "2024-06-09 09:00"),
        ("preliminary", "0", "2024-06-10 09:00")]  # the deadline is 17:59 in New York: the morning is before it
    tokyo = policy.plan(DEADLINES, (7, 1, 0), ZoneInfo("Asia/Tokyo"), OPENED, BEFORE)
    # In Tokyo the deadline falls at 06:59 on 11 June: the morning of that day would come after it.
    assert local(tokyo, "Asia/Tokyo")[:3] == [
        ("preliminary", "7", "2024-06-04 09:00"), ("preliminary", "1", "2024-06-10 09:00"),
        ("final", "7", "2024-09-25 09:00")]  # 2 October in Tokyo, less 7 days
    assert all(p.at < p.deadline.at for p in tokyo)


def test_quiet_hours_move_a_reminder_to_their_end():
    late_riser = (time(21, 0), time(10, 30))
    planned = policy.plan(DEADLINES, (1,), ZoneInfo("Africa/Kampala"), OPENED, BEFORE, hours=late_riser)
    assert local(planned, "Africa/Kampala") == [("preliminary", "1", "2024-06-10 10:30"),
                                                ("final", "1", "2024-10-01 10:30")]
    zone = ZoneInfo(HAGUE)
    assert quiet_hours.quiet(at(date(2024, 6, 1), 23), zone) and quiet_hours.quiet(at(date(2024, 6, 1), 7, 59), zone)
    assert not quiet_hours.quiet(at(date(2024, 6, 1), 8), zone) and not quiet_hours.quiet(at(date(2024, 6, 1), 19, 59), zone)
    assert quiet_hours.out_of_quiet(at(date(2024, 6, 1), 23), zone) == at(date(2024, 6, 2), 8)


def test_occasions_before_the_call_opened_are_not_planned():
    opened_late = at(date(2024, 6, 5), 12)
    planned = policy.plan(DEADLINES, (7, 1, 0), ZoneInfo(HAGUE), opened_late, opened_late)
    assert local(planned, HAGUE)[:2] == [("preliminary", "1", "2024-06-09 09:00"), ("preliminary", "0", "2024-06-10 09:00")]


def test_after_downtime_only_the_latest_missed_reminder_goes_and_not_in_quiet_hours():
    zone = ZoneInfo(HAGUE)
    back = at(date(2024, 6, 9), 12)  # down since 1 June: the 7-day and 1-day reminders were missed
    assert local(policy.plan(DEADLINES, (7, 1, 0), zone, OPENED, back), HAGUE)[:2] == [
        ("preliminary", "1", "2024-06-09 09:00"), ("preliminary", "0", "2024-06-10 09:00")]
    back_at_night = at(date(2024, 6, 5), 23)  # the 7-day one was missed; the bot is back at 23:00
    assert local(policy.plan(DEADLINES, (7, 1, 0), zone, OPENED, back_at_night), HAGUE)[:2] == [
        ("preliminary", "7", "2024-06-06 08:00"), ("preliminary", "1", "2024-06-09 09:00")]
    # Back at 22:00 the evening before the deadline: the missed one would go at 08:00, an hour before the next.
    assert local(policy.plan(DEADLINES, (7, 1, 0), zone, OPENED, at(date(2024, 6, 9), 22)), HAGUE)[:1] == [
        ("preliminary", "0", "2024-06-10 09:00")]


def test_a_snooze_replaces_the_occasions_before_its_end_by_one_and_never_reaches_past_the_deadline():
    zone = ZoneInfo(HAGUE)
    now = at(date(2024, 6, 3), 9, 30)  # just read the 7-day reminder
    until = policy.snooze_until(now, 3, zone)
    assert until == at(date(2024, 6, 6), 9)
    planned = policy.plan(DEADLINES, (7, 1, 0), zone, OPENED, now, snoozed_until=until)
    assert local(planned, HAGUE)[:3] == [("preliminary", "snooze-202406060700", "2024-06-06 09:00"),
                                         ("preliminary", "1", "2024-06-09 09:00"),
                                         ("preliminary", "0", "2024-06-10 09:00")]
    past_it = policy.snooze_until(at(date(2024, 6, 9), 9, 30), 3, zone)  # 12 June: after the preliminary deadline
    planned = policy.plan(DEADLINES, (7, 1, 0), zone, OPENED, at(date(2024, 6, 9), 9, 30), snoozed_until=past_it)
    assert [p.deadline.kind for p in planned] == ["final", "final", "final"]


@pytest.mark.parametrize("kind, met_by, submitted, draft, done", [
    ("final", "draft", False, True, False),  # a draft never meets the final deadline
    ("final", "draft", True, False, True),
    ("preliminary", "draft", False, True, True),
    ("preliminary", "submitted", False, True, False),  # the Secretariat asked for submitted answers
    ("preliminary", "submitted", True, False, True),
    ("preliminary", "draft", False, False, False),
])
def test_what_meets_a_deadline(kind, met_by, submitted, draft, done):
    assert policy.met(kind, met_by, submitted, draft) is done


def test_keys_name_call_deadline_occasion_and_person():
    assert policy.key("CP-2024", "final", "7", 12) == "remind:CP-2024:final:7:12"
    assert policy.topic("CP-2024", "UG") == "remind:CP-2024:UG"
    assert policy.plan_of([1, 7, 7, 0]) == (7, 1, 0)
    assert policy.next_deadline(DEADLINES, at(date(2024, 6, 11), 0)).kind == "final"
    assert policy.next_deadline(DEADLINES, FINAL + timedelta(seconds=1)) is None
    assert policy.deadlines(None, FINAL) == [policy.Deadline("final", FINAL)]
    assert isinstance(OPENED, datetime)


@pytest.mark.parametrize("typed, hours", [
    ("21:00-07:30", (time(21), time(7, 30))), ("21-7", (time(21), time(7))), ("22h–6h30", (time(22), time(6, 30))),
    ("off", (time(0), time(0))), ("25:00-07:00", None), ("tonight", None), ("21:00", None),
])
def test_quiet_hours_as_typed(typed, hours):
    assert quiet_hours.parse_hours(typed) == hours


def test_stored_quiet_hours_and_never_quiet():
    assert quiet_hours.hours_of(None) == quiet_hours.QUIET
    assert quiet_hours.hours_of(quiet_hours.stored_hours((time(21), time(7, 30)))) == (time(21), time(7, 30))
    assert not quiet_hours.quiet(at(date(2024, 6, 1), 3), ZoneInfo(HAGUE), quiet_hours.hours_of("00:00-00:00"))


def test_a_calls_setup_is_read_as_the_secretariat_types_it():
    assert policy.read_code(" cp-2025 ") == "CP-2025"
    assert policy.read_code("C") is None and policy.read_code("CP 2025") is None
    assert policy.read_plan("") == policy.DEFAULT_PLAN
    assert policy.read_plan("1; 7 7,0") == (7, 1, 0)
    for typed, reason in (("7, -1", "after"), ("120", "far"), ("seven", "unreadable")):
        with pytest.raises(ValueError, match=reason):
            policy.read_plan(typed)
    assert policy.known_zone("America/New_York") and policy.known_zone("UTC")
    assert not policy.known_zone("Mars/Olympus") and not policy.known_zone("../etc/passwd")
    now = datetime(2025, 5, 4, 22, 30, tzinfo=UTC)  # 00:30 on 5 May in The Hague
    assert policy.opening(None, "Europe/Amsterdam", now) == now
    assert policy.opening(date(2025, 5, 5), "Europe/Amsterdam", now) == now  # today on the call's clock
    assert policy.opening(date(2025, 5, 6), "Europe/Amsterdam", now) == datetime(2025, 5, 6, 7, tzinfo=UTC)
    assert policy.closing(date(2025, 10, 1), "Europe/Amsterdam") == datetime(2025, 10, 1, 21, 59, 59, tzinfo=UTC)


def test_a_reminder_about_a_closing_moves_earlier_out_of_the_night_never_later():
    zone = ZoneInfo("Africa/Nairobi")
    at_20 = datetime(2024, 12, 3, 17, tzinfo=UTC)  # 20:00 in Nairobi, inside the default night
    assert quiet_hours.latest_not_quiet(at_20, zone, quiet_hours.QUIET) == datetime(2024, 12, 3, 16, 59, tzinfo=UTC)
    after_midnight = datetime(2024, 12, 3, 23, tzinfo=UTC)  # 02:00 the next day there: the night began before
    assert quiet_hours.latest_not_quiet(after_midnight, zone, quiet_hours.QUIET) == \
        datetime(2024, 12, 3, 16, 59, tzinfo=UTC)
    noon = datetime(2024, 12, 3, 9, tzinfo=UTC)
    assert quiet_hours.latest_not_quiet(noon, zone, quiet_hours.QUIET) == noon
