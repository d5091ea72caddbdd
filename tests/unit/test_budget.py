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
    assert [budget.reserve("T1", "U1", most=5) for _ in range(3)] == [0, 0, 0]
    assert [round(budget.reserve("T1", "U1", most=5), 6) for _ in range(2)] == [1.0, 2.0]  # booked, in turn
    assert budget.reserve("T1", "U2", most=5) == 0  # another DM has its own budget
    assert round(budget.reserve("T1", "U1", most=1.5), 6) == 3.0  # too far off: not booked
    clock.t += 3
    assert budget.reserve("T1", "U1", most=0) == 0


def test_the_workspace_budget_spreads_planned_messages_and_replies_use_it_without_waiting():
    clock = Clock()
    budget = Budget(workspace_rate=10.0, channel_rate=0, workspace_burst=1, now=clock)
    delays = [round(budget.reserve("T1", f"U{i}", most=10), 6) for i in range(5)]
    assert delays == [0.0, 0.1, 0.2, 0.3, 0.4]
    clock.t += 1
    for _ in range(50):  # a burst of replies: each goes, the debt is capped at one burst
        budget.spend("T1")
    assert round(budget.reserve("T1", "U9", most=10), 6) == 0.1
    assert Budget(workspace_rate=0, channel_rate=0, now=clock).reserve("T1", "U1", most=0) == 0  # no limit
