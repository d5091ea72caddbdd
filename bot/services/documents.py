"""Files people send as answers (a statement for the interpreters): which are taken, and keeping them as the
answer to the question being asked."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from bot.engine import runner
from bot.engine.state import State
from bot.errors import Refusal
from bot.i18n import _
from bot.services import conversations
from bot.services.people import Who
from bot.services.ports import Core, Result
from storage.models import Document

# What interpreters and the Secretariat open without asking anyone: documents, not images, archives or programs.
DOCUMENTS = frozenset({"pdf", "doc", "docx", "odt", "rtf", "txt"})
MAX_BYTES = 10 * 1024 * 1024  # a statement is a few pages; Slack lets people send far larger files


@dataclass(frozen=True)
class Incoming:
    """A file as the channel announces it, before its bytes are fetched."""

    source: str  # the channel's own id for the file (Slack's F…)
    name: str
    size: int | None  # as announced: checked again on the bytes themselves
    mimetype: str | None = None


class Unreadable(Exception):
    """The channel could not hand the file's bytes over (gone, not shared with the app, not reachable)."""


def refusal_for(incoming: Incoming) -> Refusal | None:
    """Why this file is not taken, before anything is fetched; None when it may be."""
    if PurePosixPath(incoming.name.lower()).suffix.lstrip(".") not in DOCUMENTS:
        return Refusal(_("{name} is not a document I can pass on. Please send a PDF, Word, OpenDocument, RTF or "
                         "plain-text file, or paste the text.", name=incoming.name))
    if incoming.size is not None and incoming.size > MAX_BYTES:
        return _too_large(incoming.name, incoming.size)
    return None


def _too_large(name: str, size: int) -> Refusal:
    return Refusal(_("{name} is {size} MB; I take files up to {limit} MB. Please send a smaller file, or paste "
                     "the text.", name=name, size=round(size / 1024 / 1024, 1), limit=MAX_BYTES // 1024 // 1024))


def shared(core: Core, who: Who, described: Callable[[], list[Incoming]], fetch: Callable[[Incoming], bytes],
           key: str | None) -> Result:
    """Files sent in the person's conversation with the bot: one document answers the question being asked.

    `described` says what was sent (the channel may have to ask); nothing is fetched unless it would be kept.
    A refusal changes nothing, and the question is still open."""
    with core.uow() as uow:
        if key is not None and uow.processed.seen(key):
            return Result()  # Slack's retry of a file already taken: nothing to fetch, nothing to say
        _asking_for_a_file(core, uow, who)
    try:
        files = described()
    except Unreadable:
        files = []
    if not files:
        raise Refusal(_("I could not fetch that file. Please send it again."))
    if len(files) > 1:
        raise Refusal(_("Please send one file at a time."))
    incoming = files[0]
    refused = refusal_for(incoming)
    if refused is not None:
        raise refused
    try:
        data = fetch(incoming)
    except Unreadable:
        raise Refusal(_("I could not fetch {name}. Please send it again.", name=incoming.name)) from None
    if len(data) > MAX_BYTES:
        raise _too_large(incoming.name, len(data))
    with core.uow() as uow:
        if not conversations.first_delivery(core, uow, key):
            return Result()
        conversation = _asking_for_a_file(core, uow, who)
        document = uow.documents.keep(Document(
            member_id=who.member_id, source=incoming.source[:64], name=incoming.name[:255],
            mimetype=(incoming.mimetype or "")[:128] or None, size=len(data), content=data,
            received_at=core.clock.now()))
        echo = conversations.step(core, uow, who, conversation,
                                  runner.Shared(document.id, document.name, document.size))
        if not conversations.committed_first(core, uow, key):
            return Result()
    return Result(outbox=list(uow.outbox_ids), replace=echo)


def _asking_for_a_file(core: Core, uow, who: Who):
    """The person's conversation, if its question takes a file; a refusal saying what to do otherwise."""
    conversation = uow.conversations.active(who.member_id, for_update=True)
    if conversation is None:
        raise Refusal(_("I keep a file only as the answer to a question that asks for one, such as the statement "
                        "of a request to speak."))
    if not runner.takes_file(core.forms[conversation.form], State.from_dict(conversation.state)):
        raise Refusal(runner.NOT_A_FILE_QUESTION)
    return conversation
