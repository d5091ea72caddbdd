"""Concurrent benchmark: aspbot's Bolt app against a bare Bolt app under many clients, over signed HTTP.

Run: `.venv/bin/python -m bench.concurrent [--seconds 10] [--postgres URL]`. This module owns the
numbers under concurrent load: throughput, p50/p99 and the ratio to a bare Bolt app for `/asp help`
(32 clients) and for a DM conversation step (50 delegates, each a different Slack user, each sending
its next answer only once the fake Slack Web API has received the bot's reply to the previous one),
and, below the table, the server's CPU time, SQL statements and Web API calls per request.
`bench.http_roundtrip` owns the sequential numbers.

Both apps run in this process, back to back, behind the same waitress settings (`--threads`, 8 as
`aspbot serve`), each with a Bolt listener pool of Bolt's default size (5). The load — client threads
on keep-alive `http.client` connections — and the fake Web API (tests/support/fake_slack.py) run in
a child process, so that they do not take the apps' GIL: on this 2-core machine the apps get about
one core, as they would behind real Slack. A DM step is timed from sending the signed event until the
fake has received the reply; every reply is checked (an error message fails the run), and nothing
waits by sleeping: clients wait on conditions the fake signals, phases on barriers — except in the two
paced scenarios, where each of the 50 delegates reads the reply and types the next answer in 1 to 3 s
(a seeded pace per delegate) before sending it: the turn as a person meets it, at 50 people at once.
The unpaced DM scenario sends each answer the instant its reply lands: it measures saturation (its
p99 is about clients ÷ throughput), not the turn.

The aspbot conversation is onboarding, looped: each delegate says "hello", picks "State Party",
then alternately types "uganda" (answer: "In which role?") and "back" (answer: the delegation
question again), so it never ends. Warm-up (`--warmup` s: first contact, users.info, pools) is
excluded; the counters are read at the phase boundaries once every listener has finished.
"""
from __future__ import annotations

import argparse
import http.client
import json
import logging
import multiprocessing
import random
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import event

SECRET = "bench-secret"
LISTENER_POOL = 5  # Bolt's own default (slack_bolt.App creates ThreadPoolExecutor(max_workers=5))
COMMAND_CLIENTS = 32
DM_CLIENTS = 50
REPLY_TIMEOUT = 30.0
THINK = (1.0, 3.0)  # a quick delegate: reads a one-line question and types a one-word answer

ROLE_QUESTION = "In which role?"
DELEGATION_QUESTION = "Which one?"
KIND_QUESTION = "What kind of delegation do you represent?"
HELP_TITLE = "What you can ask me"


def not_measured() -> bool:  # /healthz is not part of any scenario
    return True


@dataclass(frozen=True)
class Scenario:
    key: str
    name: str
    app: str  # "bare" or "aspbot"
    kind: str  # "command" or "dm"
    clients: int
    bare: str | None = None  # the key of the bare scenario this one is compared with
    # Seconds a delegate takes to read the reply and type the next answer (uniform between the two); none:
    # the next answer is sent the moment the reply lands, so the scenario measures saturation, not a turn.
    think: tuple[float, float] | None = None


SCENARIOS = (
    Scenario("bare-asp", "bare Bolt: /asp (ack only)", "bare", "command", COMMAND_CLIENTS),
    Scenario("asp-help", "aspbot: /asp help", "aspbot", "command", COMMAND_CLIENTS, bare="bare-asp"),
    Scenario("bare-dm", "bare Bolt: DM → 1 postMessage", "bare", "dm", DM_CLIENTS),
    Scenario("asp-dm", "aspbot: DM step (onboarding answer)", "aspbot", "dm", DM_CLIENTS, bare="bare-dm"),
    Scenario("bare-paced", "bare Bolt: DM, 50 typing 1-3 s", "bare", "dm", DM_CLIENTS, think=THINK),
    Scenario("asp-paced", "aspbot: DM step, 50 typing 1-3 s", "aspbot", "dm", DM_CLIENTS, bare="bare-paced",
             think=THINK),
)


# --- the server side (this process) ------------------------------------------------------------

class TrackedExecutor(ThreadPoolExecutor):
    """A Bolt listener pool that can tell when every listener submitted so far has finished."""

    def __init__(self, workers: int = LISTENER_POOL):
        super().__init__(max_workers=workers)
        self._busy = 0
        self._idle = threading.Condition()

    def submit(self, fn, /, *args, **kwargs):
        with self._idle:
            self._busy += 1

        def run():
            try:
                return fn(*args, **kwargs)
            finally:
                with self._idle:
                    self._busy -= 1
                    if self._busy == 0:
                        self._idle.notify_all()

        return super().submit(run)

    def wait_idle(self, timeout: float = 60.0) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._busy == 0, timeout=timeout):
                raise RuntimeError(f"listeners still running after {timeout}s")


class StatementCounter:
    """Counts the SQL statements an engine sends, by their first word (SELECT, INSERT, …), and the wall
    time spent inside the driver's cursor.execute (which, under load, includes waiting for the GIL)."""

    def __init__(self, engine):
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._seconds = 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        word = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "?"
        with self._lock:
            self._counts[word] += 1
        if context is not None:
            context._bench_started = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        started = getattr(context, "_bench_started", None)
        if started is not None:
            with self._lock:
                self._seconds += time.perf_counter() - started

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"counts": dict(self._counts), "seconds": self._seconds}


def bare_app(api_url: str, executor):
    from slack_bolt import App
    from slack_sdk import WebClient

    app = App(signing_secret=SECRET, client=WebClient(token="xoxb-bench", base_url=api_url),
              listener_executor=executor)

    @app.command("/asp")
    def asp(ack):
        ack(text="ok")

    @app.event("message")
    def dm(event, client):
        client.chat_postMessage(channel=event["user"], text="hello")

    return app


def serve_apps(args: argparse.Namespace, conn) -> None:
    """Builds both apps against the child's fake Web API, serves them, and answers its marks."""
    from bench.http_roundtrip import database
    from bot.app import build_slack
    from bot.seed import seed_delegations
    from bot.settings import Settings
    from handlers.slack.web import wsgi_app
    from storage.migrate import upgrade
    from tests.support.serving import Served

    # Queueing in front of the 8 threads is what this benchmark measures; waitress warns of it per request.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    api_url = _receive(conn)
    with database(args.postgres) as (url, kind):
        upgrade(url)
        settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET, slack_api_url=api_url,
                            database_url=url, aspbot_secretariat="USEC")
        executors = {"bare": TrackedExecutor(), "aspbot": TrackedExecutor()}
        parts = build_slack(settings, delivery_executor=executors["aspbot"])
        with parts.storage.uow() as uow:
            seed_delegations(uow)
            uow.commit()
        statements = StatementCounter(parts.storage.engine)
        bare = bare_app(api_url, executors["bare"])
        servers = {"bare": Served(wsgi_app(bare, signing_secret=SECRET, healthy=not_measured), threads=args.threads),
                   "aspbot": Served(wsgi_app(parts.app, signing_secret=SECRET, healthy=not_measured),
                                     threads=args.threads)}
        try:
            conn.send({name: served.base_url for name, served in servers.items()})
            while True:
                message = _receive(conn)
                if message[0] == "mark":  # a phase boundary: let the listeners finish, then count
                    for executor in executors.values():
                        executor.wait_idle()
                    conn.send({"statements": statements.snapshot(), "cpu": time.process_time()})
                elif message[0] == "done":
                    results = message[1]
                    break
        finally:
            for executor in executors.values():  # listeners finish before the database goes away
                executor.shutdown(wait=True)
            for served in servers.values():
                served.stop()
            parts.storage.engine.dispose()
    print_table(results, kind, args)


def _receive(conn):
    try:
        message = conn.recv()
    except EOFError:
        raise SystemExit("the load process ended without a result") from None
    if isinstance(message, tuple) and message and message[0] == "error":
        raise SystemExit(f"the load process failed:\n{message[1]}")
    return message


# --- the load side (child process): the fake Web API and the clients ----------------------------

class Inbox:
    """The messages the fake received for one user's DM; a client waits on it for its reply."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.arrived = threading.Condition()

    def wait_for(self, count: int, timeout: float = REPLY_TIMEOUT) -> list[str]:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.texts) >= count, timeout=timeout):
                raise AssertionError(f"only {len(self.texts)} of {count} messages arrived: {self.texts[-3:]}")
            return list(self.texts)


def tracking_fake():
    """The tests' fake Slack Web API, which also signals each user's inbox and counts calls by method."""
    from tests.support.fake_slack import MESSAGE_METHODS, FakeSlack

    class TrackingFake(FakeSlack):
        def __init__(self) -> None:
            super().__init__()
            self.inboxes: dict[str, Inbox] = {}
            self.methods: Counter[str] = Counter()
            self._track = threading.Lock()

        def inbox(self, user: str) -> Inbox:
            with self._track:
                return self.inboxes.setdefault(user, Inbox())

        def method_counts(self) -> dict[str, int]:
            with self._track:
                return dict(self.methods)

        def _record(self, path: str, params: dict[str, Any], headers: dict[str, str]):
            answer = super()._record(path, params, headers)
            method = path.removeprefix("/api/")
            with self._track:
                self.methods[method] += 1
                inbox = self.inboxes.get(str(params.get("channel", "")).removeprefix("D")) \
                    if method in MESSAGE_METHODS else None
            if inbox is not None:
                with inbox.arrived:
                    inbox.texts.append(str(params.get("text", "")))
                    inbox.arrived.notify_all()
            return answer

    return TrackingFake()


class Poster:
    """One client's keep-alive HTTP connection to an app's /slack/events."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REPLY_TIMEOUT)

    def post(self, body: bytes, content_type: str) -> tuple[int, bytes]:
        from tests.support.payloads import sign

        self.connection.request("POST", "/slack/events", body, sign(body, SECRET, content_type=content_type))
        response = self.connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.connection.close()


@dataclass
class Phase:
    """Warm-up for `warmup` seconds, then (all clients aligned by a barrier) `seconds` measured.

    At both barriers `mark()` snapshots the counters (SQL statements, CPU time, Web API calls)
    once every listener has finished, so the measured window's counts are exact.
    """

    clients: int
    warmup: float
    seconds: float
    mark: Callable[[], dict[str, Any]]
    measuring: bool = False
    deadline: float = 0.0
    started: float = 0.0
    ended: float = 0.0
    marks: list[dict[str, Any]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.barrier = threading.Barrier(self.clients, action=self._boundary)
        self.deadline = time.perf_counter() + self.warmup

    def _boundary(self) -> None:
        self.marks.append(self.mark())
        if not self.measuring:
            self.measuring = True
            self.started = time.perf_counter()
            self.deadline = self.started + self.seconds
        else:
            self.ended = time.perf_counter()

    def over(self) -> bool:
        return bool(self.failed) or time.perf_counter() >= self.deadline


def command_client(phase: Phase, url: str, user: str, times: list[float]) -> None:
    from tests.support.payloads import FORM, slash_command

    poster = Poster(url)
    try:
        for _stage in ("warm-up", "measured"):
            while not phase.over():
                body = slash_command("help", user_id=user)
                start = time.perf_counter()
                status, raw = poster.post(body, FORM)
                elapsed = time.perf_counter() - start
                check_command(status, raw)
                if phase.measuring:
                    times.append(elapsed)
            phase.barrier.wait()
    finally:
        poster.close()


def check_command(status: int, raw: bytes) -> None:
    if status != 200:
        raise AssertionError(f"/asp answered HTTP {status}: {raw[:200]!r}")
    body = json.loads(raw) if raw.startswith(b"{") else {"text": raw.decode()}
    if body.get("text") != "ok" and HELP_TITLE not in json.dumps(body.get("blocks", [])):
        raise AssertionError(f"/asp help answered something else: {raw[:300]!r}")


def dm_client(phase: Phase, url: str, inbox: Inbox, user: str, bot: bool, times: list[float],
              think: tuple[float, float] | None = None) -> None:
    from tests.support.payloads import JSON, message_im

    poster = Poster(url)
    serial = 0
    pace = random.Random(user)  # the same delegates type at the same pace in every run

    def say(text: str, replies: int, expect: str) -> float:
        nonlocal serial
        serial += 1
        before = len(inbox.texts)
        body = message_im(user, text, event_id=f"Ev{user}-{serial}")
        start = time.perf_counter()
        status, raw = poster.post(body, JSON)
        if status != 200:
            raise AssertionError(f"the DM event got HTTP {status}: {raw[:200]!r}")
        texts = inbox.wait_for(before + replies)
        elapsed = time.perf_counter() - start
        got = texts[before:]
        if len(got) != replies or not got[-1].startswith(expect):
            raise AssertionError(f"{user} said {text!r}, expected {replies} message(s) ending with {expect!r}, "
                                 f"got {got!r}")
        return elapsed

    try:
        if bot:  # the conversation starts: the welcome and the first question, then "State Party"
            say("hello", 2, KIND_QUESTION)
            say("1", 1, DELEGATION_QUESTION)
        at_delegation = True
        for _stage in ("warm-up", "measured"):
            while not phase.over():
                if think is not None:  # reading and typing: the only sleep, and the point of the scenario;
                    time.sleep(pace.uniform(*think))  # before the send, so a barrier does not align them
                if not bot:
                    elapsed = say("hi", 1, "hello")
                elif at_delegation:
                    elapsed = say("uganda", 1, ROLE_QUESTION)
                else:
                    elapsed = say("back", 1, DELEGATION_QUESTION)
                at_delegation = not at_delegation
                if phase.measuring:
                    times.append(elapsed)
            phase.barrier.wait()
    finally:
        poster.close()


def run_scenario(scenario: Scenario, urls: dict[str, str], fake, args: argparse.Namespace,
                 server_mark: Callable[[], dict[str, Any]], round_: int = 0) -> dict[str, Any]:
    def mark() -> dict[str, Any]:
        return {**server_mark(), "web_api": fake.method_counts(), "load_cpu": time.process_time()}

    phase = Phase(scenario.clients, args.warmup, args.seconds, mark)
    per_client: list[list[float]] = [[] for _ in range(scenario.clients)]

    def client(index: int) -> None:
        user = f"U{scenario.key.replace('-', '').upper()}R{round_}N{index}"  # new people each round
        try:
            if scenario.kind == "command":
                command_client(phase, urls[scenario.app], user, per_client[index])
            else:
                dm_client(phase, urls[scenario.app], fake.inbox(user), user, scenario.app == "aspbot",
                          per_client[index], scenario.think)
        except threading.BrokenBarrierError:
            pass
        except Exception as exc:  # noqa: BLE001 — any failure makes the run invalid
            phase.failed.append(f"{user}: {exc!r}")
            phase.barrier.abort()

    threads = [threading.Thread(target=client, args=(i,), name=f"client-{i}") for i in range(scenario.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if phase.failed:
        raise AssertionError(f"{scenario.name}: {len(phase.failed)} client(s) failed; first: {phase.failed[0]}")
    if len(phase.marks) != 2:
        raise AssertionError(f"{scenario.name}: a phase boundary failed (marks: {len(phase.marks)})")
    before, after = phase.marks
    return {
        "key": scenario.key, "name": scenario.name, "app": scenario.app, "clients": scenario.clients,
        "bare": scenario.bare,
        "times": [t for times in per_client for t in times], "elapsed": phase.ended - phase.started,
        "statements": _delta(after["statements"]["counts"], before["statements"]["counts"]),
        "sql_seconds": after["statements"]["seconds"] - before["statements"]["seconds"],
        "web_api": _delta(after["web_api"], before["web_api"]),
        "server_cpu": after["cpu"] - before["cpu"], "load_cpu": after["load_cpu"] - before["load_cpu"],
    }


def _delta(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {k: after.get(k, 0) - before.get(k, 0) for k in after if after.get(k, 0) != before.get(k, 0)}


def load_main(conn, args: argparse.Namespace) -> None:
    """The child process: starts the fake Web API, then runs each scenario against the served apps."""
    try:
        fake = tracking_fake()
        fake.start()
        conn.send(fake.base_url)
        urls = conn.recv()
        lock = threading.Lock()

        def mark() -> dict[str, Any]:
            with lock:
                conn.send(("mark",))
                return conn.recv()

        results = []
        for round_ in range(args.rounds):
            for scenario in SCENARIOS:
                if args.only and scenario.key not in args.only:
                    continue
                fake.reset()  # keeps the fake's own list of calls short
                results.append(run_scenario(scenario, urls, fake, args, mark, round_))
        conn.send(("done", results))
        fake.stop()
    except (EOFError, BrokenPipeError):  # the parent has gone: nothing to report to
        return
    except BaseException:  # noqa: BLE001 — reported to the parent, which exits with it
        conn.send(("error", traceback.format_exc()))


# --- the report --------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def merge(rounds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One result per scenario: the latencies of every round together, times and counters added up."""
    merged: dict[str, dict[str, Any]] = {}
    for r in rounds:
        into = merged.get(r["key"])
        if into is None:
            merged[r["key"]] = {**r, "times": list(r["times"]), "statements": dict(r["statements"]),
                                "web_api": dict(r["web_api"])}
            continue
        into["times"] += r["times"]
        for name in ("elapsed", "sql_seconds", "server_cpu", "load_cpu"):
            into[name] += r[name]
        for name in ("statements", "web_api"):
            for k, v in r[name].items():
                into[name][k] = into[name].get(k, 0) + v
    return list(merged.values())


def print_table(results: list[dict[str, Any]], kind: str, args: argparse.Namespace) -> None:
    results = merge(results)
    by_key = {r["key"]: r for r in results}
    print(f"\n{kind}, waitress {args.threads} threads, Bolt listener pool {LISTENER_POOL}, loopback, "
          f"load and fake Web API in a child process; {args.warmup:g} s warm-up excluded, "
          f"{args.seconds:g} s measured per scenario"
          + (f", {args.rounds} rounds (scenarios alternate; latencies pooled)" if args.rounds > 1 else "") + "\n")
    print("| scenario                             | clients | requests |   req/s |  p50 ms |  p99 ms "
          "| req/s vs bare | p99 vs bare |")
    print("|--------------------------------------|---------|----------|---------|---------|---------"
          "|---------------|-------------|")
    for r in results:
        ms = [t * 1000 for t in r["times"]]
        r["rate"], r["p50"], r["p99"] = len(ms) / r["elapsed"], percentile(ms, 0.50), percentile(ms, 0.99)
    for r in results:
        bare = by_key.get(r["bare"]) if r["bare"] else None
        if bare is not None:
            speed, tail = f"{r['rate'] / bare['rate']:.3f}×", f"{r['p99'] / bare['p99']:.1f}×"
        else:
            speed, tail = ("1×", "1×") if r["bare"] is None else ("—", "—")
        print(f"| {r['name']:<36} | {r['clients']:>7} | {len(r['times']):>8} | {r['rate']:>7.1f} | {r['p50']:>7.1f} "
              f"| {r['p99']:>7.1f} | {speed:>13} | {tail:>11} |")
    print()
    for r in results:
        n, seconds = len(r["times"]), r["elapsed"]
        line = (f"{r['name']}: server CPU {1000 * r['server_cpu'] / n:.2f} ms/request "
                f"({100 * r['server_cpu'] / seconds:.0f}% of a core; "
                f"load process {100 * r['load_cpu'] / seconds:.0f}%)")
        if r["app"] == "aspbot":
            sql = sum(r["statements"].values())
            kinds = ", ".join(f"{k} {v / n:.1f}" for k, v in sorted(r["statements"].items(), key=lambda i: -i[1]))
            calls = ", ".join(f"{k} {v / n:.2f}" for k, v in sorted(r["web_api"].items()))
            line += (f"; {sql / n:.1f} SQL statements/request ({kinds or 'none'}), "
                     f"{1000 * r['sql_seconds'] / n:.1f} ms/request inside cursor.execute; "
                     f"Web API calls/request: {calls or 'none'}")
        print(line)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per scenario (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per scenario (default 2)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the scenarios this many times, alternating the apps, and pool the results")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads for both apps (default 8)")
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on (a schema is made and dropped)")
    parser.add_argument("--only", action="append", choices=[s.key for s in SCENARIOS],
                        help="run only this scenario (repeatable), e.g. to profile one")
    args = parser.parse_args(argv)

    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe()
    load = context.Process(target=load_main, args=(theirs, args), name="bench-load")
    load.start()
    try:
        serve_apps(args, mine)
    finally:
        mine.close()  # a load process still waiting for us sees EOF and ends
        load.join(timeout=30)
        if load.is_alive():
            load.terminate()
    if load.exitcode not in (0, None):
        sys.exit(f"the load process exited with {load.exitcode}")


if __name__ == "__main__":
    main()
