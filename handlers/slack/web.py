"""The HTTP surface: POST /slack/events through the door (handlers/slack/edge.py) into Bolt, GET /healthz."""
from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from handlers.slack.edge import MAX_BODY, Refusal, unreadable, unsigned

log = logging.getLogger(__name__)

STATUS = {200: "200 OK", 400: "400 Bad Request", 401: "401 Unauthorized", 404: "404 Not Found",
          405: "405 Method Not Allowed", 413: "413 Payload Too Large", 503: "503 Service Unavailable"}


def _plain(start_response, status: int, text: str) -> list[bytes]:
    start_response(STATUS.get(status, f"{status} Error"), [("Content-Type", "text/plain; charset=utf-8")])
    return [text.encode() + b"\n"]


def wsgi_app(app: App, *, signing_secret: str, path: str = "/slack/events",
             healthy: Callable[[], bool], now: Callable[[], float] = time.time):
    bolt = SlackRequestHandler(app, path=path)

    def refused(start_response, environ, refusal: Refusal) -> list[bytes]:
        # One line, no body, no header values: a flood of forged requests cannot fill the log with its payload.
        log.info("refused %s %s from %s: %s", refusal.status, path, environ.get("REMOTE_ADDR", "?"), refusal.reason)
        return _plain(start_response, refusal.status, STATUS[refusal.status].split(" ", 1)[1].lower())

    def application(environ, start_response):
        route, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if route == "/healthz" and method in ("GET", "HEAD"):
            return _plain(start_response, 200, "ok") if healthy() else _plain(start_response, 503, "database down")
        if route != path:
            return _plain(start_response, 404, "not found")
        if method != "POST":
            return _plain(start_response, 405, "method not allowed")
        raw_length = environ.get("CONTENT_LENGTH") or "0"
        length = int(raw_length) if raw_length.isdigit() else -1
        if length < 0 or length > MAX_BODY:
            return refused(start_response, environ, Refusal(413 if length > MAX_BODY else 400, "body length"))
        body = environ["wsgi.input"].read(length) if length else b""
        refusal = (unsigned(signing_secret, body, environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
                            environ.get("HTTP_X_SLACK_SIGNATURE"), now())
                   or unreadable(body, environ.get("CONTENT_TYPE") or ""))
        if refusal is not None:
            return refused(start_response, environ, refusal)
        environ["wsgi.input"] = io.BytesIO(body)  # Bolt reads the body again (and checks the signature again)
        return bolt(environ, start_response)

    return application

