"""The `aspbot` command: run, serve, console, db upgrade, seed demo."""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from bot.engine.form import FormError
from bot.settings import Settings

log = logging.getLogger("aspbot")
DRAIN_SECONDS = 10.0  # on SIGTERM, how long due replies may take to be posted before the process exits


class CannotStart(Exception):
    """A start-up failure the operator can fix: said in one line each, exit code 2, never a traceback."""

    def __init__(self, *lines: str):
        super().__init__(lines[0])
        self.lines = lines


def _need(settings: Settings, command: str, *names: str) -> None:
    missing = [name for name in names if not getattr(settings, name.lower())]
    if missing:  # every missing setting at once, so one restart fixes them all
        raise CannotStart(*(f"aspbot {command}: {name} is not set; {REASONS[name]}" for name in missing))


REASONS = {
    "SLACK_BOT_TOKEN": "set it to the app's Bot User OAuth Token (xoxb-…).",
    "SLACK_SIGNING_SECRET": "set it to the app's Signing Secret, used to check every request from Slack.",
    "SLACK_APP_TOKEN": "set it to an app-level token (xapp-…) with connections:write for Socket Mode.",
    "ASPBOT_SEAL_KEYS": "confidential answers are sealed with it; make one with `aspbot keys new` and keep it "
                        "apart from the database (a key file beside it would be stolen with it).",
}


def _prepare(settings: Settings, *, demo: bool = False) -> dict[str, int]:
    """Migrate, then load the delegations (and, for the console and `seed demo`, the demo data)."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from bot.clock import SystemClock
    from bot.seed import seed_delegations, seed_demo
    from storage.errors import Unavailable
    from storage.migrate import upgrade

    where = _redacted(settings.database_url)
    try:
        upgrade(settings.database_url)
        storage = _sealed_storage(settings)
        with storage.uow() as uow:
            if demo:
                counts = seed_demo(uow, SystemClock().now().astimezone(ZoneInfo(settings.aspbot_timezone)).date())
            else:
                counts = {"delegations": seed_delegations(uow)}
            uow.commit()
        storage.engine.dispose()
    except (ArgumentError, NoSuchModuleError) as exc:
        raise CannotStart(f"aspbot: DATABASE_URL ({where}) is not a database address aspbot can use: "
                          f"{_first_line(exc)}. Use sqlite:///FILE or postgresql://USER@HOST/DB.") from None
    except (Unavailable, DBAPIError) as exc:
        raise CannotStart(f"aspbot: cannot reach the database at {where}: {_first_line(exc)}") from None
    return counts


def _sealed_storage(settings: Settings):
    """The storage, once its keys are known to open what is sealed in it; else one line saying what is wrong."""
    from bot.app import build_storage
    from storage.models import Base
    from storage.sealing import SealError, check

    source = "ASPBOT_SEAL_KEYS" if settings.aspbot_seal_keys.strip() else f"the key file {settings.aspbot_key_file}"
    try:
        storage = build_storage(settings)
    except SealError as exc:
        raise CannotStart(f"aspbot: {source}: {exc}.") from None
    except OSError as exc:
        raise CannotStart(f"aspbot: cannot read or make {source}: {exc.strerror or exc}.") from None
    try:
        check(storage.engine, Base)
    except SealError as exc:
        storage.engine.dispose()
        raise CannotStart(f"aspbot: {source} cannot open what is stored: {exc}. Give the key it was sealed with "
                          f"(several, comma separated, while rotating).") from None
    return storage


def cmd_keys(settings: Settings, action: str) -> int:
    """`keys new` prints a new key; `keys rotate` seals every sealed row again with the first key; `keys check`
    opens the newest of each."""
    from bot.keys import new_key
    from storage.models import Base
    from storage.sealing import rotate

    if action == "new":
        print(new_key())
        return 0
    _prepare(settings)
    storage = _sealed_storage(settings)
    try:
        if action == "check":
            print("the keys open what is stored")
            return 0
        for done in rotate(storage.engine, Base):
            print(f"{done.table}.{done.column}: {done.rows} sealed with the first key")
        return 0
    finally:
        storage.engine.dispose()


def _redacted(url: str) -> str:
    """A database address without its password, fit for a log line."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 — not even a URL: show it as given, it carries no password SQLAlchemy read
        return url


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _slack(settings: Settings, command: str, **options):
    """The Slack parts, or one line saying why Slack's Web API refused or could not be reached."""
    from urllib.error import URLError

    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackApiError

    from bot.app import build_slack

    try:
        return build_slack(settings, **options)
    except BoltError as exc:  # Bolt's own check of the token at start (auth.test answered "not ok")
        found = re.search(r"'error': '([^']+)'", str(exc))
        raise CannotStart(f"aspbot {command}: Slack refused the bot token ({found.group(1) if found else exc}); "
                          f"check SLACK_BOT_TOKEN.") from None
    except SlackApiError as exc:
        raise CannotStart(f"aspbot {command}: Slack refused the bot token ({exc.response.get('error')}); check "
                          f"SLACK_BOT_TOKEN.") from None
    except (URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CannotStart(f"aspbot {command}: cannot reach Slack's Web API at {settings.slack_api_url} ({reason}); "
                          f"check SLACK_API_URL and the network.") from None


def cmd_console(settings: Settings, name: str) -> int:
    from bot.app import build_console

    _prepare(settings, demo=True)
    from pathlib import Path

    # Files sent to console people (a calendar invitation, an export) land beside the database, named per person.
    console, dispatcher = build_console(settings, name, files=Path("aspbot-files"))
    dispatcher.deliver()  # anything left from an earlier session
    console.loop()
    return 0


def cmd_serve(settings: Settings, host: str, port: int) -> int:
    from bot.services.health import database_answers
    from handlers.slack.server import GracefulServer
    from handlers.slack.web import wsgi_app
    from scheduler.jobs import start_ticker

    _need(settings, "serve", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "ASPBOT_SEAL_KEYS")
    _prepare(settings)
    parts = _slack(settings, "serve")
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

    ticker = start_ticker(parts.core, parts.dispatcher.deliver, parts.dispatcher.deliver,
                          settings.aspbot_tick_seconds)
    server.serve(after=drain)
    return 0


def cmd_run(settings: Settings, name: str) -> int:
    if not settings.slack_bot_token and not settings.slack_app_token:
        return cmd_console(settings, name)
    _need(settings, "run", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "ASPBOT_SEAL_KEYS")
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    from scheduler.jobs import start_ticker

    _prepare(settings)
    parts = _slack(settings, "run", socket_mode=True)
    try:
        ticker = start_ticker(parts.core, parts.dispatcher.deliver, parts.dispatcher.deliver,
                              settings.aspbot_tick_seconds)
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


def _shell(settings: Settings, demo: bool = False):
    """What a shell command works with: the default reader, the prepared storage, a core whose Secretariat is
    the console's (the shell acts as the Secretariat)."""
    from bot.app import build_core, build_storage
    from bot.i18n import Reader, normalize_locale
    from handlers.console import ConsoleDirectory

    reader = Reader(normalize_locale(settings.aspbot_default_locale) or "en", settings.aspbot_timezone)
    _prepare(settings, demo=demo)
    storage = build_storage(settings)
    return reader, storage, build_core(settings, storage, ConsoleDirectory(settings.secretariat_ids,
                                                                           settings.aspbot_timezone))


CALL_OPTIONS = ("code", "title", "form", "delegations", "timezone", "opens", "preliminary", "met_by", "final", "plan")


def cmd_campaign(settings: Settings, args: argparse.Namespace) -> int:
    """Calls for input from the shell, through the same checks as the Slack form: 0 done, 1 refused."""
    from bot.errors import Refusal
    from bot.features.campaigns import setup
    from bot.features.campaigns.views import title
    from bot.i18n import Msg, _, ngettext_

    reader, storage, core = _shell(settings)
    try:
        if args.action == "list":
            with core.uow() as uow:
                for call in uow.calls.all():
                    print(reader.render(Msg("{code}  {opens} – {deadline}  {title}", {
                        "code": call.code, "opens": call.opens_at, "deadline": call.final_deadline,
                        "title": title(call)})))
            return 0
        if args.action == "close":
            call, cancelled = setup.end(core, None, args.call or "")
            print(reader.render(ngettext_("{code} is closed: {count} pending reminder cancelled.",
                                          "{code} is closed: {count} pending reminders cancelled.", cancelled,
                                          code=call.code, count=cancelled)))
            return 0
        given = {key: getattr(args, key) for key in CALL_OPTIONS}
        if args.action == "edit":
            given.pop("code")
        elif args.call:
            given["code"] = given["code"] or args.call
        found, errors = setup.from_typed(core, args.call if args.action == "edit" else None, given, reader)
        for label, reason in errors.items():
            print(f"{reader.render(label)}: {reader.render(reason)}", file=sys.stderr)
        if found is None:
            return 1
        facts = {"code": found.code, "opens": found.opens_at, "deadline": found.final_deadline}
        print(reader.render(_("{code} is set up: it opens on {opens}; final deadline {deadline}.", **facts)
                            if args.action == "new" else
                            _("{code} is changed: it opens on {opens}; final deadline {deadline}.", **facts)))
        return 0
    except Refusal as refusal:
        print(reader.render(refusal.message), file=sys.stderr)
        return 1
    finally:
        storage.engine.dispose()


PLENARY_OPTIONS = ("code", "title", "session", "held_on", "starts", "duration", "room", "timezone", "segments", "limit",
                   "opens_on", "closes_on", "closes_at", "open_to")


def cmd_plenary(settings: Settings, args: argparse.Namespace) -> int:
    """Plenaries from the shell, through the same checks as the Slack form: 0 done, 1 refused."""
    from bot.errors import Refusal
    from bot.features.speakers import plenary_setup
    from bot.features.speakers.views import plenary_title
    from bot.i18n import Msg, _, ngettext_

    reader, storage, core = _shell(settings)
    try:
        if args.action == "list":
            with core.uow() as uow:
                for plenary in uow.plenaries.all():
                    print(reader.render(Msg("{code}  {held}  {deadline}  {title}", {
                        "code": plenary.code, "held": plenary.held_on or "", "title": plenary_title(plenary),
                        "deadline": plenary.registration_deadline})))
            return 0
        if args.action == "open":
            plenary = plenary_setup.open_now(core, None, args.plenary or "")
            print(reader.render(_("{code} is open for registration until {deadline}.", code=plenary.code,
                                  deadline=plenary.registration_deadline)))
            return 0
        if args.action == "close":
            plenary, cancelled = plenary_setup.close_now(core, None, args.plenary or "")
            print(reader.render(ngettext_("{code} is closed: {count} pending reminder cancelled.",
                                          "{code} is closed: {count} pending reminders cancelled.", cancelled,
                                          code=plenary.code, count=cancelled)))
            return 0
        given = {key: getattr(args, key) for key in PLENARY_OPTIONS}
        if given["segments"] is not None:  # one --segment per segment
            given["segments"] = "\n".join(given["segments"])
        if args.action == "edit":
            given.pop("code")
        elif args.plenary:
            given["code"] = given["code"] or args.plenary
        found, errors = plenary_setup.from_typed(core, args.plenary if args.action == "edit" else None, given,
                                                 reader)
        for label, reason in errors.items():
            print(f"{reader.render(label)}: {reader.render(reason)}", file=sys.stderr)
        if found is None:
            return 1
        facts = {"code": found.code, "deadline": found.registration_deadline}
        print(reader.render(_("{code} is set up: registration closes on {deadline}.", **facts)
                            if args.action == "new" else
                            _("{code} is changed: registration closes on {deadline}.", **facts)))
        return 0
    except Refusal as refusal:
        print(reader.render(refusal.message), file=sys.stderr)
        return 1
    finally:
        storage.engine.dispose()


def cmd_export(settings: Settings, what: str, code: str | None, out: str | None, where: str = "") -> int:
    """A plenary's speakers lists, the table of providers and recipients, or any table a feature declares (needs,
    reports, audit, with the filters `/asp export` takes), as XLSX or CSV by the file's suffix: 0 written, 1
    refused or unwritable, 2 a file or plenary not named."""
    from pathlib import Path

    from bot.errors import Refusal
    from bot.features.providers import table
    from bot.features.speakers import export
    from bot.i18n import ngettext_
    from bot.services.people import Who
    from bot.services.ports import Person
    from handlers.files import UnreadableFile, write_table

    if what != "speakers":  # `aspbot export table FILE.xlsx` as well as `--out FILE.xlsx`
        out = out or code
        if not out:
            print(f"aspbot export {what}: name the file to write, e.g. aspbot export {what} {what}.xlsx",
                  file=sys.stderr)
            return 2
    elif not code or not out:
        print("aspbot export speakers: name the plenary and the file, e.g. aspbot export speakers COOP-23 "
              "--out speakers.xlsx", file=sys.stderr)
        return 2
    reader, storage, core = _shell(settings)
    try:
        if what == "table":  # the list of pairs (the CSV, the XLSX's first sheet), then the matrix sheet
            with core.uow() as uow:
                built = table.build(uow.matches.table(), reader)
            headers, rows, title = built.headers, built.rows, reader.render(built.title)
            sheets = [(s.name, s.headers, s.rows) for s in built.sheets]
            said = ngettext_("{count} pair of a need and a provider written to {file}.",
                             "{count} pairs of needs and providers written to {file}.", len(rows),
                             count=len(rows), file=out)
        elif what == "speakers":
            plenary, headers, rows = export.table(core, code or "", reader)
            title, sheets = "Sheet", []
            said = ngettext_("{plenary}: {count} row written to {file}.", "{plenary}: {count} rows written to {file}.",
                             len(rows), plenary=plenary, count=len(rows), file=out)
        else:  # built as for the Secretariat in Slack: the shell acts with its rights
            shell = Who(Person("console", "shell", "aspbot"), 0, "aspbot", reader, secretariat=True)
            declared = core.features.exports[what].build(core, shell, where, reader)
            headers, rows, title = declared.headers, declared.rows, reader.render(declared.title)
            sheets = [(s.name, s.headers, s.rows) for s in declared.sheets]
            said = ngettext_("{count} row written to {file}.", "{count} rows written to {file}.", len(rows),
                             count=len(rows), file=out)
        write_table(Path(out), headers, rows, sheets, title=title)
    except Refusal as refusal:
        print(reader.render(refusal.message), file=sys.stderr)
        return 1
    except (OSError, UnreadableFile) as exc:
        print(f"aspbot export: cannot write {out}: {exc}", file=sys.stderr)
        return 1
    finally:
        storage.engine.dispose()
    print(reader.render(said))
    return 0


class _Defaults(argparse.ArgumentDefaultsHelpFormatter):
    """Each option's help ends with its default, unless it has none (or says it in words)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None or isinstance(action.default, bool):
            return action.help
        return super()._get_help_string(action)


def _parser() -> argparse.ArgumentParser:
    formatter = _Defaults
    parser = argparse.ArgumentParser(prog="aspbot", formatter_class=formatter, description=(
        "aspbot, the Assembly of States Parties' assistant in Slack. With no command: Socket Mode when Slack "
        "tokens are set, else the local console on SQLite with demo data."))
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--log-level", default=os.environ.get("ASPBOT_LOG_LEVEL", "INFO").upper(),
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                        help="how much the server logs (environment: ASPBOT_LOG_LEVEL); the console and the "
                             "import show warnings and errors only, below their own output")
    parser.add_argument("--log-format", default=os.environ.get("ASPBOT_LOG_FORMAT", "text").lower(),
                        choices=["text", "json"], help="one line of text, or one JSON object, per log record "
                                                       "(environment: ASPBOT_LOG_FORMAT)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", formatter_class=formatter,
                         help="Socket Mode with SLACK_BOT_TOKEN and SLACK_APP_TOKEN; without tokens, the console")
    run.add_argument("--as", dest="name", default="delegate", help="in the console: whom you start as")
    serve = sub.add_parser("serve", formatter_class=formatter,
                           help="HTTP mode for production: POST /slack/events, GET /healthz; stops cleanly on SIGTERM")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=3000, help="port to listen on")
    console = sub.add_parser("console", formatter_class=formatter,
                             help="the local console: the same conversations as Slack, as text")
    console.add_argument("--as", dest="name", default="delegate",
                         help="whom you start as (type /as NAME to switch; 'secretariat' is the Secretariat)")
    db = sub.add_parser("db", formatter_class=formatter, help="database commands")
    db.add_argument("action", choices=["upgrade"], help="upgrade: apply every migration to DATABASE_URL")
    seed = sub.add_parser("seed", formatter_class=formatter, help="load data")
    seed.add_argument("what", choices=["demo"], help="demo: the delegations, the documents' calls and plenaries")
    imports = sub.add_parser("import", formatter_class=formatter,
                             help="load the Secretariat's table of needs (XLSX, or CSV with commas, semicolons "
                                  "or tabs)")
    imports.add_argument("what", choices=["needs"], help="needs: the table of assistance needs")
    imports.add_argument("file", help="the spreadsheet: .xlsx, .csv or .tsv")
    imports.add_argument("--call", help="code of the call for input, e.g. CP-2024 (default: the open one, else "
                                        "the latest closed)")
    campaign = sub.add_parser("campaign", formatter_class=formatter,
                              help="calls for input: list, new, edit CODE, close CODE (the same checks as in Slack)")
    campaign.add_argument("action", choices=["list", "new", "edit", "close"])
    campaign.add_argument("call", nargs="?", help="the call's code (edit, close; for new, or --code)")
    campaign.add_argument("--code", help="new: the call's code, e.g. CP-2025")
    campaign.add_argument("--title", help="its title, as delegations read it")
    campaign.add_argument("--form", choices=["need", "report"], help="what answers it: the needs intake, or the "
                                                                     "Plan of Action report")
    campaign.add_argument("--delegations", help="only these delegations (names or codes, comma-separated); "
                                                "without it, every State Party")
    campaign.add_argument("--timezone", help="the clock of its deadlines (default: ASPBOT_TIMEZONE)")
    campaign.add_argument("--opens", help="the day it opens, at 9:00 (default: now)")
    campaign.add_argument("--preliminary", help="the day preliminary answers are due (optional)")
    campaign.add_argument("--met-by", dest="met_by", choices=["draft", "submitted"],
                          help="what meets the preliminary deadline")
    campaign.add_argument("--final", help="the day final answers are due")
    campaign.add_argument("--plan", help="days before each deadline for reminders (default: 7,1,0)")
    plenary = sub.add_parser("plenary", formatter_class=formatter,
                             help="plenaries with a speakers list: list, new, edit CODE, open CODE, close CODE")
    plenary.add_argument("action", choices=["list", "new", "edit", "open", "close"])
    plenary.add_argument("plenary", nargs="?", help="the plenary's code (edit, open, close; for new, or --code)")
    plenary.add_argument("--code", help="new: the plenary's code, e.g. COOP-25")
    plenary.add_argument("--title", help="its title, as delegations read it")
    plenary.add_argument("--session", help="the Assembly's session, a number")
    plenary.add_argument("--held-on", dest="held_on", help="the day it is held, YYYY-MM-DD")
    plenary.add_argument("--starts", help="its start at the venue, HH:MM (optional)")
    plenary.add_argument("--duration", help="its length in minutes (optional)")
    plenary.add_argument("--room", help="where it is held (optional)")
    plenary.add_argument("--timezone", help="the venue's clock (default: ASPBOT_TIMEZONE)")
    plenary.add_argument("--segment", dest="segments", action="append",
                         help="a segment, 'CODE | title [| minutes] [| theme]'; repeat for each")
    plenary.add_argument("--limit", help="minutes per intervention")
    plenary.add_argument("--opens-on", dest="opens_on", help="the day registration opens, at 9:00 (default: now)")
    plenary.add_argument("--closes-on", dest="closes_on", help="the day registration closes")
    plenary.add_argument("--closes-at", dest="closes_at", help="the time it closes that day, HH:MM (default: "
                                                               "the end of the day)")
    plenary.add_argument("--open-to", dest="open_to", help="who may register (default all): state_party, "
                                                           "observer_state, igo, cso, comma-separated")
    exports = sub.add_parser("export", formatter_class=formatter,
                             help="write a plenary's speakers lists, or the table of providers and recipients, to "
                                  "XLSX or CSV (by the file's suffix)")
    exports.add_argument("what", choices=["speakers", "table", "needs", "reports", "audit"],
                         help="speakers: the lists in calling order, withdrawn and late; table: the pairs of needs "
                              "and providers (a list, and a matrix sheet in XLSX); needs, reports: an answer per "
                              "column; audit: the trail with before and after")
    exports.add_argument("plenary", nargs="?", help="speakers: the plenary's code, e.g. COOP-23; the others: the "
                                                    "file")
    exports.add_argument("--out", help="the file to write: .xlsx or .csv")
    exports.add_argument("--where", help="needs, reports, audit: the filters /asp export takes, e.g. "
                                         "\"state=uganda status=submitted\" or \"CP-2024-0001\"")
    keys = sub.add_parser("keys", formatter_class=formatter,
                          help="the keys sealing confidential answers at rest (ASPBOT_SEAL_KEYS)")
    keys.add_argument("action", choices=["new", "rotate", "check"],
                      help="new: print a new key; rotate: seal everything again with the first key of "
                           "ASPBOT_SEAL_KEYS (put the new key first, keep the old one after it until this is done); "
                           "check: do the keys open what is stored")
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("aspbot")
    except PackageNotFoundError:
        return "unknown"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _UnusedTokenNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment and warns that it is unused when the app is given its
    client (which carries the token and SLACK_API_URL): true, expected, and not worth an operator's attention."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "will be unused" not in record.getMessage()


def _logging(level: str, form: str, command: str | None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if form == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # The console's screen is the conversation and the import's is its report: keep library chatter off them.
    wanted = logging.getLevelName(level)
    root.setLevel(max(logging.WARNING, wanted) if command in ("console", "run", "import", None) else wanted)
    for chatty in ("alembic", "apscheduler"):  # a line per migration plugin, a line per tick
        logging.getLogger(chatty).setLevel(max(logging.WARNING, wanted))
    logging.getLogger("slack_bolt.App").addFilter(_UnusedTokenNotice())


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _logging(args.log_level, args.log_format, args.command)
    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = "_".join(str(p) for p in error["loc"]).upper()
            print(f"aspbot: {name} is not valid: {error['msg']}", file=sys.stderr)
        return 2
    try:
        return _dispatch(parser, args, settings)
    except CannotStart as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 2
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
    if args.command == "campaign":
        return cmd_campaign(settings, args)
    if args.command == "plenary":
        return cmd_plenary(settings, args)
    if args.command == "export":
        return cmd_export(settings, args.what, args.plenary, args.out, args.where or "")
    if args.command == "keys":
        return cmd_keys(settings, args.action)
    parser.error("unknown command")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
