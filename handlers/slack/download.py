"""Fetches a file someone sent the app (url_private_download, scope files:read), with the bot token sent only
to Slack's own hosts: a file object naming another host, or a redirect to one, is refused, not followed."""
from __future__ import annotations

import http.client
import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.services.documents import MAX_BYTES, Incoming, Unreadable

log = logging.getLogger(__name__)
TIMEOUT = 10  # seconds; Slack's own file hosts answer in well under one


def incoming(file: dict) -> Incoming:
    return Incoming(source=str(file.get("id") or ""), name=str(file.get("name") or file.get("title") or "file"),
                    size=file.get("size") if isinstance(file.get("size"), int) else None,
                    mimetype=file.get("mimetype") if isinstance(file.get("mimetype"), str) else None)


class Downloader:
    """The files of one event, as the core sees them (`described`), and `fetch(incoming)` for their bytes."""

    def __init__(self, client: WebClient, files: list[dict]):
        self._client = client
        self._files = files

    def described(self) -> list[Incoming]:
        """Each file's name, size and URL; files.info is asked when the event carried only the file's id."""
        for n, file in enumerate(self._files):
            if not (file.get("url_private_download") or file.get("url_private")) \
                    or file.get("file_access") == "check_file_info":
                try:
                    self._files[n] = self._client.files_info(file=str(file.get("id") or ""))["file"]
                except (SlackClientError, KeyError, OSError) as exc:
                    log.warning("files.info failed for a shared file (%s)", type(exc).__name__)
                    raise Unreadable(str(file.get("id"))) from None
        return [incoming(f) for f in self._files]

    def __call__(self, wanted: Incoming) -> bytes:
        file = next((f for f in self._files if str(f.get("id") or "") == wanted.source), {})
        url = file.get("url_private_download") or file.get("url_private")
        return fetch(str(url or ""), self._client.token or "", self._client.base_url)


def trusted(url: str, api_url: str) -> bool:
    """Slack's file hosts over HTTPS, or the host SLACK_API_URL names (a local fake Slack in tests)."""
    parts, api = urlsplit(url), urlsplit(api_url)
    host = (parts.hostname or "").lower()
    if parts.scheme == api.scheme and host == (api.hostname or "").lower() and parts.port == api.port:
        return True
    return parts.scheme == "https" and (host == "slack.com" or host.endswith(".slack.com"))


class _SlackOnly(urllib.request.HTTPRedirectHandler):
    def __init__(self, api_url: str):
        self._api_url = api_url

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not trusted(newurl, self._api_url):
            raise urllib.error.HTTPError(newurl, code, "redirect away from Slack refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, token: str, api_url: str) -> bytes:
    if not trusted(url, api_url):
        log.warning("a shared file names a host that is not Slack's; not fetched")
        raise Unreadable(url)
    opener = urllib.request.build_opener(_SlackOnly(api_url))
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            # Without files:read Slack answers 200 with its sign-in page, not the file.
            if (response.headers.get("Content-Type") or "").startswith("text/html"):
                raise Unreadable("sign-in page")
            data = response.read(MAX_BYTES + 1)
    except (urllib.error.URLError, http.client.HTTPException, ValueError, OSError) as exc:
        log.warning("a shared file could not be fetched (%s)", type(exc).__name__)
        raise Unreadable(url) from None
    return data
