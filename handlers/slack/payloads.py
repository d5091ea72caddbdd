"""Small pure readers of Slack payloads: who is asking, and what kind of message an event is."""
from __future__ import annotations

from bot.services.ports import Person


def person_from_command(body: dict) -> Person:
    return Person("slack", body.get("team_id") or "", body["user_id"], conversation=body.get("channel_id"))


def person_from_interaction(body: dict) -> Person:
    team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or ""
    return Person("slack", team, body["user"]["id"], conversation=(body.get("channel") or {}).get("id"))


def person_from_event(body: dict) -> Person:
    return Person("slack", body.get("team_id") or "", body["event"]["user"])


def is_direct_message_from_person(event: dict) -> bool:
    """A person's own text in a DM: not a bot, not an edit or deletion, not the app's own echo."""
    return (event.get("channel_type") == "im" and not event.get("bot_id") and not event.get("subtype")
            and bool(event.get("user")) and isinstance(event.get("text"), str))


def files_shared_in_dm(event: dict) -> list[dict] | None:
    """The files a person sent in their DM with the app (subtype file_share); None for any other event."""
    if (event.get("channel_type") != "im" or event.get("subtype") != "file_share" or event.get("bot_id")
            or not event.get("user")):
        return None
    files = event.get("files")
    return [f for f in files if isinstance(f, dict)] if isinstance(files, list) else []


def action_name(action_id: str) -> str:
    """Our action IDs carry a position suffix (`need:edit:1`) because Slack wants them unique per block."""
    head, _sep, tail = action_id.rpartition(":")
    return head if head and (tail.isdigit() or tail == "select") else action_id


TICK_BLOCK = "form:tick|"  # + the question's token: the block of a several-choice question's checkboxes


def tick_value(action: dict) -> str | None:
    """A tick in a several-choice question, as the core reads it ("token|value\nvalue"); None for other actions.

    The token is the block's (an untick of the last option leaves no option to carry it)."""
    block = action.get("block_id") or ""
    if not block.startswith(TICK_BLOCK):
        return None
    values = [str(o.get("value", "")) for o in action.get("selected_options") or []]
    return block[len(TICK_BLOCK):] + "|" + "\n".join(values)


def ticked_in(body: dict, token: str) -> list[str] | None:
    """The ticks a clicked message's question holds, from the payload's state; None when it has none."""
    blocks = ((body.get("state") or {}).get("values") or {})
    for element in (blocks.get(TICK_BLOCK + token) or {}).values():
        return [str(o.get("value", "")) for o in element.get("selected_options") or []]
    return None


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
