"""Composition root: builds the core, the Slack app, the console and the dispatcher from settings."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Mapping
from zoneinfo import ZoneInfo

from bot.clock import Clock, SystemClock
from bot.engine.form import check_translated
from bot.forms import all_forms
from bot.i18n import SUPPORTED_LOCALES, has_translation
from bot.services import people
from bot.services.ports import Core, Directory, Sender
from bot.settings import Settings
from scheduler.outbox import Dispatcher
from storage.db import make_engine, make_sessions
from storage.uow import UnitOfWork

# Submit handlers register themselves when their modules are imported.
import bot.services.needs  # noqa: F401,E402
import bot.services.onboarding  # noqa: F401,E402
import bot.services.reports  # noqa: F401,E402

log = logging.getLogger(__name__)


@dataclass
class Storage:
    engine: object
    sessions: object

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)


def build_storage(settings: Settings) -> Storage:
    engine = make_engine(settings.database_url)
    return Storage(engine, make_sessions(engine))


def build_core(settings: Settings, storage: Storage, directory: Directory, clock: Clock | None = None) -> Core:
    clock = clock or SystemClock()
    zone = ZoneInfo(settings.aspbot_timezone)
    forms = all_forms(lambda: clock.now().astimezone(zone).date())
    check_translated(list(forms.values()), SUPPORTED_LOCALES, has_translation)
    return Core(settings=settings, clock=clock, uow=storage.uow, directory=directory, forms=forms)


def build_dispatcher(core: Core, senders: Mapping[str, Sender]) -> Dispatcher:
    return Dispatcher(core.uow, core.clock, senders, lambda member: people.reader_for(core, member))


@dataclass
class SlackParts:
    app: object
    core: Core
    dispatcher: Dispatcher
    storage: Storage


def build_slack(settings: Settings, *, clock: Clock | None = None, storage: Storage | None = None,
                socket_mode: bool = False, listener_executor=None) -> SlackParts:
    from slack_bolt import App
    from slack_sdk import WebClient

    from handlers.slack.directory import SlackDirectory
    from handlers.slack.listeners import register
    from handlers.slack.sender import SlackSender

    storage = storage or build_storage(settings)
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    core = build_core(settings, storage, SlackDirectory(client, settings.secretariat_ids), clock)
    dispatcher = build_dispatcher(core, {"slack": SlackSender(client)})
    options = {"listener_executor": listener_executor} if listener_executor is not None else {}
    app = App(signing_secret=settings.slack_signing_secret or "socket-mode", client=client, request_verification_enabled=not socket_mode, **options)
    register(app, core, dispatcher.deliver)
    return SlackParts(app, core, dispatcher, storage)


def build_console(settings: Settings, name: str, *, clock: Clock | None = None, storage: Storage | None = None):
    from handlers.console import Console, ConsoleDirectory, ConsoleSender

    storage = storage or build_storage(settings)
    core = build_core(settings, storage, ConsoleDirectory(settings.secretariat_ids, settings.aspbot_timezone), clock)
    console = Console(core, name)
    dispatcher = build_dispatcher(core, {"console": ConsoleSender(console)})
    # The console has no ticker: after each line it sends everything due, not only that line's rows.
    console.deliver = lambda ids: dispatcher.deliver()
    return console, dispatcher
