"""How a need reads: status names, the buttons of the State and of the Secretariat, what each change says."""
from __future__ import annotations

from bot.features.needs import policy as p
from bot.i18n import _
from bot.replies import Actions, Button

# Button ids of the State's side; the Secretariat's steps are policy's SECRETARIAT_MOVES.
START = "home:need"
EDIT, WITHDRAW, WITHDRAW_SURE, WITHDRAW_NOT = "need:edit", "need:withdraw", "need:withdraw-confirm", "need:withdraw-not"
ASK = "need:ask"
OPEN = "need:open"  # a need of one's own, shown in full (e.g. a likely duplicate named at the area question)

STATUS = {
    p.SUBMITTED: _("submitted"),
    p.UNDER_REVIEW: _("under review by the Secretariat"),
    p.ON_HOLD: _("on hold"),
    p.SHARED: _("shared with providers"),
    p.MATCHED: _("matched with a provider"),
    p.IN_PROGRESS: _("assistance under way"),
    p.CLOSED: _("closed"),
    p.WITHDRAWN: _("withdrawn"),
    p.ERASED: _("erased at the State’s request"),
}

BUTTONS = {
    p.REVIEW: _("Start review"), p.SHARE: _("Share with providers"), p.HOLD: _("Put on hold"),
    p.MARK_MATCHED: _("Matched with a provider"), p.UNDER_WAY: _("Assistance under way"), p.CLOSE: _("Close"),
}

EXPLAINED = {
    p.UNDER_REVIEW: _("The Secretariat has started reviewing {reference} “{title}”. It may contact you with "
                      "questions before anything is shared."),
    p.SHARED: _("{reference} “{title}” is now shared with potential providers of assistance. They see only the "
                "answers marked public."),
    p.ON_HOLD: _("The Secretariat has put {reference} “{title}” on hold. It will contact you."),
    p.MATCHED: _("{reference} “{title}” has been matched with a provider of assistance. The Secretariat will "
                 "introduce you."),
    p.IN_PROGRESS: _("Assistance for {reference} “{title}” is under way."),
    p.CLOSED: _("The Secretariat has closed {reference} “{title}”. Thank you."),
    p.WITHDRAWN: _("{reference} “{title}” was withdrawn by {person}. Nothing more will be shared."),
    "edited": _("{person} changed {reference} “{title}”: this is now version {version}."),
}


def owner_actions(reference: str) -> Actions:
    return Actions((Button(_("Edit"), EDIT, reference), Button(_("Withdraw"), WITHDRAW, reference, "danger")))


def secretariat_actions(reference: str, status: str = p.SUBMITTED) -> Actions:
    """The Secretariat's buttons for the steps open from the need's current status."""
    steps = [Button(BUTTONS[step], step, reference, "primary" if step == p.SHARE else None)
             for step in p.steps_open(status)]
    return Actions(tuple(steps) + (Button(_("Ask a question"), ASK, reference),))


def start_button() -> Button:
    return Button(_("Register a need"), START, "need", "primary")
