"""The 2024 complementarity call's announcement and reminders, on a stepped clock, as the focal points get them."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.demo_data import calls
from bot.errors import Refusal
from bot.features.campaigns import planner
from bot.services import actions, commands
from bot.services.people import resolve
from bot.services.ports import Person, Profile
from storage.models import CallForInput, OutboxMessage
from tests.integration.conftest import AMINA, SEC
from tests.integration.test_needs import fill, start_need, submitted, verified

BOB = Person("slack", "T1", "UBOB")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def call_2024(world):
    """The documents' call, its focal points of Uganda (Amina, French, Kampala) and Kenya (Bob, English,
    Nairobi) verified before it opened, and the clock at its opening."""
    core, dispatcher, sender, directory = world
    directory.profiles["UBOB"] = Profile("Bob", "en-GB", "Africa/Nairobi")
    core.clock.set(utc(2024, 4, 2, 9))
    with core.uow() as uow:
        uow.calls.add(CallForInput(**calls(date(2024, 4, 2))[0]))
        uow.commit()
    verified(world, AMINA, "uganda")
    verified(world, BOB, "kenya")
    sender.sent.clear()
    core.clock.set(utc(2024, 4, 22, 8))  # 10:00 in The Hague on the day the call opened
    return world


def rows(core, member_user: str) -> dict[str, tuple[str, datetime]]:
    with core.uow() as uow:
        member = uow.members.find("slack", "T1", member_user)
        found = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == member.id,
                                                                OutboxMessage.dedupe_key.is_not(None))).all()
        return {r.dedupe_key.rsplit(":", 1)[0]: (r.status, r.not_before) for r in found
                if r.dedupe_key.startswith(("remind:", "announce:"))}


def step(world, when: datetime, plan=None) -> list:
    """The clock moves on; the planner (the calls', or `plan`) runs and what is due is sent, as on a tick."""
    core, dispatcher, sender, _ = world
    core.clock.set(when)
    before = len(sender.sent)
    (plan or planner.plan_all)(core)
    dispatcher.deliver()
    return sender.sent[before:]


def test_opening_announces_the_call_to_each_focal_point_in_their_language_and_on_both_clocks(call_2024):
    sent = step(call_2024, utc(2024, 4, 22, 8))
    by = {s.to: s.text for s in sent}
    assert set(by) == {"UAMINA", "UBOB"}
    assert by["UAMINA"].startswith("== Nouvel appel à contributions\xa0: Plateforme de complémentarité")
    # Amina reads the deadlines on Kampala's clock, then as they stand in The Hague.
    assert "Réponses préliminaires\xa0: 11 juin 2024, 00:59 heure normale d’Afrique de l’Est" in by["UAMINA"]
    assert "Au lieu de la réunion\xa0: 10 juin 2024, 23:59 heure d’été d’Europe centrale" in by["UAMINA"]
    assert "Preliminary answers: June 11, 2024, 12:59\u202fAM East Africa Time" in by["UBOB"]
    assert "At the venue: June 10, 2024, 11:59\u202fPM Central European Summer Time" in by["UBOB"]
    assert "[!1] Register a need" in by["UBOB"]
    assert step(call_2024, utc(2024, 4, 22, 9)) == []  # planned again: nothing twice


def test_the_plan_is_written_once_as_rows_at_9_local_and_planning_again_changes_nothing(call_2024):
    core = call_2024[0]
    step(call_2024, utc(2024, 4, 22, 8))
    planned = rows(core, "UAMINA")
    assert planned == {
        "announce:CP-2024": ("sent", utc(2024, 4, 22, 8)),
        # 09:00 in Kampala, counted on Kampala's calendar: there the deadline falls at 00:59 on 11 June, so
        # "the morning of the day" would come after it and the day before is the last reminder.
        "remind:CP-2024:preliminary:7": ("pending", utc(2024, 6, 4, 6)),
        "remind:CP-2024:preliminary:1": ("pending", utc(2024, 6, 10, 6)),
        "remind:CP-2024:final:7": ("pending", utc(2024, 9, 25, 6)),
        "remind:CP-2024:final:1": ("pending", utc(2024, 10, 1, 6)),
    }
    assert planner.plan_all(core) == 0
    assert rows(core, "UAMINA") == planned


def test_reminders_arrive_at_9_local_and_stop_for_a_delegation_once_it_has_answered(call_2024):
    core, dispatcher, sender, _ = call_2024
    step(call_2024, utc(2024, 4, 22, 8))
    assert step(call_2024, utc(2024, 6, 4, 5, 59)) == []  # 08:59 in Kampala and Nairobi
    sent = step(call_2024, utc(2024, 6, 4, 6))
    by = {s.to: s.text for s in sent}
    assert set(by) == {"UAMINA", "UBOB"}
    assert "La délégation de l’Ouganda n’a pas encore commencé ses réponses préliminaires" in by["UAMINA"]
    assert "Kenya has not begun its preliminary answers" in by["UBOB"]
    assert "[!3] In 3 days" in by["UBOB"]

    # Amina begins a draft: for this call a draft meets the preliminary deadline; the final one still waits.
    start_need(call_2024, AMINA)
    fill(call_2024, AMINA, ["forensics"])
    planner.plan_all(core)
    amina = rows(core, "UAMINA")
    assert amina["remind:CP-2024:preliminary:1"][0] == "cancelled"
    assert amina["remind:CP-2024:final:7"][0] == "pending"

    # Bob submits: every reminder still pending for Kenya is cancelled in the same transaction.
    submitted(call_2024, BOB)
    bob = rows(core, "UBOB")
    assert {status for key, (status, _) in bob.items() if key.startswith("remind:") and "preliminary:7" not in key} \
        == {"cancelled"}
    later = step(call_2024, utc(2024, 9, 25, 6))
    assert [s.to for s in later] == ["UAMINA"]
    assert "La délégation de l’Ouganda dispose d’un brouillon de réponse" in later[0].text


def test_snooze_moves_the_reminder_to_9_that_day_and_mute_stops_them(call_2024):
    core, dispatcher, sender, _ = call_2024
    step(call_2024, utc(2024, 4, 22, 8))
    step(call_2024, utc(2024, 6, 4, 6))
    core.clock.set(utc(2024, 6, 4, 7))
    bob = resolve(core, BOB)
    result = actions.click(core, bob, "campaign:snooze", "CP-2024|3|preliminary")
    assert "again on June 7, 2024, 9:00\u202fAM East Africa Time" in bob.reader.render(result.reply.parts[0].msg)
    assert step(call_2024, utc(2024, 6, 7, 5, 59)) == []
    again = step(call_2024, utc(2024, 6, 7, 6))
    assert [s.to for s in again] == ["UBOB"] and "Kenya has not begun" in again[0].text
    assert step(call_2024, utc(2024, 6, 7, 7)) == []

    # A snooze past the deadline it is about is refused, and nothing changes.
    core.clock.set(utc(2024, 6, 9, 7))  # 3 days from now would be after 11 June 00:59 in Nairobi
    planned = rows(core, "UBOB")
    with pytest.raises(Refusal) as refused:
        actions.click(core, resolve(core, BOB), "campaign:snooze", "CP-2024|3|preliminary")
    assert "comes before then" in refused.value.message.id
    assert rows(core, "UBOB") == planned

    muted = actions.click(core, resolve(core, BOB), "campaign:mute", "CP-2024")
    assert "no more reminders" in bob.reader.render(muted.reply.parts[0].msg)
    assert [s.to for s in step(call_2024, utc(2024, 6, 10, 6))] == ["UAMINA"]
    assert [s.to for s in step(call_2024, utc(2024, 9, 25, 6))] == ["UAMINA"]
    actions.click(core, resolve(core, BOB), "campaign:unmute", "CP-2024")
    assert sorted(s.to for s in step(call_2024, utc(2024, 10, 1, 6))) == ["UAMINA", "UBOB"]


def test_moving_the_final_deadline_moves_the_pending_reminders_without_doubling_them(call_2024):
    core, dispatcher, sender, _ = call_2024
    step(call_2024, utc(2024, 4, 22, 8))
    step(call_2024, utc(2024, 9, 25, 6))  # the final deadline's 7-day reminder went
    commands.run(core, resolve(core, SEC), "campaign reopen CP-2024 2024-10-15")
    amina = rows(core, "UAMINA")
    assert amina["remind:CP-2024:final:7"] == ("sent", utc(2024, 9, 25, 6))
    assert amina["remind:CP-2024:final:1"] == ("pending", utc(2024, 10, 15, 6))  # the day before 16 Oct 00:59
    assert len([k for k in amina if k.startswith("remind:CP-2024:final")]) == 2
    assert planner.plan_all(core) == 0


def test_a_reminder_planned_for_june_does_not_hold_back_the_replies_written_after_it(call_2024):
    core, dispatcher, sender, _ = call_2024
    step(call_2024, utc(2024, 4, 22, 8))  # Amina's reminders now wait in the outbox until June
    before = len(sender.to("UAMINA"))
    start_need(call_2024, AMINA)
    assert len(sender.to("UAMINA")) > before  # her answers go now, not after the oldest pending row
    assert rows(core, "UAMINA")["remind:CP-2024:preliminary:7"][0] == "pending"


def test_quiet_hours_set_with_asp_quiet_move_the_planned_reminders_and_bad_hours_are_refused(call_2024):
    core, dispatcher, sender, _ = call_2024
    step(call_2024, utc(2024, 4, 22, 8))
    bob = resolve(core, BOB)
    shown = commands.run(core, bob, "quiet")
    assert bob.reader.render(shown.reply.parts[0].msg).startswith("No reminder reaches you between 20:00 and 08:00")
    changed = commands.run(core, bob, "quiet 22:00-10:30")
    assert "between 22:00 and 10:30, your time" in bob.reader.render(changed.reply.parts[0].msg)
    assert rows(core, "UBOB")["remind:CP-2024:preliminary:7"] == ("pending", utc(2024, 6, 4, 7, 30))  # 10:30 Nairobi
    assert rows(core, "UAMINA")["remind:CP-2024:preliminary:7"] == ("pending", utc(2024, 6, 4, 6))
    assert [s.to for s in step(call_2024, utc(2024, 6, 4, 6))] == ["UAMINA"]
    assert [s.to for s in step(call_2024, utc(2024, 6, 4, 7, 30))] == ["UBOB"]
    with pytest.raises(Refusal) as refused:
        commands.run(core, resolve(core, BOB), "quiet after dinner")
    assert refused.value.message.id.startswith("Type your quiet hours as")
    with core.uow() as uow:
        assert uow.members.find("slack", "T1", "UBOB").quiet_hours == "22:00-10:30"  # unchanged
    off = commands.run(core, resolve(core, BOB), "quiet off")
    assert bob.reader.render(off.reply.parts[0].msg).startswith("Quiet hours are off")
