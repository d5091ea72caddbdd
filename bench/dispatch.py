"""Dispatch benchmark: 10,000 due reminders through a fake Slack that enforces its limits, against the floor.

Run: `.venv/bin/python -m bench.dispatch [--rows 10000] [--people 2000] [--rate 100] [--postgres URL]`.
This module owns the numbers of sending planned messages: wall time against the floor the limits allow,
429s met, lost and doubled messages. The fake Web API (tests/support/fake_slack.py) runs in a child
process and enforces about one `chat.postMessage` a second per DM (bursts of 3) and `--rate` a second in
all, answering 429 with a whole-second Retry-After beyond them, as Slack does. The rows are written as the
planner writes them (keyed, scheduled, due now: a real reminder's blocks) and sent by the real Dispatcher
and SlackSender, paced by `ASPBOT_SEND_RATE` set just under the fake's budget (its share of it with two
replicas). The baseline is a bare `slack_sdk` loop posting the same messages with the same pacing and no
database: what the limits and the HTTP round trips alone cost. Scenarios: SQLite in one process; with
`--postgres`, the same rows on PostgreSQL sent by two replicas (two processes claiming with SKIP LOCKED).
Lost: rows not sent at the end; doubled: outbox keys Slack received more than once.
"""
from __future__ import annotations

import argparse
import logging
import math
import multiprocessing
import os
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

CHANNEL_RATE, CHANNEL_BURST = 1.0, 3
HEADROOM = 0.97  # aspbot's pace against the fake's budget: just under it, so that a 429 is rare


def fake_main(conn, rate: float) -> None:
    """The fake Web API, in its own process: its URL out, then on request what it received."""
    from tests.support.fake_slack import FakeSlack

    fake = FakeSlack()
    fake.limit("chat.postMessage", per_channel=CHANNEL_RATE, channel_burst=CHANNEL_BURST, workspace=rate,
               workspace_burst=max(1, int(rate)))
    fake.start()
    conn.send(fake.base_url)
    while True:
        command = conn.recv()
        if command == "stop":
            break
        posts = [c for c in fake.calls("chat.postMessage") if c.response.get("ok")]
        keys = Counter(str((c.params.get("metadata") or {}).get("event_payload", {}).get("key")) for c in posts)
        conn.send({"posts": len(posts), "keys": dict(keys), "limited": fake.limited})
        fake.reset()
        fake.limited = 0
    fake.stop()


def _message():
    from bot.features.campaigns import views
    from bot.features.campaigns.policy import FINAL, Deadline
    from storage.models import CallForInput

    call = CallForInput(code="CP-2024", title="Complementarity platform", timezone="Europe/Amsterdam", form="need")
    return views.reminder(call, "KE", Deadline(FINAL, datetime(2024, 10, 1, 21, 59, 59, tzinfo=UTC)),
                          "Africa/Nairobi", False)


def prepare(url: str, rows: int, people: int) -> None:
    """Members with a known profile, and `rows` reminders due now, spread over them in turn."""
    from bot.app import build_storage
    from bot.replies import encode_message
    from bot.settings import Settings
    from storage.migrate import upgrade
    from storage.models import Member

    upgrade(url)
    storage = build_storage(Settings(database_url=url))
    now = datetime.now(UTC) - timedelta(seconds=1)
    body = encode_message(_message())
    with storage.uow() as uow:
        members = [Member(channel="slack", workspace="T1", user_key=f"U{n:05d}", created_at=now,
                          profile_checked_at=now, profile_locale="en-GB", timezone="Africa/Nairobi")
                   for n in range(people)]
        uow.session.add_all(members)
        uow.session.flush()
        for n in range(rows):
            member = members[n % people]
            uow.reminders.put(member.id, f"remind:CP-2024:final:{n // people}:{member.id}", "remind:CP-2024:KE",
                              body, now, now)
        uow.commit()
    storage.engine.dispose()


def replica_main(url: str, api_url: str, rate: float, ready, go) -> None:
    """One aspbot process: the real dispatcher, sweeping until nothing is left to send."""
    from slack_sdk import WebClient

    from bot.app import build_core, build_dispatcher, build_storage
    from bot.settings import Settings
    from handlers.slack.sender import SlackSender
    from tests.support.fakes import FakeDirectory

    logging.getLogger("scheduler.outbox").setLevel(logging.ERROR)  # a 429 is counted in the table, not logged
    settings = Settings(database_url=url, aspbot_send_rate=rate, aspbot_channel_rate=CHANNEL_RATE * HEADROOM)
    storage = build_storage(settings)
    core = build_core(settings, storage, FakeDirectory())
    dispatcher = build_dispatcher(core, {"slack": SlackSender(WebClient(token="xoxb-bench", base_url=api_url))})
    ready.wait()
    go.wait()
    while True:
        dispatcher.deliver()
        with storage.uow() as uow:
            if not uow.outbox.pending_count():
                break
        time.sleep(0.05)  # rows set aside for a moment (a DM's budget): the next sweep takes them
    storage.engine.dispose()


def run_aspbot(url: str, api_url: str, rate: float, replicas: int) -> tuple[float, int]:
    """Wall time until every row is sent, and how many are not sent at the end."""
    from sqlalchemy import create_engine, func, select

    from storage.models import OutboxMessage

    context = multiprocessing.get_context("spawn")
    ready, go = context.Barrier(replicas + 1), context.Event()
    processes = [context.Process(target=replica_main, args=(url, api_url, rate * HEADROOM / replicas, ready, go))
                 for _ in range(replicas)]
    for process in processes:
        process.start()
    ready.wait()
    started = time.monotonic()
    go.set()
    for process in processes:
        process.join()
    wall = time.monotonic() - started
    engine = create_engine(url)
    with engine.connect() as conn:
        lost = conn.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status != "sent"))
    engine.dispose()
    return wall, int(lost or 0)


def run_bare(api_url: str, rows: int, people: int, rate: float) -> float:
    """The same posts from a bare slack_sdk loop with the same pacing, no database."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    from bot.i18n import Reader
    from handlers.slack.render import Renderer
    from scheduler.budget import Budget

    client = WebClient(token="xoxb-bench", base_url=api_url)
    renderer = Renderer(Reader("en-GB", "Africa/Nairobi"))
    message = _message()
    budget = Budget(workspace_rate=rate * HEADROOM, channel_rate=CHANNEL_RATE, channel_burst=CHANNEL_BURST)
    queue = [(f"U{n % people:05d}", f"bare:{n}") for n in range(rows)]
    started = time.monotonic()
    while queue:
        later = []
        for user, key in queue:
            delay, booked = budget.reserve("T1", user, 1.0)
            if not booked:
                later.append((user, key))
                continue
            time.sleep(delay)
            try:
                client.chat_postMessage(channel=user, text=renderer.fallback(message), blocks=renderer.blocks(message),
                                        metadata={"event_type": "aspbot_outbox", "event_payload": {"key": key}})
            except SlackApiError:
                later.append((user, key))
        queue = later
    return time.monotonic() - started


def floor_seconds(rows: int, people: int, rate: float) -> float:
    """What the limits allow at best: the workspace's budget, or one DM's share past its burst."""
    per_dm = math.ceil(rows / people)
    return max(rows / rate, max(0, per_dm - CHANNEL_BURST) / CHANNEL_RATE)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--rate", type=float, default=100.0, help="the fake workspace's budget, posts a second")
    parser.add_argument("--postgres", help="a PostgreSQL URL for the two-replica run (a schema is made and dropped)")
    args = parser.parse_args(argv)
    os.environ.setdefault("ASPBOT_LOG_LEVEL", "WARNING")
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    fake = context.Process(target=fake_main, args=(theirs, args.rate), name="bench-fake-slack")
    fake.start()
    api_url = ours.recv()
    floor = floor_seconds(args.rows, args.people, args.rate)
    results = []

    def measured(name: str, wall: float, lost: int) -> None:
        ours.send("stats")
        stats = ours.recv()
        doubled = sum(n - 1 for n in stats["keys"].values() if n > 1)
        results.append((name, wall, stats["posts"], stats["limited"], lost, doubled))

    measured("bare slack_sdk loop, same pacing", run_bare(api_url, args.rows, args.people, args.rate), 0)
    from bench.http_roundtrip import database

    with database(None) as (url, _kind):
        prepare(url, args.rows, args.people)
        measured("aspbot, SQLite, 1 process", *run_aspbot(url, api_url, args.rate, 1))
    if args.postgres:
        with database(args.postgres) as (url, _kind):
            prepare(url, args.rows, args.people)
            measured("aspbot, PostgreSQL, 2 replicas", *run_aspbot(url, api_url, args.rate, 2))
    ours.send("stop")
    fake.join()

    print(f"\n{args.rows} due reminders to {args.people} people; fake Slack: {CHANNEL_RATE:g}/s per DM (bursts of "
          f"{CHANNEL_BURST}), {args.rate:g}/s per workspace; floor {floor:.1f} s\n")
    print(f"{'scenario':34} {'wall s':>8} {'× floor':>8} {'posted':>7} {'429s':>6} {'lost':>5} {'doubled':>8}")
    for name, wall, posts, limited, lost, doubled in results:
        print(f"{name:34} {wall:8.1f} {wall / floor:8.2f} {posts:7d} {limited:6d} {lost:5d} {doubled:8d}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
