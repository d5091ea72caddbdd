"""Buttons: which use case a click runs, shared by every channel (Slack, console)."""
from __future__ import annotations

from typing import Callable

from bot.engine.runner import PICK, Picked
from bot.errors import Refusal
from bot.i18n import _
from bot.services import conversations, needs, onboarding
from bot.services.home import JOIN, NEED
from bot.replies import Message
from bot.services.ports import Core, Person, Result

Route = Callable[[Core, Person, str], Result]

ROUTES: dict[str, Route] = {
    PICK: lambda core, person, value: conversations.handle_input(
        core, person, Picked(*value.split("|", 1)), None, onboarding.greet_or_onboard),
    onboarding.APPROVE: lambda core, person, value: onboarding.decide(core, person, value, True),
    onboarding.DECLINE: lambda core, person, value: onboarding.decide(core, person, value, False),
    JOIN: lambda core, person, value: onboarding.join(core, person),
    NEED: lambda core, person, value: needs.start(core, person),
    needs.EDIT: lambda core, person, value: needs.edit(core, person, value),
    needs.WITHDRAW: lambda core, person, value: needs.withdraw(core, person, value, sure=False),
    needs.WITHDRAW_SURE: lambda core, person, value: needs.withdraw(core, person, value, sure=True),
    **{action: (lambda action: lambda core, person, value: needs.decide(core, person, action, value))(action)
       for action in needs.SECRETARIAT_MOVES},
    # Channels with forms (Slack) ask in a modal; elsewhere the person is told how to ask.
    needs.ASK: lambda core, person, value: Result(reply=Message.text(
        _("Type /asp need {reference} ask followed by your question.", reference=value))),
}

# Clicks whose answer takes the place of the message clicked (a decision replaces its buttons).
REPLACES = {onboarding.APPROVE, onboarding.DECLINE, needs.WITHDRAW_SURE, *needs.SECRETARIAT_MOVES}


def click(core: Core, person: Person, action: str, value: str) -> Result:
    route = ROUTES.get(action)
    if route is None or (action == PICK and "|" not in value):
        raise Refusal(_("I could not read that click. Please type your answer instead."))
    return route(core, person, value)
