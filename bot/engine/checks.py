"""Checks and choice lists more than one form uses: a code, a time zone, a day not in the past, a time of day,
a mapping as choices."""
from __future__ import annotations

import re
from datetime import date, time
from zoneinfo import ZoneInfo

from bot.engine.form import Answers
from bot.i18n import Msg, _
from bot.replies import Choice


def choices(mapping: dict[str, Msg]) -> list[Choice]:
    return [Choice(k, v) for k, v in mapping.items()]


def make_not_in_past(today):
    """`today` is a callable so the check uses the clock of the moment the answer is given."""
    def not_in_past(value: str, answers: Answers) -> Msg | None:
        if date.fromisoformat(value) < today():
            return _("That date is in the past. Please give today’s date or a later one.")
        return None
    return not_in_past


HOUR = re.compile(r"\s*(\d{1,2})\s*[:h.]\s*(\d{2})\s*")


def read_hour(text: str) -> time | None:
    """A time of day as typed (15:00, 15h00, 9.30); None when it is not one."""
    found = HOUR.fullmatch(text or "")
    if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        return None
    return time(int(found.group(1)), int(found.group(2)))


def an_hour(value: str, answers: Answers) -> Msg | None:
    if read_hour(value) is None:
        return _("Type a time of day as hours and minutes, for example 15:00.")
    return None


CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,31}")


def read_code(text: str) -> str | None:
    """A code as typed ("cp-2025" reads CP-2025); None when it is not letters, digits and dashes."""
    code = text.strip().upper()
    return code if CODE.fullmatch(code) else None


def a_code(value: str, answers: Answers) -> Msg | None:
    if read_code(value) is None:
        return _("A code is 2 to 32 letters, digits or dashes, for example CP-2025.")
    return None


def known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # unknown names raise ZoneInfoNotFoundError, a KeyError
        return False
    return "/" in name or name == "UTC"


def a_zone(value: str, answers: Answers) -> Msg | None:
    if not known_zone(value.strip()):
        return _("“{zone}” is not a time zone I know. Type one such as Europe/Amsterdam or America/New_York.",
                 zone=value)
    return None
