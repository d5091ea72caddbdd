"""Runs a use case for an adapter: who is asking is resolved first; refusals become their message, bugs a
logged apology with a reference; the reader travels with the outcome so the adapter renders without a query."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.errors import Refusal
from bot.i18n import Msg, Reader, _
from bot.replies import Message
from bot.services import people
from bot.services.people import Who
from bot.services.ports import Core, Person, Result
from storage.errors import Unavailable

log = logging.getLogger("aspbot")


@dataclass
class Outcome:
    reader: Reader
    reply: Message | None = None
    outbox: list[int] = field(default_factory=list)
    ok: bool = True
    replace: Message | None = None
    errors: dict[str, Msg] = field(default_factory=dict)
    later: Callable[[], list[int]] | None = None  # run after the answer (Result.later)


UNAVAILABLE = _("I cannot reach my records just now, so I could not take your last message. Please send it "
                "again in a minute.")

# Refusals are audited (who, what, why, when), but one person's flood of refused attempts writes at most this
# many rows in REFUSAL_WINDOW; the rest are only counted in the log.
REFUSALS_AUDITED = 20
REFUSAL_WINDOW = timedelta(minutes=10)
AUDIT_READER = Reader("en", "UTC")  # the trail is one language and one clock, whoever was refused


def attempt(core: Core, person: Person, work: Callable[[Who], Result], what: str = "") -> Outcome:
    """`what` names the attempt for the audit trail (a verb, a button): never the person's own text."""
    reader = people.default_reader(core)
    who = None
    try:
        who = people.resolve(core, person)
        reader = who.reader
        result = work(who)
    except Refusal as refusal:
        if who is not None:
            _audit_refusal(core, who, what, refusal)
        return Outcome(reader, Message.text(refusal.message), ok=False)
    except Unavailable as exc:
        # Nothing was written; the person hears it in their language, read from the channel, not the database.
        log.warning("database unavailable for %s:%s:%s (%s)", person.channel, person.workspace, person.user, exc)
        return Outcome(who.reader if who is not None else _reader_without_database(core, person),
                       Message.text(UNAVAILABLE), ok=False)
    except Exception:
        ref = uuid.uuid4().hex[:8].upper()
        log.exception("unhandled error [ref %s] for %s:%s:%s", ref, person.channel, person.workspace, person.user)
        return Outcome(reader, Message.text(_("Sorry, something went wrong on my side. Please try again; if it "
                                              "happens again, give the Secretariat this reference: {ref}.", ref=ref)),
                       ok=False)
    return Outcome(result.reader or reader, result.reply, list(result.outbox), replace=result.replace,
                   errors=dict(result.errors), later=result.later)


def _audit_refusal(core: Core, who: Who, what: str, refusal: Refusal) -> None:
    now = core.clock.now()
    try:
        with core.uow() as uow:
            if uow.audit.count_since(who.member_id, "refused", now - REFUSAL_WINDOW) >= REFUSALS_AUDITED:
                log.warning("refusal not audited (over %s in %s) for member %s: %s", REFUSALS_AUDITED,
                            REFUSAL_WINDOW, who.member_id, what)
                return
            uow.audit.record(now, who.member_id, "refused", (what or "request")[:128], None,
                             {"reason": AUDIT_READER.render(refusal.message)[:300]})
            uow.commit()
    except Exception:  # the person is still told why; a lost audit row must not turn into an apology
        log.exception("could not audit a refusal for member %s", who.member_id)


def _reader_without_database(core: Core, person: Person) -> Reader:
    try:
        profile = core.directory.profile(person)
    except Exception:  # the channel is down too: the Assembly's default language
        log.warning("no profile for %s:%s either", person.workspace, person.user)
        profile = None
    return people.profile_reader(core, profile)
