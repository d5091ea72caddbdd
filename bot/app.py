"""Composition root: builds the core, the Slack app, the console and the dispatcher from settings."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.clock import Clock, ShiftedClock, SystemClock
from bot.features import (
    Feature,
    Features,
    account,
    assemble,
    campaigns,
    desk,
    exports,
    needs,
    onboarding,
    providers,
    reports,
    speakers,
)
from bot.i18n import SUPPORTED_LOCALES, has_translation
from bot.keys import keys_for
from bot.services import people
from bot.services.ports import Core, Directory, Sender
from bot.settings import Settings
from scheduler.budget import Budget
from scheduler.outbox import Dispatcher
from storage.db import make_engine, make_sessions
from storage.sealing import Sealer, attach
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from slack_bolt import App
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import sessionmaker

# Every capability of the bot, in the order `/asp help` and the Home tab show them.
FEATURES: tuple[Feature, ...] = (account.FEATURE, onboarding.FEATURE, needs.FEATURE, reports.FEATURE,
                                 campaigns.FEATURE, speakers.FEATURE, providers.FEATURE,
                                 desk.FEATURE, exports.FEATURE)

log = logging.getLogger(__name__)


@dataclass
class Storage:
    engine: Engine
    sessions: sessionmaker

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)


def build_storage(settings: Settings) -> Storage:
    """The database, with the keys that seal confidential answers in it (storage.sealing)."""
    engine = attach(make_engine(settings.database_url), Sealer(keys_for(settings)))
    return Storage(engine, make_sessions(engine))


def build_features(clock: Clock, settings: Settings, features: Sequence[Feature] | None = None) -> Features:
    """Assemble the features; anything that would fail a person later (an untranslated form message, a form
    without a submit handler, two features claiming one verb or button) stops start-up here."""
    zone = ZoneInfo(settings.aspbot_timezone)
    return assemble(FEATURES if features is None else features, lambda: clock.now().astimezone(zone).date(),
                    SUPPORTED_LOCALES, has_translation)


def build_core(settings: Settings, storage: Storage, directory: Directory, clock: Clock | None = None,
               features: Sequence[Feature] | None = None) -> Core:
    clock = clock or SystemClock()
    return Core(settings=settings, clock=clock, uow=storage.uow, directory=directory,
                features=build_features(clock, settings, features))


def build_dispatcher(core: Core, senders: Mapping[str, Sender]) -> Dispatcher:
    budget = Budget(workspace_rate=core.settings.aspbot_send_rate, channel_rate=core.settings.aspbot_channel_rate,
                    now=lambda: core.clock.now().timestamp())
    return Dispatcher(core.uow, core.clock, senders, lambda member: people.recipient_reader(core, member),
                      lease=timedelta(seconds=core.settings.aspbot_outbox_lease_seconds), budget=budget)


@dataclass
class SlackParts:
    app: App
    core: Core
    dispatcher: Dispatcher
    storage: Storage
    deliveries: Executor  # where replies are posted once their rows are committed; drained on a graceful stop


def _background(dispatcher: Dispatcher, pool: Executor):
    """Posting replies is handed to `pool`: the request is answered as soon as the rows are committed, and a
    crash before they are posted leaves them to the next tick (of this process or the next one)."""
    def run(ids: list[int]) -> None:
        try:
            dispatcher.deliver(ids)
        except Exception:  # the rows are still pending: the ticker sends them
            log.exception("delivery after a request failed; the ticker will retry")

    def deliver(ids: Iterable[int]) -> None:
        ids = list(ids)
        if ids:
            pool.submit(run, ids)
    return deliver


def _later(dispatcher: Dispatcher, pool: Executor):
    """A use case's slow part (Result.later) is run in `pool` after the request was answered, and what it wrote
    is delivered from there; a failure is logged (the use case tells the person itself)."""
    def run(work: Callable[[], list[int]]) -> None:
        try:
            dispatcher.deliver(work())
        except Exception:
            log.exception("work after a request failed")

    def later(work: Callable[[], list[int]]) -> None:
        pool.submit(run, work)
    return later


def build_slack(settings: Settings, *, clock: Clock | None = None, storage: Storage | None = None,
                socket_mode: bool = False, delivery_executor: Executor | None = None) -> SlackParts:
    from slack_bolt import App
    from slack_sdk import WebClient

    from handlers.slack.board import SlackBoard
    from handlers.slack.directory import SlackDirectory
    from handlers.slack.listeners import register
    from handlers.slack.sender import SlackSender

    storage = storage or build_storage(settings)
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    core = build_core(settings, storage, SlackDirectory(client, settings.secretariat_ids), clock)
    core.boards = {"slack": SlackBoard(client)}
    dispatcher = build_dispatcher(core, {"slack": SlackSender(client)})
    pool = delivery_executor or ThreadPoolExecutor(max_workers=4, thread_name_prefix="deliver")
    # Listeners run before Slack gets its acknowledgement: what a person sent is committed (state, replies as
    # outbox rows) before the 200 leaves, so a process killed right after it has lost nothing. Slack gives
    # 3 s; a turn takes milliseconds, and a retry Slack sends anyway has one effect (the event's id).
    app = App(signing_secret=settings.slack_signing_secret or "socket-mode", client=client,
              request_verification_enabled=not socket_mode, process_before_response=True)
    register(app, core, _background(dispatcher, pool), _later(dispatcher, pool))
    return SlackParts(app, core, dispatcher, storage, pool)


def build_console(settings: Settings, name: str, *, clock: Clock | None = None, storage: Storage | None = None,
                  files: Path | None = None):
    from handlers.console import Console, ConsoleBoard, ConsoleDirectory, ConsoleSender
    from scheduler.jobs import tick

    storage = storage or build_storage(settings)
    # The console's clock can be moved (`/time +3d`), so a newcomer sees announcements and reminders arrive.
    core = build_core(settings, storage, ConsoleDirectory(settings.secretariat_ids, settings.aspbot_timezone),
                      clock or ShiftedClock())
    console = Console(core, name, files=files)
    core.boards = {"console": ConsoleBoard(console)}
    dispatcher = build_dispatcher(core, {"console": ConsoleSender(console)})
    # The console has no ticker: after each line the features' jobs run (the reminder planner) and everything
    # due is sent, not only that line's rows.
    console.deliver = lambda ids: tick(core, core.features.jobs, dispatcher.deliver)()
    return console, dispatcher
