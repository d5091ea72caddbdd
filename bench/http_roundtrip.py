"""Benchmark: aspbot's Bolt app against a bare Bolt app, both over real signed HTTP on loopback.

Run: `.venv/bin/python -m bench.http_roundtrip [--requests 300] [--needs 2000] [--postgres URL]`. Prints a table
of latency percentiles and throughput for `/asp help` (the full path: signature check, routing, database,
catalog rendering, Block Kit), for the Secretariat's `/asp status` over `--needs` stored (sealed) needs, and for
a DM that starts onboarding (measured until the fake Slack Web API has received the bot's reply). Both apps run
in this process with the same fake Web API.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy import create_engine, text

from bot.app import build_slack
from bot.seed import seed_delegations, seed_demo
from bot.settings import Settings
from handlers.slack.web import wsgi_app
from storage.migrate import upgrade
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import SlackClient
from tests.support.serving import Served

SECRET = "bench-secret"
EXECUTORS = [ThreadPoolExecutor(max_workers=5), ThreadPoolExecutor(max_workers=5)]


def serve(app) -> tuple[str, Served]:
    served = Served(wsgi_app(app, signing_secret=SECRET, healthy=lambda: True))  # /healthz is not measured
    return served.base_url, served


def bare_app(fake: FakeSlack) -> App:
    app = App(signing_secret=SECRET, client=WebClient(token="xoxb-bench", base_url=fake.base_url),
              listener_executor=EXECUTORS[0])

    @app.command("/asp")
    def asp(ack):
        ack(text="ok")

    @app.event("message")
    def dm(event, client):
        client.chat_postMessage(channel=event["user"], text="hello")

    return app


def seed_needs(storage, count: int) -> None:
    """`count` submitted needs of random States and areas, each with a sealed version, as the intake writes them."""
    import random

    from storage.models import Delegation, Member, Need, NeedVersion

    rng = random.Random(18)
    now = datetime.now(UTC)
    with storage.uow() as uow:
        states = [d.id for d in uow.session.query(Delegation).filter_by(kind="state_party")]
        call = uow.calls.by_code("DEMO-CALL")
        member = uow.members.add(Member(channel="slack", workspace="T1", user_key="UBENCH", created_at=now))
        for n in range(count):
            need = Need(reference=f"CP-BENCH-{n:05d}", delegation_id=rng.choice(states), call_id=call.id,
                        area=rng.choice(("forensics", "investigation", "legislation", "victims")),
                        status=rng.choice(("submitted", "under_review", "shared", "closed")), consent=True,
                        version=1, created_by_id=member.id, created_at=now, updated_at=now)
            uow.needs.add(need, NeedVersion(version=1, answers={"title": f"Need {n}", "description": "x" * 400},
                                            confidential=["description"], author_id=member.id, created_at=now))
        uow.commit()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure_commands(client: SlackClient, n: int, text: str = "help", user: str | None = None) -> list[float]:
    times = []
    for i in range(n):
        start = time.perf_counter()
        status, _body = client.command(text, user_id=user or f"UB{i % 20}")
        times.append(time.perf_counter() - start)
        assert status == 200, status
    return times


def measure_dms(client: SlackClient, fake: FakeSlack, n: int, tag: str, replies: int) -> list[float]:
    """Time from posting the event until the fake Web API has every reply the person should get."""
    times = []
    for i in range(n):
        user = f"U{tag.upper()}{i}"  # Slack user ids are upper case; the door refuses any other shape
        start = time.perf_counter()
        status, _body = client.dm(user, "hello", event_id=f"Ev{tag}{i}")
        assert status == 200, status
        fake.wait_for_messages(user, replies, timeout=10)
        times.append(time.perf_counter() - start)
    return times


def row(name: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    total = sum(times)
    return (f"| {name:<38} | {len(ms):>5} | {statistics.median(ms):>8.2f} | {percentile(ms, 0.95):>8.2f} | "
            f"{max(ms):>8.2f} | {len(ms) / total:>8.1f} |")


@contextmanager
def database(postgres: str | None):
    """A fresh SQLite file, or a fresh schema in the given PostgreSQL database (dropped afterwards)."""
    if not postgres:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}", "SQLite"
        return
    schema = f"aspbot_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        joiner = "&" if "?" in postgres else "?"
        yield f"{postgres}{joiner}options=-csearch_path%3D{schema}", "PostgreSQL"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--dms", type=int, default=100)
    parser.add_argument("--needs", type=int, default=2000, help="needs stored (sealed) when /asp status counts them")
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on (a schema is made and dropped)")
    args = parser.parse_args()

    fake = FakeSlack()
    fake.start()
    with database(args.postgres) as (url, kind):
        upgrade(url)
        settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET,
                            slack_api_url=fake.base_url, database_url=url, aspbot_secretariat="USEC")
        parts = build_slack(settings, delivery_executor=EXECUTORS[1])
        with parts.storage.uow() as uow:
            seed_delegations(uow)
            seed_demo(uow, datetime.now(UTC).date())
            uow.commit()
        seed_needs(parts.storage, args.needs)
        bare_url, bare_server = serve(bare_app(fake))
        asp_url, asp_server = serve(parts.app)
        bare, aspbot = SlackClient(bare_url, SECRET), SlackClient(asp_url, SECRET)
        measure_commands(bare, 20)
        measure_commands(aspbot, 20)  # warm-up: first users.info, catalogs, pools
        results = [
            ("bare Bolt: /asp (ack only)", measure_commands(bare, args.requests)),
            ("aspbot: /asp help", measure_commands(aspbot, args.requests)),
            (f"aspbot: /asp status, {args.needs} needs", measure_commands(aspbot, args.requests // 3, "status",
                                                                          "USEC")),
            ("bare Bolt: DM → 1 postMessage", measure_dms(bare, fake, args.dms, "bare", 1)),
            ("aspbot: DM → onboarding (2 messages)", measure_dms(aspbot, fake, args.dms, "asp", 2)),
        ]
        print(f"\n{kind}, waitress 4 threads, loopback; {args.requests} commands, {args.dms} DMs, sequential\n")
        print("| scenario                               |     n | p50 (ms) | p95 (ms) | max (ms) |    req/s |")
        print("|----------------------------------------|-------|----------|----------|----------|----------|")
        for name, times in results:
            print(row(name, times))
        for executor in EXECUTORS:  # listeners finish before the database goes away
            executor.shutdown(wait=True)
        bare_server.stop()
        asp_server.stop()
        parts.storage.engine.dispose()
    fake.stop()


if __name__ == "__main__":
    main()
