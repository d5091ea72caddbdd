"""Expected refusals: one exception type carrying a translatable message, shown to the person as is."""
from __future__ import annotations

from bot.i18n import Msg


class Refusal(Exception):
    """Something the person asked for cannot be done (not allowed, deadline passed, unknown reference).

    Anything that is not a Refusal is a bug: adapters log it with a correlation ID and show a
    neutral apology, never the exception text.
    """

    def __init__(self, message: Msg):
        super().__init__(message.id)
        self.message = message
