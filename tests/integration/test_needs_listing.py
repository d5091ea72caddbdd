"""The Secretariat's list of needs on real databases: filters by State, area, status and call in the reader's
words or English, a page at a time, and each wrong filter named."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.errors import Refusal
from bot.features.needs import listing
from bot.features.needs import policy as needs_policy
from bot.i18n import Reader
from bot.services import actions, commands
from bot.services.people import resolve
from handlers.console import render_text
from storage.models import CallForInput
from tests.integration.conftest import AMINA, BOB, SEC
from tests.integration.test_needs import ANSWERS, fill, platform, start_need, verified  # noqa: F401 (a fixture)

EN = Reader("en")
UGANDA = "  CP-2024-0001: Uganda: “DNA laboratory <!channel>” (shared with providers)"
KENYA = "  CP-2024-0002: Kenya: “Implementing legislation” (submitted)"


@pytest.fixture
def two_needs(platform):  # noqa: F811 (the fixture imported above)
    """Uganda's forensics need, shared; Kenya's legislation need, submitted."""
    core, dispatcher, _, _ = platform
    verified(platform, AMINA, "uganda")
    verified(platform, BOB, "kenya")
    for person, answers in ((AMINA, ANSWERS), (BOB, ["legislation", "Implementing legislation", *ANSWERS[2:]])):
        start_need(platform, person)
        fill(platform, person, answers)
        fill(platform, person, ["envoyer" if person is AMINA else "submit"])
    core.clock.set(core.clock.now() + timedelta(hours=1))  # shared after both were registered: the newest change
    dispatcher.deliver(actions.click(core, resolve(core, SEC), needs_policy.SHARE, "CP-2024-0001").outbox)
    return platform


def lines(core, text: str) -> list[str]:
    return render_text(commands.run(core, resolve(core, SEC), text).reply, EN, []).splitlines()


def test_filters_by_state_area_status_and_call_in_any_supported_language(two_needs):
    core, _, _, _ = two_needs
    assert lines(core, "needs") == ["== Needs ==", UGANDA, KENYA, "  (Open one with /asp need REFERENCE.)"]
    assert lines(core, "needs state=uganda")[1:-1] == [UGANDA]
    assert lines(core, "needs état=KE")[1:-1] == [KENYA]  # the French filter word, the code
    assert lines(core, "needs area=legislation")[1:-1] == [KENYA]
    assert lines(core, "needs status=shared area=forensics")[1:-1] == [UGANDA]
    assert lines(core, "needs shared")[1:-1] == [UGANDA]  # a bare status, as before
    assert lines(core, "needs statut=soumis")[1:-1] == [KENYA]  # a status in French
    with core.uow() as uow:  # the call the intake answered (the demo's open call on the fixture's day)
        call = uow.session.get(CallForInput, uow.needs.by_reference("CP-2024-0001").call_id).code
    assert lines(core, f"needs call={call.lower()} state=uganda")[1:-1] == [UGANDA]
    assert lines(core, "needs state=kenya status=shared") == ["No need matches."]


def test_a_page_at_a_time_with_a_more_button(two_needs, monkeypatch):
    core, _, _, _ = two_needs
    monkeypatch.setattr(listing, "PAGE", 1)
    first = commands.run(core, resolve(core, SEC), "needs")
    shown = render_text(first.reply, EN, []).splitlines()
    assert shown == ["== Needs ==", UGANDA, "  [!1] More", "  (Open one with /asp need REFERENCE.)"]
    (more,) = [b for part in first.reply.parts if hasattr(part, "buttons") for b in part.buttons]
    second = render_text(actions.click(core, resolve(core, SEC), more.action, more.value).reply, EN, [])
    assert second.splitlines() == ["== Needs ==", KENYA, "  (Open one with /asp need REFERENCE.)"]
    with pytest.raises(Refusal):  # the button is the Secretariat's too
        actions.click(core, resolve(core, AMINA), more.action, more.value)


@pytest.mark.parametrize(("typed", "said"), [
    ("needs colour=red", "I do not know the filter “colour”. Use state=, area=, status= or call=, for example "
                         "/asp needs state=uganda status=shared."),
    ("needs state=atlantis", "I do not know the State “atlantis”."),
    ("needs area=cooking", "“cooking” is not one area. Use one of: legislation, investigation, forensics, "
                           "prosecution, judiciary, defence, victims, sgbc, financial, cooperation, detention, "
                           "training, units, other."),
    ("needs call=CP-1999", "There is no call for input with the code CP-1999."),
    ("needs everything", "“everything” is not a status. Use one of: submitted, under_review, on_hold, shared, "
                         "matched, in_progress, closed, withdrawn, erased."),
])
def test_each_wrong_filter_is_named(two_needs, typed, said):
    core, _, _, _ = two_needs
    with pytest.raises(Refusal) as refused:
        commands.run(core, resolve(core, SEC), typed)
    assert EN.render(refused.value.message) == said
