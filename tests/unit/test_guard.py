"""Adapters' safety net: a refusal shows its own message, a bug a neutral apology with a reference."""
from __future__ import annotations

import logging
import re

from bot.errors import Refusal
from bot.i18n import Reader, _
from bot.services.guard import attempt
from bot.services.ports import Person, Result

PERSON = Person("slack", "T1", "U1")


def test_refusal_becomes_its_translated_message():
    def refuse():
        raise Refusal(_("Only the Secretariat can verify delegations."))
    outcome = attempt(PERSON, refuse)
    assert not outcome.ok
    assert Reader("en").render(outcome.reply.parts[0].msg) == "Only the Secretariat can verify delegations."


def test_a_bug_is_logged_with_a_reference_and_never_shown(caplog):
    def crash():
        raise RuntimeError("secret internals: password=hunter2")
    with caplog.at_level(logging.ERROR, logger="aspbot"):
        outcome = attempt(PERSON, crash)
    text = Reader("en").render(outcome.reply.parts[0].msg)
    ref = re.search(r"reference: ([0-9A-F]{8})\.$", text).group(1)
    assert "hunter2" not in text and "RuntimeError" not in text
    assert f"[ref {ref}]" in caplog.text and "hunter2" in caplog.text


def test_success_passes_through():
    outcome = attempt(PERSON, lambda: Result(reply=None, outbox=[3, 4]))
    assert outcome.ok and outcome.outbox == [3, 4]

