"""A person's direct message: a reply in the thread of one of our messages, or the next conversation step."""
from __future__ import annotations

from bot.engine.runner import Typed
from bot.services import conversations
from bot.services.people import Who
from bot.services.ports import Core, Result


def direct_message(core: Core, who: Who, text: str, key: str | None, thread: str | None = None) -> Result:
    if thread:
        with core.uow() as uow:
            topic = uow.outbox.topic_of_thread(who.member_id, thread)
        feature, _sep, subject = (topic or "").partition(":")
        reply = core.features.replies.get(feature)
        if reply is not None and subject:
            return reply(core, who, subject, text, key)
    return conversations.handle_input(core, who, Typed(text), key)
