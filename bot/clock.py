"""The one source of the current time: aware UTC datetimes, pinnable in tests and the console."""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to; thread-safe because the app runs listeners in threads."""

    def __init__(self, at: datetime):
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        with self._lock:
            self._at = at.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._at = self._at + delta


class ShiftedClock:
    """The wall clock moved by an offset the console sets (`/time +3d`): time still runs, from the new place."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("ShiftedClock needs an aware datetime")
        with self._lock:
            self._offset = at.astimezone(UTC) - datetime.now(UTC)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._offset += delta


def zone_of(name: str | None, fallback: str) -> ZoneInfo:
    """A person's clock: their profile's zone, else the Assembly's (also for a zone the profile names wrong)."""
    try:
        return ZoneInfo(name or fallback)
    except (ValueError, KeyError, OSError):  # an unknown name raises ZoneInfoNotFoundError, a KeyError
        return ZoneInfo(fallback)
