"""The Secretariat sets up, changes, closes and nudges a call for input, and reads where it stands; the focal
points receive what follows from it."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.errors import Refusal
from bot.i18n import Reader
from bot.replies import Actions
from bot.services import actions, commands
from bot.services.people import resolve
from bot.services.ports import Person
from handlers.console import render_text
from storage.models import CallForInput, OutboxMessage
from tests.integration.conftest import AMINA, BOB, SEC, say
from tests.integration.test_needs import submitted
from tests.integration.test_reminders import rows, step

NEW = ["CP-2025", "Complementarity platform 2025", "need", "every state party", "skip", "2025-05-05",
       "2025-06-10", "a draft", "2025-10-01", "skip"]


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def asp(world, person, text):
    core, dispatcher, _, _ = world
    result = commands.run(core, resolve(core, person), text)
    dispatcher.deliver(result.outbox)
    return result


def texts(world, person: Person) -> list[str]:
    return [s.text for s in world[2].sent if s.to == person.user]


def last(world) -> str:
    """The bot's last two messages to the Secretariat: a refusal, then its question again."""
    return "\n".join(texts(world, SEC)[-2:])


def new_call(world, answers=NEW) -> list[str]:
    world[2].sent.clear()
    asp(world, SEC, "campaign new")
    for text in answers:
        say(world, SEC, text)
    say(world, SEC, "submit")
    return texts(world, SEC)


def the_call(core, code="CP-2025") -> CallForInput:
    with core.uow() as uow:
        return uow.calls.by_code(code)


def test_a_new_call_typed_in_the_dm_opens_on_its_day_and_is_announced_then(desk):
    core = desk[0]
    said = new_call(desk)
    assert said[0].startswith("== New call for input ==")
    summary = said[-1]
    assert "== Call for input: Complementarity platform 2025" in summary
    assert "Opens: May 5, 2025, 9:00\u202fAM Central European Summer Time" in summary
    assert "Final deadline: October 1, 2025, 11:59\u202fPM Central European Summer Time" in summary
    assert "Verified focal points: 2" in summary
    call = the_call(core)
    assert (call.form, call.audience, call.timezone, call.plan, call.preliminary_met_by) == \
        ("need", None, "Europe/Amsterdam", None, "draft")
    assert step(desk, utc(2025, 5, 5, 6)) == []  # 08:00 in The Hague: not open yet
    sent = step(desk, utc(2025, 5, 5, 7))
    assert {s.to for s in sent} == {"UAMINA", "UBOB"}
    assert any(s.text.startswith("== Nouvel appel à contributions\xa0: Complementarity platform 2025") for s in sent)
    # 10 June 23:59 in The Hague is 11 June in Nairobi: 7 days before on Bob's calendar, at 09:00 his time.
    assert rows(core, "UBOB")["remind:CP-2025:preliminary:7"] == ("pending", utc(2025, 6, 4, 6))


def test_the_forms_checks_refuse_each_wrong_answer_and_keep_the_ones_before(desk):
    core = desk[0]
    asp(desk, SEC, "campaign new")
    desk[2].sent.clear()
    say(desk, SEC, "C")
    assert "A code is 2 to 32 letters, digits or dashes, for example CP-2025." in texts(desk, SEC)
    for text in NEW[:4]:
        say(desk, SEC, text)
    say(desk, SEC, "Mars/Olympus")
    assert "“Mars/Olympus” is not a time zone I know." in last(desk)
    say(desk, SEC, "Europe/Amsterdam")
    say(desk, SEC, "2024-01-01")
    assert "That date is in the past." in last(desk)
    say(desk, SEC, "2025-05-05")
    say(desk, SEC, "2025-05-01")
    assert "A deadline cannot come before the call opens (May 5, 2025)." in last(desk)
    say(desk, SEC, "2025-06-10")
    say(desk, SEC, "a draft")
    say(desk, SEC, "2025-06-01")
    assert "The final deadline must come after the preliminary one (June 10, 2025)." in last(desk)
    say(desk, SEC, "2025-10-01")
    say(desk, SEC, "7, -1")
    assert "A reminder cannot come after its deadline" in last(desk)
    say(desk, SEC, "seven")
    assert "Type the days before each deadline as numbers, for example 7, 1, 0." in last(desk)
    say(desk, SEC, "14, 2")
    say(desk, SEC, "submit")
    assert the_call(core).plan == [14, 2]


def test_a_code_already_taken_is_refused_at_submit_and_the_answers_wait_for_a_change(desk):
    core = desk[0]
    new_call(desk)
    with pytest.raises(Refusal) as refused:
        new_call(desk)
    assert Reader("en").render(refused.value.message).startswith("There is already a call with the code CP-2025.")
    with core.uow() as uow:
        assert len([c for c in uow.calls.all() if c.code == "CP-2025"]) == 1
        conversation = uow.conversations.active(uow.members.find("slack", "T1", "USEC").id)
        assert conversation is not None and conversation.state["step"] == "review"


def test_an_audience_of_chosen_delegations_without_a_verified_focal_point_is_refused(desk):
    core = desk[0]
    answers = NEW[:3] + ["chosen delegations", "France, Germany"] + NEW[4:]
    with pytest.raises(Refusal) as refused:
        new_call(desk, answers)
    assert refused.value.message.id.startswith("Nobody would receive this call")
    assert the_call(core) is None  # nothing half-saved; the answers wait on the review
    say(desk, SEC, "change: delegations")
    say(desk, SEC, "kenya")
    say(desk, SEC, "submit")
    assert the_call(core).audience == ["KE"]
    sent = step(desk, utc(2025, 5, 5, 7))
    assert {s.to for s in sent} == {"UBOB"}  # Uganda is not in the audience


def test_editing_a_call_moves_its_planned_reminders_and_sends_none_twice(desk):
    core = desk[0]
    new_call(desk)
    step(desk, utc(2025, 5, 5, 7))
    before = rows(core, "UBOB")
    assert before["remind:CP-2025:final:1"] == ("pending", utc(2025, 10, 1, 6))  # Nairobi's 2 October, less 1
    desk[2].sent.clear()
    asp(desk, SEC, "campaign edit cp-2025")
    review = texts(desk, SEC)[-1]
    # The call as it stands, on its review: its answers as they were given.
    assert "  Final deadline: October 1, 2025" in review.splitlines()
    assert "  Preliminary deadline: June 10, 2025" in review.splitlines()
    say(desk, SEC, "change: final deadline")
    say(desk, SEC, "2025-10-15")
    say(desk, SEC, "submit")
    after = rows(core, "UBOB")
    assert after["remind:CP-2025:final:1"] == ("pending", utc(2025, 10, 15, 6))
    assert after["announce:CP-2025"][0] == "sent"
    assert step(desk, utc(2025, 5, 5, 8)) == []  # the announcement is not sent again
    with core.uow() as uow:
        keys = uow.session.scalars(select(OutboxMessage.dedupe_key).where(
            OutboxMessage.dedupe_key.like("remind:CP-2025:final:1:%"))).all()
    assert len(keys) == 2  # one row per focal point, moved rather than doubled


def test_closing_a_call_cancels_what_is_pending_and_reopening_plans_it_again(desk):
    core = desk[0]
    new_call(desk)
    step(desk, utc(2025, 5, 5, 7))
    reply = asp(desk, SEC, "campaign close CP-2025").reply
    assert reply is not None
    assert {status for status, _at in rows(core, "UBOB").values() if status != "sent"} == {"cancelled"}
    assert step(desk, utc(2025, 6, 3, 6)) == []
    with pytest.raises(Refusal):
        asp(desk, SEC, "campaign close CP-2025")
    asp(desk, SEC, "campaign reopen CP-2025 2025-10-01")
    assert rows(core, "UBOB")["remind:CP-2025:final:1"] == ("pending", utc(2025, 10, 1, 6))


def test_a_delegate_cannot_use_the_secretariats_verbs(desk):
    for text in ("campaign new", "campaign edit CP-2025", "campaign close CP-2025", "campaign status CP-2025",
                 "remind CP-2025"):
        with pytest.raises(Refusal):
            asp(desk, BOB, text)


def test_remind_counts_asks_to_confirm_then_sends_once_each(desk):
    core = desk[0]
    new_call(desk)
    step(desk, utc(2025, 5, 5, 7))
    core.clock.set(utc(2025, 5, 20, 10))  # 12:00 in The Hague, 13:00 in Nairobi and Kampala
    submitted(desk, AMINA)  # Uganda has answered
    desk[2].sent.clear()
    asp(desk, SEC, "remind CP-2025")
    question = texts(desk, SEC)[-1]
    assert "Remind 1 focal point who has not answered “Complementarity platform 2025” yet" in question
    assert "They speak for 1 delegation." in question
    assert desk[2].sent == [s for s in desk[2].sent if s.to == "USEC"]  # nothing sent before the yes
    answer = say(desk, SEC, "yes").reply
    assert render_text(answer, Reader("en"), []) == "Sent: 1 reminder about “Complementarity platform 2025” is on its way."
    sent = step(desk, utc(2025, 5, 20, 10, 1))
    assert [s.to for s in sent] == ["UBOB"]
    assert "has not begun its preliminary answers" in sent[0].text
    # The same "yes" clicked again: nothing more goes.
    with pytest.raises(Refusal):
        actions.click(core, resolve(core, SEC), "campaign:remind-sure",
                      next(s for s in desk[2].sent if "Remind 1" in s.text).message.parts[-1].buttons[0].value)
    assert step(desk, utc(2025, 5, 20, 10, 2)) == []


def test_remind_on_a_closed_call_and_on_nobody_left_is_refused(desk):
    new_call(desk)
    step(desk, utc(2025, 5, 5, 7))
    asp(desk, SEC, "campaign close CP-2025")
    with pytest.raises(Refusal):
        asp(desk, SEC, "remind CP-2025")
    with pytest.raises(Refusal):
        asp(desk, SEC, "remind NOPE")


def test_status_tells_per_delegation_answered_or_not_and_when_reminded(desk):
    core = desk[0]
    new_call(desk)
    step(desk, utc(2025, 5, 5, 7))
    step(desk, utc(2025, 6, 4, 6))  # Nairobi's and Kampala's 09:00, 7 days before the preliminary deadline
    core.clock.set(utc(2025, 6, 4, 10))
    submitted(desk, AMINA)
    reply = asp(desk, SEC, "campaign status cp-2025").reply
    text = render_text(reply, Reader("en", "Europe/Amsterdam"), [])
    assert "Delegations invited: 125" in text
    assert "With a verified focal point: 2" in text
    assert "Answered: 1" in text
    assert "Reminders sent: 2" in text
    assert "Kenya: Not begun; last reminded June 4, 2025, 8:00\u202fAM Central European Summer Time" in text
    assert "Uganda: Answered" in text


def test_a_call_for_plan_of_action_reports_reminds_until_the_report_is_sent(desk):
    core, dispatcher, sender, _ = desk
    new_call(desk, ["POA-2025", "Plan of Action 2025", "plan of action", "every state party", "skip", "skip",
                    "skip", "2025-05-30", "skip"])
    announced = step(desk, utc(2025, 4, 2, 9, 1))  # opened now
    to_bob = next(s for s in announced if s.to == "UBOB")
    assert "[!1] Answer the questionnaire" in to_bob.text
    # 30 May 23:59 in The Hague is 31 May in Nairobi: a week before on Bob's calendar.
    assert rows(core, "UBOB")["remind:POA-2025:final:7"] == ("pending", utc(2025, 5, 24, 6))
    # The announcement's button starts the questionnaire; a report sent stops Kenya's reminders.
    dispatcher.deliver(actions.click(core, resolve(core, BOB), "home:report", "report").outbox)
    assert sender.to("UBOB")[-2].startswith("== Plan of Action report ==")
    for text in ("A law is needed.", *["skip"] * 6, "Ms K.", "submit"):
        say(desk, BOB, text)
    assert sender.to("UBOB")[-1].startswith("== Report received: POA-")
    assert {status for status, _at in rows(core, "UBOB").values()} == {"sent", "cancelled"}
    assert rows(core, "UAMINA")["remind:POA-2025:final:7"][0] == "pending"  # Uganda has not reported
    assert [s.to for s in step(desk, utc(2025, 5, 24, 6))] == ["UAMINA"]
    assert [s.to for s in step(desk, utc(2025, 5, 30, 6))] == ["UAMINA"]
    # A need typed meanwhile does not land in a call for reports.
    with pytest.raises(Refusal):
        asp(desk, AMINA, "need")


def test_a_focal_point_snoozes_stops_and_restarts_reminders_from_asp_my(desk):
    core = desk[0]
    new_call(desk)
    step(desk, utc(2025, 5, 5, 7))
    core.clock.set(utc(2025, 5, 20, 10))

    def my() -> tuple[str, dict[str, tuple[str, str]]]:
        reply = asp(desk, BOB, "my").reply
        buttons = {Reader("en").render(b.label): (b.action, b.value)
                   for part in reply.parts if isinstance(part, Actions) for b in part.buttons}
        return render_text(reply, Reader("en", "Africa/Nairobi"), []), buttons

    shown, buttons = my()
    assert "== Reminders ==" in shown
    assert "Complementarity platform 2025: A reminder before each deadline, at 9:00 your time" in shown
    action, value = buttons["Snooze “Complementarity platform 2025” for 3 days"]
    answer = actions.click(core, resolve(core, BOB), action, value).reply
    assert "May 23, 2025, 9:00\u202fAM East Africa Time" in render_text(answer, Reader("en", "Africa/Nairobi"), [])
    shown, buttons = my()
    assert "Reminders snoozed until May 23, 2025, 9:00\u202fAM East Africa Time" in shown
    actions.click(core, resolve(core, BOB), *buttons["Stop reminders about “Complementarity platform 2025”"])
    shown, buttons = my()
    assert "Complementarity platform 2025: Reminders stopped" in shown
    assert {status for status, _at in rows(core, "UBOB").values()} == {"sent", "cancelled"}
    actions.click(core, resolve(core, BOB), *buttons["Remind me about “Complementarity platform 2025” again"])
    assert rows(core, "UBOB")["remind:CP-2025:preliminary:7"] == ("pending", utc(2025, 6, 4, 6))
