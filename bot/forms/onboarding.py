"""Onboarding: which delegation a person represents and in which role, for the Secretariat to verify."""
from __future__ import annotations

from bot.delegations_data import CSOS, IGOS, OBSERVER_STATES, STATES_PARTIES
from bot.engine.form import Field, Form, Kind
from bot.i18n import Territory, _
from bot.replies import Choice

KINDS = {
    "state_party": _("State Party"),
    "observer_state": _("Observer State"),
    "igo": _("Intergovernmental organisation"),
    "cso": _("Civil society organisation"),
}

ROLES = {
    "focal_point": _("National focal point"),
    "delegate": _("Delegate"),
    "provider": _("Assistance provider"),
}


def delegation_choices(kind: str) -> list[Choice]:
    if kind == "state_party":
        return [Choice(code, Territory(code)) for code in STATES_PARTIES]
    if kind == "observer_state":
        return [Choice(code, Territory(code)) for code in OBSERVER_STATES]
    if kind == "igo":
        return [Choice(code, name) for code, name in IGOS]
    if kind == "cso":
        return [Choice(code, name) for code, name in CSOS]
    return []


def delegation_label(code: str):
    for kind in KINDS:
        for choice in delegation_choices(kind):
            if choice.value == code:
                return choice.label
    return code


FORM = Form(
    key="onboarding",
    title=_("Welcome to aspbot"),
    intro=_("I help delegations to the Assembly of States Parties with assistance needs, speakers lists "
            "and deadlines. First, tell me whom you represent; the Secretariat will confirm it."),
    done=_("Thank you."),
    fields=(
        Field("kind", Kind.CHOICE, _("Type of delegation"), _("What kind of delegation do you represent?"),
              choices=[Choice(k, v) for k, v in KINDS.items()]),
        Field("delegation", Kind.CHOICE, _("Delegation"),
              _("Which one? Type its name (or part of it) in any language you like, for example “Uganda”."),
              choices=lambda answers: delegation_choices(answers.get("kind", "")),
              searchable=True),
        Field("role", Kind.CHOICE, _("Role"), _("In which role?"),
              choices=[Choice(k, v) for k, v in ROLES.items()]),
        Field("email", Kind.EMAIL, _("Work e-mail"),
              _("Your work e-mail address, to help the Secretariat verify you (optional: type “skip”)."),
              required=False),
    ),
)
