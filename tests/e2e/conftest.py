"""The real Bolt app served over HTTP by waitress, its Web API pointed at the fake Slack server."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from bot.app import SlackParts, build_slack
from bot.services.health import database_answers
from bot.settings import Settings
from handlers.slack.web import wsgi_app
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import SlackClient
from tests.support.serving import Served

SECRET = "e2e-signing-secret"
SECRETARIAT = "USEC"


class TrackingExecutor(ThreadPoolExecutor):
    """The pool that posts replies after a request, with a way for a test to wait until it has posted them."""

    def __init__(self):
        super().__init__(max_workers=5)
        self._futures = []
        self._lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs):
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._futures.append(future)
        return future

    def drain(self, timeout: float = 10.0) -> None:
        with self._lock:
            futures = list(self._futures)
        for future in futures:
            future.result(timeout=timeout)


@dataclass
class Harness:
    fake: FakeSlack
    client: SlackClient
    parts: SlackParts
    executor: TrackingExecutor
    base_url: str
    clock: object

    def settle(self) -> None:
        """Wait until every reply queued so far has been posted (listeners finish before the response)."""
        self.executor.drain()

    def texts_to(self, user: str) -> list[str]:
        return [c.params.get("text", "") for c in self.fake.messages_to(user)]


@pytest.fixture
def slack_app(database_url, clock):
    """Builds the served app with the given Secretariat setting; everything is stopped after the test."""
    from bot.seed import seed_delegations

    started: list[tuple] = []

    def build(secretariat: str = SECRETARIAT) -> Harness:
        fake = FakeSlack()
        fake.start()
        fake.set_user("USEC", tz="Europe/Amsterdam", locale="en-GB", name="secretariat",
                      real_name="Sam Secretariat")
        settings = Settings(slack_bot_token="xoxb-e2e", slack_signing_secret=SECRET, slack_api_url=fake.base_url,
                            database_url=database_url, aspbot_secretariat=secretariat)
        executor = TrackingExecutor()
        parts = build_slack(settings, clock=clock, delivery_executor=executor)
        with parts.storage.uow() as uow:
            seed_delegations(uow)
            uow.commit()
        served = Served(wsgi_app(parts.app, signing_secret=SECRET,
                                 healthy=lambda: database_answers(parts.core)))
        base_url = served.base_url
        started.append((fake, executor, served, parts))
        fake.reset()  # auth.test at start-up is not part of any scenario
        return Harness(fake, SlackClient(base_url, SECRET), parts, executor, base_url, clock)

    yield build
    for fake, executor, served, parts in started:
        executor.drain()
        served.stop()
        executor.shutdown(wait=True)
        parts.storage.engine.dispose()
        fake.stop()


@pytest.fixture
def slack(slack_app) -> Harness:
    return slack_app()
