"""How many SQL statements a request costs, counted on the real engine: the budget the README documents.

`/asp help` resolves the person in one statement and renders from that snapshot; one answer in a DM
conversation stays within a small fixed budget whatever the form. A change that adds queries to these
hot paths fails here first.
"""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from bot.engine.runner import Typed
from bot.services import commands, conversations
from bot.services.guard import attempt
from tests.integration.conftest import AMINA, say

HELP_BUDGET = 2
DM_STEP_BUDGET = 6


@contextmanager
def counted(engine):
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_help_reads_at_most_two_statements(world, seeded):
    core = world[0]
    attempt(core, AMINA, lambda who: commands.run(core, who, "help"))  # first contact writes the member row
    with counted(seeded.engine) as statements:
        outcome = attempt(core, AMINA, lambda who: commands.run(core, who, "help"))
    assert outcome.ok and outcome.reader.locale == "fr"
    assert len(statements) <= HELP_BUDGET, statements
    assert statements == ["SELECT"]


def test_one_answer_in_a_dm_conversation_stays_in_budget(world, seeded):
    core, dispatcher = world[0], world[1]
    say(world, AMINA, "hello")  # onboarding starts: the next message is an answer to its first question
    with counted(seeded.engine) as statements:
        result = attempt(core, AMINA, lambda who: conversations.handle_input(core, who, Typed("1"), "Ev-budget"))
    assert result.ok and len(result.outbox) == 1
    assert len(statements) <= DM_STEP_BUDGET, statements
    dispatcher.deliver(result.outbox)
    assert world[2].to("UAMINA")[-1].startswith("Laquelle")
