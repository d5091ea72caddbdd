"""A fake Slack Web API on loopback: records every call (and response_url post) and answers like Slack."""
from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

# Parameters whose values slack_sdk (or a form post) may send as a JSON string.
JSON_VALUED = frozenset({"blocks", "attachments", "view", "metadata", "user_auth_blocks", "unfurls", "files"})
MESSAGE_METHODS = ("chat.postMessage", "chat.postEphemeral")
DEFAULT_PROFILE = {"tz": "Europe/Amsterdam", "locale": "en-US"}


@dataclass(frozen=True)
class Call:
    """One request the fake received. `method` is the Web API method or `response_url:<name>`."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    time: float = 0.0  # time.monotonic() when recorded, for ordering and spacing checks
    response: dict[str, Any] = field(default_factory=dict)  # what the fake answered (e.g. a message's ts)
    at: float = 0.0  # time.time() when recorded: what a history's `oldest` is compared with

    def short(self) -> str:
        shown = {k: v for k, v in self.params.items() if k != "token"}
        text = json.dumps(shown, ensure_ascii=False, default=str)
        return f"{self.method} {text[:160]}{'…' if len(text) > 160 else ''}"


@dataclass(frozen=True)
class _Failure:
    status: int
    error: str
    retry_after: int | None


def decode_params(params: dict[str, Any]) -> dict[str, Any]:
    """Turns JSON-string values of known structured parameters (blocks, view, …) into Python objects."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key in JSON_VALUED and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                pass
        out[key] = value
    return out


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    text = raw.decode("utf-8")
    if "json" in content_type.lower():
        parsed = json.loads(text)
        return parsed if isinstance(parsed, dict) else {"_json": parsed}
    return dict(parse_qsl(text, keep_blank_values=True))


class FakeSlack:
    """Serves the Web API under `base_url` and response_url hooks under `response_url(name)`.

    Use as a context manager or call `start()` / `stop()`. Every method is thread-safe.
    """

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._cond = threading.Condition()
        self._users: dict[str, dict[str, str]] = {}
        self._groups: dict[str, list[str]] = {}
        self._failures: dict[str, list[_Failure]] = {}
        self._serial = 0
        self._files: dict[str, dict[str, Any]] = {}  # file id -> name, bytes, title, conversation
        self._limits: dict[str, tuple[float, int, float, int]] = {}  # method -> per channel, burst, workspace
        self._tat: dict[tuple[str, ...], float] = {}
        self.limited = 0  # how many calls were answered 429 by the limits
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        if self._server is not None:
            return self
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        # A short select() interval only makes stop() quick; requests are served as they arrive.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="fake-slack", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """For `WebClient(base_url=...)`, which joins it with the method name."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        """A response_url for an inbound payload; posts to it are recorded as `response_url:<name>`."""
        return f"http://127.0.0.1:{self.port}/hooks/{name}"

    # --- configuration --------------------------------------------------------------------------
    def set_user(self, user_id: str, *, tz: str = "Europe/Amsterdam", locale: str = "en-US",
                 name: str | None = None, real_name: str | None = None, deleted: bool = False) -> None:
        profile = {"tz": tz, "locale": locale, "name": name or user_id.lower(),
                   "real_name": real_name or name or user_id, "deleted": deleted}
        with self._cond:
            self._users[user_id] = profile

    def set_usergroup(self, group_id: str, users: list[str]) -> None:
        with self._cond:
            self._groups[group_id] = list(users)

    def fail_next(self, method: str, *, status: int | None = None, retry_after: int = 1, times: int = 1,
                  error: str | None = None) -> None:
        """The next `times` calls of `method` fail (they are still recorded).

        Without `error`: HTTP `status` (default 429) with `Retry-After` and `{"ok": false, "error": "ratelimited"}`.
        With `error`: HTTP 200 (unless `status` is given) and `{"ok": false, "error": error}`.
        """
        if status is None:
            status = 200 if error else 429
        failure = _Failure(status=status, error=error or ("ratelimited" if status == 429 else "fatal_error"),
                           retry_after=retry_after if status == 429 else None)
        with self._cond:
            self._failures.setdefault(method, []).extend([failure] * times)

    def limit(self, method: str, *, per_channel: float, channel_burst: int, workspace: float,
              workspace_burst: int) -> None:
        """Enforce Slack's limits on `method`: about `per_channel` calls a second to one channel (bursts of
        `channel_burst`) and `workspace` a second in all; beyond them, 429 with a whole-second Retry-After."""
        with self._cond:
            self._limits[method] = (per_channel, channel_burst, workspace, workspace_burst)

    def _over_limit(self, method: str, params: dict[str, Any]) -> int | None:
        """Seconds to wait when this call exceeds a limit (nothing is counted then); None when it may go."""
        if method not in self._limits:
            return None
        per_channel, channel_burst, workspace, workspace_burst = self._limits[method]
        now = time.monotonic()
        buckets = [(("workspace",), workspace, workspace_burst),
                   (("channel", str(params.get("channel"))), per_channel, channel_burst)]
        wait = 0.0
        for key, rate, burst in buckets:
            tat = max(self._tat.get(key, now), now)
            wait = max(wait, tat - (burst - 1) / rate - now)
        if wait > 0:
            self.limited += 1
            return max(1, math.ceil(wait))
        for key, rate, _burst in buckets:
            self._tat[key] = max(self._tat.get(key, now), now) + 1 / rate
        return None

    def reset(self) -> None:
        """Forgets recorded calls and pending failures; users and user groups stay."""
        with self._cond:
            self._calls.clear()
            self._failures.clear()

    def share_file(self, name: str, data: bytes, mimetype: str = "application/pdf", *,
                   brief: bool = False) -> dict[str, Any]:
        """A file a person sent: its file object as a `file_share` event carries it, served at its private URL
        to a request with a bot token. `brief` gives only the id, as Slack does when the app must ask files.info."""
        with self._cond:
            self._serial += 1
            file_id = f"FS{self._serial:05d}"
            url = f"http://127.0.0.1:{self.port}/files-pri/T1-{file_id}/download/{quote(name)}"
            full = {"id": file_id, "name": name, "title": name, "mimetype": mimetype,
                    "filetype": name.rpartition(".")[2], "size": len(data), "url_private": url,
                    "url_private_download": url}
            self._files[file_id] = {**full, "data": data, "shared_by_person": True}
        return {"id": file_id, "file_access": "check_file_info"} if brief else dict(full)

    # --- what was received ----------------------------------------------------------------------
    def uploads(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Files completed (uploaded and shared), with their name, title, bytes and conversation, oldest first."""
        with self._cond:
            return [dict(f) for f in self._files.values() if "channel" in f and not f.get("shared_by_person")
                    and (channel is None or f["channel"] == channel)]

    def calls(self, method: str | None = None) -> list[Call]:
        with self._cond:
            return [c for c in self._calls if method is None or c.method == method]

    def messages_to(self, channel_or_user: str) -> list[Call]:
        """chat.postMessage / chat.postEphemeral calls to that channel, or to that user's DM (`D<user>`)."""
        return _messages_to(self.calls(), channel_or_user)

    def wait_for(self, predicate: Callable[[list[Call]], list[Call]], timeout: float = 5.0) -> list[Call]:
        """Waits until `predicate(all calls so far)` returns a non-empty list, and returns that list.

        Woken by each recorded call, never by polling. On timeout raises AssertionError listing every call received.
        """
        result: list[Call] = []

        def satisfied() -> bool:
            nonlocal result
            result = predicate(list(self._calls))
            return bool(result)

        with self._cond:
            if self._cond.wait_for(satisfied, timeout=timeout):
                return result
            seen = "\n  ".join(c.short() for c in self._calls) or "(nothing)"
        raise AssertionError(f"fake Slack did not receive the expected calls within {timeout}s; it received:\n  {seen}")

    def wait_for_calls(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Waits for at least `count` calls of `method` (e.g. "views.open" or "response_url:approve")."""
        def enough(calls: list[Call]) -> list[Call]:
            found = [c for c in calls if c.method == method]
            return found if len(found) >= count else []
        return self.wait_for(enough, timeout)

    def wait_for_messages(self, channel_or_user: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Waits for at least `count` messages to that channel or user; returns all of them, oldest first."""
        def enough(calls: list[Call]) -> list[Call]:
            found = _messages_to(calls, channel_or_user)
            return found if len(found) >= count else []
        return self.wait_for(enough, timeout)

    # --- answering ------------------------------------------------------------------------------
    def _record(self, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict, dict]:
        if path.startswith("/hooks/"):
            method = "response_url:" + path[len("/hooks/"):]
        elif path.startswith("/upload/"):  # a file's bytes, posted to the URL files.getUploadURLExternal gave
            method = "upload:" + path[len("/upload/"):]
        elif path.startswith("/files-pri/"):  # a person's file, fetched with the bot token (files:read)
            method = "download:" + path[len("/files-pri/"):].split("/", 1)[0].partition("-")[2]
        elif path.startswith("/api/"):
            method = path[len("/api/"):]
        else:
            method = "unknown:" + path
        with self._cond:
            pending = self._failures.get(method)
            failure = pending.pop(0) if pending else None
            if failure is None:
                wait = self._over_limit(method, params)
                if wait is not None:
                    failure = _Failure(status=429, error="ratelimited", retry_after=wait)
            answer = None if failure else self._answer(method, params)
            # A failed call is recorded with what it answered, so a test reads which one was refused and why.
            shown = answer or ({"ok": False, "error": failure.error} if failure is not None else {})
            self._calls.append(Call(method, params, headers, time.monotonic(), shown, time.time()))
            self._cond.notify_all()
        if failure is not None:
            extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            return failure.status, extra, {"ok": False, "error": failure.error}
        if method.startswith("unknown:"):
            return 404, {}, {"ok": False, "error": "unknown_method"}
        return 200, {}, answer

    def _history(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Messages the app posted in a DM since `oldest`, newest first, with metadata only when asked for."""
        oldest = float(params.get("oldest") or 0)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        found = []
        for call in self._calls:
            if call.method != "chat.postMessage" or not call.response.get("ok"):
                continue
            if call.response.get("channel") != params.get("channel"):
                continue
            if call.at < oldest:  # the fake's ts are serial numbers: the wall time of the post stands for them
                continue
            message = {"type": "message", "ts": call.response["ts"], "text": call.params.get("text", "")}
            if with_metadata and isinstance(call.params.get("metadata"), dict):
                message["metadata"] = call.params["metadata"]
            found.append(message)
        return found[::-1]

    def _next_ts(self) -> str:
        self._serial += 1
        return f"1700000000.{self._serial * 100:06d}"

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Called with the lock held."""
        if method.startswith("response_url:"):
            return {"ok": True}
        if method == "api.test":
            return {"ok": True, "args": {k: v for k, v in params.items() if k != "token"}}
        if method == "auth.test":
            return {"ok": True, "url": "https://asp.slack.com/", "team": "ASP", "user": "aspbot",
                    "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT", "is_enterprise_install": False}
        if method == "users.info":
            user_id = str(params.get("user", ""))
            profile = self._users.get(user_id) or {**DEFAULT_PROFILE, "name": user_id.lower(), "real_name": user_id}
            user: dict[str, Any] = {
                "id": user_id, "team_id": "T1", "name": profile["name"], "real_name": profile["real_name"],
                "deleted": bool(profile.get("deleted")), "is_bot": False, "tz": profile["tz"],
                "profile": {"real_name": profile["real_name"], "display_name": profile["name"]},
            }
            if str(params.get("include_locale", "")).lower() in ("1", "true"):
                user["locale"] = profile["locale"]
            return {"ok": True, "user": user}
        if method == "conversations.open":
            users = str(params.get("users", "")).split(",")
            if len(users) > 1:  # a group DM: the same one for the same people, whatever their order
                return {"ok": True, "channel": {"id": mpim_of(users)}}
            return {"ok": True, "channel": {"id": "D" + users[0]}}
        if method == "chat.postMessage":
            ts = self._next_ts()
            return {"ok": True, "channel": _dm_of(params.get("channel")), "ts": ts,
                    "message": {"type": "message", "user": "UBOT", "bot_id": "BBOT", "ts": ts,
                                "text": params.get("text", ""), "blocks": params.get("blocks", [])}}
        if method == "conversations.history":
            return {"ok": True, "has_more": False, "messages": self._history(params)}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"),
                    "text": params.get("text", ""),
                    "message": {"text": params.get("text", ""), "blocks": params.get("blocks", [])}}
        if method == "files.getUploadURLExternal":
            self._serial += 1
            file_id = f"F{self._serial:06d}"
            self._files[file_id] = {"id": file_id, "name": params.get("filename"), "length": params.get("length")}
            return {"ok": True, "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}", "file_id": file_id}
        if method.startswith("upload:"):
            file_id = method[len("upload:"):]
            if file_id not in self._files:
                return {"ok": False, "error": "invalid_upload"}
            self._files[file_id]["data"] = params.get("_raw", b"")
            return {"ok": True}
        if method.startswith("download:"):
            known = self._files.get(method[len("download:"):])
            if known is None or not known.get("shared_by_person"):
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "_raw": known["data"]}
        if method == "files.info":
            known = self._files.get(str(params.get("file", "")))
            if known is None or not known.get("shared_by_person"):
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": {k: v for k, v in known.items() if k not in ("data", "shared_by_person")}}
        if method == "files.completeUploadExternal":
            listed = params.get("files") if isinstance(params.get("files"), list) else []
            done = []
            for item in listed:
                known = self._files.get(item.get("id"))
                if known is None or "data" not in known:
                    return {"ok": False, "error": "file_not_found"}
                known.update(title=item.get("title"), channel=params.get("channel_id"),
                             comment=params.get("initial_comment"))
                done.append({"id": known["id"], "name": known["name"], "title": known["title"]})
            return {"ok": True, "files": done}
        if method == "chat.delete":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method in ("views.open", "views.update", "views.push", "views.publish"):
            view = params.get("view") if isinstance(params.get("view"), dict) else {}
            self._serial += 1
            view_id = params.get("view_id") or f"V{self._serial:06d}"
            return {"ok": True, "view": {**view, "id": view_id, "team_id": "T1", "hash": f"h{self._serial}"}}
        if method == "usergroups.users.list":
            group = str(params.get("usergroup", ""))
            if group not in self._groups:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": list(self._groups[group])}
        return {"ok": False, "error": "unknown_method"}


def mpim_of(users: list[str]) -> str:
    """The fake's id of the group DM of these users."""
    return "G" + "".join(sorted(users))


def _dm_of(channel: Any) -> Any:
    # Slack answers a post to a user ID with the DM's own channel id.
    return "D" + channel if isinstance(channel, str) and channel[:1] in ("U", "W") else channel


def _messages_to(calls: list[Call], channel_or_user: str) -> list[Call]:
    targets = {channel_or_user, "D" + channel_or_user}
    return [c for c in calls if c.method in MESSAGE_METHODS and c.params.get("channel") in targets]


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            params: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
            if url.path.startswith("/upload/"):  # a file's bytes, as they are
                params["_raw"] = raw
            else:
                params.update(_parse_body(raw, self.headers.get("Content-Type", "")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, body = fake._record(url.path, decode_params(params), headers)
            content_type = "application/json; charset=utf-8"
            if url.path.startswith("/files-pri/"):
                # Slack answers a request without a bot token with its sign-in page, status 200.
                authorized = headers.get("authorization", "").startswith("Bearer xoxb-")
                raw = body.get("_raw") if authorized and body.get("ok") else None
                content_type = "application/octet-stream" if raw is not None else "text/html; charset=utf-8"
                data = raw if raw is not None else b"<html>sign in to Slack</html>"
            else:
                data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = _serve
        do_POST = _serve

    return Handler
