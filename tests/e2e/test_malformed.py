"""Signed payloads of shapes Slack would not send (a missing user, `null` metadata, an id too long for the
database, a bogus response_url) are a 400 or a polite reply, never a 500; generated ones too (hypothesis)."""
from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.payloads import FORM, JSON, block_actions, message_im, slash_command, view_submission


def form_payload(raw: bytes) -> dict[str, Any]:
    return json.loads(parse_qs(raw.decode())["payload"][0])


def as_form(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def command_without(field: str) -> bytes:
    fields = {k: v[0] for k, v in parse_qs(slash_command("help", user_id="UEVE").decode()).items()}
    fields.pop(field)
    return urlencode(fields).encode()


def click(**changes: Any) -> bytes:
    payload = form_payload(block_actions("UEVE", "need:edit:0", "CP-2024-0001",
                                         response_url="http://127.0.0.1:9/hooks/x"))
    payload.update(changes)
    return as_form(payload)


def submission(**view_changes: Any) -> bytes:
    payload = form_payload(view_submission("UEVE", "form:submit", {"kind": {"value": "x"}}))
    payload["view"].update(view_changes)
    return as_form(payload)


MALFORMED = {
    "command without user_id": (command_without("user_id"), FORM),
    "command with a user_id of 80 characters": (slash_command("help", user_id="U" + "A" * 79), FORM),
    "click whose user is a string": (click(user="UEVE"), FORM),
    "click whose user id is null": (click(user={"id": None}), FORM),
    "click with a javascript: response_url": (click(response_url="javascript:alert(1)"), FORM),
    "click whose actions is not a list": (click(actions={"action_id": "need:edit"}), FORM),
    "submission with null private_metadata": (submission(private_metadata=None), FORM),
    "submission whose state.values is a list": (submission(state={"values": ["a"]}), FORM),
    "DM event whose text is a number": (json.dumps({**json.loads(message_im("UEVE", "hi", event_id="Ev-m")),
                                                    "event": {"type": "message", "user": "UEVE", "text": 5,
                                                              "channel_type": "im", "ts": "1.0"}}).encode(), JSON),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_signed_malformed_payload_is_400_and_runs_nothing(slack, name):
    body, kind = MALFORMED[name]
    status, _, _ = slack.client.post(body, kind)
    assert status == 400, name
    slack.settle()
    assert slack.fake.calls() == []


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


def _replace(value: Any, path: tuple, new: Any, delete: bool) -> None:
    *head, last = path
    for part in head:
        value = value[part]
    if delete and isinstance(value, dict):
        del value[last]
    else:
        value[last] = new


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=80) | st.just("U" + "X" * 70),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                    max_size=3), max_leaves=6)

SAMPLES = {
    "click": lambda: form_payload(block_actions("UEVE", "form:pick:0", "kind|state_party",
                                                response_url="http://127.0.0.1:9/hooks/x")),
    "home click": lambda: form_payload(block_actions("UEVE", "home:join", "x", view={"type": "home"})),
    "submission": lambda: form_payload(view_submission("UEVE", "form:submit", {"kind": {"value": "x"}},
                                                       private_metadata='{"form": "onboarding"}')),
    "dm": lambda: json.loads(message_im("UEVE", "hello", event_id="Ev-h")),
}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_signed_payloads_never_get_a_5xx(slack, caplog, data):
    caplog.set_level(logging.ERROR)
    kind = data.draw(st.sampled_from(sorted(SAMPLES)))
    payload = SAMPLES[kind]()
    path = data.draw(st.sampled_from(_paths(payload)))
    _replace(payload, path, data.draw(JSONISH), delete=data.draw(st.booleans()))
    body, content_type = ((json.dumps(payload).encode(), JSON) if kind == "dm" else (as_form(payload), FORM))
    status, _, _ = slack.client.post(body, content_type)
    slack.settle()
    assert status < 500, (kind, path)
    # A polite apology (the guard's) is allowed; a crash in Bolt or the HTTP server is not.
    crashes = [r for r in caplog.records if r.name.startswith(("slack_bolt", "waitress"))]
    assert crashes == [], (kind, path, [r.getMessage() for r in crashes])
