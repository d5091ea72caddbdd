"""The Secretariat sets up, changes, opens and closes a plenary with a speakers list; the delegations allowed to
register are announced it when it opens and reminded before it closes."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import Refusal
from bot.features.speakers import planner
from bot.i18n import Reader
from storage.models import OutboxMessage
from tests.integration.conftest import BOB, SEC, say
from tests.integration.test_campaign_setup import asp, texts
from tests.integration.test_reminders import step

SEGMENTS = "I | Cooperation is vital for the Court | 60 | High-level political interventions\nII | Existing tools | 60"
NEW = ["COOP-25", "Plenary on cooperation, 24th session", "24", "2025-12-10", "15:00", "120", "World Forum, Room 1",
       "skip", SEGMENTS,
       "2", "2025-12-01", "2025-12-09", "18:00", "<#C0INTERP|interpreters>", "1, 2"]


EN = Reader("en", "Europe/Amsterdam")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def new_plenary(world, answers=NEW) -> list[str]:
    world[2].sent.clear()
    asp(world, SEC, "plenary new")
    for text in answers:
        say(world, SEC, text)
    say(world, SEC, "submit")
    return texts(world, SEC)


def tick(world, when: datetime) -> list:
    return step(world, when, planner.plan_all)


def the_plenary(core, code="COOP-25"):
    with core.uow() as uow:
        return uow.plenaries.by_code(code)


def pending(core, prefix: str) -> list[str]:
    with core.uow() as uow:
        return sorted(r.dedupe_key for r in uow.session.query(OutboxMessage).filter(
            OutboxMessage.dedupe_key.like(prefix + "%"), OutboxMessage.status == "pending"))


def test_a_plenary_typed_in_the_dm_opens_on_its_day_and_is_announced_with_its_segments_then(desk):
    core = desk[0]
    said = new_plenary(desk)
    assert said[0].startswith("== New plenary ==")
    summary = said[-1]
    assert "== Plenary: Plenary on cooperation, 24th session ==" in summary
    assert "Starts: December 10, 2025, 3:00\u202fPM Central European Standard Time" in summary
    assert "Registration opens: December 1, 2025, 9:00\u202fAM" in summary
    assert "Registration closes: December 9, 2025, 6:00\u202fPM" in summary and "Room: World Forum, Room 1" in summary
    plenary = the_plenary(core)
    assert plenary.open_to == ["state_party", "observer_state"] and plenary.duration_minutes == 120
    assert plenary.statements_to == "C0INTERP"
    assert plenary.segments[0] == {"code": "I", "title": "Cooperation is vital for the Court", "minutes": 60,
                                   "theme": "High-level political interventions"}
    assert plenary.ends_at == utc(2025, 12, 10, 16)

    assert tick(desk, utc(2025, 11, 30, 9)) == []  # not open yet: nobody is told
    sent = {s.to: s.text for s in tick(desk, utc(2025, 12, 1, 8, 1))}
    assert set(sent) == {"UAMINA", "UBOB"}
    assert "== Speakers list open: Plenary on cooperation, 24th session ==" in sent["UBOB"]
    assert "Segment I: “Cooperation is vital for the Court”" in sent["UBOB"]
    assert "High-level political interventions" in sent["UBOB"]
    assert "Liste des orateurs ouverte" in sent["UAMINA"]
    assert tick(desk, utc(2025, 12, 1, 9)) == []  # once
    assert pending(core, "speak:COOP-25:close-24h:") and pending(core, "speak:COOP-25:close-3h:")


def test_what_cannot_be_is_refused_with_the_answers_kept_and_nothing_saved(desk):
    core = desk[0]
    bad = list(NEW)
    bad[8] = "I Cooperation without a bar"
    said = new_plenary(desk, bad)
    assert any("Type one segment per line" in t for t in said)
    assert the_plenary(core) is None
    say(desk, SEC, "cancel")

    late = list(NEW)
    late[11], late[12] = "2025-12-10", "16:00"  # closes after the plenary has started
    with pytest.raises(Refusal) as refused:
        new_plenary(desk, late)
    assert EN.render(refused.value.message).startswith(
        "Registration must close before the plenary starts (December 10, 2025, 3:00\u202fPM")
    assert the_plenary(core) is None
    say(desk, SEC, "12")  # the refused answer is changed on the review
    say(desk, SEC, "2025-12-09")
    say(desk, SEC, "submit")
    said = texts(desk, SEC)
    assert any("== Plenary: Plenary on cooperation, 24th session ==" in t for t in said[-3:])

    with pytest.raises(Refusal) as refused:
        new_plenary(desk)
    assert EN.render(refused.value.message).startswith("There is already a plenary with the code COOP-25")
    say(desk, SEC, "cancel")

    inverted = list(NEW)
    inverted[0], inverted[10], inverted[11] = "COOP-26", "2025-12-09", "2025-12-05"
    with pytest.raises(Refusal) as refused:
        new_plenary(desk, inverted)
    assert EN.render(refused.value.message).startswith("Registration must open before it closes")

    with pytest.raises(Refusal) as refused:
        asp(desk, BOB, "plenary new")
    assert EN.render(refused.value.message) == "Only the Secretariat can use /asp plenary."
    with pytest.raises(Refusal):
        asp(desk, SEC, "plenary frobnicate")


def test_an_edit_moves_the_reminders_and_a_segment_with_speakers_cannot_be_dropped(desk):
    core = desk[0]
    new_plenary(desk)
    tick(desk, utc(2025, 12, 1, 8, 1))
    before = pending(core, "speak:COOP-25:close-")
    asp(desk, SEC, "plenary edit COOP-25")
    said = texts(desk, SEC)[-1]
    assert "Closes at" not in said and "Registration closes on: December 9, 2025" in said
    say(desk, SEC, "11")  # the deadline's day
    say(desk, SEC, "2025-12-08")
    say(desk, SEC, "submit")
    assert the_plenary(core).registration_deadline == utc(2025, 12, 8, 17)
    after = pending(core, "speak:COOP-25:close-")
    assert len(after) == len(before)  # moved, none doubled
    with core.uow() as uow:
        dues = sorted(r.not_before for r in uow.session.query(OutboxMessage).filter(
            OutboxMessage.dedupe_key.like("speak:COOP-25:close-24h:%"), OutboxMessage.status == "pending"))
    assert all(d < utc(2025, 12, 8, 17) for d in dues)

    # Kenya registers for segment II; the Secretariat then tries to keep segment I only.
    from tests.integration.test_speakers import register
    assert "number 1" in register(desk, BOB, "II", ["H.E. Bob", "skip", "english", "skip"], "COOP-25")
    asp(desk, SEC, "plenary edit COOP-25")
    say(desk, SEC, "8")  # segments
    say(desk, SEC, "I | Cooperation is vital for the Court | 60")
    with pytest.raises(Refusal) as refused:
        say(desk, SEC, "submit")
    assert EN.render(refused.value.message).startswith("Segment II has 1 speaker on its list")
    assert len(the_plenary(core).segments) == 2


def test_open_now_announces_and_close_now_cancels_the_reminders(desk):
    core = desk[0]
    new_plenary(desk)
    core.clock.set(utc(2025, 11, 20, 9))
    result = asp(desk, SEC, "plenary open COOP-25")
    assert "is open until" in result.reply.parts[0].msg.id
    sent = {s.to for s in tick(desk, utc(2025, 11, 20, 9, 1))}
    assert sent == {"UAMINA", "UBOB"}
    with pytest.raises(Refusal) as refused:
        asp(desk, SEC, "plenary open COOP-25")
    assert "already open" in refused.value.message.id
    assert pending(core, "speak:COOP-25:close-")
    result = asp(desk, SEC, "plenary close COOP-25")
    assert result.reply.parts[0].msg.params["count"] == 4  # 24 h and 3 h before, to each focal point
    assert pending(core, "speak:COOP-25:close-") == []
    with pytest.raises(Refusal):
        asp(desk, SEC, "plenary close COOP-25")
    listing = asp(desk, SEC, "plenary").reply
    from bot.i18n import Reader
    from handlers.console import render_text
    shown = render_text(listing, Reader("en", "Europe/Amsterdam"), [])
    assert "COOP-25: Plenary on cooperation, 24th session: list closed on November 20, 2025" in shown
