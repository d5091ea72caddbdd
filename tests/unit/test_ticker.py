"""The scheduler's tick: a failing tick is logged and does not stop the next one."""
from __future__ import annotations

import logging
import threading

from scheduler.ticker import Ticker


def test_a_failing_tick_is_logged_and_the_next_one_runs(caplog):
    calls = []

    def tick():
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("Slack is down")

    run = Ticker._safe(tick)
    with caplog.at_level(logging.ERROR, logger="scheduler.ticker"):
        run()
        run()
    assert calls == [0, 1]
    assert "scheduler tick failed" in caplog.text and "Slack is down" in caplog.text


def test_the_first_tick_runs_at_start_so_what_an_earlier_process_left_goes_out_at_once():
    ticked = threading.Event()
    ticker = Ticker(ticked.set, every_seconds=3600)
    ticker.start()
    try:
        assert ticked.wait(5), "the first tick waited for the interval"
    finally:
        ticker.stop()
