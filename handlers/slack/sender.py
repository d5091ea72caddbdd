"""Sends an outbox message as a Slack DM; a 429 becomes RateLimited so the row waits, never a sleep."""
from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import Reader
from bot.replies import Message
from bot.services.ports import Delivered, Person, RateLimited
from handlers.slack.render import Renderer


class SlackSender:
    def __init__(self, client: WebClient):
        self._client = client

    def send(self, recipient: Person, message: Message, reader: Reader) -> Delivered | None:
        renderer = Renderer(reader)
        try:
            # Posting to a user ID lands in the app's DM with that person (no conversations.open needed).
            response = self._client.chat_postMessage(channel=recipient.user, text=renderer.fallback(message),
                                                     blocks=renderer.blocks(message), unfurl_links=False,
                                                     unfurl_media=False)
        except SlackApiError as exc:
            if exc.response is not None and exc.response.status_code == 429:
                raise RateLimited(float(exc.response.headers.get("Retry-After", 1))) from exc
            raise
        return Delivered(response.get("channel"), response["ts"]) if response.get("ts") else None
