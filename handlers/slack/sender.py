"""Sends an outbox message as a Slack DM; a 429 becomes RateLimited so the row waits, never a sleep. Each
message carries its outbox key as Slack message metadata, so a retry can see whether it is already there."""
from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import Reader
from bot.replies import Attachment, Message
from bot.services.ports import Delivered, Person, RateLimited, Undeliverable
from handlers.slack.render import Renderer

EVENT_TYPE = "aspbot_outbox"
# Slack's answers that say the DM cannot be read by this token at all (not a passing failure).
CANNOT_LOOK = frozenset({"missing_scope", "not_allowed_token_type", "no_permission"})
# Slack's answers that say this person can never be sent a DM: no retry, the reason is kept for the Secretariat.
UNDELIVERABLE = frozenset({"user_not_found", "account_inactive", "user_disabled", "cannot_dm_bot",
                           "channel_not_found", "is_archived", "not_in_channel"})

log = logging.getLogger(__name__)


def rate_limited(exc: SlackApiError) -> RateLimited | None:
    if exc.response is not None and exc.response.status_code == 429:
        return RateLimited(float(exc.response.headers.get("Retry-After", 1)))
    return None


class SlackSender:
    def __init__(self, client: WebClient):
        self._client = client

    def send(self, recipient: Person, message: Message, reader: Reader, key: str) -> Delivered | None:
        renderer = Renderer(reader)
        try:
            # Files first, then the message that names them: a crash between the two posts the file again on the
            # retry (the message is what `landed` looks for), it never leaves a message whose file is missing.
            self._upload(recipient, [p for p in message.parts if isinstance(p, Attachment)], renderer)
            # Posting to a user ID lands in the app's DM with that person (no conversations.open needed); a
            # message for several people goes to their group conversation, opened (or found) first.
            channel = self._group(recipient) if recipient.together else recipient.user
            response = self._client.chat_postMessage(channel=channel, text=renderer.fallback(message),
                                                     blocks=renderer.blocks(message), unfurl_links=False,
                                                     unfurl_media=False,
                                                     metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key}})
        except SlackApiError as exc:
            limited = rate_limited(exc)
            if limited is not None:
                raise limited from exc
            error = exc.response.get("error") if exc.response is not None else None
            if error in UNDELIVERABLE:
                raise Undeliverable(error) from exc
            raise
        return Delivered(response.get("channel"), response["ts"]) if response.get("ts") else None

    def _group(self, recipient: Person) -> str:
        """The conversation of the recipient and the others (an mpim; the same one however often it is opened)."""
        return self._client.conversations_open(users=",".join((recipient.user, *recipient.together)))["channel"]["id"]

    def _upload(self, recipient: Person, files: list[Attachment], renderer: Renderer) -> None:
        if not files:
            return
        channel = recipient.user if recipient.user[:1] in ("C", "G") else self._group(recipient)
        self._client.files_upload_v2(channel=channel, file_uploads=[
            {"content": f.data, "filename": f.name, "title": renderer.plain(f.title, 250)} for f in files])

    def landed(self, recipient: Person, key: str, since: datetime) -> Delivered | None:
        """The message posted with `key` since `since` in the person's DM (im:history) or in their group
        conversation (mpim:history), if there is one."""
        if recipient.user[:1] in ("C", "G"):  # a channel (the interpreters'): no DM to look in; posted again
            return None
        try:
            channel = self._group(recipient)
            history = self._client.conversations_history(channel=channel, oldest=f"{since.timestamp() - 1:.6f}",
                                                         include_all_metadata=True, limit=200)
        except SlackApiError as exc:
            limited = rate_limited(exc)
            if limited is not None:
                raise limited from exc
            if exc.response is not None and exc.response.get("error") in CANNOT_LOOK:
                # An app installed before im:history/im:write were asked for cannot look: posting again may
                # double the message, never posting would lose it; the person had better read it twice.
                log.warning("cannot look for %s in the DM (%s); posting it again", key, exc.response.get("error"))
                return None
            raise
        for found in history.get("messages") or []:
            metadata = found.get("metadata") or {}
            if metadata.get("event_type") == EVENT_TYPE and (metadata.get("event_payload") or {}).get("key") == key:
                return Delivered(channel, found["ts"])
        return None
