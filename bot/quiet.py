"""A person's quiet hours, as pure functions: how they are typed and stored, and keeping a message out of them
(later, to the end of the night, for a reminder of something ahead; earlier, before the night, for one
about a closing). On the person's own clock; the default night is 20:00 to 08:00."""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET = (time(20, 0), time(8, 0))  # from, until: the default quiet hours, on the person's clock


def quiet(at: datetime, zone: ZoneInfo, hours: tuple[time, time] = QUIET) -> bool:
    start, end = hours
    local = at.astimezone(zone).time()
    if start == end:
        return False
    return start <= local or local < end if start > end else start <= local < end


def out_of_quiet(at: datetime, zone: ZoneInfo, hours: tuple[time, time] = QUIET) -> datetime:
    """`at`, or the end of the quiet hours it falls in (on the person's clock)."""
    if not quiet(at, zone, hours):
        return at
    local = at.astimezone(zone)
    end = datetime.combine(local.date(), hours[1], zone)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), hours[1], zone)
    return end


def latest_not_quiet(at: datetime, zone: ZoneInfo, hours: tuple[time, time]) -> datetime:
    """`at`, or the last minute before the quiet hours it falls in: a reminder before a closing moves earlier,
    never past the closing it is about."""
    if not quiet(at, zone, hours):
        return at
    local = at.astimezone(zone)
    start = datetime.combine(local.date(), hours[0], zone)
    if start > local:
        start = datetime.combine(local.date() - timedelta(days=1), hours[0], zone)
    return start - timedelta(minutes=1)


def parse_hours(text: str) -> tuple[time, time] | None:
    """Quiet hours as a person types or stores them: "21:00-07:30" (or "21-7", "21h–7h30"); "off" never quiet."""
    cleaned = text.strip().lower()
    if cleaned in ("off", "0", "none"):
        return (time(0), time(0))
    found = re.fullmatch(r"(\d{1,2})(?:[:h.](\d{2}))?h?\s*[-–—]\s*(\d{1,2})(?:[:h.](\d{2}))?h?", cleaned)
    if not found:
        return None
    start_h, start_m, end_h, end_m = (int(g) if g else 0 for g in found.groups())
    if start_h > 23 or end_h > 23 or start_m > 59 or end_m > 59:
        return None
    return (time(start_h, start_m), time(end_h, end_m))


def stored_hours(hours: tuple[time, time]) -> str:
    return f"{hours[0]:%H:%M}-{hours[1]:%H:%M}"


def hours_of(stored: str | None) -> tuple[time, time]:
    return (parse_hours(stored) if stored else None) or QUIET
