"""Plan-of-Action report rules: references per year of submission. Pure functions."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def reference_prefix(submitted_at: datetime, zone: str) -> str:
    return f"POA-{submitted_at.astimezone(ZoneInfo(zone)).year}"


def reference(prefix: str, number: int) -> str:
    return f"{prefix}-{number:04d}"
