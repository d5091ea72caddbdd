"""Onboarding: which delegation a person represents and in which role, for the Secretariat to verify."""
from __future__ import annotations

from bot.delegations import KINDS, delegation_choices
from bot.engine.form import Answers, Field, Form, Kind
from bot.engine.parsing import fold, label_texts
from bot.i18n import Msg, Reader, _
from bot.replies import Choice

ROLES = {
    "focal_point": _("National focal point"),
    "delegate": _("Delegate"),
    "provider": _("Assistance provider"),
}

def listed_elsewhere(typed: str, answers: Answers, reader: Reader) -> Msg | None:
    """A delegation typed under the wrong kind (China among the States Parties) is named with its kind."""
    kind, name = answers.get("kind", ""), fold(typed)
    for other in KINDS:
        if other == kind:
            continue
        for choice in delegation_choices(other):
            if name in label_texts(choice, reader):
                return _("{name} is listed under “{other}”, not under “{kind}”. Type “back” and choose “{other}”.",
                         name=choice.label, other=KINDS[other], kind=KINDS.get(kind, kind))
    return None


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
              searchable=True, misplaced=listed_elsewhere),
        Field("role", Kind.CHOICE, _("Role"), _("In which role?"),
              choices=[Choice(k, v) for k, v in ROLES.items()]),
        Field("email", Kind.EMAIL, _("Work e-mail"),
              _("Your work e-mail address, to help the Secretariat verify you (optional: type “skip”)."),
              required=False),
    ),
)
