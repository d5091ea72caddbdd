"""How fast the outbox may post: a workspace-wide budget and about one message per second per person's DM.

Each budget is a token bucket kept as its "theoretical arrival time" (GCRA): a send is allowed once the
bucket's time, less its burst, has come. Planned messages (reminders, announcements) wait for both budgets;
replies to what a person just did never wait, but spend the workspace's budget, so bulk sending yields to
them. A 429's Retry-After is not kept here but by the dispatcher, on the core's clock, with the rows. The
budget is per process: with several replicas, give each its share (README). Time is real
(monotonic), not the core's clock: it paces real requests to Slack.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

Key = tuple[str, ...]


class Budget:
    def __init__(self, workspace_rate: float = 20.0, channel_rate: float = 1.0, channel_burst: int = 3,
                 workspace_burst: int | None = None, now: Callable[[], float] = time.monotonic):
        self._rates = {"workspace": (workspace_rate, workspace_burst or max(1, int(workspace_rate))),
                       "channel": (channel_rate, channel_burst)}
        self._now = now
        self._lock = threading.Lock()
        self._tat: dict[Key, float] = {}

    def _shape(self, key: Key) -> tuple[float, float]:
        """(interval between sends, tolerance): zero rate means no limit."""
        rate, burst = self._rates[key[0]]
        if rate <= 0:
            return 0.0, 0.0
        return 1.0 / rate, (burst - 1) / rate

    def _keys(self, workspace: str, channel: str | None) -> list[Key]:
        keys: list[Key] = [("workspace", workspace)]
        if channel is not None:
            keys.append(("channel", workspace, channel))
        return keys

    def reserve(self, workspace: str, channel: str, most: float) -> float:
        """Seconds until a planned message to `channel` may go. When that is at most `most`, the send is booked
        (the caller waits that long, then posts); when longer, nothing is booked and the caller sets it aside."""
        with self._lock:
            t = self._now()
            keys = self._keys(workspace, channel)
            at = t
            for key in keys:
                interval, tolerance = self._shape(key)
                if interval:
                    at = max(at, self._tat.get(key, t) - tolerance)
            delay = at - t
            if delay > most:
                return delay
            for key in keys:
                interval, _tolerance = self._shape(key)
                if interval:
                    self._tat[key] = max(self._tat.get(key, t), at) + interval
            return delay

    def spend(self, workspace: str) -> None:
        """A reply went now, without waiting: the workspace's budget is used, at most one burst into debt."""
        with self._lock:
            t = self._now()
            key: Key = ("workspace", workspace)
            interval, tolerance = self._shape(key)
            if interval:
                self._tat[key] = min(max(self._tat.get(key, t), t) + interval, t + tolerance + interval)
