"""The APScheduler clock behind a small API: it only ticks; rows in the database are the truth."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger(__name__)


class Ticker:
    def __init__(self, tick: Callable[[], object], every_seconds: float = 5.0):
        self._scheduler = BackgroundScheduler(timezone="UTC")
        # The first tick runs at start: what an earlier process left due (it was stopped, or killed) goes out
        # at once, not one interval later.
        self._scheduler.add_job(self._safe(tick), "interval", seconds=every_seconds, id="outbox",
                                max_instances=1, coalesce=True, next_run_time=datetime.now(UTC))

    def add(self, name: str, run: Callable[[], object], every_seconds: float) -> None:
        """Another job with its own interval (the floor's countdown, each second)."""
        self._scheduler.add_job(self._safe(run), "interval", seconds=every_seconds, id=name, max_instances=1,
                                coalesce=True)

    @staticmethod
    def _safe(tick: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                tick()
            except Exception:  # a failing tick must not stop the next one
                log.exception("scheduler tick failed")
        return run

    def start(self) -> None:
        self._scheduler.start()

    def stop(self) -> None:
        self._scheduler.shutdown(wait=False)
