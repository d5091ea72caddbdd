"""Telling the features that listen that something happened, inside the unit of work that made it happen."""
from __future__ import annotations

from typing import Any

from bot.services.ports import Core

# The events features publish, and what they carry: (subject, detail).
NEED_MOVED = "need.moved"  # a need's status changed: (the need, its status before)


def publish(core: Core, uow, name: str, subject: Any, detail: Any = None) -> None:
    """Each listener writes in `uow`; what they write commits or rolls back with the change itself."""
    for listener in core.features.events.get(name, ()):
        listener(core, uow, subject, detail)
