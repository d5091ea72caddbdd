"""Realistic signed inbound Slack requests (commands, clicks, submissions, events) and a client that posts them."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode, urlsplit

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
NO_RESPONSE_URL = "http://127.0.0.1:9/hooks/none"  # refused at once: pass fake.response_url(name) to record

_lock = threading.Lock()
_serial = 0


def _next() -> int:
    global _serial
    with _lock:
        _serial += 1
        return _serial


def _trigger_id() -> str:
    return f"1.2.{_next()}"


def _ts() -> str:
    """Unique message/action timestamps without reading the clock."""
    return f"1700000001.{_next():06d}"


def sign(body: bytes, secret: str, timestamp: int | None = None, *,
         content_type: str | None = None) -> dict[str, str]:
    """Headers Slack would send: `v0=` HMAC-SHA256 of `v0:{ts}:{body}`, the timestamp, and the content type.

    The timestamp defaults to now, because Bolt refuses requests more than 300 s from its own clock.
    The content type defaults to JSON for a body starting with `{`, form-encoded otherwise.
    """
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    if content_type is None:
        content_type = JSON if body.lstrip().startswith(b"{") else FORM
    return {"x-slack-signature": f"v0={digest}", "x-slack-request-timestamp": ts, "content-type": content_type}


# --- bodies ------------------------------------------------------------------------------------
def slash_command(text: str, user_id: str = "U1", team_id: str = "T1", channel_id: str = "C1",
                  response_url: str = NO_RESPONSE_URL, trigger_id: str | None = None,
                  command: str = "/asp") -> bytes:
    """Form-encoded `/asp <text>` as Slack posts it."""
    return urlencode({
        "token": "verification-token-unused", "team_id": team_id, "team_domain": "asp",
        "channel_id": channel_id, "channel_name": "directmessage" if channel_id.startswith("D") else "general",
        "user_id": user_id, "user_name": user_id.lower(), "command": command, "text": text,
        "api_app_id": "A1", "is_enterprise_install": "false", "response_url": response_url,
        "trigger_id": trigger_id or _trigger_id(),
    }).encode()


def block_actions(user_id: str, action_id: str, value: str | None, *, block_id: str = "b",
                  channel_id: str = "D1", message_ts: str = "1.0", response_url: str | None = None,
                  team_id: str = "T1", view: dict[str, Any] | None = None,
                  selected_option: str | None = None, selected_options: list[str] | None = None,
                  state: dict[str, dict[str, Any]] | None = None) -> bytes:
    """A button click (or, with `selected_option`, a static_select choice; with `selected_options`, a tick in a
    checkbox group) as form-encoded `payload=`. `state` is the message's inputs as Slack reports them with
    the click ({block_id: {action_id: element state}}).

    With `view` the click comes from a modal or the Home tab (container type "view", no message);
    otherwise from the message `message_ts` in `channel_id`.
    """
    action: dict[str, Any] = {"type": "button", "action_id": action_id, "block_id": block_id, "action_ts": _ts()}
    if selected_options is not None:
        action.update(type="checkboxes", selected_options=[
            {"text": {"type": "plain_text", "text": v}, "value": v} for v in selected_options])
    elif selected_option is not None:
        action.update(type="static_select",
                      selected_option={"text": {"type": "plain_text", "text": selected_option},
                                       "value": selected_option})
    elif value is not None:
        action["value"] = value
    payload: dict[str, Any] = {
        "type": "block_actions", "team": {"id": team_id, "domain": "asp"},
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id},
        "api_app_id": "A1", "token": "verification-token-unused", "trigger_id": _trigger_id(),
        "is_enterprise_install": False, "enterprise": None, "actions": [action],
    }
    if view is not None:
        view = {"id": "V1", "type": "modal", "hash": "h1", "private_metadata": "", "callback_id": "",
                "state": {"values": {}}, **view}
        payload["container"] = {"type": "view", "view_id": view["id"]}
        payload["view"] = view
    else:
        payload["container"] = {"type": "message", "message_ts": message_ts, "channel_id": channel_id,
                                "is_ephemeral": False}
        payload["channel"] = {"id": channel_id, "name": "directmessage"}
        payload["message"] = {"type": "message", "user": "UBOT", "bot_id": "BBOT", "ts": message_ts,
                              "text": "", "blocks": []}
    if response_url:
        payload["response_url"] = response_url
    if state is not None:
        payload["state"] = {"values": state}
    return urlencode({"payload": json.dumps(payload)}).encode()


def _state_values(values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`{block: {action: "text"}}` becomes plain_text_input states; dict states pass through unchanged."""
    return {block: {action: state if isinstance(state, dict) else {"type": "plain_text_input", "value": state}
                    for action, state in actions.items()}
            for block, actions in values.items()}


def view_submission(user_id: str, callback_id: str, values: dict[str, dict[str, Any]],
                    private_metadata: str = "", team_id: str = "T1", *, view_id: str = "V1") -> bytes:
    """A modal's submit as form-encoded `payload=`.

    `values` is `{block_id: {action_id: state}}`; a state given as a string is a plain_text_input value,
    a dict is used as is (e.g. `{"type": "static_select", "selected_option": {"value": "x"}}`).
    """
    payload = {
        "type": "view_submission", "team": {"id": team_id, "domain": "asp"},
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id},
        "api_app_id": "A1", "token": "verification-token-unused", "trigger_id": _trigger_id(),
        "is_enterprise_install": False, "enterprise": None, "response_urls": [],
        "view": {"id": view_id, "team_id": team_id, "type": "modal", "callback_id": callback_id,
                 "private_metadata": private_metadata, "hash": "h1", "blocks": [],
                 "title": {"type": "plain_text", "text": "aspbot"},
                 "state": {"values": _state_values(values)}, "app_id": "A1", "bot_id": "BBOT"},
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def _event_callback(event: dict[str, Any], *, event_id: str, team_id: str) -> bytes:
    return json.dumps({
        "token": "verification-token-unused", "team_id": team_id, "api_app_id": "A1", "event": event,
        "type": "event_callback", "event_id": event_id, "event_time": 1700000001,
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": "UBOT", "is_bot": True,
                            "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
    }).encode()


def message_im(user_id: str, text: str, *, event_id: str, channel: str = "D1", ts: str | None = None,
               team_id: str = "T1", thread_ts: str | None = None) -> bytes:
    """A direct message from a person to the app (message.im), JSON event_callback; a reply in a thread
    when `thread_ts` names the message that started it."""
    ts = ts or _ts()
    event = {"type": "message", "channel_type": "im", "channel": channel, "user": user_id,
             "text": text, "ts": ts, "event_ts": ts, "team": team_id}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return _event_callback(event, event_id=event_id, team_id=team_id)


def file_share(user_id: str, files: list[dict[str, Any]], *, event_id: str, text: str = "", channel: str = "D1",
               team_id: str = "T1") -> bytes:
    """A person sent files in their DM with the app (message.im, subtype file_share), with their file objects."""
    ts = _ts()
    return _event_callback({"type": "message", "subtype": "file_share", "channel_type": "im", "channel": channel,
                            "user": user_id, "text": text, "files": files, "upload": False, "ts": ts,
                            "event_ts": ts, "team": team_id}, event_id=event_id, team_id=team_id)


def app_home_opened(user_id: str, event_id: str, *, team_id: str = "T1", channel: str = "D1",
                    tab: str = "home") -> bytes:
    """The person opened the app's Home tab (app_home_opened), JSON event_callback."""
    return _event_callback({"type": "app_home_opened", "user": user_id, "channel": channel, "tab": tab,
                            "event_ts": _ts()}, event_id=event_id, team_id=team_id)


# --- client ------------------------------------------------------------------------------------
class SlackClient:
    """Posts signed requests to the app's `/slack/events`, as Slack would. Loopback only, no proxies."""

    def __init__(self, base_url: str, signing_secret: str, *, timeout: float = 10.0):
        host = urlsplit(base_url).hostname
        if host not in LOOPBACK:
            raise ValueError(f"SlackClient only talks to loopback, not {host!r}")
        self.url = base_url.rstrip("/") + "/slack/events"
        self.secret = signing_secret
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def post(self, body: bytes, content_type: str, *, timestamp: int | None = None, signature: str | None = None,
             retry_num: int | None = None, retry_reason: str = "http_timeout") -> tuple[int, dict[str, str], str]:
        """Returns (status, lower-case response headers, body text). HTTP errors are returned, not raised.

        `timestamp` signs with that time (a stale one for 401 tests); `signature` replaces the computed one.
        """
        headers = sign(body, self.secret, timestamp, content_type=content_type)
        if signature is not None:
            headers["x-slack-signature"] = signature
        if retry_num is not None:
            headers["x-slack-retry-num"] = str(retry_num)
            headers["x-slack-retry-reason"] = retry_reason
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status, got, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, got, raw = error.code, error.headers, error.read()
        return status, {k.lower(): v for k, v in got.items()}, raw.decode("utf-8")

    def _send(self, body: bytes, content_type: str, **kwargs: Any) -> tuple[int, Any]:
        status, _, text = self.post(body, content_type, **kwargs)
        if not text:
            return status, None
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    # Each helper returns (status, parsed JSON body, or the text if not JSON, or None if empty).
    def command(self, text: str, **kwargs: Any) -> tuple[int, Any]:
        return self._send(slash_command(text, **kwargs), FORM)

    def action(self, user_id: str, action_id: str, value: str | None, **kwargs: Any) -> tuple[int, Any]:
        return self._send(block_actions(user_id, action_id, value, **kwargs), FORM)

    click = action

    def submit(self, user_id: str, callback_id: str, values: dict[str, dict[str, Any]],
               **kwargs: Any) -> tuple[int, Any]:
        return self._send(view_submission(user_id, callback_id, values, **kwargs), FORM)

    def dm(self, user_id: str, text: str, *, event_id: str, retry_num: int | None = None,
           **kwargs: Any) -> tuple[int, Any]:
        return self._send(message_im(user_id, text, event_id=event_id, **kwargs), JSON, retry_num=retry_num)

    def send_files(self, user_id: str, files: list[dict[str, Any]], *, event_id: str, retry_num: int | None = None,
                   **kwargs: Any) -> tuple[int, Any]:
        return self._send(file_share(user_id, files, event_id=event_id, **kwargs), JSON, retry_num=retry_num)

    def home(self, user_id: str, *, event_id: str, retry_num: int | None = None, **kwargs: Any) -> tuple[int, Any]:
        return self._send(app_home_opened(user_id, event_id, **kwargs), JSON, retry_num=retry_num)
