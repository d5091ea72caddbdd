"""How fast the outbox may post: a workspace-wide budget and about one message per second per person's DM.

Each budget is a token bucket kept as its "theoretical arrival time" (GCRA): a send is allowed once the
bucket's time, less its burst, has come. Planned messages (reminders, announcements) wait for both budgets;
replies to what a person just did never wait, but spend the workspace's budget, so bulk sending yields to
them. A 429's Retry-After is not kept here but by the dispatcher, with the rows. The budget is per
process: with several replicas, give each its share (README). Its time is the core's clock (seconds), as
the rows' is: a row set aside until a DM may take it comes due on the same clock that said so; a clock
that goes back (the console's `/time -1d`) starts the budgets afresh.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

Key = tuple[str, ...]


class Budget:
    def __init__(self, workspace_rate: float = 20.0, channel_rate: float = 1.0, channel_burst: int = 3,
                 workspace_burst: int | None = None, now: Callable[[], float] = time.monotonic):
        # Half a second's worth at once by default: a fresh process (or a restart) must not spend at a stroke
        # the burst Slack may already have counted against the workspace.
        self._rates = {"workspace": (workspace_rate, workspace_burst or max(1, int(workspace_rate / 2))),
                       "channel": (channel_rate, channel_burst)}
        self._now = now
        self._lock = threading.Lock()
        self._tat: dict[Key, float] = {}
        self._last = float("-inf")

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

    def reserve(self, workspace: str, channel: str, most: float) -> tuple[float, bool]:
        """(seconds until a planned message to `channel` may go, booked). When its DM may take it now and the
        workspace within `most`, the send is booked: the caller waits that long, then posts. Otherwise nothing
        is booked and the caller sets the row aside for those seconds: a DM's wait never holds others up."""
        with self._lock:
            t = self._time()
            keys = self._keys(workspace, channel)
            ready = {key: self._ready(key, t) for key in keys}
            dm = ready[keys[1]] - t
            if dm > 0:
                return max(dm, ready[keys[0]] - t), False
            delay = ready[keys[0]] - t
            if delay > most:
                return delay, False
            at = t + max(delay, 0.0)
            for key in keys:
                interval, _tolerance = self._shape(key)
                if interval:
                    self._tat[key] = max(self._tat.get(key, t), at) + interval
            return max(delay, 0.0), True

    def _time(self) -> float:
        """Now, with the lock held; a clock moved back more than a second forgets what was booked."""
        t = self._now()
        if t < self._last - 1:
            self._tat.clear()
        self._last = t
        return t

    def _ready(self, key: Key, t: float) -> float:
        interval, tolerance = self._shape(key)
        return max(t, self._tat.get(key, t) - tolerance) if interval else t

    def spend(self, workspace: str) -> None:
        """A reply went now, without waiting: the workspace's budget is used, at most one burst into debt."""
        with self._lock:
            t = self._time()
            key: Key = ("workspace", workspace)
            interval, tolerance = self._shape(key)
            if interval:
                self._tat[key] = min(max(self._tat.get(key, t), t) + interval, t + tolerance + interval)
