"""Form declarations: fields, kinds, choices and validators, checked when the form is built."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from bot.i18n import Msg
from bot.replies import Choice


class Kind(str, Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    DATE = "date"
    YES_NO = "yes_no"
    EMAIL = "email"
    NUMBER = "number"


# Slack's text objects hold 3000 characters; a long answer must still fit in a review block.
DEFAULT_MAX = {Kind.TEXT: 200, Kind.LONG_TEXT: 2500, Kind.EMAIL: 254}

Answers = Mapping[str, Any]
# Choices may depend on earlier answers and on the reader (e.g. delegations of the chosen kind).
ChoiceSource = Callable[[Answers], Sequence[Choice]]
# A validator gets the parsed value and the answers so far; it returns a refusal message or None.
Validator = Callable[[Any, Answers], Msg | None]


@dataclass(frozen=True)
class Field:
    key: str
    kind: Kind
    label: Msg
    prompt: Msg
    help: Msg | None = None
    required: bool = True
    choices: Sequence[Choice] | ChoiceSource = ()
    validators: Sequence[Validator] = ()
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    confidential_allowed: bool = False
    # Ask the field only when this holds for the answers so far.
    when: Callable[[Answers], bool] | None = None
    # Large lists are searched by typing rather than shown whole.
    searchable: bool = False
    # When a typed name matches none of the choices, the form may know where it belongs instead (China typed
    # among the States Parties is an observer State): a message saying so, or None.
    misplaced: Callable[[str, Answers, Any], Msg | None] | None = None
    # A file sent at this question is its answer instead of typed text (a statement as a document).
    files: bool = False

    def choices_for(self, answers: Answers) -> list[Choice]:
        source = self.choices
        return list(source(answers) if callable(source) else source)

    def applies(self, answers: Answers) -> bool:
        return self.when is None or bool(self.when(answers))

    @property
    def limit(self) -> int | None:
        return self.max_length or DEFAULT_MAX.get(self.kind)


class FormError(ValueError):
    """A form declaration is wrong; raised when the app is built, never at a person."""


@dataclass(frozen=True)
class Form:
    key: str
    title: Msg
    intro: Msg
    fields: tuple[Field, ...]
    done: Msg  # said after submission unless the submit handler says more
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        if not self.fields:
            raise FormError(f"form {self.key!r} has no fields")
        for f in self.fields:
            if f.key in seen:
                raise FormError(f"form {self.key!r}: duplicate field {f.key!r}")
            if f.key in ("review", "done") or "|" in f.key:
                raise FormError(f"form {self.key!r}: reserved field name {f.key!r}")
            seen.add(f.key)
            if f.kind in (Kind.CHOICE, Kind.MULTI_CHOICE) and not f.choices:
                raise FormError(f"form {self.key!r}: field {f.key!r} needs choices")
            if f.files and f.kind not in (Kind.TEXT, Kind.LONG_TEXT):
                raise FormError(f"form {self.key!r}: field {f.key!r} of kind {f.kind.value} cannot take a file")
            if f.kind not in (Kind.CHOICE, Kind.MULTI_CHOICE) and f.choices:
                raise FormError(f"form {self.key!r}: field {f.key!r} of kind {f.kind.value} has choices")

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise FormError(f"form {self.key!r} has no field {key!r}")

    def messages(self) -> list[Msg]:
        """Every catalog message the form shows, for the startup check of translations."""
        out = [self.title, self.intro, self.done]
        for f in self.fields:
            out += [f.label, f.prompt] + ([f.help] if f.help else [])
            if not callable(f.choices):
                out += [c.label for c in f.choices if isinstance(c.label, Msg)]
        return out


def check_translated(forms: Sequence[Form], locales: Sequence[str], has_translation) -> None:
    """Fail at startup when a form shows a message some supported language lacks."""
    missing = []
    for form in forms:
        for msg in form.messages():
            for locale in locales:
                if not has_translation(locale, msg.id):
                    missing.append(f"{form.key}: {locale}: {msg.id!r}")
    if missing:
        raise FormError(f"{len(missing)} untranslated form messages: " + "; ".join(missing[:5])
                        + ("; …" if len(missing) > 5 else ""))
