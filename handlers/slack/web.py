"""The HTTP surface: POST /slack/events into Bolt, GET /healthz; a WSGI app for waitress."""
from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler


def wsgi_app(app: App, *, path: str = "/slack/events"):
    bolt = SlackRequestHandler(app, path=path)

    def application(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        if environ.get("PATH_INFO") == path:
            return bolt(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"not found\n"]

    return application
