"""The Secretariat's form for a plenary with a speakers list: its day and hours, segments, speaking limit,
registration window and who may register.

The same fields serve a new plenary and an edit (which keeps the code), in a direct message, a Slack modal and
the CLI, which fills them as typed text: one set of checks wherever a plenary is set up.
"""
from __future__ import annotations

from bot.delegations import KINDS
from bot.engine.checks import a_code, a_zone, an_hour, choices, make_not_in_past
from bot.engine.form import Answers, Field, Form, Kind
from bot.features.speakers import policy
from bot.i18n import Msg, _

NEW, EDIT = "plenary", "plenary_edit"


def _segments(value: str, answers: Answers) -> Msg | None:
    try:
        policy.read_segments(value)
    except ValueError as exc:
        return {
            "twice": _("Two segments have the same code: give each its own (I, II, III …)."),
            "many": _("A plenary has at most {count} segments.", count=policy.MOST_SEGMENTS),
            "minutes": _("A segment’s duration is a number of minutes from 1 to 600."),
        }.get(str(exc), _("Type one segment per line: its code, a bar, its title, then optionally its minutes and "
                          "its theme, for example “I | Cooperation is vital for the Court | 60”."))
    return None


def _channel(value: str, answers: Answers) -> Msg | None:
    if not policy.read_channel(value):
        return _("Type the channel’s ID: it starts with C or G, for example C0123ABCD (Slack shows it at the bottom "
                 "of the channel’s details). Or skip to send statements to the Secretariat.")
    return None


def build(today, *, new: bool = True) -> Form:
    """A new plenary (with its code; days from today on), or an edit of one."""
    future = [make_not_in_past(today)] if new else []
    fields = [
        *([Field("code", Kind.TEXT, _("Code"), _("A short code for the plenary, for example COOP-25."),
                 max_length=32, validators=[a_code])] if new else []),
        Field("title", Kind.TEXT, _("Title"), _("The plenary’s title, as delegations will read it."), max_length=300),
        Field("session", Kind.NUMBER, _("Session"), _("Which session of the Assembly is it (a number, e.g. 24)?"),
              minimum=1, maximum=99),
        Field("held_on", Kind.DATE, _("Held on"), _("On which day is the plenary held?"), validators=future),
        Field("starts", Kind.TEXT, _("Starts at"),
              _("At what time does it start, at the venue (e.g. 15:00)? Skip if it is not known yet."),
              required=False, max_length=8, validators=[an_hour]),
        Field("duration", Kind.NUMBER, _("Duration in minutes"),
              _("How long does it last, in minutes (e.g. 120)? Skip if it is not known."), required=False,
              minimum=10, maximum=720),
        Field("room", Kind.TEXT, _("Room"), _("Where is it held (a room, a building)? Skip if not known yet."),
              required=False, max_length=200),
        Field("timezone", Kind.TEXT, _("Venue’s time zone"),
              _("On which clock are its hours and deadline meant? Type a time zone such as Europe/Amsterdam, or "
                "skip for the Assembly’s clock."), required=False, max_length=64, validators=[a_zone]),
        Field("segments", Kind.LONG_TEXT, _("Segments"),
              _("Its segments, one per line: code | title | minutes | theme (minutes and theme may be left out). "
                "For example:\nI | Cooperation is vital for the Court | 60 | High-level interventions\n"
                "II | Strengthening support with existing tools | 60"), max_length=2500, validators=[_segments]),
        Field("limit", Kind.NUMBER, _("Speaking time"), _("How many minutes may each intervention last (e.g. 2)?"),
              minimum=1, maximum=30),
        Field("opens_on", Kind.DATE, _("Registration opens"),
              _("On which day does registration open (at 9:00 at the venue)? Skip to open it now. Delegations "
                "allowed to register are told when it opens."), required=False, validators=future),
        Field("closes_on", Kind.DATE, _("Registration closes on"), _("On which day does registration close?"),
              validators=future),
        Field("closes_at", Kind.TEXT, _("Registration closes at"),
              _("At what time that day, at the venue (e.g. 18:00)? Skip for the end of the day."), required=False,
              max_length=8, validators=[an_hour]),
        Field("statements_to", Kind.TEXT, _("Interpreters’ channel"),
              _("In which channel do the interpreters read the statements delegations send? Type its ID, or skip to "
                "send them to the Secretariat."), required=False, max_length=64, validators=[_channel]),
        Field("open_to", Kind.MULTI_CHOICE, _("Who may register"),
              _("Which delegations may register themselves? Court officials and panellists are added by the "
                "Secretariat."), choices=choices({k: v for k, v in KINDS.items() if k in policy.KINDS})),
    ]
    return Form(
        key=NEW if new else EDIT,
        title=_("New plenary") if new else _("Change a plenary"),
        intro=_("Let us set up a plenary with a speakers list. Hours are the venue’s; each person reads them on "
                "their own clock too.") if new else
        _("Here is the plenary as it stands: change any answer, then submit. Its planned announcements and "
          "reminders follow the change; none goes twice."),
        done=_("Thank you."),
        fields=tuple(fields),
    )


def build_new(today) -> Form:
    return build(today, new=True)


def build_edit(today) -> Form:
    return build(today, new=False)
