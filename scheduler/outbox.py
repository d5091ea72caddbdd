"""Outbox dispatch: claim due rows, send each through its channel, mark it; 429s wait, crashes retry."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any

from bot.clock import Clock
from bot.i18n import Reader
from bot.replies import decode_message
from bot.services.ports import Delivered, Person, RateLimited, Sender

log = logging.getLogger(__name__)

# Seconds before each retry of a failed send: short first (most failures are a blip), then longer for an
# outage; after the last one the row is recorded as failed (and no longer holds the person's later messages).
BACKOFF = (2, 5, 15, 60, 300, 900)
MAX_ATTEMPTS = len(BACKOFF) + 1


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])


class Dispatcher:
    def __init__(self, uow: Callable, clock: Clock, senders: Mapping[str, Sender],
                 reader_for: Callable[[Any], Reader], lease: timedelta = timedelta(minutes=5)):
        self._uow = uow
        self._lease = lease
        self._clock = clock
        self._senders = senders
        self._reader_for = reader_for

    def deliver(self, ids: Iterable[int] | None = None) -> int:
        """Send what is due (only `ids` if given); returns how many were sent.

        Then whatever became due for the same people while this ran (a row that waited for the one just sent)
        goes too, so a quick second reply does not wait for the next tick.
        """
        ids = list(ids) if ids is not None else None
        if ids == []:
            return 0
        sent, people = self._deliver_once(ids=ids)
        while people:
            with self._uow() as uow:  # a cheap look first: mostly nobody's next message is waiting
                people = uow.outbox.due_for(people, self._clock.now())
            if not people:
                break
            more, people = self._deliver_once(recipients=people)
            sent += more
        return sent

    def _deliver_once(self, ids: list[int] | None = None, recipients: set[int] | None = None) -> tuple[int, set[int]]:
        with self._uow() as uow:
            rows = uow.outbox.claim(self._clock.now(), ids=ids, recipients=recipients, stale_after=self._lease)
            uow.commit()
        sent, people, failing = 0, set(), set()
        for index, row in enumerate(rows):
            row_id, token, member = row.id, row.claim_token, row.recipient
            if member.id in failing:  # behind a failed one: it waits, so the person reads them in order
                self._release([row_id], token, self._clock.now())
                continue
            person = Person(member.channel, member.workspace, member.user_key)
            reader = self._reader_for(member)  # may ask the channel who they are: outside any transaction
            sender = self._senders.get(person.channel)
            key = f"outbox:{row_id}"
            try:
                if sender is None:
                    raise LookupError(f"no sender for channel {person.channel}")
                # An earlier try may have landed without being recorded: look before posting it again.
                ref = sender.landed(person, key, row.created_at) if row.reclaimed else None
                if ref is None:
                    ref = sender.send(person, decode_message(row.body), reader, key)
                else:
                    log.info("outbox: row %s had already landed; not posted again", row_id)
            except RateLimited as exc:
                # Later rows wait too, so a person's messages keep their order.
                wait = self._clock.now() + timedelta(seconds=max(exc.retry_after, 1))
                self._release([r.id for r in rows[index:]], token, wait)
                log.warning("outbox: rate limited, retrying %s rows after %ss", len(rows) - index,
                            exc.retry_after)
                return sent, set()
            except Exception as exc:  # a failed send is recorded on the row and retried with backoff
                log.exception("outbox: sending row %s failed", row_id)
                self._failed(row_id, token, row.attempts + 1, repr(exc)[:500])
                failing.add(member.id)
                continue
            self._sent(row_id, token, ref)
            sent += 1
            people.add(member.id)
        return sent, people

    def _sent(self, row_id: int, token: str, ref: Delivered | None) -> None:
        with self._uow() as uow:
            ours = uow.outbox.mark_sent(row_id, token, self._clock.now(), ref.conversation if ref else None,
                                        ref.message if ref else None)
            uow.commit()
        if not ours:  # the send outlived its claim: another dispatcher may have taken the row again
            log.warning("outbox: row %s was sent after its claim went stale", row_id)

    def _release(self, row_ids: list[int], token: str, not_before) -> None:
        with self._uow() as uow:
            uow.outbox.release(row_ids, token, not_before)
            uow.commit()

    def _failed(self, row_id: int, token: str, attempts: int, error: str) -> None:
        retry_at = self._clock.now() + backoff(attempts) if attempts < MAX_ATTEMPTS else None
        with self._uow() as uow:
            uow.outbox.mark_failed(row_id, token, error, retry_at)
            uow.commit()
