"""The rules of reminders, as pure functions: when each person is reminded of which deadline, and when not.

A reminder goes at 09:00 on the person's own clock, N days before the deadline as their calendar counts
days, never inside their quiet hours and never at or after the deadline itself. Nothing here reads the
database or the clock: callers pass in what the rule needs.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.engine.checks import known_zone, read_code  # noqa: F401 (a call's code and clock are read so)
from bot.policy import reminder_topic
from bot.quiet import QUIET, out_of_quiet, quiet

DEFAULT_PLAN = (7, 1, 0)  # days before each deadline; 0 is the morning of the day
REMIND_AT = time(9, 0)
PRELIMINARY, FINAL = "preliminary", "final"
# A reminder missed while the bot was down is not sent when the next one comes this soon anyway.
SPACING = timedelta(hours=12)
DRAFT, SUBMITTED = "draft", "submitted"


@dataclass(frozen=True)
class Deadline:
    kind: str  # PRELIMINARY or FINAL
    at: datetime


@dataclass(frozen=True)
class Planned:
    """One reminder a person is due: of which deadline, on which occasion ("7" days before, "0" the day
    itself, "snooze-…" the end of a snooze), at what instant."""

    deadline: Deadline
    occasion: str
    at: datetime


def deadlines(preliminary: datetime | None, final: datetime) -> list[Deadline]:
    """A call's deadlines in UTC (as stored: a message planned before and after a reload reads the same)."""
    out = [Deadline(PRELIMINARY, preliminary.astimezone(UTC))] if preliminary is not None and preliminary < final \
        else []
    return out + [Deadline(FINAL, final.astimezone(UTC))]


def plan_of(days: Sequence[int] | None) -> tuple[int, ...]:
    """A call's plan as stored (None: the default), largest offset first, each day once."""
    return tuple(sorted({int(d) for d in (DEFAULT_PLAN if days is None else days)}, reverse=True))


def occasion(deadline: datetime, days: int, zone: ZoneInfo, hours: tuple[time, time] = QUIET) -> datetime | None:
    """09:00 on the person's calendar `days` before the deadline's day, out of quiet hours; None when that is
    not before the deadline (the morning of the day in Tokyo comes after a deadline at midnight in The Hague)."""
    day = deadline.astimezone(zone).date() - timedelta(days=days)
    at = out_of_quiet(datetime.combine(day, REMIND_AT, zone), zone, hours)
    return at if at < deadline else None


def plan(calls_deadlines: Iterable[Deadline], days: Sequence[int], zone: ZoneInfo, opened: datetime,
         now: datetime, snoozed_until: datetime | None = None,
         hours: tuple[time, time] = QUIET) -> list[Planned]:
    """The reminders a person is due for the deadlines still ahead.

    Occasions before the call opened are dropped (its announcement said it). A snooze replaces every occasion
    before its end by one at its end. Of the occasions already past (a process that was down), only the
    latest is kept, sent now unless now is quiet, and not when the next one comes within SPACING anyway.
    """
    out: list[Planned] = []
    for deadline in calls_deadlines:
        if deadline.at <= now:
            continue
        candidates: list[Planned] = []
        snoozed = False
        for offset in sorted(days, reverse=True):
            at = occasion(deadline.at, offset, zone, hours)
            if at is None or at < opened:
                continue
            if snoozed_until is not None and at < snoozed_until:
                snoozed = True
                continue
            candidates.append(Planned(deadline, str(offset), at))
        if snoozed and snoozed_until is not None:
            at = out_of_quiet(snoozed_until, zone, hours)
            if at < deadline.at:
                candidates.append(Planned(deadline, f"snooze-{snoozed_until.astimezone(UTC):%Y%m%d%H%M}", at))
        future = sorted((p for p in candidates if p.at > now), key=lambda p: p.at)
        overdue = max((p for p in candidates if p.at <= now), key=lambda p: p.at, default=None)
        if overdue is not None:
            late = overdue.at if not quiet(now, zone, hours) else out_of_quiet(now, zone, hours)
            if late < deadline.at and not (future and future[0].at - late < SPACING):
                future.insert(0, Planned(deadline, overdue.occasion, late))
        out += future
    return out


def met(kind: str, met_by: str, submitted: bool, draft: bool) -> bool:
    """Whether a delegation has done what a deadline asks: a submitted answer always; for the preliminary
    deadline, a draft too when the Secretariat said so for the call."""
    return submitted or (kind == PRELIMINARY and met_by == DRAFT and draft)


def snooze_until(now: datetime, days: int, zone: ZoneInfo, hours: tuple[time, time] = QUIET) -> datetime:
    """09:00 on the person's clock `days` days from today, out of quiet hours."""
    day = now.astimezone(zone).date() + timedelta(days=days)
    return out_of_quiet(datetime.combine(day, REMIND_AT, zone), zone, hours)


def next_deadline(all_deadlines: Iterable[Deadline], now: datetime) -> Deadline | None:
    ahead = [d for d in all_deadlines if d.at > now]
    return min(ahead, key=lambda d: d.at) if ahead else None


topic = reminder_topic  # shared: the needs feature cancels a delegation's reminders when it submits


def key(call_code: str, kind: str, occasion: str, member_id: int) -> str:
    """The unique key of one reminder: planning twice, or on two replicas, writes it once."""
    return f"remind:{call_code}:{kind}:{occasion}:{member_id}"


def announce_key(call_code: str, member_id: int) -> str:
    return f"announce:{call_code}:{member_id}"


# --- a call as the Secretariat sets it up ------------------------------------------------------

FORMS = ("need", "report")  # the needs intake, or the Plan of Action questionnaire
MOST_DAYS = 90  # a reminder earlier than this before a deadline is no reminder


def read_plan(text: str | None) -> tuple[int, ...]:
    """Days before each deadline, as typed ("7, 1, 0"); empty is the default plan. ValueError names what is
    wrong: "after" for a day after the deadline (a negative one), "far" beyond MOST_DAYS, "unreadable"."""
    if text is None or not text.strip():
        return DEFAULT_PLAN
    words = [w for w in re.split(r"[\s,;]+", text.strip()) if w]
    try:
        days = [int(w) for w in words]
    except ValueError:
        raise ValueError("unreadable") from None
    if any(d < 0 for d in days):
        raise ValueError("after")
    if any(d > MOST_DAYS for d in days):
        raise ValueError("far")
    return plan_of(days)



def opening(day: date | None, zone: str, now: datetime) -> datetime:
    """When a call opens: now for no day, today or a past day; else 09:00 that day on the call's clock, a
    decent hour at the venue for the announcement to leave."""
    if day is None or day <= now.astimezone(ZoneInfo(zone)).date():
        return now
    return datetime.combine(day, REMIND_AT, ZoneInfo(zone))


def closing(day: date, zone: str) -> datetime:
    """A deadline is the end of its day on the call's clock."""
    return datetime.combine(day, time(23, 59, 59), ZoneInfo(zone))
