"""Safety at the Slack boundary: signatures, retries, mentions, rate limits, roles, odd input, Block Kit limits."""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from functools import partial

import pytest
from slack_sdk.models.blocks import Block

from tests.e2e.conftest import SECRET
from tests.support.blocks import shown
from tests.support.payloads import FORM, JSON, NO_RESPONSE_URL, block_actions, message_im, sign, slash_command

pytestmark = pytest.mark.e2e

WELCOME = "Welcome to aspbot"
FIRST_QUESTION = "What kind of delegation do you represent?"
WHICH_ONE = "Which one? Type its name (or part of it) in any language you like, for example “Uganda”."
ROLE_QUESTION = "In which role?"
EMAIL_QUESTION = "Your work e-mail address, to help the Secretariat verify you (optional: type “skip”)."
HELP_HEADER = "What you can ask me"
PINGS = ("<!channel>", "<!here>", "<@U0BADGUY>")


def blocks_of(call) -> list[dict]:
    """The blocks of a message, or of the view a views.* call publishes."""
    if "view" in call.params:
        return call.params["view"].get("blocks", [])
    return call.params.get("blocks", [])


def buttons(blocks: list[dict]) -> dict[str, tuple[str, str]]:
    """Button label → (action_id, value), as a person sees and clicks them."""
    out = {}
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("type") == "button":
                out[element["text"]["text"]] = (element["action_id"], element["value"])
    return out


def texts(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls]


def hook(fake, name: str):
    """The one post the app made to the response_url `name`."""
    return fake.wait_for_calls(f"response_url:{name}")[0]


def start_onboarding(slack, user: str, event_id: str = "Ev-hello") -> list:
    """A newcomer says hello in DM; returns the welcome and the first question."""
    assert slack.client.dm(user, "hello", event_id=event_id)[0] == 200
    return slack.fake.wait_for_messages(user, 2)


def click_and_wait(slack, user: str, call, label: str) -> object:
    """Clicks the button `label` of a message the person received; returns the next message to them."""
    seen = len(slack.fake.messages_to(user))
    assert slack.client.click(user, *buttons(blocks_of(call))[label])[0] == 200
    return slack.fake.wait_for_messages(user, seen + 1)[-1]


def type_and_wait(slack, user: str, text: str, event_id: str, count: int = 1) -> list:
    """The person types `text` in DM; returns the `count` messages that answer it."""
    seen = len(slack.fake.messages_to(user))
    assert slack.client.dm(user, text, event_id=event_id)[0] == 200
    return slack.fake.wait_for_messages(user, seen + count)[seen:]


def request_verification(slack, user: str) -> object:
    """Onboards `user` as Uganda's national focal point; returns the request the Secretariat received."""
    question = start_onboarding(slack, user, event_id=f"Ev-{user}-1")[-1]
    click_and_wait(slack, user, question, "State Party")
    role = type_and_wait(slack, user, "uganda", f"Ev-{user}-2")[-1]
    email = click_and_wait(slack, user, role, "National focal point")
    review = click_and_wait(slack, user, email, "Skip")
    click_and_wait(slack, user, review, "Submit")
    return slack.fake.wait_for_messages("USEC", 1)[-1]


def http_get(url: str) -> tuple[int, str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


# --- 1. signatures ---------------------------------------------------------------------------------
def test_a_badly_signed_request_is_refused_and_nothing_is_sent(slack):
    body = message_im("UEVE", "hello", event_id="Ev-forged")
    status, _, _ = slack.client.post(body, JSON, signature="v0=" + "0" * 64)
    assert status == 401
    status, _, _ = slack.client.post(slash_command("help", user_id="UEVE"), "application/x-www-form-urlencoded",
                                     signature="v0=deadbeef")
    assert status == 401
    slack.settle()
    assert slack.fake.calls() == []


def test_a_request_signed_ten_minutes_ago_is_refused(slack):
    body = message_im("UEVE", "hello", event_id="Ev-replayed")
    status, _, _ = slack.client.post(body, JSON, timestamp=int(time.time()) - 600)
    assert status == 401
    slack.settle()
    assert slack.fake.calls() == []


# --- 2. Slack's retries ----------------------------------------------------------------------------
def test_a_retried_direct_message_is_answered_once(slack):
    fake, client = slack.fake, slack.client
    assert client.dm("UNEW", "hello", event_id="Ev-twice", ts="1700000001.000100")[0] == 200
    fake.wait_for_messages("UNEW", 2)
    slack.settle()
    status, _ = client.dm("UNEW", "hello", event_id="Ev-twice", ts="1700000001.000100", retry_num=1)
    assert status == 200
    slack.settle()
    assert texts(fake.messages_to("UNEW")) == [WELCOME, FIRST_QUESTION]


def at_once(*requests) -> list:
    """Sends requests from as many threads, released together: they are served side by side."""
    results: list = [None] * len(requests)
    go = threading.Barrier(len(requests), timeout=10)

    def run(index: int) -> None:
        go.wait()
        results[index] = requests[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return results


def test_a_retry_arriving_while_the_first_delivery_runs_is_answered_once(slack):
    fake, client = slack.fake, slack.client
    # Slack retries while the first delivery is still being handled: the twins race for the event_id.
    for trial in range(10):
        user = f"UTWIN{trial}"
        first, retry = at_once(partial(client.dm, user, "hello", event_id=f"Ev-overlap-{trial}", ts=f"1.{trial}"),
                               partial(client.dm, user, "hello", event_id=f"Ev-overlap-{trial}", ts=f"1.{trial}",
                                       retry_num=1))
        assert (first[0], retry[0]) == (200, 200)
        slack.settle()
        assert texts(fake.messages_to(user)) == [WELCOME, FIRST_QUESTION], trial


def test_a_new_person_writing_while_opening_the_home_tab_is_one_person(slack):
    fake, client = slack.fake, slack.client
    for trial in range(20):
        user = f"URACE{trial}"
        dm, home = at_once(partial(client.dm, user, "hello", event_id=f"Ev-race-dm-{trial}"),
                           partial(client.home, user, event_id=f"Ev-race-home-{trial}"))
        assert (dm[0], home[0]) == (200, 200), trial
        slack.settle()
        assert texts(fake.messages_to(user)) == [WELCOME, FIRST_QUESTION], trial
        published = [c for c in fake.calls("views.publish") if c.params.get("user_id") == user]
        assert len(published) == 1 and "something went wrong" not in json.dumps(published[0].params), trial
    with slack.parts.storage.uow() as uow:
        for trial in range(20):
            assert uow.members.find("slack", "T1", f"URACE{trial}") is not None


# --- 3. mentions typed by people -------------------------------------------------------------------
def test_mentions_typed_by_a_person_never_ping_anyone(slack):
    fake = slack.fake
    question = start_onboarding(slack, "UNEW")[-1]
    click_and_wait(slack, "UNEW", question, "State Party")

    reprompt, again = type_and_wait(slack, "UNEW", "<!channel>", "Ev-ping-1", count=2)
    assert reprompt.params["text"] == "“&lt;!channel&gt;” is not one of the options. Please pick one of the options."
    assert shown(reprompt.params["blocks"]) == reprompt.params["text"]  # the typed text as rich text, escaped
    assert again.params["text"] == WHICH_ONE

    role = type_and_wait(slack, "UNEW", "uganda", "Ev-ping-2")[-1]
    click_and_wait(slack, "UNEW", role, "National focal point")
    reprompt, again = type_and_wait(slack, "UNEW", "<@U0BADGUY> & <!here>", "Ev-ping-3", count=2)
    assert reprompt.params["text"] == ("“&lt;@U0BADGUY&gt; &amp; &lt;!here&gt;” is not an e-mail address. "
                                       "Please write one like name@example.org.")
    assert again.params["text"] == EMAIL_QUESTION
    slack.settle()

    for call in fake.calls():
        sent = json.dumps(call.params, ensure_ascii=False)
        for ping in PINGS:
            assert ping not in sent, f"{call.method} would ping with {ping}: {call.short()}"
        assert call.params.get("link_names") in (None, False, "0", "false")
        assert call.params.get("parse") != "full"


def test_a_name_with_an_ampersand_is_found_as_slack_encodes_it(slack):
    question = start_onboarding(slack, "UNEW")[-1]
    click_and_wait(slack, "UNEW", question, "State Party")
    # What Slack delivers when a person types "Bosnia & Herzegovina".
    answer = type_and_wait(slack, "UNEW", "Bosnia &amp; Herzegovina", "Ev-amp")[-1]
    assert answer.params["text"] == ROLE_QUESTION


def test_a_reprompt_quotes_the_answer_as_the_person_typed_it(slack):
    question = start_onboarding(slack, "UNEW")[-1]
    click_and_wait(slack, "UNEW", question, "State Party")
    # What Slack delivers when a person types "<b> & co": & < > arrive as entities.
    reprompt = type_and_wait(slack, "UNEW", "&lt;b&gt; &amp; co", "Ev-lt")[0]
    assert reprompt.params["text"] == "“&lt;b&gt; &amp; co” is not one of the options. Please pick one of the options."


# --- 4. rate limits --------------------------------------------------------------------------------
def test_a_rate_limited_welcome_is_sent_in_order_once_slack_allows_it(slack):
    fake, clock = slack.fake, slack.clock
    fake.fail_next("chat.postMessage", retry_after=30)
    assert slack.client.dm("UNEW", "hello", event_id="Ev-429")[0] == 200
    fake.wait_for_calls("chat.postMessage")
    slack.settle()
    refused = fake.calls("chat.postMessage")
    assert texts(refused) == [WELCOME]
    assert {c.method for c in fake.calls()} == {"users.info", "chat.postMessage"}

    clock.advance(timedelta(seconds=29))
    assert slack.parts.dispatcher.deliver() == 0
    assert len(fake.calls("chat.postMessage")) == 1

    clock.advance(timedelta(seconds=2))
    assert slack.parts.dispatcher.deliver() == 2
    assert texts(fake.messages_to("UNEW")) == [WELCOME, WELCOME, FIRST_QUESTION]

    assert slack.parts.dispatcher.deliver() == 0
    assert texts(fake.messages_to("UNEW")) == [WELCOME, WELCOME, FIRST_QUESTION]


def test_a_refusal_slack_rate_limits_is_kept_and_sent_when_allowed(slack):
    """A reply posted directly (a Home-tab click has no message to answer) is not lost on a 429."""
    fake, clock = slack.fake, slack.clock
    fake.fail_next("chat.postMessage", retry_after=30)
    assert slack.client.click("UNEW", "home:need", "need", view={"id": "VHOME", "type": "home"})[0] == 200
    fake.wait_for_calls("chat.postMessage")
    slack.settle()
    refusal = "You do not represent any delegation yet. Type /asp join to register."
    assert texts(fake.calls("chat.postMessage")) == [refusal]  # the one Slack refused

    clock.advance(timedelta(seconds=29))
    assert slack.parts.dispatcher.deliver() == 0
    clock.advance(timedelta(seconds=2))
    assert slack.parts.dispatcher.deliver() == 1
    assert texts(fake.messages_to("UNEW")) == [refusal, refusal]
    assert slack.parts.dispatcher.deliver() == 0


# --- 5. unknown verbs ------------------------------------------------------------------------------
def test_a_mistyped_verb_gets_a_suggestion(slack):
    status, body = slack.client.command("hlep", user_id="UNEW")
    assert status == 200
    assert body["response_type"] == "ephemeral"
    assert body["text"] == "I do not know “hlep”. Did you mean /asp help? Type /asp help for the list."


def test_asp_without_a_verb_shows_the_help(slack):
    status, body = slack.client.command("", user_id="UNEW")
    assert status == 200 and body["response_type"] == "ephemeral"
    assert body["text"] == HELP_HEADER
    assert body["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": HELP_HEADER}}


# --- 6. roles --------------------------------------------------------------------------------------
def help_fields(body) -> list[str]:
    return [field["text"] for block in body["blocks"] for field in block.get("fields", [])]


def usages(body) -> list[str]:
    """The verbs a help reply lists, without their summaries."""
    return [field.split("\n")[0] for field in help_fields(body)]


def test_only_the_secretariat_can_use_verify(slack):
    status, body = slack.client.command("verify", user_id="UNEW")
    assert status == 200 and body["response_type"] == "ephemeral"
    assert body["text"] == "Only the Secretariat can use /asp verify."
    slack.settle()
    assert slack.fake.messages_to("UNEW") == []


def test_help_lists_verify_only_for_the_secretariat(slack):
    _, normal = slack.client.command("help", user_id="UNEW")
    _, secretariat = slack.client.command("help", user_id="USEC")
    assert "*/asp help*" in usages(normal)
    assert "*/asp verify*" not in usages(normal)
    assert set(usages(normal)) < set(usages(secretariat))
    assert ("*/asp verify*\nRequests from people to act for a delegation, to approve or decline."
            in help_fields(secretariat))


def test_an_approve_click_by_someone_outside_the_secretariat_is_refused(slack):
    fake, client = slack.fake, slack.client
    request = request_verification(slack, "UNEW")
    slack.settle()
    told_before = texts(fake.messages_to("UNEW"))
    action_id, value = buttons(blocks_of(request))["Approve"]
    assert action_id == "membership:approve:0"

    assert client.click("UMALLORY", action_id, value, response_url=fake.response_url("forged"))[0] == 200
    refused = hook(fake, "forged")
    assert refused.params["replace_original"] is False
    assert refused.params["text"] == "Only the Secretariat can verify delegations."
    slack.settle()
    assert texts(fake.messages_to("UNEW")) == told_before
    assert fake.messages_to("UMALLORY") == []

    _, mine = client.command("my", user_id="UNEW")
    assert help_fields(mine) == ["*Uganda*\nNational focal point: waiting for the Secretariat"]


def test_a_captured_approve_click_sent_again_has_no_effect(slack):
    fake, client = slack.fake, slack.client
    request = request_verification(slack, "UNEW")
    slack.settle()
    body = block_actions("USEC", *buttons(blocks_of(request))["Approve"], response_url=fake.response_url("once"))
    now = int(time.time())
    assert client.post(body, FORM, timestamp=now)[0] == 200
    slack.settle()
    told = texts(fake.messages_to("UNEW"))
    assert told[-1].startswith("Good news: the Secretariat has confirmed that you act for Uganda")
    calls_before = len(fake.calls())
    # The same signed bytes, inside the five minutes the signature is valid: a replay.
    status, _, text = client.post(body, FORM, timestamp=now)
    slack.settle()
    assert (status, text) == (200, "")
    assert len(fake.calls()) == calls_before, [c.short() for c in fake.calls()[calls_before:]]


def test_a_captured_command_that_changes_something_runs_once_and_a_reading_one_is_answered_again(slack):
    client = slack.client
    now = int(time.time())
    switch = slash_command("lang fr", user_id="UNEW")
    first, again = client.post(switch, FORM, timestamp=now), client.post(switch, FORM, timestamp=now)
    assert first[0] == 200 and json.loads(first[2])["text"] == "Désormais, je vous écrirai en français."
    assert again[:1] == (200,) and again[2] == ""  # the replay changes nothing and says nothing
    # /asp help changes nothing: its copy costs no replay key and is simply answered again.
    reading = slash_command("help", user_id="UNEW")
    assert [json.loads(client.post(reading, FORM, timestamp=now)[2])["text"] for _ in range(2)] == [
        "Ce que vous pouvez me demander"] * 2
    with slack.parts.storage.uow() as uow:
        assert uow.processed.seen("slack:sig:" + sign(switch, SECRET, now)["x-slack-signature"])
        assert not uow.processed.seen("slack:sig:" + sign(reading, SECRET, now)["x-slack-signature"])


def test_refusals_are_audited_and_a_flood_of_them_writes_a_bounded_number_of_rows(slack):
    for _ in range(30):
        status, body = slack.client.command("verify", user_id="UMALLORY")
        assert status == 200 and body["text"] == "Only the Secretariat can use /asp verify."
    slack.client.click("UEVE", "membership:approve:0", "1", response_url=NO_RESPONSE_URL)
    with slack.parts.storage.uow() as uow:
        rows = uow.audit.by_action("refused")
        mallory = uow.members.find("slack", "T1", "UMALLORY").id
        eve = uow.members.find("slack", "T1", "UEVE").id
        of_mallory = [r for r in rows if r.actor_id == mallory]
        of_eve = [r for r in rows if r.actor_id == eve]
    assert len(of_mallory) == 20  # then only logged: a flood cannot fill the audit trail
    assert {(r.subject, r.after["reason"]) for r in of_mallory} == {
        ("command:verify", "Only the Secretariat can use /asp verify.")}
    assert [(r.subject, r.after["reason"]) for r in of_eve] == [
        ("click:membership:approve", "Only the Secretariat can verify delegations.")]
    assert all(r.at.tzinfo is not None for r in rows)


def test_an_approve_click_for_an_unknown_request_is_refused(slack):
    fake = slack.fake
    status, _ = slack.client.click("USEC", "membership:approve:0", "999999", response_url=fake.response_url("ghost"))
    assert status == 200
    refused = hook(fake, "ghost")
    assert refused.params["replace_original"] is False
    assert refused.params["text"] == "I cannot find that request."


# --- 7. malformed clicks ---------------------------------------------------------------------------
def test_a_click_the_bot_cannot_read_asks_the_person_to_type(slack):
    assert slack.client.click("UNEW", "form:pick:0", "garbage")[0] == 200
    told = slack.fake.wait_for_messages("UNEW", 1)
    slack.settle()
    assert texts(slack.fake.messages_to("UNEW")) == ["I could not read that click. Please type your answer instead."]
    assert told[0].params["blocks"][0]["text"]["text"] == told[0].params["text"]


def test_a_button_no_feature_declares_gets_an_answer_not_silence(slack):
    # An old message's button from a version of the bot that had it, or a forged payload.
    assert slack.client.click("UNEW", "speakers:register:0", "x")[0] == 200
    slack.fake.wait_for_messages("UNEW", 1)
    slack.settle()
    assert texts(slack.fake.messages_to("UNEW")) == ["I could not read that click. Please type your answer instead."]


# --- 8. language -----------------------------------------------------------------------------------
def test_a_person_switches_to_french_and_gets_the_help_in_french(slack):
    client = slack.client
    status, body = client.command("lang fr", user_id="UNEW")
    assert status == 200 and body["response_type"] == "ephemeral"
    assert body["text"] == "Désormais, je vous écrirai en français."

    _, help_body = client.command("help", user_id="UNEW")
    assert help_body["text"] == "Ce que vous pouvez me demander"
    assert help_body["blocks"][0]["text"]["text"] == "Ce que vous pouvez me demander"
    assert help_fields(help_body)[0] == "*/asp help*\nCette liste."
    assert help_body["blocks"][-1]["elements"][0]["text"] == ("Écrivez-moi en message direct pour commencer ou "
                                                              "poursuivre une conversation.")


def test_an_unknown_language_is_refused_with_the_available_codes(slack):
    status, body = slack.client.command("lang xx", user_id="UNEW")
    assert status == 200 and body["response_type"] == "ephemeral"
    assert body["text"] == "“xx” is not a language I speak yet. Available: en, fr, es, ar, zh, ru."
    _, still = slack.client.command("help", user_id="UNEW")
    assert still["text"] == HELP_HEADER


# --- 9. App Home -----------------------------------------------------------------------------------
def test_the_home_tab_offers_registration_that_starts_onboarding_in_dm(slack):
    fake, client = slack.fake, slack.client
    assert client.home("UNEW", event_id="Ev-home")[0] == 200
    published = fake.wait_for_calls("views.publish")
    slack.settle()
    assert len(fake.calls("views.publish")) == 1
    assert published[0].params["user_id"] == "UNEW"
    view = published[0].params["view"]
    assert view["type"] == "home"
    register = buttons(view["blocks"])["Register a delegation"]

    assert client.click("UNEW", *register, view={"id": "VHOME", "type": "home"})[0] == 200
    fake.wait_for_messages("UNEW", 2)
    slack.settle()
    assert texts(fake.messages_to("UNEW")) == [WELCOME, FIRST_QUESTION]


# --- 10. Block Kit limits --------------------------------------------------------------------------
def assert_valid_blocks(blocks: list[dict], limit: int, where: str) -> None:
    assert len(blocks) <= limit, where
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, f"unknown block type in {where}"
        parsed.to_dict()  # slack_sdk checks Slack's limits here
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert 1 <= len(element["text"]["text"]) <= 75, f"{element} in {where}"
            for option in element.get("options", []):
                assert len(option["text"]["text"]) <= 75 and len(option["value"]) <= 150, f"{option} in {where}"


def test_every_message_of_an_onboarding_run_is_valid_block_kit(slack):
    fake, client = slack.fake, slack.client
    question = start_onboarding(slack, "UNEW")[-1]
    click_and_wait(slack, "UNEW", question, "State Party")
    type_and_wait(slack, "UNEW", "<!channel>", "Ev-bk-1", count=2)
    several = type_and_wait(slack, "UNEW", "republic", "Ev-bk-2")[-1]
    assert several.params["text"] == "Several options match “republic”. Which one?"  # a select menu
    role = type_and_wait(slack, "UNEW", "uganda", "Ev-bk-3")[-1]
    click_and_wait(slack, "UNEW", role, "National focal point")
    type_and_wait(slack, "UNEW", "not an address", "Ev-bk-4", count=2)
    review = type_and_wait(slack, "UNEW", "amina@example.org", "Ev-bk-5")[-1]
    assert review.params["text"] == "Please check your answers"
    click_and_wait(slack, "UNEW", review, "Submit")
    request = fake.wait_for_messages("USEC", 1)[-1]
    _, waiting = client.command("verify", user_id="USEC")
    client.click("USEC", *buttons(blocks_of(request))["Approve"], response_url=fake.response_url("approve"))
    hook(fake, "approve")
    _, help_body = client.command("help", user_id="USEC")
    _, mine = client.command("my", user_id="UNEW")
    client.home("UNEW", event_id="Ev-bk-home")
    fake.wait_for_calls("views.publish")
    slack.settle()

    messages = fake.calls("chat.postMessage")
    assert len(messages) >= 14  # every step above was answered
    for call in messages:
        assert_valid_blocks(blocks_of(call), 50, call.short())
    for call in fake.calls("views.publish"):
        assert_valid_blocks(blocks_of(call), 100, call.short())
    assert_valid_blocks(blocks_of(hook(fake, "approve")), 50, "the approval")
    for name, body in (("/asp verify", waiting), ("/asp help", help_body), ("/asp my", mine)):
        assert_valid_blocks(body["blocks"], 50, name)


# --- 11. HTTP surface ------------------------------------------------------------------------------
def test_health_check_answers_ok_and_unknown_paths_404(slack):
    assert http_get(slack.base_url + "/healthz") == (200, "ok\n")
    status, _ = http_get(slack.base_url + "/wp-admin")
    assert status == 404
