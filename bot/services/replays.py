"""A signed request seen before is a replay: Slack never sends a command or a click twice, so a second copy
(captured and sent again inside the five minutes its signature is valid) has no effect. Events are not kept
here: Slack does retry those, and their event id makes each retry a no-op where it is handled."""
from __future__ import annotations

from bot.services.ports import Core
from storage.errors import Conflict, Unavailable


def first_time(core: Core, key: str) -> bool:
    """Records `key` (the request's signature); False if it was already recorded, by any replica."""
    try:
        with core.uow() as uow:
            uow.processed.claim(key, core.clock.now())
            uow.commit()
    except Conflict:
        return False
    except Unavailable:  # nothing can run without the database anyway: the request goes on to say so
        return True
    return True
