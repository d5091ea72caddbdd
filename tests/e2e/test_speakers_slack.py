"""A speakers list over signed HTTP against the fake Slack: `/asp speak`, the segment's button, the request in
the DM, the place; a delegation pushed down by one that speaks earlier by protocol is told in its language."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.e2e.test_needs_slack import verified_focal_point
from tests.e2e.test_onboarding_slack import blocks_text, buttons

pytestmark = pytest.mark.e2e


def command_buttons(body: dict) -> dict[str, tuple[str, str]]:
    return {e["text"]["text"]: (e["action_id"], e["value"]) for block in body.get("blocks", [])
            for e in block.get("elements", []) if e.get("type") == "button"}


def register(slack, user: str, label: str, answers: list[str], event: str) -> dict:
    status, body = slack.client.command("speak", user_id=user)
    assert status == 200
    slack.client.click(user, *command_buttons(body)[label])
    slack.settle()
    for n, text in enumerate(answers):
        slack.client.dm(user, text, event_id=f"Ev-speak-{event}-{n}")
        slack.settle()
    review = slack.fake.messages_to(user)[-1]
    slack.client.click(user, *buttons(review)[next(k for k in buttons(review) if k in ("Submit", "Envoyer"))])
    slack.settle()
    return body


def test_register_over_slack_then_a_state_party_pushes_an_observer_down_and_it_is_told(slack):
    slack.clock.set(datetime(2024, 12, 2, 10, tzinfo=UTC))
    slack.fake.set_user("UANA", tz="Africa/Luanda", locale="fr-FR", name="ana")
    slack.fake.set_user("UKIP", tz="America/New_York", locale="en-US", name="kip")
    verified_focal_point(slack, "UKIP", "kenya")
    for n, text in enumerate(("hello", "2", "angola", "1", "skip", "submit")):  # an observer State's focal point
        slack.client.dm("UANA", text, event_id=f"Ev-ana-{n}")
        slack.settle()
    slack.client.click("USEC", *buttons(slack.fake.messages_to("USEC")[-1])["Approve"])
    slack.settle()

    listing = register(slack, "UANA", "S’inscrire au segment I", ["Ana", "passer", "français", "passer"], "ana")
    shown = json.dumps(listing.get("blocks", []), ensure_ascii=False)
    assert "La coopération est vitale pour la Cour" in shown
    placed = slack.fake.messages_to("UANA")[-1]
    assert "L’Angola figure en position 1 sur la liste du segment I" in blocks_text(placed)

    register(slack, "UKIP", "Register for segment I", ["H.E. Kip", "skip", "english", "Madam President <!channel>"], "kip")
    to_kip = slack.fake.messages_to("UKIP")[-1]
    assert "Kenya is number 1 on the list of segment I" in blocks_text(to_kip)
    assert "Registration closes" in blocks_text(to_kip) and "Eastern Standard Time" in blocks_text(to_kip)
    told = slack.fake.messages_to("UANA")[-1]
    assert "L’Angola passe en position 2 sur la liste du segment I" in blocks_text(told)
    assert "Kenya" in blocks_text(told)
    assert "<!channel>" not in json_of(slack)  # the statement goes to nobody's list


def json_of(slack) -> str:
    return "".join(blocks_text(c) for c in slack.fake.calls("chat.postMessage") if c.params.get("channel") != "UKIP")
