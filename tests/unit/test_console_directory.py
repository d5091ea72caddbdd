"""Who is the Secretariat in the console: names from ASPBOT_SECRETARIAT, never Slack IDs."""
from __future__ import annotations

from bot.services.ports import Person


def test_console_secretariat_names_are_names_and_slack_ids_are_left_to_slack():
    from handlers.console import ConsoleDirectory
    directory = ConsoleDirectory(("Sam", "U0123ABCD", "S0SECRET", "wanda"), "Europe/Amsterdam")
    assert [p.user for p in directory.secretariat("local")] == ["Sam", "wanda"]
    assert ConsoleDirectory(("U0123ABCD",), "UTC").is_secretariat(Person("console", "local", "secretariat"))
