"""Planned messages: a feature's planning pass run on the scheduler's rhythm (`Every`), and its rows kept in
step with what it wants now (`reconcile`): the missing written (once, by key), the changed moved or
reworded, the cancelled revived, the unwanted cancelled. Sent rows are never touched."""
from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services.ports import Core

log = logging.getLogger(__name__)

# key -> (recipient, topic, body, not before)
Wanted = Mapping[str, tuple[int, str, str, datetime]]


def reconcile(uow, existing: Mapping, wanted: Wanted, now: datetime, replanned: Callable[[str], bool]) -> int:
    """Bring `existing` (keyed rows, any status) to `wanted`; a pending row not wanted is cancelled only when
    `replanned(key)` says its kind is planned afresh each pass. Returns how many rows were written or changed."""
    changed = 0
    for key, (member_id, topic, body, at) in wanted.items():
        row = existing.get(key)
        if row is None:
            uow.reminders.put(member_id, key, topic, body, at, now)
            changed += 1
        elif row.status == "cancelled":
            uow.reminders.move(row.id, body, at, revive=True)
            changed += 1
        elif row.status == "pending" and (row.not_before != at or row.body != body):
            uow.reminders.move(row.id, body, at)
            changed += 1
    unwanted = [row.id for key, row in existing.items()
                if row.status == "pending" and key not in wanted and replanned(key)]
    if unwanted:
        changed += uow.reminders.cancel(unwanted)
    return changed


class Every:
    """A feature's planning pass as a scheduler job, at most once a minute of the core's clock (a console's
    `/time` jump runs one at once); each pass is one transaction, so a crash leaves the rows as the last wrote."""

    EVERY = timedelta(seconds=60)  # a full pass is not needed on every 5-second tick

    def __init__(self, run: Callable[[Core], int], name: str) -> None:
        self._run, self._name = run, name
        self._last: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per clock: one per core

    def __call__(self, core: Core) -> list[int]:
        now = core.clock.now()
        last = self._last.get(core.clock)
        if last is not None and abs(now - last) < self.EVERY:
            return []
        self._last[core.clock] = now
        changed = self._run(core)
        if changed:
            log.info("%s: %s rows planned or changed", self._name, changed)
        return []
