"""Channel-neutral replies the core returns; Slack renders them as Block Kit, the console as text."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Union

from bot.i18n import Language, Mention, Msg, Territory


@dataclass(frozen=True)
class Button:
    label: Msg
    action: str
    value: str
    style: str | None = None  # "primary" | "danger"


@dataclass(frozen=True)
class Header:
    msg: Msg


@dataclass(frozen=True)
class Text:
    msg: Msg


@dataclass(frozen=True)
class Note:
    msg: Msg


@dataclass(frozen=True)
class Facts:
    """Label/value rows, e.g. a form's review summary."""

    rows: tuple[tuple[Msg, Any], ...]


@dataclass(frozen=True)
class Actions:
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Choice:
    value: str
    label: Any  # Msg, Territory or untrusted str


@dataclass(frozen=True)
class Question:
    """A form field asked in a conversation; picks come back as `form:pick` with `token|value`."""

    prompt: Msg
    token: str
    choices: tuple[Choice, ...] = ()
    multi: bool = False
    selected: tuple[str, ...] = ()
    hint: Msg | None = None


Part = Union[Header, Text, Note, Facts, Actions, Question]


@dataclass(frozen=True)
class Message:
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, *parts: Part) -> "Message":
        return cls(tuple(parts))

    @classmethod
    def text(cls, msg: Msg) -> "Message":
        return cls((Text(msg),))


# --- JSON codec: outbox rows hold messages untranslated, rendered for the recipient at send time.

def _enc(value: Any) -> Any:
    if isinstance(value, Msg):
        out = {"$msg": value.id, "p": {k: _enc(v) for k, v in value.params.items()}}
        if value.plural is not None:
            out["pl"] = value.plural
            out["n"] = value.n
        return out
    if isinstance(value, Territory):
        return {"$territory": value.code}
    if isinstance(value, Mention):
        return {"$mention": value.user, "name": value.name}
    if isinstance(value, Language):
        return {"$language": value.code}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_enc(v) for v in value]
    return value


def _dec(value: Any) -> Any:
    if isinstance(value, dict):
        if "$msg" in value:
            return Msg(value["$msg"], {k: _dec(v) for k, v in value["p"].items()},
                       plural=value.get("pl"), n=value.get("n"))
        if "$language" in value:
            return Language(value["$language"])
        if "$mention" in value:
            return Mention(value["$mention"], value["name"])
        if "$territory" in value:
            return Territory(value["$territory"])
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        return {k: _dec(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dec(v) for v in value]
    return value


_KINDS = {Header: "header", Text: "text", Note: "note", Facts: "facts", Actions: "actions", Question: "question"}


def encode_message(message: Message) -> str:
    parts = []
    for part in message.parts:
        kind = _KINDS[type(part)]
        if isinstance(part, (Header, Text, Note)):
            parts.append({"k": kind, "msg": _enc(part.msg)})
        elif isinstance(part, Facts):
            parts.append({"k": kind, "rows": [[_enc(a), _enc(b)] for a, b in part.rows]})
        elif isinstance(part, Actions):
            parts.append({"k": kind, "buttons": [
                {"label": _enc(b.label), "action": b.action, "value": b.value, "style": b.style}
                for b in part.buttons]})
        else:
            parts.append({"k": kind, "prompt": _enc(part.prompt), "token": part.token,
                          "choices": [[c.value, _enc(c.label)] for c in part.choices],
                          "multi": part.multi, "selected": list(part.selected),
                          "hint": _enc(part.hint)})
    return json.dumps({"parts": parts}, ensure_ascii=False)


def decode_message(raw: str) -> Message:
    parts: list[Part] = []
    for p in json.loads(raw)["parts"]:
        kind = p["k"]
        if kind in ("header", "text", "note"):
            cls = {"header": Header, "text": Text, "note": Note}[kind]
            parts.append(cls(_dec(p["msg"])))
        elif kind == "facts":
            parts.append(Facts(tuple((_dec(a), _dec(b)) for a, b in p["rows"])))
        elif kind == "actions":
            parts.append(Actions(tuple(Button(_dec(b["label"]), b["action"], b["value"], b["style"])
                                       for b in p["buttons"])))
        else:
            parts.append(Question(_dec(p["prompt"]), p["token"],
                                  tuple(Choice(v, _dec(label)) for v, label in p["choices"]),
                                  p["multi"], tuple(p["selected"]), _dec(p["hint"])))
    return Message(tuple(parts))
