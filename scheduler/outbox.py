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

MAX_ATTEMPTS = 6


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** attempts, 3600))


class Dispatcher:
    def __init__(self, uow: Callable, clock: Clock, senders: Mapping[str, Sender],
                 reader_for: Callable[[Any], Reader]):
        self._uow = uow
        self._clock = clock
        self._senders = senders
        self._reader_for = reader_for

    def deliver(self, ids: Iterable[int] | None = None) -> int:
        """Send what is due (only `ids` if given); returns how many were sent."""
        ids = list(ids) if ids is not None else None
        if ids == []:
            return 0
        with self._uow() as uow:
            rows = uow.outbox.claim(self._clock.now(), ids=ids)
            claimed = [(r.id, r.claim_token, r.recipient, r.body, r.attempts) for r in rows]
            uow.commit()
        sent = 0
        for index, (row_id, token, member, body, attempts) in enumerate(claimed):
            person = Person(member.channel, member.workspace, member.user_key)
            reader = self._reader_for(member)  # may ask the channel who they are: outside any transaction
            sender = self._senders.get(person.channel)
            try:
                if sender is None:
                    raise LookupError(f"no sender for channel {person.channel}")
                ref = sender.send(person, decode_message(body), reader)
            except RateLimited as exc:
                # Later rows wait too, so a person's messages keep their order.
                wait = self._clock.now() + timedelta(seconds=max(exc.retry_after, 1))
                self._release([c[0] for c in claimed[index:]], token, wait)
                log.warning("outbox: rate limited, retrying %s rows after %ss", len(claimed) - index,
                            exc.retry_after)
                break
            except Exception as exc:  # a failed send is recorded on the row and retried with backoff
                log.exception("outbox: sending row %s failed", row_id)
                self._failed(row_id, token, attempts + 1, repr(exc)[:500])
                continue
            self._sent(row_id, token, ref)
            sent += 1
        return sent

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
