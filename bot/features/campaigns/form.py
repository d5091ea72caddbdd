"""The Secretariat's form for a call for input: its form, audience, opening, deadlines and reminder plan.

The same fields serve a new call and an edit (which keeps the code), in a direct message or a Slack modal,
and the CLI, which fills them as typed text: one set of checks wherever a call is set up.
"""
from __future__ import annotations

from datetime import date

from bot.delegations import delegation_choices
from bot.engine.checks import a_code, a_zone, choices, make_not_in_past
from bot.engine.form import Answers, Field, Form, Kind
from bot.features.campaigns import policy
from bot.i18n import Msg, _

NEW, EDIT = "campaign", "campaign_edit"

FORM_KINDS = {"need": _("Assistance needs (the complementarity platform)"),
              "report": _("Plan of Action report on universality")}
AUDIENCES = {"all": _("Every State Party"), "chosen": _("Chosen delegations")}
MET_BY = {policy.DRAFT: _("A draft begun is enough"), policy.SUBMITTED: _("Only a submitted answer")}


def _plan(value: str, answers: Answers) -> Msg | None:
    try:
        policy.read_plan(value)
    except ValueError as exc:
        if str(exc) == "after":
            return _("A reminder cannot come after its deadline: give days before it, 0 being the day itself.")
        if str(exc) == "far":
            return _("A reminder can come at most {days} days before its deadline.", days=policy.MOST_DAYS)
        return _("Type the days before each deadline as numbers, for example 7, 1, 0.")
    return None


def _after_opening(value: str, answers: Answers) -> Msg | None:
    opens = answers.get("opens")
    if opens and date.fromisoformat(value) < date.fromisoformat(opens):
        return _("A deadline cannot come before the call opens ({day}).", day=date.fromisoformat(opens))
    return None


def _after_preliminary(value: str, answers: Answers) -> Msg | None:
    preliminary = answers.get("preliminary")
    if preliminary and date.fromisoformat(value) <= date.fromisoformat(preliminary):
        return _("The final deadline must come after the preliminary one ({day}).",
                 day=date.fromisoformat(preliminary))
    return None


def build(today, *, new: bool = True) -> Form:
    """A new call (with its code; dates from today on), or an edit of one (its past dates may stay)."""
    future = [make_not_in_past(today)]
    fields = [
        *([Field("code", Kind.TEXT, _("Code"), _("A short code for the call, for example CP-2025."),
                 max_length=32, validators=[a_code])] if new else []),
        Field("title", Kind.TEXT, _("Title"), _("The call’s title, as delegations will read it."), max_length=300),
        Field("form", Kind.CHOICE, _("What it asks for"), _("Which form answers the call?"),
              choices=choices(FORM_KINDS)),
        Field("audience", Kind.CHOICE, _("Audience"), _("Whom is the call for? Its announcement and reminders go "
                                                        "to their verified focal points."),
              choices=choices(AUDIENCES)),
        Field("delegations", Kind.MULTI_CHOICE, _("Delegations"),
              _("Which delegations? Type their names or codes, separated by commas."),
              choices=lambda answers: delegation_choices("state_party"), searchable=True,
              when=lambda answers: answers.get("audience") == "chosen"),
        Field("timezone", Kind.TEXT, _("Time zone of the deadlines"),
              _("On which clock are the deadlines meant? Type a time zone such as Europe/Amsterdam, or skip for the "
                "Assembly’s clock."), required=False, max_length=64, validators=[a_zone]),
        Field("opens", Kind.DATE, _("Opens on"), _("On which day does the call open (at 9:00)? Skip to open it now."),
              required=False, validators=future if new else []),
        Field("preliminary", Kind.DATE, _("Preliminary deadline"),
              _("By which day are preliminary answers due? Skip if there is no preliminary deadline."),
              required=False, validators=[*(future if new else []), _after_opening]),
        Field("met_by", Kind.CHOICE, _("What meets the preliminary deadline"),
              _("What meets the preliminary deadline?"), choices=choices(MET_BY),
              when=lambda answers: bool(answers.get("preliminary"))),
        Field("final", Kind.DATE, _("Final deadline"), _("By which day are final answers due?"),
              validators=[make_not_in_past(today), _after_opening, _after_preliminary]),
        Field("plan", Kind.TEXT, _("Reminder plan"),
              _("On how many days before each deadline should reminders go? For example 7, 1, 0 (0 is the "
                "morning of the day). Skip for 7, 1, 0."), required=False, max_length=60, validators=[_plan]),
    ]
    return Form(
        key=NEW if new else EDIT,
        title=_("New call for input") if new else _("Change a call for input"),
        intro=_("Let us set up a call for input. Deadlines are the end of their day on the call’s clock; each "
                "person is reminded at 9:00 on their own clock.") if new else
        _("Here is the call as it stands: change any answer, then submit. Reminders already planned follow the "
          "change; none goes twice."),
        done=_("Thank you."),
        fields=tuple(fields),
    )


def build_new(today) -> Form:
    return build(today, new=True)


def build_edit(today) -> Form:
    return build(today, new=False)
