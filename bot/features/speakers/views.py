"""What a speakers list says: the plenaries open for registration with their segments and buttons, a
delegation's place, a move in the order, and the Secretariat's list in protocol order."""
from __future__ import annotations

from bot.delegations import KINDS, delegation_label
from bot.demo_data import SEGMENT_THEMES, SEGMENT_TITLES, TITLES
from bot.features.speakers import policy
from bot.i18n import Language, Msg, Zoned, _, ngettext_
from bot.replies import Actions, Attachment, Button, Facts, Header, Message, Note, Text

START, WITHDRAW, WITHDRAW_SURE = "speak:start", "speak:withdraw", "speak:withdraw-sure"
MUTE, UNMUTE = "speak:mute", "speak:unmute"


def plenary_title(plenary) -> Msg | str:
    return TITLES.get(plenary.code, plenary.title)


def segment_title(segment: dict) -> Msg | str:
    """As the documents give it, translated through the catalog when it is one of theirs."""
    return SEGMENT_TITLES.get(segment["title"], segment["title"])


def segment_theme(segment: dict) -> Msg | None:
    """Who speaks there and on what: the documents' themes translated, a typed one as the Secretariat wrote it."""
    key = segment.get("theme")
    if not key:
        return None
    return SEGMENT_THEMES.get(key) or Msg("{theme}", {"theme": key})


def segment_of(plenary, code: str) -> dict | None:
    return next((s for s in plenary.segments if s["code"] == code), None)


def fits_of(plenary, segment: dict) -> int | None:
    return policy.capacity(segment.get("minutes"), plenary.duration_minutes, len(plenary.segments),
                           plenary.max_minutes)


def closing_rows(plenary, reader_tz: str) -> tuple:
    rows: list[tuple] = [(_("Registration closes"), plenary.registration_deadline)]
    if reader_tz != plenary.timezone:
        rows.append((_("At the venue"), Zoned(plenary.registration_deadline, plenary.timezone)))
    return tuple(rows)


def when_rows(plenary, reader_tz: str) -> tuple:
    """When it starts on the reader's clock and the venue's (or only its day), and where, when known."""
    room = ((_("Room"), plenary.room),) if plenary.room else ()
    if plenary.starts_at is not None:
        venue = ((_("At the venue"), Zoned(plenary.starts_at, plenary.timezone)),) \
            if reader_tz != plenary.timezone else ()
        return ((_("Starts"), plenary.starts_at), *venue, *room)
    if plenary.held_on is not None:
        return ((_("Held on"), plenary.held_on), *room)
    return room


def open_list(plenary, delegations: list[str], reader_tz: str, header: Msg | None = None) -> Message:
    """A plenary open for registration: when, the limit, the close on both clocks, each segment with a button per
    delegation the reader may register."""
    limit = ngettext_("at most {count} minute", "at most {count} minutes", plenary.max_minutes,
                      count=plenary.max_minutes)
    parts: list = [Header(header or _("Speakers list: {plenary}", plenary=plenary_title(plenary))),
                   Facts((*when_rows(plenary, reader_tz), (_("Speaking time"), limit),
                          *closing_rows(plenary, reader_tz)))]
    for segment in plenary.segments:
        parts.append(Text(_("Segment {segment}: “{title}”", segment=segment["code"], title=segment_title(segment))))
        theme = segment_theme(segment)
        if theme is not None:
            parts.append(Note(theme))
        buttons = tuple(
            Button(_("Register for segment {segment}", segment=segment["code"]) if len(delegations) == 1 else
                   _("Register {delegation} for segment {segment}", delegation=delegation_label(code),
                     segment=segment["code"]),
                   START, f"{plenary.code}|{segment['code']}|{code}") for code in delegations[:5])
        if buttons:
            parts.append(Actions(buttons))
    return Message.of(*parts)


def announcement(plenary, delegation: str, reader_tz: str) -> Message:
    return open_list(plenary, [delegation], reader_tz,
                     _("Speakers list open: {plenary}", plenary=plenary_title(plenary)))


def closing_soon(plenary, delegation: str, reader_tz: str) -> Message:
    """To a delegation not on the list, before it closes: the close on both clocks and a button per segment."""
    buttons = tuple(Button(_("Register for segment {segment}", segment=s["code"]), START,
                           f"{plenary.code}|{s['code']}|{delegation}") for s in plenary.segments[:5])
    return Message.of(
        Header(_("The speakers list of “{plenary}” closes soon", plenary=plenary_title(plenary))),
        Text(_("{delegation} is not on it yet. Later requests are not considered.",
               delegation=delegation_label(delegation))),
        Facts(closing_rows(plenary, reader_tz)),
        Actions((*buttons, Button(_("Stop these reminders"), MUTE, plenary.code))))


def speaking_soon(plenary, speaker, delegation: str, position: int, reader_tz: str) -> Message:
    """To whoever registered a speaker, before the plenary: the place, the limit, the start on both clocks."""
    return Message.of(
        Header(_("Speaking soon: {plenary}", plenary=plenary_title(plenary))),
        Text(_("{speaker} speaks for {delegation} in segment {segment}, number {position} on the list.",
               speaker=speaker.speaker_name, delegation=delegation_label(delegation), segment=speaker.segment,
               position=position)),
        Text(ngettext_("Each intervention is at most {count} minute.", "Each intervention is at most {count} minutes.",
                       plenary.max_minutes, count=plenary.max_minutes)),
        Facts(when_rows(plenary, reader_tz)))


def beyond(delegation: str, position: int, fits: int) -> Text:
    return Text(ngettext_("At number {position}, {delegation} may not be reached: about {count} intervention fits "
                          "in this segment.",
                          "At number {position}, {delegation} may not be reached: about {count} interventions fit "
                          "in this segment.", fits, count=fits, position=position,
                          delegation=delegation_label(delegation)))


def overflowing(plenary, segment: str, registered: int, fits: int) -> Message:
    return Message.of(Header(_("A speakers list overflows")), Text(ngettext_(
        "Segment {segment} of “{plenary}” has {registered} speakers registered; about {count} intervention fits in "
        "its time. Those beyond are told they may not be reached.",
        "Segment {segment} of “{plenary}” has {registered} speakers registered; about {count} interventions fit in "
        "its time. Those beyond are told they may not be reached.", fits, count=fits, segment=segment,
        plenary=plenary_title(plenary), registered=registered)))


def placed(plenary, segment: str, delegation: str, position: int, reader_tz: str, fits: int | None = None) -> Message:
    return Message.of(
        Header(_("On the speakers list: number {position}", position=position)),
        Text(_("{delegation} is number {position} on the list of segment {segment} of “{plenary}”.",
               delegation=delegation_label(delegation), position=position, segment=segment,
               plenary=plenary_title(plenary))),
        Text(ngettext_("Each intervention is at most {count} minute.", "Each intervention is at most {count} minutes.",
                       plenary.max_minutes, count=plenary.max_minutes)),
        *([beyond(delegation, position, fits)] if fits is not None and position > fits else []),
        Facts(closing_rows(plenary, reader_tz)),
        Note(_("Your place may change: delegations that speak earlier by protocol can still register until the "
               "close. /asp speak status shows it.")))


def moved_down(plenary, segment: str, delegation: str, was: int, now: int, other: str) -> Message:
    return Message.text(_("{delegation} moves down to number {position} on the list of segment {segment} of "
                          "“{plenary}” (it was {was}): {other}, which speaks earlier by protocol, has registered.",
                          delegation=delegation_label(delegation), position=now, segment=segment,
                          plenary=plenary_title(plenary), was=was, other=delegation_label(other)))


def moved_up(plenary, segment: str, delegation: str, was: int, now: int) -> Message:
    return Message.text(_("{delegation} moves up to number {position} on the list of segment {segment} of "
                          "“{plenary}” (it was {was}): a delegation before it has withdrawn.",
                          delegation=delegation_label(delegation), position=now, segment=segment,
                          plenary=plenary_title(plenary), was=was))


def secretariat_list(plenary, by_segment: list[tuple[dict, list]], late: list) -> Message:
    """The lists in the order they will be called, with each speaker and language; then the late attempts."""
    parts: list = [Header(_("Speakers: {plenary}", plenary=plenary_title(plenary)))]
    for segment, speakers in by_segment:
        parts.append(Text(_("Segment {segment}: “{title}”", segment=segment["code"], title=segment_title(segment))))
        if not speakers:
            parts.append(Note(_("Nobody has registered yet.")))
            continue
        parts.append(Facts(tuple(
            (_("{position}. {delegation} ({category})", position=n, delegation=delegation_label(code),
               category=KINDS.get(kind, kind)),
             _("{speaker}, in {language}", speaker=s.speaker_name, language=Language(s.language)))
            for n, (s, code, kind) in enumerate(speakers, 1))[:40]))
        fits = fits_of(plenary, segment)
        if fits is not None and len(speakers) > fits:
            parts.append(Note(ngettext_("About {count} intervention fits in this segment: {over} beyond it may not "
                                        "be reached.", "About {count} interventions fit in this segment: {over} "
                                        "beyond them may not be reached.", fits, count=fits,
                                        over=len(speakers) - fits)))
        received = sum(1 for s, _code, _kind in speakers if s.statement or s.statement_document_id)
        parts.append(Note(_("Statements received for the interpreters: {received} of {count}.", received=received,
                            count=len(speakers))))
    if late:
        parts.append(Text(_("Requests received after the close (not on the list):")))
        parts.append(Facts(tuple((delegation_label(code), _("on {when}", when=s.received_at))
                                 for s, code, _kind in late[:20])))
    return Message.of(*parts)


def for_interpreters(plenary, speaker, delegation: str, position: int, document=None) -> Message:
    """A statement as the interpreters need it: who, where in the order, in which language, the text as typed or
    the file as sent."""
    said = (Attachment.of(document.name, _("Statement of {delegation}", delegation=delegation_label(delegation)),
                          document.content) if document is not None
            else Text(Msg("{statement}", {"statement": speaker.statement})))
    return Message.of(
        Header(_("Statement for the interpreters: {plenary}", plenary=plenary_title(plenary))),
        Facts(((_("Segment"), speaker.segment), (_("Position"), position),
               (_("Delegation"), delegation_label(delegation)), (_("Speaker"), speaker.speaker_name),
               (_("Language of delivery"), Language(speaker.language)))),
        said,
        Note(_("Confidential until it is delivered: not shown on any list.")))
