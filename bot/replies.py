"""Channel-neutral replies (Slack renders them as Block Kit, the console as text) and their outbox JSON codec."""
from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from functools import cache
from types import UnionType
from typing import Any, ClassVar, Union, get_args, get_origin, get_type_hints

from bot.i18n import Language, Mention, Msg, OneOf, Territory, Zoned


@dataclass(frozen=True)
class Button:
    label: Msg
    action: str
    value: str
    style: str | None = None  # "primary" | "danger"


@dataclass(frozen=True)
class Header:
    kind: ClassVar[str] = "header"
    msg: Msg


@dataclass(frozen=True)
class Text:
    kind: ClassVar[str] = "text"
    msg: Msg


@dataclass(frozen=True)
class Note:
    kind: ClassVar[str] = "note"
    msg: Msg


@dataclass(frozen=True)
class Facts:
    """Label/value rows, e.g. a form's review summary."""

    kind: ClassVar[str] = "facts"
    rows: tuple[tuple[Msg, Any], ...]


@dataclass(frozen=True)
class Actions:
    kind: ClassVar[str] = "actions"
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Choice:
    value: str
    label: Any  # Msg, Territory or untrusted str
    encoded_as_list: ClassVar[bool] = True  # [value, label], as in the first outbox rows


@dataclass(frozen=True)
class Question:
    """A form field asked in a conversation; picks come back as `form:pick` with `token|value`."""

    kind: ClassVar[str] = "question"
    prompt: Msg
    token: str
    choices: tuple[Choice, ...] = ()
    multi: bool = False
    selected: tuple[str, ...] = ()
    hint: Msg | None = None


@dataclass(frozen=True)
class FormOffer:
    """An offer to fill in the whole form at once: channels that can (Slack's modals) show it, others skip it."""

    kind: ClassVar[str] = "offer"
    form: str


@dataclass(frozen=True)
class Attachment:
    """A file that goes with the message (a calendar invitation, an export), made for its reader when the message
    was: `content` is base64, so the outbox row stays text."""

    kind: ClassVar[str] = "file"
    name: str
    title: Msg
    content: str

    @classmethod
    def of(cls, name: str, title: Msg, data: bytes) -> Attachment:
        return cls(name, title, base64.b64encode(data).decode("ascii"))

    @property
    def data(self) -> bytes:
        return base64.b64decode(self.content)


Part = Union[Header, Text, Note, Facts, Actions, Question, FormOffer, Attachment]


@dataclass(frozen=True)
class Message:
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, *parts: Part) -> Message:
        return cls(tuple(parts))

    @classmethod
    def text(cls, msg: Msg) -> Message:
        return cls((Text(msg),))


# --- JSON codec: outbox rows hold messages untranslated, rendered for the recipient at send time.
# Parts and records are encoded field by field, so a new part type needs only its class (with a
# `kind`) in `Part`. Leaf values carry a "$tag" because Msg params have no declared types. The format
# is the one the first rows were written in, so old and new workers read each other's rows.

def _enc_msg(m: Msg) -> dict:
    out: dict[str, Any] = {"$msg": m.id, "p": {k: _enc(v) for k, v in m.params.items()}}
    if m.plural is not None:
        out |= {"pl": m.plural, "n": m.n}
    return out


def _dec_msg(d: dict) -> Msg:
    return Msg(d["$msg"], {k: _dec(v) for k, v in d["p"].items()}, plural=d.get("pl"), n=d.get("n"))


_VALUES: tuple[tuple[type, str, Callable[[Any], dict], Callable[[dict], Any]], ...] = (
    (Msg, "$msg", _enc_msg, _dec_msg),
    (Territory, "$territory", lambda t: {"$territory": t.code}, lambda d: Territory(d["$territory"])),
    (Mention, "$mention", lambda m: {"$mention": m.user, "name": m.name}, lambda d: Mention(d["$mention"], d["name"])),
    (Language, "$language", lambda lang: {"$language": lang.code}, lambda d: Language(d["$language"])),
    (OneOf, "$oneof", lambda o: {"$oneof": [_enc(v) for v in o.items]},
     lambda d: OneOf(tuple(_dec(v) for v in d["$oneof"]))),
    (Zoned, "$zoned", lambda z: {"$zoned": z.at.isoformat(), "tz": z.tz},
     lambda d: Zoned(datetime.fromisoformat(d["$zoned"]), d["tz"])),
    # datetime before date: a datetime is also a date.
    (datetime, "$datetime", lambda v: {"$datetime": v.isoformat()}, lambda d: datetime.fromisoformat(d["$datetime"])),
    (date, "$date", lambda v: {"$date": v.isoformat()}, lambda d: date.fromisoformat(d["$date"])),
)
_TAGGED = tuple(cls for cls, *_ in _VALUES)

_PARTS: dict[str, type] = {cls.kind: cls for cls in get_args(Part)}
if len(_PARTS) != len(get_args(Part)):
    raise TypeError("two message parts share a kind")


def _enc(value: Any) -> Any:
    for cls, _tag, to_json, _from_json in _VALUES:
        if isinstance(value, cls):
            return to_json(value)
    if isinstance(value, (list, tuple)):
        return [_enc(v) for v in value]
    if isinstance(value, dict):
        return {k: _enc(v) for k, v in value.items()}
    if is_dataclass(value):
        encoded = {name: _enc(getattr(value, name)) for name, _ in _fields(type(value))}  # type: ignore[arg-type]
        return list(encoded.values()) if getattr(value, "encoded_as_list", False) else encoded
    return value


def _dec(value: Any) -> Any:
    """Decode a value of undeclared type (Any, Msg params): its tag says what it is."""
    if isinstance(value, dict):
        for _cls, tag, _to_json, from_json in _VALUES:
            if tag in value:
                return from_json(value)
        return {k: _dec(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dec(v) for v in value]
    return value


def _dec_as(tp: Any, value: Any) -> Any:
    """Decode by declared type where JSON loses it: tuples and records such as Button and Choice."""
    args = get_args(tp)
    if get_origin(tp) is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_dec_as(args[0], v) for v in value)
        return tuple(_dec_as(a, v) for a, v in zip(args, value, strict=True))
    if get_origin(tp) in (Union, UnionType) and value is not None:
        options = [a for a in args if a is not type(None)]
        return _dec_as(options[0], value) if len(options) == 1 else _dec(value)
    if isinstance(tp, type) and is_dataclass(tp) and not issubclass(tp, _TAGGED):
        return _record(tp, value)
    return _dec(value)


@cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in fields(cls))


def _record(cls: type, value: dict | list) -> Any:
    if isinstance(value, list):
        return cls(*(_dec_as(tp, v) for (_, tp), v in zip(_fields(cls), value, strict=True)))
    # A field missing from an older row takes its default.
    return cls(**{name: _dec_as(tp, value[name]) for name, tp in _fields(cls) if name in value})


def encode_message(message: Message) -> str:
    parts = []
    for part in message.parts:
        if _PARTS.get(getattr(part, "kind", "")) is not type(part):
            raise TypeError(f"{type(part).__name__} is not a message part listed in Part")
        parts.append({"k": part.kind, **_enc(part)})
    return json.dumps({"parts": parts}, ensure_ascii=False)


def decode_message(raw: str) -> Message:
    parts: list[Part] = []
    for p in json.loads(raw)["parts"]:
        cls = _PARTS.get(p.get("k"))
        if cls is None:
            raise ValueError(f"unknown message part kind {p.get('k')!r} (known: {', '.join(sorted(_PARTS))})")
        parts.append(_record(cls, p))
    return Message(tuple(parts))
