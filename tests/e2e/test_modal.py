"""A whole form in a Slack modal: opened from the conversation, inline errors, then the review in DM."""
from __future__ import annotations

import json

import pytest

from tests.e2e.test_onboarding_slack import blocks_text, buttons

pytestmark = pytest.mark.e2e

SELECT = "static_select"


def chosen(value: str) -> dict:
    return {"type": SELECT, "selected_option": {"value": value}}


def test_onboarding_in_a_modal_with_inline_errors(slack):
    fake, client = slack.fake, slack.client
    client.dm("UBEN", "hello", event_id="Ev-m1")
    intro = fake.wait_for_messages("UBEN", 2)[0]
    client.click("UBEN", *buttons(intro)["Use a form instead"])
    opened = fake.wait_for(lambda calls: [c for c in calls if c.method == "views.open"])[0]
    view = opened.params["view"]
    assert view["callback_id"] == "form:modal" and view["title"]["text"] == "Welcome to aspbot"
    assert view["submit"]["text"] == "Continue"
    assert [b["block_id"] for b in view["blocks"]] == ["kind", "delegation", "role", "email"]
    assert [b["label"]["text"] for b in view["blocks"]] == ["Type of delegation", "Delegation", "Role", "Work e-mail"]
    assert [o["text"]["text"] for o in view["blocks"][0]["element"]["options"]] == [
        "State Party", "Observer State", "Intergovernmental organisation", "Civil society organisation"]
    assert view["blocks"][1]["element"]["type"] == "plain_text_input"
    assert view["blocks"][3]["optional"] is True
    metadata = view["private_metadata"]

    # Two mistakes at once: an ambiguous name and an address that is not one. Both shown inline.
    status, body = client.submit("UBEN", "form:modal", {
        "kind": {"value": chosen("state_party")}, "delegation": {"value": "domin"},
        "role": {"value": chosen("focal_point")}, "email": {"value": "ben at example"}},
        private_metadata=metadata)
    assert status == 200
    assert body == {"response_action": "errors", "errors": {
        "delegation": "Several options match “domin”: Dominica, Dominican Republic. Please write more of the name.",
        "email": "“ben at example” is not an e-mail address. Please write one like name@example.org."}}
    slack.settle()
    assert len(fake.messages_to("UBEN")) == 2  # nothing was saved or sent

    status, body = client.submit("UBEN", "form:modal", {
        "kind": {"value": chosen("state_party")}, "delegation": {"value": "dominican"},
        "role": {"value": chosen("delegate")}, "email": {"value": None}}, private_metadata=metadata)
    assert status == 200 and not body
    review = fake.wait_for_messages("UBEN", 3)[-1]
    assert review.params["text"] == "Please check your answers"
    assert "Dominican Republic" in blocks_text(review) and "(skipped)" in blocks_text(review)
    client.click("UBEN", *buttons(review)["Submit"])
    request = fake.wait_for_messages("USEC", 1)[0]
    assert "<@UBEN> asks to act for Dominican Republic (State Party) as Delegate." in blocks_text(request)


def test_a_modal_for_a_finished_conversation_is_refused_inline(slack):
    client = slack.client
    status, body = client.submit("UNOBODY", "form:modal", {"kind": {"value": chosen("state_party")}},
                                 private_metadata=json.dumps({"form": "onboarding"}))
    assert status == 200
    assert body == {"response_action": "errors",
                    "errors": {"kind": "This form is no longer open. Type “hello” to start again."}}
