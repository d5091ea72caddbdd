"""What storage tells the core when a write cannot be kept: the core never sees the driver's exceptions."""
from __future__ import annotations


class Conflict(Exception):
    """A unique key already holds this value (a twin delivery, a reference taken a moment ago)."""


class Unavailable(Exception):
    """The database cannot be reached (down, restarting, unreachable): nothing of this request was written."""
