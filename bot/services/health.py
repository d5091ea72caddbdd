"""What /healthz reports: whether the database answers (a load balancer stops sending to a replica that cannot)."""
from __future__ import annotations

import logging

from bot.services.ports import Core

log = logging.getLogger(__name__)


def database_answers(core: Core) -> bool:
    try:
        with core.uow() as uow:
            uow.ping()
    except Exception as exc:  # any failure to answer is "down" to a health check, and said once in the log
        log.warning("health check: database does not answer (%s)", type(exc).__name__)
        return False
    return True
