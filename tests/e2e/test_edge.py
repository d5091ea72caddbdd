"""The door before Bolt: forged, stale, malformed and oversized requests are refused (401 / 400 / 413) before any
listener runs, each with one log line that never holds the body; a signed, well-formed request still goes in."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import logging
import time
import urllib.error
import urllib.request

from tests.e2e.conftest import SECRET
from tests.support.payloads import FORM, JSON, message_im, slash_command

MARK = "PAYLOAD-MARKER-<!channel>"  # if a refused body were logged, this would be in the log


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def signature(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    return "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()


def forged_requests():
    """200 requests an attacker, a broken proxy or a bad clock could send: none carries a valid signature."""
    now = str(int(time.time()))
    bodies = [message_im("UEVE", MARK, event_id="Ev-forged"), slash_command(f"help {MARK}", user_id="UEVE"),
              MARK.encode(), b"", b"\xff\xfe" + MARK.encode()]
    timestamps = ["abc", "1796111843.5", "", " ", "-1", "0x10", "9" * 40, str(int(time.time()) - 600),
                  str(int(time.time()) + 600), now]
    signatures = [None, "", "v0=", "v1=" + "0" * 64, "v0=zz", "v0=" + "0" * 64]
    for body, ts, sig in itertools.islice(itertools.cycle(itertools.product(bodies, timestamps, signatures)), 200):
        headers = {"Content-Type": JSON if body.startswith(b"{") else FORM}
        if ts != "":
            headers["X-Slack-Request-Timestamp"] = ts
        if sig is not None:
            headers["X-Slack-Signature"] = sig
        yield body, headers


def test_200_forged_requests_are_refused_before_any_listener_and_no_body_is_logged(slack, caplog):
    caplog.set_level(logging.DEBUG)
    statuses = [post(slack.client.url, body, headers) for body, headers in forged_requests()]
    assert set(statuses) == {401}
    slack.settle()
    assert slack.fake.calls() == []
    assert MARK not in caplog.text
    refused = [r for r in caplog.records if r.getMessage().startswith("refused 401")]
    assert len(refused) == 200 and all("\n" not in r.getMessage() for r in refused)


def test_a_request_signed_with_a_stale_or_non_integer_timestamp_is_401_not_500(slack):
    body = message_im("UEVE", "hello", event_id="Ev-ts")
    for ts in ("abc", "1796111843.5", str(int(time.time()) - 301)):
        assert post(slack.client.url, body, {"Content-Type": JSON, "X-Slack-Request-Timestamp": ts,
                                             "X-Slack-Signature": signature(body, ts)}) == 401


def test_a_signed_body_no_listener_could_read_is_400(slack, caplog):
    now = str(int(time.time()))
    cases = [(b"{not json " + MARK.encode(), JSON), (b"[1, 2]", JSON), (b"\xff\xfe", JSON),
             (b"payload=%7Bbroken" + MARK.encode(), FORM), (b"payload=%5B%5D", FORM), (b"<xml/>", "text/xml")]
    for body, kind in cases:
        assert post(slack.client.url, body, {"Content-Type": kind, "X-Slack-Request-Timestamp": now,
                                             "X-Slack-Signature": signature(body, now)}) == 400, body
    slack.settle()
    assert slack.fake.calls() == []
    assert MARK not in caplog.text


def test_an_oversized_body_is_413_without_being_read(slack):
    body = b"{" + b" " * (1 << 20) + b"}"
    now = str(int(time.time()))
    assert post(slack.client.url, body, {"Content-Type": JSON, "X-Slack-Request-Timestamp": now,
                                         "X-Slack-Signature": signature(body, now)}) == 413


def test_a_signed_well_formed_request_still_reaches_the_bot(slack):
    status, body = slack.client.command("help", user_id="UNEW")
    assert status == 200 and body["text"] == "What you can ask me"
