"""Writing messages to the outbox inside the current unit of work; they are sent after the commit."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.replies import Message, encode_message
from bot.services.ports import Core, Person


def notify(core: Core, uow, recipient_id: int, message: Message, dedupe_key: str | None = None,
           topic: str | None = None) -> int:
    """Queue a message; `topic` lets a reply to it (a Slack thread) find what it was about."""
    row = uow.outbox.add(recipient_id, encode_message(message), core.clock.now(), dedupe_key, topic)
    uow.outbox_ids.append(row.id)
    return row.id


def notify_group(core: Core, uow, recipient_id: int, others: Sequence[int], message: Message,
                 dedupe_key: str | None = None) -> int:
    """Queue one message for a conversation of the recipient with `others` (member ids on the recipient's
    channel), read in the recipient's language: an introduction of two parties by the Secretariat."""
    keys = [uow.members.get(member_id).user_key for member_id in others]
    row = uow.outbox.add(recipient_id, encode_message(message), core.clock.now(), dedupe_key, None, together=keys)
    uow.outbox_ids.append(row.id)
    return row.id


def notify_secretariat(core: Core, uow, team: Sequence[Person], message: Message, key: str) -> int:
    """Queue a message to every Secretariat member (once each, by `key`); returns how many there are.

    `team` was asked of the channel before the transaction opened: no channel call happens in here.
    """
    now = core.clock.now()
    for reviewer in team:
        recipient = uow.members.ensure(reviewer.channel, reviewer.workspace, reviewer.user, now)
        notify(core, uow, recipient.id, message, dedupe_key=f"{key}:{recipient.id}")
    return len(team)


def queue(core: Core, person: Person, message: Message, wait_seconds: float = 0) -> int:
    """A reply an adapter could not post directly (Slack said 429): kept in the outbox, sent when allowed."""
    now = core.clock.now()
    with core.uow() as uow:
        recipient = uow.members.ensure(person.channel, person.workspace, person.user, now)
        row = uow.outbox.add(recipient.id, encode_message(message), now + timedelta(seconds=wait_seconds))
        uow.commit()
    return row.id
