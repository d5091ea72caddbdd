"""The Slack manifest asks for exactly what the app uses: its scopes, events, command and interactivity."""
from __future__ import annotations

from pathlib import Path

import yaml

MANIFEST = yaml.safe_load((Path(__file__).resolve().parents[2] / "manifest.yml").read_text())


def test_scopes_are_exactly_those_the_code_needs():
    # chat:write — DMs and replies; commands — /asp; im:history — message.im events, and reading the DM
    # before a retried reply is posted again; im:write — conversations.open for that DM;
    # users:read — users.info for timezone and locale; usergroups:read — a Secretariat user group;
    # chat:write.public — the floor's countdown in a public channel the bot was not invited to;
    # files:write — a calendar invitation, an export uploaded to the person who asked.
    # files:read — a statement a delegation sends as a file in the DM, fetched to pass it to the interpreters.
    # mpim:write — the group DM of an introduction (the State's contact, the provider's, the Secretariat);
    # mpim:history — looking in it before a retried introduction is posted again.
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == [
        "chat:write", "chat:write.public", "commands", "files:read", "files:write", "im:history", "im:write",
        "mpim:history", "mpim:write", "usergroups:read", "users:read"]


def test_events_command_and_interactivity():
    settings = MANIFEST["settings"]
    assert sorted(settings["event_subscriptions"]["bot_events"]) == ["app_home_opened", "message.im"]
    assert settings["interactivity"]["is_enabled"] is True
    commands = MANIFEST["features"]["slash_commands"]
    assert [c["command"] for c in commands] == ["/asp"]
    assert all(c["url"].endswith("/slack/events") for c in commands)
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert MANIFEST["features"]["app_home"]["messages_tab_enabled"] is True
