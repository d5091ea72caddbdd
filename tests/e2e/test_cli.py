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


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASPBOT_"))}
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


@pytest.mark.parametrize("args, env, variable", [
    (["serve"], {}, "SLACK_BOT_TOKEN"),
    (["serve"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    (["run"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
    (["run"], {"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"),
])
def test_missing_setting_is_one_line_naming_it_and_exit_2(tmp_path, args, env, variable):
    done = subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=tmp_path,
                          env=clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", **env), timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"aspbot {args[0]}: {variable} is not set;")


def test_serve_answers_healthz_and_signed_commands(database_url, tmp_path):
    import socket
    with socket.socket() as probe:  # a free port for the child to bind
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with FakeSlack() as fake:
        env = clean_env(SLACK_BOT_TOKEN="xoxb-cli", SLACK_SIGNING_SECRET="cli-secret", SLACK_API_URL=fake.base_url,
                        DATABASE_URL=database_url)
        child = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], cwd=tmp_path, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            # waitress logs "Serving on" once the socket listens: read until then, no sleeping.
            for line in child.stdout:
                if "Serving on" in line:
                    break
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
                        DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}")
        done = subprocess.run([sys.executable, "-m", "bot", "run"], capture_output=True, text=True, cwd=tmp_path,
                              env=env, timeout=60)
        opened = fake.calls("apps.connections.open")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == ("aspbot run: Slack refused to open Socket Mode (invalid_auth); "
                                                    "check SLACK_BOT_TOKEN and SLACK_APP_TOKEN.")
    assert len(opened) == 1 and opened[0].headers.get("authorization") == "Bearer xapp-cli"
