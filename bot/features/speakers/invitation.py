"""The calendar invitation that goes with a place on a list: the plenary on the venue's clock (its time zone
written into the file), the segment, the place and the limit, in the registrant's language."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bot.delegations import delegation_label
from bot.features.speakers.views import plenary_title
from bot.i18n import Reader, _, ngettext_
from bot.replies import Attachment

DEFAULT_LENGTH = timedelta(hours=2)  # a plenary whose end is not known is put in the calendar for two hours


def ics(plenary, segment: str, delegation: str, position: int, speaker_id: int, reader: Reader,
        stamp: datetime) -> bytes | None:
    """The .ics file, or None when the plenary's start is not known (nothing to put in a calendar)."""
    if plenary.starts_at is None:
        return None
    zone = ZoneInfo(plenary.timezone)
    starts = plenary.starts_at.astimezone(zone)
    ends = plenary.ends_at.astimezone(zone) if plenary.ends_at else starts + (
        timedelta(minutes=plenary.duration_minutes) if plenary.duration_minutes else DEFAULT_LENGTH)
    calendar = Calendar()
    calendar.add("prodid", "-//aspbot//speakers lists//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # One invitation per registration: imported again (a new place after a withdrawal), it replaces, not adds.
    event.add("uid", f"{plenary.code}-{segment}-{speaker_id}@aspbot")
    event.add("dtstamp", stamp)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", reader.render(_("{plenary}: {delegation} speaks in segment {segment}",
                                         plenary=plenary_title(plenary), delegation=delegation_label(delegation),
                                         segment=segment)))
    event.add("description", reader.render(ngettext_(
        "Number {position} on the list of segment {segment}. Each intervention is at most {count} minute.",
        "Number {position} on the list of segment {segment}. Each intervention is at most {count} minutes.",
        plenary.max_minutes, position=position, segment=segment, count=plenary.max_minutes)))
    if plenary.room:
        event.add("location", plenary.room)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def attachment(plenary, segment: str, delegation: str, position: int, speaker_id: int, reader: Reader,
               stamp: datetime) -> list[Attachment]:
    data = ics(plenary, segment, delegation, position, speaker_id, reader, stamp)
    if data is None:
        return []
    return [Attachment.of(f"{plenary.code}-{segment}.ics",
                          _("Calendar invitation: {plenary}", plenary=plenary_title(plenary)), data)]
