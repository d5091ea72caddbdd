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


def paced(core: Core, job: Job, deliver: Callable[[list[int]], object]) -> Callable[[], None]:
    """A job on its own pace: its rows go at once, without sweeping the whole outbox each second."""
    def run() -> None:
        try:
            ids = job.run(core)
        except Exception:
            log.exception("scheduled job %s failed", job.name)
            return
        if ids:
            deliver(ids)
    return run


def start_ticker(core: Core, deliver_due: Callable[[], object], deliver: Callable[[list[int]], object],
                 every_seconds: float):
    """The scheduler for a serving process: the features' jobs on the tick, paced jobs on their own."""
    from scheduler.ticker import Ticker

    ticker = Ticker(tick(core, [j for j in core.features.jobs if j.every_seconds is None], deliver_due),
                    every_seconds=every_seconds)
    for job in core.features.jobs:
        if job.every_seconds is not None:
            ticker.add(job.name, paced(core, job, deliver), job.every_seconds)
    ticker.start()
    return ticker
