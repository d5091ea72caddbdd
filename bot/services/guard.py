"""Runs a use case for an adapter: refusals become their message, bugs a logged apology with a reference."""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Callable

from bot.errors import Refusal
from bot.i18n import _
from bot.replies import Message
from bot.services.ports import Person, Result

log = logging.getLogger("aspbot")


@dataclass
class Outcome:
    reply: Message | None = None
    outbox: list[int] = field(default_factory=list)
    ok: bool = True
    replace: Message | None = None


def attempt(person: Person, work: Callable[[], Result]) -> Outcome:
    try:
        result = work()
    except Refusal as refusal:
        return Outcome(Message.text(refusal.message), ok=False)
    except Exception:
        ref = uuid.uuid4().hex[:8].upper()
        log.exception("unhandled error [ref %s] for %s:%s:%s", ref, person.channel, person.workspace, person.user)
        return Outcome(Message.text(_("Sorry, something went wrong on my side. Please try again; if it happens "
                                      "again, give the Secretariat this reference: {ref}.", ref=ref)), ok=False)
    return Outcome(result.reply, list(result.outbox), replace=result.replace)
