"""A focal point registers a need in a Slack DM: selects, clicks and typing, over signed HTTP."""
from __future__ import annotations

import json
from datetime import UTC, date

import pytest

from bot.seed import seed_demo
from tests.e2e.test_onboarding_slack import blocks_text, buttons
from tests.support.blocks import shown

pytestmark = pytest.mark.e2e


def select_value(call, label: str) -> str:
    """The value behind an option of the select menu a person sees in a message."""
    for block in call.params.get("blocks", []):
        for element in block.get("elements", []):
            for option in element.get("options", []):
                if option["text"]["text"] == label:
                    return option["value"]
    raise AssertionError(f"no option {label!r} in {blocks_text(call)[:300]}")


def checkboxes(call) -> tuple[str, str, dict[str, str]]:
    """A several-choice question's checkbox group: its block id, action id, and label → value."""
    for block in call.params.get("blocks", []):
        for element in block.get("elements", []):
            if element.get("type") in ("checkboxes", "multi_static_select"):
                return block["block_id"], element["action_id"], {o["text"]["text"]: o["value"]
                                                                  for o in element["options"]}
    raise AssertionError(f"no checkboxes in {blocks_text(call)[:300]}")


def tick(slack, user: str, call, *labels: str) -> dict:
    """Ticks `labels` (and only them) as Slack reports it; returns the message state a later click carries."""
    block, action, values = checkboxes(call)
    ticked = [values[label] for label in labels]
    assert slack.client.click(user, action, None, block_id=block, selected_options=ticked)[0] == 200
    slack.settle()
    return {block: {action: {"type": "checkboxes", "selected_options": [{"value": v} for v in ticked]}}}


def last(fake, user):
    return fake.messages_to(user)[-1]


def verified_focal_point(slack, user: str, state: str) -> None:
    """The demo calls exist and `user` has been approved as focal point of `state` by the Secretariat."""
    with slack.parts.storage.uow() as uow:
        seed_demo(uow, date(2024, 12, 2))
        uow.commit()
    for number, text in enumerate(("hello", "1", state, "1", "skip", "submit")):
        slack.client.dm(user, text, event_id=f"Ev-{user}-{number}")
        slack.settle()
    request = slack.fake.messages_to("USEC")[-1]
    slack.client.click("USEC", *buttons(request)["Approve"])
    slack.settle()


def test_focal_point_registers_a_need_in_dm(slack):
    fake, client = slack.fake, slack.client
    verified_focal_point(slack, "UAMINA", "uganda")
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
    say("Office of the Prosecutor")
    reprompt = say("during the trial")
    assert fake.messages_to("UAMINA")[-2].params["text"] == \
        "“during the trial” is not one of the options. Please pick one of the options."
    kinds = pick(reprompt, "Trial")
    posted = len(fake.messages_to("UAMINA"))
    tick(slack, "UAMINA", kinds, "Training", "Expert advice")
    ticks = tick(slack, "UAMINA", kinds, "Training")  # and one unticked again
    assert len(fake.messages_to("UAMINA")) == posted  # a tick posts nothing: the checkboxes show it
    client.click("UAMINA", *buttons(kinds)["Done"], state=ticks)
    slack.settle()
    languages = last(fake, "UAMINA")
    assert languages.params["text"].startswith("In which languages")
    # Done carries the ticks as the person sees them, even if the tick itself never arrived.
    client.click("UAMINA", *buttons(languages)["Done"], state={checkboxes(languages)[0]: {
        checkboxes(languages)[1]: {"type": "checkboxes", "selected_options": [{"value": "fr"}]}}})
    slack.settle()
    assert say("2020-01-01").params["text"] == "From which date is the assistance wanted?"
    assert fake.messages_to("UAMINA")[-2].params["text"] == \
        "That date is in the past. Please give today’s date or a later one."
    say("skip")  # wanted from
    urgency = say("skip")  # duration
    click(urgency, "Within the year")
    consent = say("skip")
    review = click(consent, "yes")
    assert review.params["text"] == "Please check your answers"
    assert "*Description*\nTraining of forensic teams for exhumations. (public)" in shown(review.params["blocks"])
    assert "*Kind of help sought*\nTraining (public)" in shown(review.params["blocks"])  # as ticked at Done
    assert "*Working languages*\nFrench (public)" in shown(review.params["blocks"])
    review = pick(review, "Mark confidential: Description")
    assert "*Description*\nTraining of forensic teams for exhumations. (confidential)" in shown(review.params["blocks"])
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


def test_secretariat_asks_in_a_modal_and_the_state_answers_in_the_thread(slack):
    fake, client = slack.fake, slack.client
    verified_focal_point(slack, "UAMINA", "uganda")
    events = iter(range(1000))
    client.command("need", user_id="UAMINA")
    slack.settle()
    for text in ("forensics", "Mass graves", "Exhumation training.", "Police", "investigation", "training",
                 "English", "skip", "skip", "no fixed time", "skip", "yes", "submit"):
        client.dm("UAMINA", text, event_id=f"Ev-q{next(events)}")
        slack.settle()
    alert = fake.messages_to("USEC")[-1]
    assert alert.params["text"] == "New assistance need CP-2024-0001"

    client.click("USEC", *buttons(alert)["Ask a question"])
    view = fake.wait_for_calls("views.open")[0].params["view"]
    assert view["callback_id"] == "need:question" and view["title"]["text"] == "Ask a question"
    status, body = client.submit("USEC", "need:question", {"question": {"value": "   "}},
                                 private_metadata=view["private_metadata"])
    assert body == {"response_action": "errors", "errors": {"question": "A question is needed here."}}
    status, body = client.submit("USEC", "need:question", {"question": {"value": "Which districts? <!here>"}},
                                 private_metadata=view["private_metadata"])
    assert status == 200 and not body
    slack.settle()
    question = fake.messages_to("UAMINA")[-1]
    assert question.params["text"] == ("The Secretariat asks about CP-2024-0001 “Mass graves”: Which districts? "
                                       "&lt;!here&gt;")
    # Amina answers in the thread of that message; the Secretariat gets it with the review buttons.
    client.dm("UAMINA", "Gulu &amp; Kitgum", event_id="Ev-answer", thread_ts=question.response["ts"])
    slack.settle()
    told = fake.messages_to("USEC")[-1]
    assert told.params["text"] == "<@UAMINA> (Uganda) answers about CP-2024-0001: Gulu &amp; Kitgum"
    assert "Start review" in buttons(told)
    assert fake.messages_to("UAMINA")[-1].params["text"] == \
        "Thank you. Your answer about CP-2024-0001 was sent to the Secretariat."
    # The same answer delivered again by Slack is passed on once.
    client.dm("UAMINA", "Gulu &amp; Kitgum", event_id="Ev-answer", thread_ts=question.response["ts"], retry_num=1)
    slack.settle()
    assert [c.params["text"] for c in fake.messages_to("USEC")].count(told.params["text"]) == 1


def test_the_need_form_as_a_modal_with_a_missing_field_then_success(slack):
    fake, client = slack.fake, slack.client
    fake.set_user("UAMINA", name="Amina", real_name="Amina Okello")
    verified_focal_point(slack, "UAMINA", "uganda")
    client.command("need", user_id="UAMINA")
    slack.settle()
    intro = fake.messages_to("UAMINA")[-2]
    client.click("UAMINA", *buttons(intro)["Use a form instead"])
    view = fake.wait_for_calls("views.open")[0].params["view"]
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert list(blocks) == ["area", "title", "description", "institutions", "stage", "help_kinds", "languages",
                            "wanted_from", "duration", "urgency", "received", "contact", "consent"]
    assert blocks["help_kinds"]["element"]["type"] == "multi_static_select"
    assert blocks["wanted_from"]["element"]["type"] == "datepicker"
    assert blocks["consent"]["element"]["type"] == "radio_buttons"
    assert blocks["contact"]["element"]["initial_value"] == "Amina"  # prefilled from the profile
    values = {
        "area": {"value": {"type": "static_select", "selected_option": {"value": "victims"}}},
        "title": {"value": "Witness protection"},
        "description": {"value": "A relocation programme."},
        "institutions": {"value": "Police"},
        "stage": {"value": {"type": "static_select", "selected_option": {"value": "trial"}}},
        "help_kinds": {"value": {"type": "multi_static_select", "selected_options": [{"value": "advice"}]}},
        "languages": {"value": {"type": "multi_static_select", "selected_options": []}},
        "wanted_from": {"value": {"type": "datepicker", "selected_date": "2024-11-01"}},
        "duration": {"value": ""},
        "urgency": {"value": {"type": "static_select", "selected_option": {"value": "urgent"}}},
        "received": {"value": ""},
        "contact": {"value": "Amina"},
        "consent": {"value": {"type": "radio_buttons", "selected_option": {"value": "yes"}}},
    }
    status, body = client.submit("UAMINA", "form:modal", values, private_metadata=view["private_metadata"])
    assert body == {"response_action": "errors", "errors": {
        "languages": "An answer is needed here.",
        "wanted_from": "That date is in the past. Please give today’s date or a later one."}}
    values["languages"] = {"value": {"type": "multi_static_select", "selected_options": [{"value": "en"}]}}
    values["wanted_from"] = {"value": {"type": "datepicker", "selected_date": "2025-01-15"}}
    status, body = client.submit("UAMINA", "form:modal", values, private_metadata=view["private_metadata"])
    assert status == 200 and not body
    slack.settle()
    review = fake.messages_to("UAMINA")[-1]
    assert review.params["text"] == "Please check your answers"
    assert "*Wanted from*\nJanuary 15, 2025 (public)" in shown(review.params["blocks"])
    client.click("UAMINA", *buttons(review)["Submit"])
    slack.settle()
    assert fake.messages_to("UAMINA")[-1].params["text"] == "Need registered: CP-2024-0001"


def fill_need_by_typing(slack, user: str, title: str, events) -> None:
    for text in ("forensics", title, "A laboratory.", "Police", "investigation", "training", "English", "skip",
                 "skip", "no fixed time", "skip", "yes"):
        slack.client.dm(user, text, event_id=f"Ev-{user}-f{next(events)}")
        slack.settle()


def test_the_deadline_of_1_october_2024_over_http(slack):
    from datetime import datetime
    fake, client = slack.fake, slack.client
    fake.set_user("UAMINA", tz="Africa/Kampala", locale="en-GB")
    fake.set_user("UBOB", tz="America/New_York", locale="en-US")
    verified_focal_point(slack, "UAMINA", "uganda")
    verified_focal_point(slack, "UBOB", "kenya")
    events = iter(range(1000))
    slack.clock.set(datetime(2024, 10, 1, 21, 59, 59, tzinfo=UTC))  # 23:59:59 in The Hague
    for user in ("UAMINA", "UBOB"):
        client.command("need", user_id=user)
        slack.settle()
        fill_need_by_typing(slack, user, f"Lab of {user}", events)
    client.dm("UAMINA", "submit", event_id="Ev-last-second")
    slack.settle()
    assert fake.messages_to("UAMINA")[-1].params["text"] == "Need registered: CP-2024-0001"
    slack.clock.set(datetime(2024, 10, 1, 22, 0, 1, tzinfo=UTC))  # 00:00:01 on 2 October
    client.dm("UBOB", "submit", event_id="Ev-too-late")
    slack.settle()
    assert fake.messages_to("UBOB")[-1].params["text"] == (
        "The call for input “Complementarity platform: technical assistance needs (2024)” closed on October 1, "
        "2024, 5:59\u202fPM Eastern Daylight Time. Your draft is kept: you can read and change it here. For a late "
        "submission, please write to asp@icc-cpi.int.")
    status, body = client.command("my", user_id="UBOB")
    assert "not yet submitted" in json.dumps(body["blocks"], ensure_ascii=False)


def submitted_need(slack, user: str, state: str, title: str):
    """A verified focal point of `state` has typed and submitted a need; returns the receipt they got."""
    verified_focal_point(slack, user, state)
    slack.client.command("need", user_id=user)
    slack.settle()
    fill_need_by_typing(slack, user, title, iter(range(1000)))
    slack.client.dm(user, "submit", event_id=f"Ev-{user}-submit")
    slack.settle()
    return slack.fake.messages_to(user)[-1]


def test_an_edit_over_http_produces_version_two(slack):
    fake, client = slack.fake, slack.client
    receipt = submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    client.click("UAMINA", *buttons(receipt)["Edit"], response_url=fake.response_url("edit"))
    slack.settle()
    assert fake.wait_for_calls("response_url:edit")[0].params["text"] == \
        "I have sent you CP-2024-0001 in a direct message: change any answer, then submit."
    review = fake.messages_to("UAMINA")[-1]
    assert review.params["text"] == "Please check your answers"
    client.click("UAMINA", "form:pick:select", None, selected_option=select_value(review, "Change: Title"))
    slack.settle()
    client.dm("UAMINA", "DNA laboratory and training", event_id="Ev-e2")
    slack.settle()
    client.click("UAMINA", *buttons(fake.messages_to("UAMINA")[-1])["Submit"])
    slack.settle()
    assert fake.messages_to("UAMINA")[-1].params["text"] == "CP-2024-0001: version 2 saved"
    status, body = client.command("need CP-2024-0001 v1", user_id="USEC")
    assert "*Title*\nDNA lab" in shown(body["blocks"])
    assert "version 1 of 2" in json.dumps(body["blocks"], ensure_ascii=False)
    status, body = client.command("need CP-2024-0001", user_id="UAMINA")
    assert "*Title*\nDNA laboratory and training" in shown(body["blocks"])


def test_the_home_tab_of_a_focal_point_starts_a_need(slack):
    fake, client = slack.fake, slack.client
    verified_focal_point(slack, "UAMINA", "uganda")
    client.home("UAMINA", event_id="Ev-home")
    slack.settle()
    view = fake.wait_for_calls("views.publish")[-1].params["view"]
    labels = [e["text"]["text"] for b in view["blocks"] for e in b.get("elements", []) if e.get("type") == "button"]
    assert labels == ["Register a need", "Register a delegation",
                      "Snooze “Demo: call for assistance needs (open now)” for 3 days",
                      "Stop reminders about “Demo: call for assistance needs (open now)”"]  # her say over reminders
    action = next(e for b in view["blocks"] for e in b.get("elements", []) if e.get("value") == "need")
    client.click("UAMINA", action["action_id"], action["value"])
    slack.settle()
    assert fake.messages_to("UAMINA")[-1].params["text"] == "Which area is this need about?"


def test_a_focal_point_saying_hello_gets_a_button_to_register_a_need(slack):
    fake, client = slack.fake, slack.client
    verified_focal_point(slack, "UAMINA", "uganda")
    client.dm("UAMINA", "hello again", event_id="Ev-hello")
    slack.settle()
    hello = fake.messages_to("UAMINA")[-1]
    assert hello.params["text"] == "Hello! Type /asp help to see what I can do for you."
    client.click("UAMINA", *buttons(hello)["Register a need"])
    slack.settle()
    assert fake.messages_to("UAMINA")[-1].params["text"] == "Which area is this need about?"


def test_asking_is_for_the_secretariat_and_an_expired_trigger_is_not_silent(slack):
    fake, client = slack.fake, slack.client
    client.click("UNOSY", "need:ask:4", "CP-2024-0001")
    slack.settle()
    assert fake.messages_to("UNOSY")[-1].params["text"] == "Only the Secretariat can review needs."
    assert fake.calls("views.open") == []
    fake.fail_next("views.open", error="expired_trigger_id")
    client.click("USEC", "need:ask:4", "CP-2024-0001")
    slack.settle()
    apology = fake.messages_to("USEC")[-1].params["text"]
    assert apology.startswith("Sorry, something went wrong on my side. Please try again; if it happens again, "
                              "give the Secretariat this reference: ")
    assert "expired_trigger_id" not in apology


def test_a_click_whose_response_url_has_expired_is_answered_in_the_dm(slack):
    fake, client = slack.fake, slack.client
    receipt = submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    before = len(fake.messages_to("UAMINA"))
    fake.fail_next("response_url:gone", status=404, error="expired_url")
    client.click("UAMINA", *buttons(receipt)["Edit"], response_url=fake.response_url("gone"))
    slack.settle()
    # The answer the click would have had in place reaches the DM, beside the review it announces.
    texts = [call.params["text"] for call in fake.messages_to("UAMINA")]
    later = texts[before:]
    assert later[0] == "I have sent you CP-2024-0001 in a direct message: change any answer, then submit."
    assert later[-1] == "Please check your answers"
    assert later.count(later[0]) == 1
