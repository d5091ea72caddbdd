"""A focal point registers a need in a Slack DM: selects, clicks and typing, over signed HTTP."""
from __future__ import annotations

import json
from datetime import date

import pytest

from bot.seed import seed_demo
from tests.e2e.test_onboarding_slack import blocks_text, buttons

pytestmark = pytest.mark.e2e


def select_value(call, label: str) -> str:
    """The value behind an option of the select menu a person sees in a message."""
    for block in call.params.get("blocks", []):
        for element in block.get("elements", []):
            for option in element.get("options", []):
                if option["text"]["text"] == label:
                    return option["value"]
    raise AssertionError(f"no option {label!r} in {blocks_text(call)[:300]}")


def last(fake, user):
    return fake.messages_to(user)[-1]


def test_focal_point_registers_a_need_in_dm(slack):
    fake, client = slack.fake, slack.client
    with slack.parts.storage.uow() as uow:
        seed_demo(uow, date(2024, 12, 2))
        uow.commit()
    events = iter(range(1000))

    def say(text):
        client.dm("UAMINA", text, event_id=f"Ev-n{next(events)}")
        slack.settle()
        return last(fake, "UAMINA")

    def click(call, label):
        client.click("UAMINA", *buttons(call)[label])
        slack.settle()
        return last(fake, "UAMINA")

    def pick(call, label):
        client.click("UAMINA", "form:pick:select", None, selected_option=select_value(call, label))
        slack.settle()
        return last(fake, "UAMINA")

    for text in ("hello", "1", "uganda", "1", "skip", "submit"):
        say(text)
    request = fake.wait_for_messages("USEC", 1)[0]
    client.click("USEC", *buttons(request)["Approve"], response_url=fake.response_url("ok"))
    slack.settle()

    status, body = client.command("need", user_id="UAMINA")
    assert status == 200 and body["text"] == "I have sent you a direct message to record the need."
    slack.settle()
    area = last(fake, "UAMINA")
    assert area.params["text"] == "Which area is this need about?"
    title = pick(area, "Forensics")
    assert title.params["text"] == "A short title for the need (up to 120 characters)."
    say("Mass grave excavation")
    say("Training of forensic teams for exhumations.")
    say("Ministry of Justice")
    assert say("back").params["text"] == "Which national institution or institutions are concerned?"
    stage = say("Office of the Prosecutor")
    reprompt = say("during the trial")
    assert fake.messages_to("UAMINA")[-2].params["text"] == \
        "“during the trial” is not one of the options. Please pick one of the options."
    kinds = pick(reprompt, "Trial")
    kinds = click(kinds, "Training")
    assert "Selected: Training" in blocks_text(kinds)
    languages = click(kinds, "Done")
    languages = click(languages, "French")
    wanted = click(languages, "Done")
    assert say("2020-01-01").params["text"] == "From which date is the assistance wanted?"
    assert fake.messages_to("UAMINA")[-2].params["text"] == \
        "That date is in the past. Please give today’s date or a later one."
    say("skip")  # wanted from
    urgency = say("skip")  # duration
    received = click(urgency, "Within the year")
    consent = say("skip")
    review = click(consent, "yes")
    assert review.params["text"] == "Please check your answers"
    assert "*Description*\\nTraining of forensic teams for exhumations. (public)" in blocks_text(review)
    review = pick(review, "Mark confidential: Description")
    assert "*Description*\\nTraining of forensic teams for exhumations. (confidential)" in blocks_text(review)
    receipt = click(review, "Submit")
    assert receipt.params["text"] == "Need registered: CP-2024-0001"
    assert ("Thank you. The need “Mass grave excavation” of Uganda is registered as CP-2024-0001, status: "
            "submitted.") in blocks_text(receipt)
    alert = fake.wait_for_messages("USEC", 2)[-1]
    assert alert.params["text"] == "New assistance need CP-2024-0001"

    # A second click on the old Submit button records nothing new.
    client.click("UAMINA", *buttons(review)["Submit"])
    slack.settle()
    assert last(fake, "UAMINA").params["text"] == "That conversation has ended. Type “hello” to start again."
    status, body = client.command("my", user_id="UAMINA")
    assert "CP-2024-0001" in json.dumps(body["blocks"]) and "submitted" in json.dumps(body["blocks"])
    assert len(fake.messages_to("USEC")) == 2
