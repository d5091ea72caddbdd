"""Buttons: which feature's use case a click runs, shared by every channel (Slack, console)."""
from __future__ import annotations

from bot.engine.runner import PICK, TICK, Picked
from bot.errors import Refusal
from bot.i18n import _
from bot.services import conversations
from bot.services.people import Who
from bot.services.ports import Core, Result


def click(core: Core, who: Who, action: str, value: str, ticked: list[str] | None = None) -> Result:
    """A button; `ticked` is what the clicked message's checkboxes held at the click (Slack sends it along)."""
    if action == TICK and "|" in value:  # "token|value\nvalue…": the options ticked so far
        token, _sep, values = value.partition("|")
        return conversations.tick(core, who, token, [v for v in values.split("\n") if v])
    if action == PICK and "|" in value:  # an answer to a form's question, whichever form it is
        token, _sep, choice = value.partition("|")
        if ticked is not None and choice == "":  # "Done": the ticks as the person sees them, whatever arrived
            conversations.tick(core, who, token, ticked)
        return conversations.handle_input(core, who, Picked(token, choice), None)
    found = core.features.actions.get(action)
    if found is None:
        raise Refusal(_("I could not read that click. Please type your answer instead."))
    return found.run(core, who, value)


def replaces(core: Core, action: str) -> bool:
    """Clicks whose answer takes the place of the message clicked (a decision replaces its buttons)."""
    found = core.features.actions.get(action)
    return found is not None and found.replaces
