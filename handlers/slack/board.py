"""Posts and edits a message for a whole channel (the floor's countdown); Slack's refusals become the core's."""
from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import Reader
from bot.replies import Message
from bot.services.ports import Delivered, Undeliverable
from handlers.slack.render import Renderer
from handlers.slack.sender import rate_limited

# Slack's answers that say this conversation will not take or keep the message: no retry, the timekeeper is told.
REFUSED = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action",
                     "message_not_found", "cant_update_message", "edit_window_closed"})


def _refusal(exc: SlackApiError) -> Exception:
    limited = rate_limited(exc)
    if limited is not None:
        return limited
    error = exc.response.get("error") if exc.response is not None else None
    return Undeliverable(error) if error in REFUSED else exc


class SlackBoard:
    def __init__(self, client: WebClient):
        self._client = client

    def post(self, workspace: str, conversation: str, message: Message, reader: Reader) -> Delivered:
        renderer = Renderer(reader)
        try:
            response = self._client.chat_postMessage(channel=conversation, text=renderer.fallback(message),
                                                     blocks=renderer.blocks(message), unfurl_links=False,
                                                     unfurl_media=False)
        except SlackApiError as exc:
            raise _refusal(exc) from exc
        return Delivered(response.get("channel"), response["ts"])

    def update(self, workspace: str, conversation: str, ts: str, message: Message, reader: Reader) -> None:
        renderer = Renderer(reader)
        try:
            self._client.chat_update(channel=conversation, ts=ts, text=renderer.fallback(message),
                                     blocks=renderer.blocks(message))
        except SlackApiError as exc:
            raise _refusal(exc) from exc
