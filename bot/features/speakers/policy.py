"""The rules of a speakers list, as pure functions: who may register, when, and in which order they speak.

Order is protocol first (States Parties, observer States, intergovernmental organisations, civil society),
then first come, first served by the server's receipt. Nothing here reads the database or the clock.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.policy import STATE_ROLES, Role
from bot.quiet import latest_not_quiet

KINDS = ("state_party", "observer_state", "igo", "cso")  # protocol order
REGISTERED, WITHDRAWN, LATE = "registered", "withdrawn", "late"
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")  # the Assembly's six, interpreted
NOT_YET, OPEN, CLOSED = "not_yet", "open", "closed"


def category(kind: str) -> int:
    """A delegation kind's place in protocol order (unknown kinds last)."""
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def may_register(open_to: Sequence[str] | None, kind: str) -> bool:
    return kind in (open_to or KINDS)


def speaking_roles(roles: Iterable[Role], open_to: Sequence[str] | None) -> list[Role]:
    """The verified memberships through which a person may put their delegation on this list (a focal point or
    delegate, never an assistance provider)."""
    return [r for r in roles if r.status == "approved" and r.role in STATE_ROLES
            and may_register(open_to, r.delegation_kind)]


def window(opens_at: datetime | None, closes_at: datetime, now: datetime) -> str:
    if opens_at is not None and now < opens_at:
        return NOT_YET
    return OPEN if now < closes_at else CLOSED


def slot(plenary: str, segment: str, delegation: str) -> str:
    """The one registration a delegation may hold in a segment."""
    return f"{plenary}:{segment}:{delegation}"


@dataclass(frozen=True)
class Entry:
    """A registration as the order needs it."""

    id: int
    delegation_id: int
    category: int
    received_at: datetime


def ordered(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.category, e.received_at, e.id))


def positions(entries: Iterable[Entry]) -> dict[int, int]:
    """Each registration's place in its segment, from 1."""
    return {e.id: n for n, e in enumerate(ordered(entries), 1)}


def moved(before: dict[int, int], after: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Registrations whose place changed: id -> (was, is). A new or a withdrawn one is not "moved"."""
    return {i: (before[i], after[i]) for i in before.keys() & after.keys() if before[i] != after[i]}


CHANGEOVER_SECONDS = 30  # between two speakers: walking to the floor, the chair's word


def capacity(segment_minutes: int | None, plenary_minutes: int | None, segments: int, limit_minutes: int) -> int | None:
    """How many interventions fit in a segment: its own duration, else its share of the plenary's; None when
    neither is known."""
    minutes = segment_minutes or (plenary_minutes / max(segments, 1) if plenary_minutes else None)
    if minutes is None or limit_minutes <= 0:
        return None
    return int(minutes * 60 // (limit_minutes * 60 + CHANGEOVER_SECONDS))


CLOSE_REMINDERS = (timedelta(hours=24), timedelta(hours=3))  # to those not on a list, before it closes
SPEAKER_REMINDERS = (timedelta(days=1), timedelta(hours=1))  # to those on it, before the plenary starts
GRACE = timedelta(hours=1)  # a planned message due a moment ago and not yet sent is still wanted


def before(instant: datetime, ahead: timedelta, zone: ZoneInfo, hours: tuple[time, time], not_before: datetime,
           now: datetime) -> datetime | None:
    """When a reminder `ahead` of `instant` goes, out of the person's quiet hours; None when that would be before
    `not_before` (the list opened later) or long past."""
    at = latest_not_quiet(instant - ahead, zone, hours)
    if at < not_before or at <= now - GRACE or at >= instant:
        return None
    return at


# The floor's countdown: the message is edited only when what it shows changes, so Slack sees one edit per
# step, not one per second: every 15 s, every 5 s in the last 30 s, then every 15 s of overtime.
STEP, LAST_STEPS, LAST = 15, 5, 30


def shown_seconds(remaining: float) -> int:
    """What the countdown shows with `remaining` seconds left: rounded up to its step; 0 at time up, then the
    overtime as negative steps (-15, -30 …)."""
    if remaining > LAST:
        return -(-int(remaining * 1000) // (STEP * 1000)) * STEP
    if remaining > 0:
        return -(-int(remaining * 1000) // (LAST_STEPS * 1000)) * LAST_STEPS
    return -(int(-remaining) // STEP) * STEP


def step_of(speaker_id: int | None, since: datetime | None, limit_minutes: int, now: datetime) -> str:
    """The state the floor's message must show: the speaker and the countdown's step, or "end"."""
    if speaker_id is None or since is None:
        return "end"
    return f"{speaker_id}:{shown_seconds(limit_minutes * 60 - (now - since).total_seconds())}"


def next_up(order: Sequence[int], heard: set[int]) -> list[int]:
    """The registrations not heard yet, in calling order."""
    return [i for i in order if i not in heard]


SEGMENT_CODE_LENGTH, MOST_SEGMENTS = 8, 6


def read_segments(text: str) -> list[dict]:
    """Segments as the Secretariat types them, one per line: `CODE | title [| minutes] [| theme]`.

    ValueError names what is wrong: "empty", "unreadable" (a line without a code and a title), "twice" (a code
    used twice), "many" (more than MOST_SEGMENTS), "minutes" (a duration that is not 1 to 600 minutes).
    """
    segments: list[dict] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        code = parts[0].upper()
        if len(parts) < 2 or not code or not parts[1] or len(code) > SEGMENT_CODE_LENGTH or " " in code:
            raise ValueError("unreadable")
        segment: dict = {"code": code, "title": parts[1]}
        for extra in parts[2:]:
            if extra.isdigit():
                if not 1 <= int(extra) <= 600:
                    raise ValueError("minutes")
                segment["minutes"] = int(extra)
            elif extra:
                segment["theme"] = extra
        if any(s["code"] == code for s in segments):
            raise ValueError("twice")
        segments.append(segment)
    if not segments:
        raise ValueError("empty")
    if len(segments) > MOST_SEGMENTS:
        raise ValueError("many")
    return segments


def typed_segments(segments: list[dict]) -> str:
    """Segments back as the lines they are typed as, to change them."""
    return "\n".join(" | ".join([s["code"], s["title"], *([str(s["minutes"])] if s.get("minutes") else []),
                                 *([s["theme"]] if s.get("theme") else [])]) for s in segments)


CHANNEL = re.compile(r"[CG][A-Z0-9]{6,20}")


def read_channel(text: str) -> str | None:
    """A Slack channel's ID as typed (or pasted as <#C0123ABCD|name>); None when it is not one."""
    found = re.fullmatch(r"\s*<?#?([A-Za-z0-9]+)(\|[^>]*)?>?\s*", text or "")
    code = found.group(1).upper() if found else ""
    return code if CHANNEL.fullmatch(code) else None
