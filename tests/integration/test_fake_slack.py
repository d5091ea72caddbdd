"""The fake Slack Web API and the signed payloads, checked against the real slack_sdk clients and verifier."""
from __future__ import annotations

import json
import threading
from urllib.parse import parse_qs

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.support.fake_slack import FakeSlack
from tests.support.payloads import app_home_opened, block_actions, message_im, sign, slash_command, view_submission

SECRET = "test-signing-secret"
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "Bienvenue sur *aspbot*"}},
          {"type": "actions", "elements": [{"type": "button", "action_id": "form:pick:1", "value": "1|SP",
                                            "text": {"type": "plain_text", "text": "État partie"}}]}]


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """slack_sdk would send loopback calls through a proxy named in the environment."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake():
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake):
    return WebClient(base_url=fake.base_url, token="xoxb-test", timeout=5)


def test_post_message_with_blocks_is_recorded_with_parsed_blocks(fake, client):
    first = client.chat_postMessage(channel="UAMINA", text="Bienvenue", blocks=BLOCKS)
    second = client.chat_postMessage(channel="DUAMINA", text="Deux")

    assert first["ok"] is True and first["channel"] == "DUAMINA"  # as Slack: the DM, not the user
    assert first["ts"] == "1700000000.000100" and second["ts"] == "1700000000.000200"
    assert first["message"]["text"] == "Bienvenue" and first["message"]["blocks"] == BLOCKS
    [call, _] = fake.wait_for_messages("UAMINA", 2, timeout=1)
    assert call.method == "chat.postMessage"
    assert call.params == {"channel": "UAMINA", "text": "Bienvenue", "blocks": BLOCKS}
    assert call.headers["authorization"] == "Bearer xoxb-test"
    assert [c.params["text"] for c in fake.messages_to("UAMINA")] == ["Bienvenue", "Deux"]
    assert fake.messages_to("C1") == []


def test_json_valued_form_parameters_are_decoded(fake, client):
    # chat.update is sent form-encoded by slack_sdk: blocks arrive as a JSON string.
    client.api_call("chat.update", data={"channel": "D1", "ts": "1.0", "text": "Mis à jour",
                                         "blocks": json.dumps(BLOCKS)})
    [call] = fake.calls("chat.update")
    assert call.params["blocks"] == BLOCKS and call.params["text"] == "Mis à jour"
    assert call.headers["content-type"] == "application/x-www-form-urlencoded"


def test_users_info_gives_locale_only_when_asked(fake, client):
    fake.set_user("UAMINA", tz="Africa/Kampala", locale="fr-FR", name="amina", real_name="Amina")

    plain = client.users_info(user="UAMINA")["user"]
    localised = client.users_info(user="UAMINA", include_locale=True)["user"]
    unknown = client.users_info(user="UNEW", include_locale=True)["user"]

    assert plain["tz"] == "Africa/Kampala" and plain["real_name"] == "Amina" and "locale" not in plain
    assert localised["locale"] == "fr-FR"
    assert (unknown["tz"], unknown["locale"]) == ("Europe/Amsterdam", "en-US")
    assert [c.params.get("include_locale") for c in fake.calls("users.info")] == [None, "1", "1"]


def test_other_methods_answer_like_slack(fake, client):
    fake.set_usergroup("S123", ["U1", "U2"])

    assert client.auth_test()["user_id"] == "UBOT"
    assert client.conversations_open(users="U1")["channel"]["id"] == "DU1"
    assert client.usergroups_users_list(usergroup="S123")["users"] == ["U1", "U2"]
    view = client.views_open(trigger_id="1.2.3", view={"type": "modal", "callback_id": "join",
                                                       "title": {"type": "plain_text", "text": "Join"},
                                                       "blocks": []})["view"]
    assert view["id"].startswith("V") and view["callback_id"] == "join"
    assert fake.calls("views.open")[0].params["view"]["callback_id"] == "join"
    with pytest.raises(SlackApiError) as unknown:
        client.api_call("chat.frobnicate")
    assert unknown.value.response["error"] == "unknown_method"


def test_rate_limit_surfaces_as_slack_api_error_with_retry_after(fake, client):
    fake.fail_next("chat.postMessage", retry_after=7)

    with pytest.raises(SlackApiError) as error:
        client.chat_postMessage(channel="C1", text="trop tôt")
    assert error.value.response.status_code == 429
    assert error.value.response.headers["Retry-After"] == "7"
    assert error.value.response["error"] == "ratelimited"

    assert client.chat_postMessage(channel="C1", text="ensuite")["ok"] is True
    assert [c.params["text"] for c in fake.calls("chat.postMessage")] == ["trop tôt", "ensuite"]


def test_fail_next_with_an_error_answers_200_not_ok(fake, client):
    fake.fail_next("chat.postMessage", error="channel_not_found", times=2)

    for _ in range(2):
        with pytest.raises(SlackApiError) as error:
            client.chat_postMessage(channel="CGONE", text="x")
        assert error.value.response.status_code == 200
        assert error.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="CGONE", text="x")["ok"] is True


def test_wait_for_times_out_listing_what_was_received(fake, client):
    client.chat_postMessage(channel="UAMINA", text="Bienvenue sur aspbot")

    with pytest.raises(AssertionError) as error:
        fake.wait_for_messages("USEC", 1, timeout=0.2)
    message = str(error.value)
    assert "within 0.2s" in message
    assert 'chat.postMessage {"channel": "UAMINA", "text": "Bienvenue sur aspbot"}' in message


def test_wait_for_wakes_on_a_call_from_another_thread(fake, client):
    started = threading.Event()

    def later():
        started.wait(5)
        client.chat_postMessage(channel="USEC", text="Verification request")

    worker = threading.Thread(target=later)
    worker.start()
    started.set()
    [call] = fake.wait_for_messages("USEC", 1, timeout=5)
    worker.join(5)
    assert call.params["text"] == "Verification request"


def test_response_url_post_is_recorded_under_its_name(fake):
    hook = fake.response_url("approve")
    assert hook == f"http://127.0.0.1:{fake.port}/hooks/approve"

    response = WebhookClient(hook).send_dict({"replace_original": True, "text": "Approved", "blocks": BLOCKS})

    assert response.status_code == 200
    [call] = fake.wait_for_calls("response_url:approve", timeout=1)
    assert call.params == {"replace_original": True, "text": "Approved", "blocks": BLOCKS}


def test_reset_forgets_calls_and_pending_failures(fake, client):
    client.auth_test()
    fake.fail_next("auth.test", error="invalid_auth")
    fake.reset()
    assert fake.calls() == []
    assert client.auth_test()["ok"] is True


def test_base_url_is_joined_with_the_method_name(fake):
    assert fake.base_url == f"http://127.0.0.1:{fake.port}/api/"
    WebClient(base_url=fake.base_url, token="xoxb-test").api_test()
    assert [c.method for c in fake.calls()] == ["api.test"]


@pytest.mark.parametrize("body", [
    slash_command("help"),
    block_actions("U1", "form:pick:1", "1|SP", response_url="http://127.0.0.1:1/hooks/x"),
    view_submission("U1", "join", {"name": {"value": "Amina"}}, private_metadata="42"),
    message_im("U1", "bonjour", event_id="Ev1"),
    app_home_opened("U1", "Ev2"),
], ids=["command", "action", "submission", "dm", "home"])
def test_sign_is_accepted_by_slack_sdk_verifier(body):
    headers = sign(body, SECRET)
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid_request(body, headers)
    assert not SignatureVerifier("other-secret").is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + b"x", headers)
    assert not verifier.is_valid_request(body, sign(body, SECRET, timestamp=int(headers["x-slack-request-timestamp"]) - 301))


def test_payloads_carry_what_bolt_reads():
    command = {k: v[0] for k, v in parse_qs(slash_command("my", user_id="UAMINA", trigger_id="9.9.9").decode()).items()}
    assert (command["command"], command["text"], command["user_id"], command["trigger_id"]) == \
        ("/asp", "my", "UAMINA", "9.9.9")

    action = json.loads(parse_qs(block_actions("U1", "home:join", "7", view={"callback_id": "home"}).decode())
                        ["payload"][0])
    assert action["container"] == {"type": "view", "view_id": "V1"} and "message" not in action
    assert action["actions"][0]["action_id"] == "home:join" and action["actions"][0]["value"] == "7"

    submission = json.loads(parse_qs(view_submission("U1", "join", {"b": {"a": "Amina"}}).decode())["payload"][0])
    assert submission["view"]["state"]["values"] == {"b": {"a": {"type": "plain_text_input", "value": "Amina"}}}

    event = json.loads(message_im("U1", "hi", event_id="Ev9", ts="1.000001"))
    assert event["event"] == {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1",
                              "text": "hi", "ts": "1.000001", "event_ts": "1.000001", "team": "T1"}
    assert sign(message_im("U1", "hi", event_id="Ev9"), SECRET)["content-type"] == "application/json"
    assert sign(slash_command("help"), SECRET)["content-type"] == "application/x-www-form-urlencoded"


def test_limits_answer_429_past_a_channels_burst_and_count_nothing_refused(fake, client):
    fake.limit("chat.postMessage", per_channel=1, channel_burst=2, workspace=1000, workspace_burst=1000)
    assert [client.chat_postMessage(channel="U1", text=str(n))["ok"] for n in range(2)] == [True, True]
    with pytest.raises(SlackApiError) as error:
        client.chat_postMessage(channel="U1", text="too soon")
    assert error.value.response.status_code == 429 and error.value.response.headers["Retry-After"] == "1"
    assert client.chat_postMessage(channel="U2", text="another DM")["ok"] is True
    assert fake.limited == 1
