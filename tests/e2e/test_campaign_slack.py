"""The Secretariat sets up a call in a Slack modal over signed HTTP; its announcement reaches the focal points
through the fake Web API; `/asp remind` asks first and then sends once."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scheduler.jobs import tick
from tests.e2e.test_modal import chosen
from tests.e2e.test_needs_slack import verified_focal_point
from tests.e2e.test_onboarding_slack import blocks_text, buttons

pytestmark = pytest.mark.e2e


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def text(value: str | None) -> dict:
    return {"type": "plain_text_input", "value": value}


def day(value: str | None) -> dict:
    return {"type": "datepicker", "selected_date": value}


@pytest.fixture
def desk(slack):
    slack.clock.set(utc(2025, 4, 2, 9))
    slack.fake.set_user("UAMINA", tz="Africa/Kampala", locale="fr-FR", name="amina")
    slack.fake.set_user("UKIP", tz="Africa/Nairobi", locale="en-GB", name="kip")
    verified_focal_point(slack, "UAMINA", "uganda")
    verified_focal_point(slack, "UKIP", "kenya")
    parts = slack.parts
    slack.run_tick = tick(parts.core, parts.core.features.jobs, parts.dispatcher.deliver)
    return slack


def values(**overrides) -> dict:
    base = {"code": {"value": text("CP-2025")}, "title": {"value": text("Needs 2025 <!channel>")},
            "form": {"value": chosen("need")}, "audience": {"value": chosen("chosen")},
            "delegations": {"value": text("Kenya, Uganda")}, "timezone": {"value": text(None)},
            "opens": {"value": day(None)}, "preliminary": {"value": day("2025-06-10")},
            "met_by": {"value": chosen("submitted")}, "final": {"value": day("2025-10-01")},
            "plan": {"value": text("7, 1")}}
    base.update(overrides)
    return base


def test_a_call_set_up_in_a_modal_is_announced_and_a_nudge_asks_first(desk):
    slack, fake, client = desk, desk.fake, desk.client
    before = len(fake.messages_to("USEC"))
    client.command("campaign new", user_id="USEC")
    intro = fake.wait_for_messages("USEC", before + 2)[before]
    client.click("USEC", *buttons(intro)["Use a form instead"])
    view = fake.wait_for(lambda calls: [c for c in calls if c.method == "views.open"])[-1].params["view"]
    assert [b["block_id"] for b in view["blocks"]] == [
        "code", "title", "form", "audience", "delegations", "timezone", "opens", "preliminary", "met_by", "final",
        "plan"]
    metadata = view["private_metadata"]

    # Three mistakes at once, each said beside its field; nothing is saved.
    status, body = client.submit("USEC", "form:modal", values(
        code={"value": text("c")}, timezone={"value": text("Mars/Olympus")},
        final={"value": day("2025-06-01")}), private_metadata=metadata)
    assert status == 200 and body["response_action"] == "errors"
    assert body["errors"] == {
        "code": "A code is 2 to 32 letters, digits or dashes, for example CP-2025.",
        "timezone": "“Mars/Olympus” is not a time zone I know. Type one such as Europe/Amsterdam or "
                    "America/New_York.",
        "final": "The final deadline must come after the preliminary one (June 10, 2025)."}

    status, body = client.submit("USEC", "form:modal", values(), private_metadata=metadata)
    assert status == 200 and not body
    review = fake.wait_for_messages("USEC", before + 3)[-1]
    assert "Kenya, Uganda" in blocks_text(review)
    assert "<!channel>" not in blocks_text(review)  # the title is escaped where it is shown
    client.click("USEC", *buttons(review)["Submit"])
    summary = fake.wait_for_messages("USEC", before + 4)[-1]
    assert "Verified focal points" in blocks_text(summary)

    slack.run_tick()  # opened now: the announcement goes on the next tick
    slack.settle()
    announced = [m for m in fake.messages_to("UKIP") if "New call for input" in blocks_text(m)]
    assert len(announced) == 1 and "Needs 2025 &lt;!channel&gt;" in blocks_text(announced[0])

    slack.clock.set(utc(2025, 5, 20, 10))
    client.command("remind cp-2025", user_id="USEC")
    question = fake.wait_for(lambda calls: [c for c in calls if c.method == "chat.postMessage"
                                             and c.params.get("channel") == "USEC"
                                             and "Remind 2 focal points" in blocks_text(c)])[-1]
    assert "They speak for 2 delegations." in blocks_text(question)
    sent_before = len(fake.messages_to("UKIP"))
    client.click("USEC", *buttons(question)["Yes, send"])
    slack.settle()
    client.click("USEC", *buttons(question)["Yes, send"])  # clicked twice
    slack.settle()
    slack.run_tick()
    slack.settle()
    nudged = fake.messages_to("UKIP")[sent_before:]
    assert len(nudged) == 1 and "Kenya has not begun its preliminary answers" in blocks_text(nudged[0])
