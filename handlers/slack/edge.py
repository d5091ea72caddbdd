"""The HTTP door before Bolt: a request that is not signed by Slack, or whose body no listener could read, is
refused here (401 / 400 / 413) with one log line that never holds the body; nothing of ours runs for it."""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import parse_qs

from handlers.slack.shapes import misfit

MAX_BODY = 1 << 20  # Slack's largest payloads (a view submission with long answers) are far below a MiB
SKEW_SECONDS = 300  # as Slack's own guidance and Bolt: older (or later) than five minutes is a replay


@dataclass(frozen=True)
class Refusal:
    status: int  # 400, 401 or 413
    reason: str  # for the log: short, fixed, never the body or a header value


def unsigned(secret: str, body: bytes, timestamp: str | None, signature: str | None, now: float) -> Refusal | None:
    """Why this request is not Slack's, or None. A timestamp that is not a plain integer is a 401, not a crash."""
    if not timestamp or not signature:
        return Refusal(401, "signature or timestamp missing")
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return Refusal(401, "timestamp is not an integer")
    if abs(now - int(timestamp)) > SKEW_SECONDS:
        return Refusal(401, "timestamp outside five minutes")
    if not signature.startswith("v0=") or len(signature) != 67:
        return Refusal(401, "signature malformed")
    # Computed on the bytes: slack_sdk's verifier decodes the body first, and a body that is not UTF-8 would
    # be a crash there instead of a refusal.
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return Refusal(401, "signature does not match")
    return None


def unreadable(body: bytes, content_type: str) -> Refusal | None:
    """Why a signed body could not be read by any listener, or None: JSON events and form-encoded commands
    and interactions (whose `payload` must itself be a JSON object) are the only shapes Slack sends."""
    kind = content_type.split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
        if kind == "application/json":
            data = json.loads(text)
            if not isinstance(data, dict):
                return Refusal(400, "JSON body is not an object")
            return _shape("event", misfit(data, "event"))
        if kind == "application/x-www-form-urlencoded":
            form = {key: values[0] for key, values in parse_qs(text, strict_parsing=bool(text)).items()}
            if "payload" in form:
                payload = json.loads(form["payload"])
                if not isinstance(payload, dict):
                    return Refusal(400, "payload is not a JSON object")
                return _shape("interaction", misfit(payload, "interaction"))
            return _shape("command", misfit(form, "command"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors; so is a broken form
        return Refusal(400, "body cannot be parsed")
    return Refusal(400, "unsupported content type")


def _shape(kind: str, where: str | None) -> Refusal | None:
    return None if where is None else Refusal(400, f"{kind} of an unexpected shape at {where}")
