"""What the floor shows: the countdown card the room reads, its end, and the word to the speaker on deck."""
from __future__ import annotations

from bot.delegations import delegation_label
from bot.features.speakers.views import plenary_title
from bot.i18n import Language, Msg, _, ngettext_
from bot.replies import Actions, Button, Facts, Header, Message, Note, Text

NEXT, STOP = "floor:next", "floor:stop"


def clock_of(seconds: int) -> Msg:
    """Minutes and seconds as a countdown shows them (2:00, 0:05), the same in every language; numbers, not
    typed text, so the room's message is plain Slack text."""
    seconds = abs(int(seconds))
    return Msg("{minutes}:{tens}{units}", {"minutes": seconds // 60, "tens": seconds % 60 // 10,
                                            "units": seconds % 10})


def countdown(shown: int, limit_minutes: int) -> Msg:
    if shown > 0:
        return _("⏱ {left} left of {limit}", left=clock_of(shown), limit=clock_of(limit_minutes * 60))
    if shown == 0:
        return _("⏹ Time is up.")
    return _("⏹ Time is up: {over} over.", over=clock_of(-shown))


def card(plenary, segment: str, speaker, delegation: str, position: int, count: int, shown: int,
         following: tuple[str, str] | None, heard: tuple[str, int] | None, code_of_current: int) -> Message:
    """The current speaker, the countdown's step, who follows, and the time the one before took."""
    who = _("{speaker}, {title}", speaker=speaker.speaker_name, title=speaker.speaker_title) \
        if speaker.speaker_title else Msg("{speaker}", {"speaker": speaker.speaker_name})
    parts: list = [
        Header(_("At the floor: {plenary}, segment {segment}", plenary=plenary_title(plenary), segment=segment)),
        Text(_("Number {position} of {count}: {delegation}", position=position, count=count,
               delegation=delegation_label(delegation))),
        Facts(((_("Speaker"), who), (_("Language of delivery"), Language(speaker.language)))),
        Text(countdown(shown, plenary.max_minutes)),
        Note(_("Next: {delegation}, {speaker}", delegation=delegation_label(following[0]), speaker=following[1])
             if following else _("This is the last speaker of the segment.")),
    ]
    if heard is not None:
        parts.append(Note(_("{delegation} spoke for {taken}.", delegation=delegation_label(heard[0]),
                            taken=clock_of(heard[1]))))
    parts.append(Actions((Button(_("Next speaker"), NEXT, f"{plenary.code}|{code_of_current}", "primary"),
                          Button(_("Stop the countdown"), STOP, plenary.code, "danger"))))
    return Message.of(*parts)


def ended(plenary, segment: str, heard: list[tuple[str, int]]) -> Message:
    """The card once the countdown ends: who spoke, for how long, in calling order."""
    total = sum(seconds for _code, seconds in heard)
    return Message.of(
        Header(_("At the floor: {plenary}, segment {segment}", plenary=plenary_title(plenary), segment=segment)),
        Text(ngettext_("The countdown has ended: {count} speaker heard in {total}.",
                       "The countdown has ended: {count} speakers heard in {total}.", len(heard), count=len(heard),
                       total=clock_of(total))),
        *([Facts(tuple((delegation_label(code), clock_of(seconds)) for code, seconds in heard[:40]))]
          if heard else []))


def on_deck(plenary, segment: str, speaker, delegation: str, current: str) -> Message:
    """To whoever registered the speaker after the one now at the floor."""
    return Message.of(Text(ngettext_(
        "Get ready: {speaker} speaks for {delegation} after {current}, in segment {segment} of “{plenary}”. At most "
        "{count} minute.",
        "Get ready: {speaker} speaks for {delegation} after {current}, in segment {segment} of “{plenary}”. At most "
        "{count} minutes.", plenary.max_minutes, count=plenary.max_minutes, speaker=speaker.speaker_name,
        delegation=delegation_label(delegation), current=delegation_label(current), segment=segment,
        plenary=plenary_title(plenary))))


def cannot_post(plenary, reason: str) -> Message:
    """To the timekeeper, when the conversation will not take the countdown."""
    return Message.of(Text(_("I cannot post the countdown of “{plenary}” in that conversation (Slack says: "
                             "{reason}). Invite me to the channel with /invite @aspbot, then type /asp floor start "
                             "{code} again.", plenary=plenary_title(plenary), reason=reason, code=plenary.code)))
