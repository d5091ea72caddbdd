"""Signed inbound Slack requests (commands, clicks, submissions, events) and a small HTTP client."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from itertools import count
from typing import Any
from urllib.parse import urlencode

_trigger = count(1)


def sign(body: bytes, secret: str, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{ts}:".encode() + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"x-slack-signature": f"v0={digest}", "x-slack-request-timestamp": ts}


def slash_command(text: str, *, user_id: str = "U1", team_id: str = "T1", channel_id: str = "C1",
                  response_url: str = "http://127.0.0.1:9/hooks/none") -> bytes:
    return urlencode({"command": "/asp", "text": text, "user_id": user_id, "user_name": user_id.lower(),
                      "team_id": team_id, "channel_id": channel_id, "api_app_id": "A1",
                      "trigger_id": f"1.2.{next(_trigger)}", "response_url": response_url}).encode()


def block_actions(user_id: str, action_id: str, value: str | None, *, block_id: str = "b",
                  channel_id: str = "D1", message_ts: str = "1.0", response_url: str | None = None,
                  team_id: str = "T1", selected_option: str | None = None) -> bytes:
    action: dict[str, Any] = {"type": "button", "action_id": action_id, "block_id": block_id,
                              "action_ts": f"{time.time():.6f}"}
    if selected_option is not None:
        action.update(type="static_select", selected_option={"value": selected_option})
    elif value is not None:
        action["value"] = value
    payload = {"type": "block_actions", "team": {"id": team_id}, "user": {"id": user_id, "team_id": team_id},
               "api_app_id": "A1", "trigger_id": f"1.2.{next(_trigger)}",
               "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id},
               "channel": {"id": channel_id}, "message": {"ts": message_ts, "text": "", "blocks": []},
               "actions": [action]}
    if response_url:
        payload["response_url"] = response_url
    return urlencode({"payload": json.dumps(payload)}).encode()


def message_im(user_id: str, text: str, *, event_id: str, channel: str = "D1", team_id: str = "T1") -> bytes:
    return json.dumps({"type": "event_callback", "team_id": team_id, "api_app_id": "A1", "event_id": event_id,
                       "event_time": 1, "event": {"type": "message", "channel_type": "im", "channel": channel,
                                                  "user": user_id, "text": text, "ts": f"{time.time():.6f}"}}).encode()


def app_home_opened(user_id: str, *, event_id: str, team_id: str = "T1") -> bytes:
    return json.dumps({"type": "event_callback", "team_id": team_id, "api_app_id": "A1", "event_id": event_id,
                       "event_time": 1, "event": {"type": "app_home_opened", "user": user_id, "channel": "D1",
                                                  "tab": "home"}}).encode()


class SlackClient:
    """Posts signed requests to the app's /slack/events, as Slack would."""

    def __init__(self, base_url: str, signing_secret: str):
        self.url = base_url.rstrip("/") + "/slack/events"
        self.secret = signing_secret

    def post(self, body: bytes, content_type: str, *, timestamp: int | None = None,
             signature: str | None = None, retry_num: int | None = None) -> tuple[int, Any]:
        headers = {"Content-Type": content_type, **sign(body, self.secret, timestamp)}
        if signature is not None:
            headers["x-slack-signature"] = signature
        if retry_num is not None:
            headers["x-slack-retry-num"] = str(retry_num)
            headers["x-slack-retry-reason"] = "http_timeout"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, raw = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read().decode()
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw

    def command(self, text: str, **kwargs) -> tuple[int, Any]:
        return self.post(slash_command(text, **kwargs), "application/x-www-form-urlencoded")

    def click(self, user_id: str, action_id: str, value: str | None, **kwargs) -> tuple[int, Any]:
        return self.post(block_actions(user_id, action_id, value, **kwargs), "application/x-www-form-urlencoded")

    def dm(self, user_id: str, text: str, *, event_id: str, retry_num: int | None = None, **kwargs):
        return self.post(message_im(user_id, text, event_id=event_id, **kwargs), "application/json",
                         retry_num=retry_num)

    def home(self, user_id: str, *, event_id: str) -> tuple[int, Any]:
        return self.post(app_home_opened(user_id, event_id=event_id), "application/json")
