"""Writing messages to the outbox inside the current unit of work; they are sent after the commit."""
from __future__ import annotations

from bot.replies import Message, encode_message
from bot.services.ports import Core
from storage.models import Member


def notify(core: Core, uow, recipient: Member, message: Message, dedupe_key: str | None = None,
           topic: str | None = None) -> int:
    """Queue a message; `topic` lets a reply to it (a Slack thread) find what it was about."""
    row = uow.outbox.add(recipient.id, encode_message(message), core.clock.now(), dedupe_key, topic)
    uow.outbox_ids.append(row.id)
    return row.id


def notify_secretariat(core: Core, uow, workspace: str, message: Message, key: str) -> int:
    """Queue a message to every Secretariat member (once each, by `key`); returns how many there are."""
    from bot.services import people

    reviewers = core.directory.secretariat(workspace)
    for reviewer in reviewers:
        recipient = people.identify(core, uow, reviewer)
        notify(core, uow, recipient, message, dedupe_key=f"{key}:{recipient.id}")
    return len(reviewers)
