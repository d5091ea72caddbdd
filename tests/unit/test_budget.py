"""The send budget, on a hand-moved monotonic clock: a workspace rate, about one per second per DM, bursts."""
from __future__ import annotations

from scheduler.budget import Budget


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_a_dm_takes_a_burst_then_one_per_second():
    clock = Clock()
    budget = Budget(workspace_rate=0, channel_rate=1.0, channel_burst=3, now=clock)
    assert [budget.reserve("T1", "U1", most=5) for _ in range(3)] == [(0, True)] * 3
    # A DM's wait is never booked (the row is set aside, the others go on), however short.
    assert budget.reserve("T1", "U1", most=5) == (1.0, False)
    assert budget.reserve("T1", "U2", most=5) == (0, True)  # another DM has its own budget
    clock.t += 1
    assert budget.reserve("T1", "U1", most=0) == (0, True)
    assert budget.reserve("T1", "U1", most=5) == (1.0, False)


def test_the_workspace_budget_spreads_planned_messages_and_replies_use_it_without_waiting():
    clock = Clock()
    budget = Budget(workspace_rate=10.0, channel_rate=0, workspace_burst=1, now=clock)
    delays = [budget.reserve("T1", f"U{i}", most=10) for i in range(5)]
    assert [(round(d, 6), booked) for d, booked in delays] == [(0.0, True), (0.1, True), (0.2, True), (0.3, True),
                                                                (0.4, True)]  # booked in turn: waited for
    assert budget.reserve("T1", "U8", most=0.2)[1] is False  # too far off: not booked
    clock.t += 1
    for _ in range(50):  # a burst of replies: each goes, the debt is capped at one burst
        budget.spend("T1")
    assert round(budget.reserve("T1", "U9", most=10)[0], 6) == 0.1
    assert Budget(workspace_rate=0, channel_rate=0, now=clock).reserve("T1", "U1", most=0) == (0, True)


def test_a_clock_moved_back_starts_the_budgets_afresh():
    clock = Clock()
    budget = Budget(workspace_rate=0, channel_rate=1.0, channel_burst=1, now=clock)
    assert budget.reserve("T1", "U1", most=5) == (0, True)
    assert budget.reserve("T1", "U1", most=5) == (1.0, False)
    clock.t -= 86400  # the console's /time -1d: nothing booked a day ahead holds the DM back
    assert budget.reserve("T1", "U1", most=5) == (0, True)
