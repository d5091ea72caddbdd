"""A person's direct message: an answer in the thread of one of our questions, or the next conversation step."""
from __future__ import annotations

from bot.engine.runner import Typed
from bot.services import conversations, needs, onboarding
from bot.services.ports import Core, Person, Result


def direct_message(core: Core, person: Person, text: str, key: str | None, thread: str | None = None) -> Result:
    if thread:
        answered = needs.reply_in_thread(core, person, thread, text, key)
        if answered is not None:
            return answered
    return conversations.handle_input(core, person, Typed(text), key, onboarding.greet_or_onboard)
