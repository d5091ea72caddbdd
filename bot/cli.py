"""The `aspbot` command: run, serve, console, db upgrade, seed demo."""
from __future__ import annotations

import argparse
import logging
import sys
import time
from zoneinfo import ZoneInfo

from bot.engine.form import FormError
from bot.settings import Settings

log = logging.getLogger("aspbot")
DRAIN_SECONDS = 10.0  # on SIGTERM, how long due replies may take to be posted before the process exits


def _need(settings: Settings, command: str, *names: str) -> None:
    for name in names:
        if not getattr(settings, name.lower()):
            print(f"aspbot {command}: {name} is not set; {REASONS[name]}", file=sys.stderr)
            raise SystemExit(2)


REASONS = {
    "SLACK_BOT_TOKEN": "set it to the app's Bot User OAuth Token (xoxb-…).",
    "SLACK_SIGNING_SECRET": "set it to the app's Signing Secret, used to check every request from Slack.",
    "SLACK_APP_TOKEN": "set it to an app-level token (xapp-…) with connections:write for Socket Mode.",
}


def _prepare(settings: Settings, *, demo: bool = False) -> dict[str, int]:
    """Migrate, then load the delegations (and, for the console and `seed demo`, the demo data)."""
    from bot.app import build_storage
    from bot.clock import SystemClock
    from bot.seed import seed_delegations, seed_demo
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    storage = build_storage(settings)
    with storage.uow() as uow:
        if demo:
            counts = seed_demo(uow, SystemClock().now().astimezone(ZoneInfo(settings.aspbot_timezone)).date())
        else:
            counts = {"delegations": seed_delegations(uow)}
        uow.commit()
    storage.engine.dispose()
    return counts


def cmd_console(settings: Settings, name: str) -> int:
    from bot.app import build_console

    _prepare(settings, demo=True)
    console, dispatcher = build_console(settings, name)
    dispatcher.deliver()  # anything left from an earlier session
    console.loop()
    return 0


def cmd_serve(settings: Settings, host: str, port: int) -> int:
    from bot.app import build_slack
    from bot.services.health import database_answers
    from handlers.slack.server import GracefulServer
    from handlers.slack.web import wsgi_app
    from scheduler.jobs import tick
    from scheduler.ticker import Ticker

    _need(settings, "serve", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    _prepare(settings)
    parts = build_slack(settings)
    ticker = Ticker(tick(parts.core, parts.core.features.jobs, parts.dispatcher.deliver),
                    every_seconds=settings.aspbot_tick_seconds)
    server = GracefulServer(wsgi_app(parts.app, signing_secret=settings.slack_signing_secret or "",
                                     healthy=lambda: database_answers(parts.core)), host, port)

    def drain() -> None:
        # Replies of answered requests are committed rows: post what is due now, within a bound; what is left
        # (a 429's wait, a Slack outage) stays pending for the next process.
        ticker.stop()
        # Deliveries not yet started are dropped (their rows stay pending and the loop below posts them), so
        # the wait is only for the ones under way.
        parts.deliveries.shutdown(wait=True, cancel_futures=True)
        deadline = time.monotonic() + DRAIN_SECONDS
        while time.monotonic() < deadline and parts.dispatcher.deliver():
            pass
        parts.storage.engine.dispose()
        log.info("stopped")

    ticker.start()
    server.serve(after=drain)
    return 0


def cmd_run(settings: Settings, name: str) -> int:
    if not settings.slack_bot_token and not settings.slack_app_token:
        return cmd_console(settings, name)
    _need(settings, "run", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    from bot.app import build_slack
    from scheduler.jobs import tick
    from scheduler.ticker import Ticker

    _prepare(settings)
    try:
        parts = build_slack(settings, socket_mode=True)
        ticker = Ticker(tick(parts.core, parts.core.features.jobs, parts.dispatcher.deliver),
                        every_seconds=settings.aspbot_tick_seconds)
        ticker.start()
        try:
            SocketModeHandler(parts.app, settings.slack_app_token).start()
        finally:
            ticker.stop()
    except SlackApiError as exc:
        print(f"aspbot run: Slack refused to open Socket Mode ({exc.response.get('error')}); check SLACK_BOT_TOKEN "
              f"and SLACK_APP_TOKEN.", file=sys.stderr)
        return 1
    return 0


class Progress:
    """A bar on stderr that always ends its line, however the import ends."""

    def __init__(self) -> None:
        self.open = False

    def __call__(self, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
        self.open = True
        if done >= total:
            self.end()
        sys.stderr.flush()

    def end(self) -> None:
        if self.open:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.open = False


def cmd_import(settings: Settings, file: str, call: str | None) -> int:
    """All or nothing: exit 0 when every row was imported, 1 when rows were refused, 2 when unreadable."""
    from pathlib import Path

    from bot.app import build_core, build_storage
    from bot.errors import Refusal
    from bot.features.needs import imports
    from bot.i18n import Reader, normalize_locale
    from handlers.console import ConsoleDirectory
    from handlers.files import UnreadableFile, read_table

    reader = Reader(normalize_locale(settings.aspbot_default_locale) or "en", settings.aspbot_timezone)
    try:
        headers, rows = read_table(Path(file))
    except (OSError, UnreadableFile) as exc:
        print(f"aspbot import: cannot read {file}: {exc}", file=sys.stderr)
        return 2
    _prepare(settings, demo=True)
    storage = build_storage(settings)
    core = build_core(settings, storage, ConsoleDirectory(settings.secretariat_ids, settings.aspbot_timezone))
    progress = Progress()
    try:
        report = imports.import_needs(core, headers, rows, call, progress)
    except Refusal as refusal:
        progress.end()
        print(reader.render(refusal.message), file=sys.stderr)
        return 1
    finally:
        progress.end()
        storage.engine.dispose()
    for line in imports.render(report, reader):
        print(line)
    return 0 if report.written else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aspbot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="Socket Mode with Slack tokens, else the local console")
    run.add_argument("--as", dest="name", default="delegate")
    serve = sub.add_parser("serve", help="HTTP mode: POST /slack/events, GET /healthz")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=3000)
    console = sub.add_parser("console", help="the local console")
    console.add_argument("--as", dest="name", default="delegate")
    db = sub.add_parser("db", help="database commands")
    db.add_argument("action", choices=["upgrade"])
    seed = sub.add_parser("seed", help="load data")
    seed.add_argument("what", choices=["demo"])
    imports = sub.add_parser("import", help="load the Secretariat's table of needs (XLSX or CSV)")
    imports.add_argument("what", choices=["needs"])
    imports.add_argument("file")
    imports.add_argument("--call", help="code of the call for input (default: the open one)")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    if args.command in ("console", "run", "import", None):
        # The console's screen is the conversation; keep library chatter off it.
        logging.getLogger().setLevel(logging.WARNING)
    settings = Settings()
    try:
        return _dispatch(parser, args, settings)
    except FormError as exc:  # the features do not fit together: say so in one line, start nothing
        print(f"aspbot: cannot start: {exc}", file=sys.stderr)
        return 1


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings) -> int:
    if args.command in (None, "run"):
        return cmd_run(settings, getattr(args, "name", "delegate"))
    if args.command == "console":
        return cmd_console(settings, args.name)
    if args.command == "serve":
        return cmd_serve(settings, args.host, args.port)
    if args.command == "db":
        from storage.migrate import upgrade
        upgrade(settings.database_url)
        print("database is up to date")
        return 0
    if args.command == "seed":
        counts = _prepare(settings, demo=True)
        print(", ".join(f"{k}: {v} added" for k, v in counts.items()))
        return 0
    if args.command == "import":
        return cmd_import(settings, args.file, args.call)
    parser.error("unknown command")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
