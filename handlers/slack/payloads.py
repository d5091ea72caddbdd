"""Small pure readers of Slack payloads: who is asking, and what kind of message an event is."""
from __future__ import annotations

from bot.services.ports import Person


def person_from_command(body: dict) -> Person:
    return Person("slack", body.get("team_id") or "", body["user_id"])


def person_from_interaction(body: dict) -> Person:
    team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or ""
    return Person("slack", team, body["user"]["id"])


def person_from_event(body: dict) -> Person:
    return Person("slack", body.get("team_id") or "", body["event"]["user"])


def is_direct_message_from_person(event: dict) -> bool:
    """A person's own text in a DM: not a bot, not an edit or deletion, not the app's own echo."""
    return (event.get("channel_type") == "im" and not event.get("bot_id") and not event.get("subtype")
            and bool(event.get("user")) and isinstance(event.get("text"), str))


def action_name(action_id: str) -> str:
    """Our action IDs carry a position suffix (`need:edit:1`) because Slack wants them unique per block."""
    head, _sep, tail = action_id.rpartition(":")
    return head if head and (tail.isdigit() or tail == "select") else action_id


def slack_text(raw: str) -> str:
    """Text as the person typed it: Slack sends `&`, `<` and `>` of message and command text encoded."""
    return raw.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def thread_of(event: dict) -> str | None:
    """The thread a DM reply belongs to; None for a message that is not a reply in a thread."""
    thread = event.get("thread_ts")
    return thread if thread and thread != event.get("ts") else None


def kind_of(body: dict) -> str:
    """"event" for the Events API (Slack retries those: their event id dedupes them), else the payload's kind."""
    if body.get("type") in ("event_callback", "url_verification", "app_rate_limited"):
        return "event"
    if "command" in body:
        return "command"
    return str(body.get("type") or "unknown")
