"""What Slack was told we received is never lost: `aspbot serve` killed with SIGKILL right after each 200 of a
newcomer's whole first visit (onboarding, approval, a need), or stopped with SIGTERM in the middle of traffic, still answers everything, once."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.test_cli import KEY, clean_env
from tests.e2e.test_onboarding_slack import buttons
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import SlackClient

pytestmark = pytest.mark.e2e

SECRET = "durable-secret"
# A newcomer's whole first visit: onboarding, the Secretariat's approval, then a need typed from the first
# question to the submit. Each step is one request Slack sends: a DM, a click, or /asp.
NEED_ANSWERS = ("forensics", "DNA lab", "A laboratory.", "Police", "investigation", "training", "English", "skip",
                "skip", "no fixed time", "skip", "yes", "submit")
STEPS = ([("dm", text) for text in ("hello", "1", "uganda", "1", "skip", "submit")] + [("approve", "")]
         + [("command", "need")] + [("dm", text) for text in NEED_ANSWERS])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed_demo(cwd: Path, database_url: str) -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "seed", "demo"], cwd=cwd, capture_output=True, text=True,
                          env=clean_env(DATABASE_URL=database_url, ASPBOT_SEAL_KEYS=KEY), timeout=60)
    assert done.returncode == 0, done.stderr


class Served:
    """One `aspbot serve` process on a database; a killed one is replaced by the next on the same database."""

    def __init__(self, cwd: Path, fake: FakeSlack, database_url: str):
        self.port = free_port()
        env = clean_env(SLACK_BOT_TOKEN="xoxb-durable", SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.base_url,
                        DATABASE_URL=database_url, ASPBOT_OUTBOX_LEASE_SECONDS="1", ASPBOT_TICK_SECONDS="0.5",
                        ASPBOT_SECRETARIAT="USEC", ASPBOT_SEAL_KEYS=KEY)
        self.child = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(self.port)], cwd=cwd,
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.log: list[str] = []
        assert self.child.stdout is not None
        for line in self.child.stdout:  # waitress says "Serving on" once the socket listens
            self.log.append(line)
            if "Serving on" in line:
                break
        else:
            raise AssertionError("aspbot serve did not start:\n" + "".join(self.log))
        self._reader = threading.Thread(target=lambda: self.log.extend(self.child.stdout or []), daemon=True)
        self._reader.start()
        self.client = SlackClient(f"http://127.0.0.1:{self.port}", SECRET, timeout=10)

    def kill(self) -> None:
        self.child.send_signal(signal.SIGKILL)
        self.child.wait(timeout=10)

    def stop(self) -> int:
        self.child.send_signal(signal.SIGTERM)
        code = self.child.wait(timeout=30)
        self._reader.join(timeout=5)
        return code


def texts_to(fake: FakeSlack, user: str) -> list[str]:
    return [call.params["text"] for call in fake.messages_to(user)]


def take(served: Served, fake: FakeSlack, number: int, kind: str, text: str) -> None:
    if kind == "dm":
        status, _ = served.client.dm("UKIM", text, event_id=f"Ev-kim-{number}")
    elif kind == "command":
        status, _ = served.client.command(text, user_id="UKIM")
    else:  # the Secretariat approves, from the request it was sent (perhaps by the process started just now)
        request = fake.wait_for_messages("USEC", 1, timeout=20)[-1]
        status, _ = served.client.click("USEC", *buttons(request)["Approve"])
    assert status == 200, (number, kind, text)


def visit(tmp_path: Path, fake: FakeSlack, database_url: str, *, kill_after_each: bool) -> list[str]:
    """Walks STEPS; with `kill_after_each`, a new process takes each step and is killed as its 200 arrives."""
    tmp_path.mkdir(exist_ok=True)
    seed_demo(tmp_path, database_url)
    served = None
    for number, (kind, text) in enumerate(STEPS):
        served = served or Served(tmp_path, fake, database_url)
        take(served, fake, number, kind, text)
        if kill_after_each:
            served.kill()  # the 200 has left: Slack will not send this request again
            served = None
    served = served or Served(tmp_path, fake, database_url)
    try:
        fake.wait_for(lambda calls: [c for c in calls if c.params.get("channel") == "UKIM"
                                     and str(c.params.get("text", "")).startswith("Need registered")], timeout=30)
    finally:
        assert served.stop() == 0, "".join(served.log)
    return texts_to(fake, "UKIM")


def test_killed_right_after_each_acknowledgement_nothing_is_lost_doubled_or_reordered(database_url, tmp_path):
    with FakeSlack() as calm:
        expected = visit(tmp_path / "calm", calm, f"sqlite:///{tmp_path / 'calm.db'}", kill_after_each=False)
    with FakeSlack() as fake:
        received = visit(tmp_path / "killed", fake, database_url, kill_after_each=True)
    assert expected[:2] == ["Welcome to aspbot", "What kind of delegation do you represent?"]
    assert expected[-1].startswith("Need registered: CP-")
    assert len(expected) > len(STEPS)
    assert received == expected


def test_sigterm_in_the_middle_of_traffic_answers_what_was_accepted_and_exits_0(database_url, tmp_path):
    people = [f"UT{n:03d}" for n in range(24)]
    with FakeSlack() as fake:
        served = Served(tmp_path, fake, database_url)
        answered: dict[str, int] = {}
        go = threading.Barrier(len(people) + 1)

        def greet(user: str) -> None:
            go.wait()
            try:
                answered[user] = served.client.dm(user, "hello", event_id=f"Ev-term-{user}")[0]
            except OSError:  # the door was already closed: not acknowledged, so Slack sends it again
                answered[user] = 0

        threads = [threading.Thread(target=greet, args=(user,)) for user in people]
        for thread in threads:
            thread.start()
        go.wait()
        time.sleep(0.05)
        code = served.stop()
        for thread in threads:
            thread.join(timeout=30)
        assert code == 0, "".join(served.log)
        accepted = [user for user, status in answered.items() if status == 200]
        assert accepted, "the stop came before any request was taken"
        for user in accepted:
            assert texts_to(fake, user)[:2] == ["Welcome to aspbot", "What kind of delegation do you represent?"], user
        # What was not acknowledged, Slack sends again to the next process: it is answered there, once.
        again = Served(tmp_path, fake, database_url)
        try:
            for user in people:
                if answered[user] != 200:
                    assert again.client.dm(user, "hello", event_id=f"Ev-term-{user}", retry_num=1)[0] == 200
            for user in people:
                fake.wait_for_messages(user, 2, timeout=20)
        finally:
            assert again.stop() == 0
    for user in people:
        assert Counter(texts_to(fake, user))["Welcome to aspbot"] == 1, user
