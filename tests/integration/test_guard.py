"""Adapters' safety net: a refusal shows its own message, a bug a neutral apology with a reference, both in
the language of the person asking; a database that cannot be reached is said so, in the channel's language."""
from __future__ import annotations

import logging
import re

from bot.app import build_core, build_storage
from bot.errors import Refusal
from bot.i18n import Reader, _
from bot.services.guard import attempt
from bot.services.ports import Result
from bot.settings import Settings
from tests.integration.conftest import AMINA


def test_refusal_becomes_its_translated_message(world):
    core = world[0]

    def refuse(who):
        raise Refusal(_("Only the Secretariat can verify delegations."))
    outcome = attempt(core, AMINA, refuse)
    assert not outcome.ok and outcome.reader == Reader("fr", "Africa/Kampala")
    assert outcome.reader.render(outcome.reply.parts[0].msg) == "Seul le Secrétariat peut vérifier les délégations."


def test_a_bug_is_logged_with_a_reference_and_never_shown(world, caplog):
    def crash(who):
        raise RuntimeError("secret internals: password=hunter2")
    with caplog.at_level(logging.ERROR, logger="aspbot"):
        outcome = attempt(world[0], AMINA, crash)
    text = Reader("en").render(outcome.reply.parts[0].msg)
    ref = re.search(r"reference: ([0-9A-F]{8})\.$", text).group(1)
    assert "hunter2" not in text and "RuntimeError" not in text
    assert f"[ref {ref}]" in caplog.text and "hunter2" in caplog.text


def test_success_passes_through_with_who_is_asking(world):
    outcome = attempt(world[0], AMINA, lambda who: Result(reply=None, outbox=[who.member_id]))
    assert outcome.ok and len(outcome.outbox) == 1 and outcome.reader.locale == "fr"


def test_an_unreachable_database_is_said_in_the_language_the_channel_knows(world, tmp_path):
    core = world[0]
    settings = Settings(database_url=f"sqlite:///{tmp_path}/missing/dir/aspbot.db", aspbot_default_locale="es")
    broken = build_core(settings, build_storage(settings), core.directory, core.clock)
    outcome = attempt(broken, AMINA, lambda who: Result())
    assert not outcome.ok and outcome.reader == Reader("fr", "Africa/Kampala")  # from Slack, not the database
    assert outcome.reader.render(outcome.reply.parts[0].msg).startswith(
        "Je ne parviens pas à accéder à mes données pour le moment")


def test_with_the_channel_down_too_it_is_said_in_the_default_language(world, tmp_path):
    core = world[0]

    class Down:
        def profile(self, person):
            raise OSError("Slack unreachable")

    settings = Settings(database_url=f"sqlite:///{tmp_path}/missing/dir/aspbot.db", aspbot_default_locale="es")
    broken = build_core(settings, build_storage(settings), Down(), core.clock)
    outcome = attempt(broken, AMINA, lambda who: Result())
    assert not outcome.ok and outcome.reader.locale == "es"
    assert outcome.reader.render(outcome.reply.parts[0].msg).startswith("En este momento no puedo acceder")
