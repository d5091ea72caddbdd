"""One scheduler tick: each feature's jobs write what is due into the outbox, then everything due is sent."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from bot.features import Job
from bot.services.ports import Core

log = logging.getLogger(__name__)


def tick(core: Core, jobs: Iterable[Job], deliver: Callable[[], object]) -> Callable[[], None]:
    jobs = tuple(jobs)

    def run() -> None:
        for job in jobs:
            try:
                job.run(core)
            except Exception:  # one feature's failing job must not keep the others' messages (or the outbox) back
                log.exception("scheduled job %s failed", job.name)
        deliver()
    return run
