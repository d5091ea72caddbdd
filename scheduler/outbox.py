"""Outbox dispatch: claim due rows, send each through its channel, mark it; 429s wait, crashes retry."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.i18n import Reader
from bot.replies import decode_message
from bot.services.ports import Delivered, Person, RateLimited, Sender, Undeliverable
from scheduler.budget import Budget

log = logging.getLogger(__name__)

# Seconds before each retry of a failed send: short first (most failures are a blip), then longer for an
# outage; after the last one the row is recorded as failed (and no longer holds the person's later messages).
BACKOFF = (2, 5, 15, 60, 300, 900)
MAX_ATTEMPTS = len(BACKOFF) + 1


# A planned message waits this long at most for its budget in the sending thread; longer, it is set aside.
MAX_SLEEP = 1.0
# The scheduler's sweep goes on claiming due rows for this long per tick, then lets the next tick go on.
DRAIN_SECONDS = 30.0


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])


class Dispatcher:
    def __init__(self, uow: Callable, clock: Clock, senders: Mapping[str, Sender],
                 reader_for: Callable[[Any], Reader], lease: timedelta = timedelta(minutes=5),
                 budget: Budget | None = None, sleep: Callable[[float], object] = time.sleep):
        self._uow = uow
        self._lease = lease
        self._clock = clock
        self._senders = senders
        self._reader_for = reader_for
        self._budget = budget or Budget(workspace_rate=0, channel_rate=0)  # none given: no pacing
        self._sleep = sleep
        # Until when Slack asked us to wait (429), per DM and per workspace, on the core's clock as the rows are.
        self._pauses: dict[tuple[str, ...], datetime] = {}
        self._lock = threading.Lock()

    def deliver(self, ids: Iterable[int] | None = None) -> int:
        """Send what is due (only `ids` if given); returns how many were sent.

        Then whatever became due for the same people while this ran (a row that waited for the one just sent)
        goes too, so a quick second reply does not wait for the next tick. Without `ids` (the scheduler's
        sweep) it goes on claiming while rows are due, within DRAIN_SECONDS, at the pace the budget allows.
        """
        ids = list(ids) if ids is not None else None
        if ids == []:
            return 0
        started = time.monotonic()
        sent, people, claimed = self._deliver_once(ids=ids)
        while people and ids is not None:  # the sweep below takes everyone's due rows in turn anyway
            with self._uow() as uow:  # a cheap look first: mostly nobody's next message is waiting
                people = uow.outbox.due_for(people, self._clock.now())
            if not people:
                break
            more, people, _claimed = self._deliver_once(recipients=people)
            sent += more
        while ids is None and claimed and time.monotonic() - started < DRAIN_SECONDS:
            more, _people, claimed = self._deliver_once()
            sent += more
        return sent

    def _deliver_once(self, ids: list[int] | None = None,
                      recipients: set[int] | None = None) -> tuple[int, set[int], int]:
        with self._uow() as uow:
            rows = uow.outbox.claim(self._clock.now(), ids=ids, recipients=recipients, stale_after=self._lease)
            uow.commit()
        sent, people, failing, limited = 0, set(), set(), set()
        held: dict[int, datetime] = {}  # person -> until when their rows in this pass wait
        for index, row in enumerate(rows):
            row_id, token, member = row.id, row.claim_token, row.recipient
            if member.id in failing or member.id in held:  # behind one that waits: so are the person's later ones
                self._release([row_id], token, held.get(member.id) or self._clock.now())
                continue
            wait = self._paced(row, member)
            if wait:
                held[member.id] = self._clock.now() + timedelta(seconds=wait)
                self._release([row_id], token, held[member.id])
                continue
            person = Person(member.channel, member.workspace, member.user_key,
                            together=tuple(row.together.split(",")) if row.together else ())
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
                seconds = max(exc.retry_after, 1)
                until = self._clock.now() + timedelta(seconds=seconds)
                limited.add(member.id)
                if len(limited) < 2:
                    # One DM refused: that channel waits (and the person's later rows with it); others go on.
                    self._pause((member.workspace, member.user_key), until)
                    held[member.id] = until
                    self._release([row_id], token, until)
                    log.warning("outbox: rate limited on one DM, retrying it after %ss", exc.retry_after)
                    continue
                # A second DM refused in the same pass: the workspace's limit, not one channel's. All wait.
                self._pause((member.workspace,), until)
                self._release([r.id for r in rows[index:]], token, until)
                log.warning("outbox: rate limited, retrying %s rows after %ss", len(rows) - index, exc.retry_after)
                return sent, set(), len(rows)
            except Undeliverable as exc:  # never deliverable: no retry, the reason kept for the Secretariat
                log.warning("outbox: row %s cannot be delivered: %s", row_id, exc.reason)
                self._failed(row_id, token, MAX_ATTEMPTS, exc.reason)
                failing.add(member.id)
                continue
            except Exception as exc:  # a failed send is recorded on the row and retried with backoff
                log.exception("outbox: sending row %s failed", row_id)
                self._failed(row_id, token, row.attempts + 1, repr(exc)[:500])
                failing.add(member.id)
                continue
            self._sent(row_id, token, ref)
            sent += 1
            people.add(member.id)
        return sent, people, len(rows)

    def _pause(self, key: tuple[str, ...], until: datetime) -> None:
        now = self._clock.now()
        with self._lock:
            for old in [k for k, at in self._pauses.items() if at <= now]:  # past pauses: kept no longer
                del self._pauses[old]
            self._pauses[key] = max(until, self._pauses.get(key, until))

    def _paced(self, row, member) -> float:
        """0 when the row may go now (after a short wait, slept here); else the seconds to set it aside for."""
        now = self._clock.now()
        with self._lock:
            until = max((self._pauses.get(k, now) for k in ((member.workspace,), (member.workspace, member.user_key))),
                        default=now)
        if until > now:  # Slack's Retry-After for this DM or the workspace has not passed
            return (until - now).total_seconds()
        if not row.scheduled:  # a reply to what the person just did: never held back by bulk sending
            self._budget.spend(member.workspace)
            return 0.0
        delay, booked = self._budget.reserve(member.workspace, member.user_key, MAX_SLEEP)
        if not booked:  # the DM's budget, or the workspace's beyond MAX_SLEEP: set aside, the others go on
            return max(delay, 0.001)
        if delay > 0:
            self._sleep(delay)
        return 0.0

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
