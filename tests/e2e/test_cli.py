"""The `aspbot` command: clear refusals for missing settings, and `serve` answering over real HTTP."""
from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.support.fake_slack import FakeSlack
from tests.support.payloads import SlackClient

ROOT = Path(__file__).resolve().parents[2]
KEY = "eU1s3Yl0bQ2n0m3Jq1Z9cE5nYkR3dGhCbHVlU2t5MTI="  # a Fernet key: what Slack modes must be given


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASPBOT_"))}
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


@pytest.mark.parametrize("args, env, variables", [
    (["serve"], {}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "ASPBOT_SEAL_KEYS"]),  # every missing one at once
    (["serve"], {"SLACK_BOT_TOKEN": "xoxb-1", "ASPBOT_SEAL_KEYS": KEY}, ["SLACK_SIGNING_SECRET"]),
    (["serve"], {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, ["ASPBOT_SEAL_KEYS"]),  # no key file
    (["run"], {"SLACK_BOT_TOKEN": "xoxb-1", "ASPBOT_SEAL_KEYS": KEY}, ["SLACK_APP_TOKEN"]),
    (["run"], {"SLACK_APP_TOKEN": "xapp-1"}, ["SLACK_BOT_TOKEN", "ASPBOT_SEAL_KEYS"]),
])
def test_missing_settings_are_a_line_each_naming_them_and_exit_2(tmp_path, args, env, variables):
    done = aspbot(tmp_path, *args, DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", **env)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert [line.split(" is not set;")[0] for line in lines] == [f"aspbot {args[0]}: {v}" for v in variables]


def aspbot(cwd, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=cwd,
                          env=clean_env(**env), timeout=60)


def test_start_up_failures_are_one_clear_line_never_a_traceback(tmp_path):
    cases = [
        ({"DATABASE_URL": "nope://x"}, ["console"],
         "aspbot: DATABASE_URL (nope://x) is not a database address aspbot can use: Can't load plugin: "
         "sqlalchemy.dialects:nope. Use sqlite:///FILE or postgresql://USER@HOST/DB."),
        ({"DATABASE_URL": "postgresql://postgres:hunter2@127.0.0.1:1/x"}, ["console"],
         "aspbot: cannot reach the database at postgresql://postgres:***@127.0.0.1:1/x: connection failed: "),
        ({"ASPBOT_TICK_SECONDS": "soon"}, ["db", "upgrade"], "aspbot: ASPBOT_TICK_SECONDS is not valid: "),
        ({"ASPBOT_SEAL_KEYS": "not-a-key", "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"}, ["console"],
         "aspbot: ASPBOT_SEAL_KEYS: a sealing key is not a Fernet key (32 url-safe base64-encoded bytes)."),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "http://127.0.0.1:1/api/",
          "DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}", "ASPBOT_SEAL_KEYS": KEY}, ["serve", "--port", "0"],
         "aspbot serve: cannot reach Slack's Web API at http://127.0.0.1:1/api/ ("),
    ]
    for env, args, said in cases:
        done = aspbot(tmp_path, *args, **env)
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr and "hunter2" not in done.stderr
        assert done.stderr.strip().splitlines()[-1].startswith(said), done.stderr


def test_a_refused_bot_token_is_named(tmp_path):
    with FakeSlack() as fake:
        fake.fail_next("auth.test", error="invalid_auth")
        done = aspbot(tmp_path, "serve", SLACK_BOT_TOKEN="xoxb-old", SLACK_SIGNING_SECRET="s", ASPBOT_SEAL_KEYS=KEY,
                      SLACK_API_URL=fake.base_url, DATABASE_URL=f"sqlite:///{tmp_path / 'b.db'}")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "aspbot serve: Slack refused the bot token (invalid_auth); check SLACK_BOT_TOKEN."]


def test_version_and_help_say_what_each_option_does_and_its_default(tmp_path):
    assert aspbot(tmp_path, "--version").stdout.strip() == "aspbot 0.1.0"
    helped = aspbot(tmp_path, "serve", "--help").stdout
    assert "--port PORT  port to listen on (default: 3000)" in helped
    assert "(default: 127.0.0.1)" in helped
    top = aspbot(tmp_path, "--help").stdout
    assert "--log-level" in top and "ASPBOT_LOG_LEVEL" in top and "--log-format" in top
    imports = " ".join(aspbot(tmp_path, "import", "--help").stdout.split())
    assert "(default: the open one, else the latest closed)" in imports and "(default: None)" not in imports


def test_serve_answers_healthz_and_signed_commands(database_url, tmp_path):
    import socket
    with socket.socket() as probe:  # a free port for the child to bind
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with FakeSlack() as fake:
        env = clean_env(SLACK_BOT_TOKEN="xoxb-cli", SLACK_SIGNING_SECRET="cli-secret", SLACK_API_URL=fake.base_url,
                        DATABASE_URL=database_url, ASPBOT_SEAL_KEYS=KEY)
        child = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], cwd=tmp_path, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        logged = []
        try:
            # waitress logs "Serving on" once the socket listens: read until then, no sleeping.
            for line in child.stdout:
                logged.append(line)
                if "Serving on" in line:
                    break
            # At INFO, start-up says where it serves and nothing else: no migration plugins, no Bolt notice.
            assert len(logged) == 1, logged
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
                assert response.status == 200 and response.read() == b"ok\n"
            client = SlackClient(f"http://127.0.0.1:{port}", "cli-secret")
            status, body = client.command("help", user_id="U1")
            assert status == 200 and body["text"] == "What you can ask me"
            assert SlackClient(f"http://127.0.0.1:{port}", "wrong").command("help")[0] == 401
        finally:
            child.terminate()
            child.wait(timeout=10)


def test_run_with_both_tokens_opens_socket_mode_through_the_web_api(tmp_path):
    with FakeSlack() as fake:
        fake.fail_next("apps.connections.open", error="invalid_auth")
        env = clean_env(SLACK_BOT_TOKEN="xoxb-cli", SLACK_APP_TOKEN="xapp-cli", SLACK_API_URL=fake.base_url,
                        DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}", ASPBOT_SEAL_KEYS=KEY)
        done = subprocess.run([sys.executable, "-m", "bot", "run"], capture_output=True, text=True, cwd=tmp_path,
                              env=env, timeout=60)
        opened = fake.calls("apps.connections.open")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == ("aspbot run: Slack refused to open Socket Mode (invalid_auth); "
                                                    "check SLACK_BOT_TOKEN and SLACK_APP_TOKEN.")
    assert len(opened) == 1 and opened[0].headers.get("authorization") == "Bearer xapp-cli"


def test_json_logs_are_one_object_per_record_and_the_level_is_chosen(capsys):
    import json
    import logging

    from bot.cli import _logging

    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    try:
        _logging("WARNING", "json", "serve")
        logging.getLogger("aspbot").info("not shown at WARNING")
        logging.getLogger("aspbot").warning("shown «as is»")
        logging.getLogger("alembic.runtime.plugins").warning("a migration warning still shows")
        lines = capsys.readouterr().err.splitlines()
    finally:
        root.setLevel(before[0])
        root.handlers[:] = before[1]
    records = [json.loads(line) for line in lines]
    assert [(r["level"], r["logger"], r["message"]) for r in records] == [
        ("WARNING", "aspbot", "shown «as is»"), ("WARNING", "alembic.runtime.plugins", "a migration warning still shows")]


def test_campaign_from_the_shell_goes_through_the_forms_checks(tmp_path):
    from datetime import UTC, datetime

    from bot.app import build_storage
    from bot.seed import seed_delegations
    from bot.settings import Settings
    from storage.models import Member, Membership

    url = f"sqlite:///{tmp_path / 'calls.db'}"
    assert aspbot(tmp_path, "db", "upgrade", DATABASE_URL=url).returncode == 0
    storage = build_storage(Settings(database_url=url))
    now = datetime.now(UTC)
    with storage.uow() as uow:
        seed_delegations(uow)
        kenya = uow.delegations.by_code("KE")
        member = uow.members.add(Member(channel="slack", workspace="T1", user_key="UKIP", created_at=now))
        uow.session.add(Membership(member_id=member.id, delegation_id=kenya.id, role="focal_point",
                                   status="approved", requested_at=now, decided_at=now))
        uow.commit()
    storage.engine.dispose()

    def campaign(*args: str) -> subprocess.CompletedProcess:
        return aspbot(tmp_path, "campaign", *args, DATABASE_URL=url)

    done = campaign("new", "--code", "cp-2030", "--title", "Needs 2030", "--preliminary", "2030-11-01",
                    "--final", "2030-10-01", "--timezone", "Mars/Olympus", "--plan", "7,-1")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "Time zone of the deadlines: “Mars/Olympus” is not a time zone I know. Type one such as Europe/Amsterdam "
        "or America/New_York.",
        "Final deadline: The final deadline must come after the preliminary one (November 1, 2030).",
        "Reminder plan: A reminder cannot come after its deadline: give days before it, 0 being the day itself."]
    done = campaign("new", "--code", "cp-2030", "--title", "Needs 2030", "--preliminary", "2030-06-10",
                    "--final", "2030-10-01", "--delegations", "Kenya")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("CP-2030 is set up: it opens on ")
    assert "final deadline October 1, 2030, 11:59\u202fPM Central European Summer Time" in done.stdout
    again = campaign("new", "--code", "CP-2030", "--title", "Twice", "--final", "2030-10-01")
    assert again.returncode == 1
    assert again.stderr.startswith("There is already a call with the code CP-2030.")
    nobody = campaign("new", "--code", "CP-2031", "--title", "Nobody", "--final", "2031-10-01",
                      "--delegations", "France")
    assert nobody.returncode == 1 and nobody.stderr.startswith("Nobody would receive this call")
    assert campaign("edit", "CP-2030", "--final", "2030-10-15").returncode == 0
    assert "CP-2030" in campaign("list").stdout and "October 15, 2030" in campaign("list").stdout
    assert campaign("close", "cp-2030").returncode == 0
    closed = campaign("close", "CP-2030")
    assert closed.returncode == 1 and "is already closed" in closed.stderr


def test_export_speakers_from_the_shell(tmp_path):
    url = f"sqlite:///{tmp_path / 'export.db'}"
    assert aspbot(tmp_path, "seed", "demo", DATABASE_URL=url).returncode == 0
    done = aspbot(tmp_path, "export", "speakers", "coop-23", "--out", str(tmp_path / "list.xlsx"), DATABASE_URL=url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"COOP-23: 0 rows written to {tmp_path / 'list.xlsx'}."
    from openpyxl import load_workbook
    assert next(load_workbook(tmp_path / "list.xlsx").active.iter_rows(values_only=True))[0] == "Segment"
    unknown = aspbot(tmp_path, "export", "speakers", "NOPE", "--out", str(tmp_path / "x.csv"), DATABASE_URL=url)
    assert unknown.returncode == 1 and unknown.stderr.startswith("There is no plenary with the code NOPE.")
    wrong = aspbot(tmp_path, "export", "speakers", "COOP-23", "--out", str(tmp_path / "x.pdf"), DATABASE_URL=url)
    assert wrong.returncode == 1 and "only .xlsx and .csv files can be written" in wrong.stderr


def test_export_the_table_of_providers_and_recipients_from_the_shell(tmp_path):
    url = f"sqlite:///{tmp_path / 'table.db'}"
    assert aspbot(tmp_path, "seed", "demo", DATABASE_URL=url).returncode == 0
    done = aspbot(tmp_path, "export", "table", str(tmp_path / "table.xlsx"), DATABASE_URL=url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"0 pairs of needs and providers written to {tmp_path / 'table.xlsx'}."
    from openpyxl import load_workbook
    book = load_workbook(tmp_path / "table.xlsx")
    assert [sheet.title for sheet in book.worksheets] == ["Providers and recipients", "Matrix"]
    assert next(book.worksheets[0].iter_rows(values_only=True)) == \
        ("State", "Need", "Title", "Provider", "State of the pair", "Score")
    nameless = aspbot(tmp_path, "export", "table", DATABASE_URL=url)
    assert nameless.returncode == 2 and nameless.stderr.strip() == \
        "aspbot export table: name the file to write, e.g. aspbot export table table.xlsx"
    wrong = aspbot(tmp_path, "export", "table", "--out", str(tmp_path / "x.pdf"), DATABASE_URL=url)
    assert wrong.returncode == 1 and "only .xlsx and .csv files can be written" in wrong.stderr


def test_plenary_from_the_shell_goes_through_the_forms_checks(tmp_path):
    url = f"sqlite:///{tmp_path / 'plenaries.db'}"
    assert aspbot(tmp_path, "db", "upgrade", DATABASE_URL=url).returncode == 0

    def plenary(*args: str) -> subprocess.CompletedProcess:
        return aspbot(tmp_path, "plenary", *args, DATABASE_URL=url)

    refused = plenary("new", "--code", "coop-30", "--title", "Cooperation 2030", "--session", "29", "--held-on",
                      "2030-12-10", "--starts", "25:00", "--segment", "I without a bar", "--limit", "2",
                      "--closes-on", "2030-12-09", "--timezone", "Mars/Olympus")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.splitlines() == [
        "Starts at: Type a time of day as hours and minutes, for example 15:00.",
        "Venue’s time zone: “Mars/Olympus” is not a time zone I know. Type one such as Europe/Amsterdam or "
        "America/New_York.",
        "Segments: Type one segment per line: its code, a bar, its title, then optionally its minutes and its theme, "
        "for example “I | Cooperation is vital for the Court | 60”."]
    done = plenary("new", "--code", "coop-30", "--title", "Cooperation 2030", "--session", "29", "--held-on",
                   "2030-12-10", "--starts", "15:00", "--duration", "120", "--room", "World Forum",
                   "--segment", "I | High-level | 60", "--segment", "II | Technical | 60", "--limit", "2",
                   "--opens-on", "2030-11-01", "--closes-on", "2030-12-09", "--closes-at", "18:00",
                   "--open-to", "state_party, observer_state")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("COOP-30 is set up: registration closes on December 9, 2030, 6:00\u202fPM Central "
                                   "European Standard Time.")
    late = plenary("edit", "COOP-30", "--closes-on", "2030-12-11")
    assert late.returncode == 1 and late.stderr.startswith("Registration must close before the plenary starts")
    assert plenary("edit", "COOP-30", "--closes-at", "12:00").returncode == 0
    listed = plenary("list").stdout
    assert "COOP-30" in listed and "December 9, 2030, 12:00\u202fPM" in listed
    assert plenary("open", "COOP-30").returncode == 0
    closed = plenary("close", "coop-30")
    assert closed.returncode == 0 and closed.stdout.startswith("COOP-30 is closed:")
    again = plenary("close", "COOP-30")
    assert again.returncode == 1 and "is already closed" in again.stderr


def test_keys_new_rotate_check_and_a_wrong_key_is_named_at_start(tmp_path):
    from datetime import UTC, datetime

    from cryptography.fernet import Fernet

    from bot.app import build_storage
    from bot.settings import Settings
    from storage.migrate import upgrade

    db = f"sqlite:///{tmp_path / 'keys.db'}"
    old, new = (aspbot(tmp_path, "keys", "new").stdout.strip() for _ in range(2))
    assert old != new and Fernet(old) and Fernet(new)
    upgrade(db)
    storage = build_storage(Settings(database_url=db, aspbot_seal_keys=old))
    with storage.uow() as uow:
        uow.audit.record(datetime(2024, 12, 2, tzinfo=UTC), None, "need.edited", "need:CP-2024-0001", None,
                         {"description": "sealed with the old key"})
        uow.commit()
    storage.engine.dispose()

    wrong = aspbot(tmp_path, "console", DATABASE_URL=db, ASPBOT_SEAL_KEYS=new)
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert wrong.stderr.strip().splitlines() == [
        "aspbot: ASPBOT_SEAL_KEYS cannot open what is stored: audit_events.after was sealed with a key that is not "
        "among those given. Give the key it was sealed with (several, comma separated, while rotating)."]
    rotated = aspbot(tmp_path, "keys", "rotate", DATABASE_URL=db, ASPBOT_SEAL_KEYS=f"{new},{old}")
    assert rotated.returncode == 0, rotated.stderr
    assert "audit_events.after: 1 sealed with the first key" in rotated.stdout.splitlines()
    checked = aspbot(tmp_path, "keys", "check", DATABASE_URL=db, ASPBOT_SEAL_KEYS=new)
    assert (checked.returncode, checked.stdout.strip()) == (0, "the keys open what is stored")


def test_without_a_key_the_console_makes_a_key_file_readable_by_its_owner_only(tmp_path):
    done = aspbot(tmp_path, "keys", "check", DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}")
    assert done.returncode == 0, done.stderr
    made = tmp_path / "aspbot.key"
    assert made.stat().st_mode & 0o777 == 0o600
    again = aspbot(tmp_path, "keys", "check", DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}")
    assert again.returncode == 0 and (tmp_path / "aspbot.key").read_text() == made.read_text()


def test_export_needs_reports_and_audit_from_the_shell(tmp_path):
    from datetime import UTC, datetime

    from openpyxl import load_workbook

    from bot.app import build_storage
    from bot.settings import Settings
    from storage.migrate import upgrade

    db = f"sqlite:///{tmp_path / 'shell.db'}"
    upgrade(db)
    storage = build_storage(Settings(database_url=db))
    with storage.uow() as uow:
        uow.audit.record(datetime(2024, 12, 2, tzinfo=UTC), None, "call.created", "call:CP-2024", None,
                         {"code": "CP-2024"})
        uow.commit()
    storage.engine.dispose()
    same_key = {"DATABASE_URL": db, "ASPBOT_KEY_FILE": os.environ["ASPBOT_KEY_FILE"]}
    audit = aspbot(tmp_path, "export", "audit", str(tmp_path / "audit.xlsx"), "--where", "CP-2024", **same_key)
    assert (audit.returncode, audit.stdout.strip()) == (0, f"1 row written to {tmp_path / 'audit.xlsx'}."), \
        audit.stderr
    rows = list(load_workbook(tmp_path / "audit.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:4] == ("When (UTC)", "Who", "Action", "Item") and rows[1][3] == "call:CP-2024"
    needs = aspbot(tmp_path, "export", "needs", "--out", str(tmp_path / "needs.csv"), **same_key)
    assert needs.returncode == 0 and needs.stdout.strip() == f"0 rows written to {tmp_path / 'needs.csv'}."
    assert (tmp_path / "needs.csv").read_text(encoding="utf-8-sig").startswith("Reference,State,Area,Status")
    wrong = aspbot(tmp_path, "export", "reports", str(tmp_path / "r.xlsx"), "--where", "colour=blue", **same_key)
    assert wrong.returncode == 1 and wrong.stderr.strip() == (
        "I do not know the filter “colour”. Use state= or call=, for example /asp reports state=uganda.")
    unnamed = aspbot(tmp_path, "export", "reports", **same_key)
    assert unnamed.returncode == 2 and "name the file to write" in unnamed.stderr
