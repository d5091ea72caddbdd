"""Keeping planned outbox rows in step with what a feature wants now: the missing written (once, by key),
the changed moved or reworded, the cancelled revived, the unwanted cancelled. Sent rows are never touched."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

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
