"""A provider's profile: where it can help, how, in which languages and places, when, and how it wants to hear."""
from __future__ import annotations

from bot.delegations import delegation_choices
from bot.engine.checks import choices
from bot.engine.form import Field, Form, Kind
from bot.features.needs.form import AREAS, HELP_KINDS, LANGUAGES
from bot.features.providers import policy as p
from bot.i18n import Language, _
from bot.regions import REGIONS
from bot.replies import Choice

KEY = "provider"

AVAILABILITY = {
    p.NOW: _("Now"),
    p.SOON: _("Within the next months"),
    p.NOT_NOW: _("Not at the moment (tell me of nothing for now)"),
}

DELIVERY = {
    p.AT_ONCE: _("At once, one message per need"),
    p.DIGEST: _("In a daily digest"),
}

WHERE = {**REGIONS, p.ANYWHERE: _("Anywhere")}


def _states(answers) -> tuple[Choice, ...]:
    return delegation_choices("state_party")


FORM = Form(
    key=KEY,
    title=_("Provider profile"),
    intro=_("Tell me what your organisation can offer. When the Secretariat shares a State’s need that fits, I "
            "will tell you, with the public part of the need only."),
    done=_("Thank you."),
    fields=(
        Field("areas", Kind.MULTI_CHOICE, _("Areas"), _("In which areas can you help? Choose one or more."),
              choices=choices(AREAS)),
        Field("help_kinds", Kind.MULTI_CHOICE, _("Kinds of help"),
              _("What kind of help can you give? Choose one or more."), choices=choices(HELP_KINDS)),
        Field("languages", Kind.MULTI_CHOICE, _("Working languages"),
              _("In which languages can you work? Choose one or more."),
              choices=[Choice(code, Language(code)) for code in LANGUAGES]),
        Field("regions", Kind.MULTI_CHOICE, _("Regions"), _("In which regions do you work? Choose one or more."),
              choices=choices(WHERE)),
        Field("countries", Kind.MULTI_CHOICE, _("Particular States"),
              _("Any States Parties you know well or already work with? Type their names, separated by commas "
                "(optional: type “skip”)."), choices=_states, searchable=True, required=False),
        Field("availability", Kind.CHOICE, _("Availability"), _("When could you start?"),
              choices=choices(AVAILABILITY)),
        Field("contacts", Kind.TEXT, _("Contact people"),
              _("Who are the contact people for requests (names and e-mail addresses)?"), max_length=300),
        Field("delivery", Kind.CHOICE, _("How to tell you"),
              _("How should I tell you of a need that fits?"), choices=choices(DELIVERY)),
    ),
)
