"""Runs a use case for an adapter: who is asking is resolved first; refusals become their message, bugs a
logged apology with a reference; the reader travels with the outcome so the adapter renders without a query."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.errors import Refusal
from bot.i18n import Msg, Reader, _
from bot.replies import Message
from bot.services import people
from bot.services.people import Who
from bot.services.ports import Core, Person, Result

log = logging.getLogger("aspbot")


@dataclass
class Outcome:
    reader: Reader
    reply: Message | None = None
    outbox: list[int] = field(default_factory=list)
    ok: bool = True
    replace: Message | None = None
    errors: dict[str, Msg] = field(default_factory=dict)


def attempt(core: Core, person: Person, work: Callable[[Who], Result]) -> Outcome:
    reader = people.default_reader(core)
    try:
        who = people.resolve(core, person)
        reader = who.reader
        result = work(who)
    except Refusal as refusal:
        return Outcome(reader, Message.text(refusal.message), ok=False)
    except Exception:
        ref = uuid.uuid4().hex[:8].upper()
        log.exception("unhandled error [ref %s] for %s:%s:%s", ref, person.channel, person.workspace, person.user)
        return Outcome(reader, Message.text(_("Sorry, something went wrong on my side. Please try again; if it "
                                              "happens again, give the Secretariat this reference: {ref}.", ref=ref)),
                       ok=False)
    return Outcome(result.reader or reader, result.reply, list(result.outbox), replace=result.replace,
                   errors=dict(result.errors))
