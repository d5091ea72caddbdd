"""Turning a typed answer into a field's value, or a translated reason why it is not one."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel.dates import parse_date
from babel.numbers import NumberFormatError, parse_decimal

from bot.engine.form import Field, Kind
from bot.i18n import Language, Msg, Reader, Territory, _
from bot.replies import Choice


class Invalid(Exception):
    def __init__(self, reason: Msg):
        super().__init__(reason.id)
        self.reason = reason


class Ambiguous(Exception):
    """Several choices match what was typed; the person picks among them."""

    def __init__(self, candidates: list[Choice]):
        super().__init__(len(candidates))
        self.candidates = candidates


EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")

YES = _("yes")
NO = _("no")


def fold(text: str) -> str:
    """Case- and accent-insensitive form used to compare typed text with labels."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def label_texts(choice: Choice, reader: Reader) -> tuple[str, ...]:
    """What a person might type for a choice: its label in their language, in English, its code."""
    return _label_texts(choice, reader.locale)


# A search among the 125 States Parties folds every label in two languages at each keystroke: keep them.
@lru_cache(maxsize=8192)
def _label_texts(choice: Choice, locale: str) -> tuple[str, ...]:
    texts = [choice.value]
    for r in (Reader(locale), Reader("en")):
        label = choice.label
        if isinstance(label, Territory):
            texts.append(r.territory(label.code))
        elif isinstance(label, Language):
            texts.append(r.language_name(label.code))
        elif isinstance(label, Msg):
            texts.append(r.render(label))
        else:
            texts.append(str(label))
    return tuple(fold(t) for t in texts if t)


def match_choice(text: str, choices: Sequence[Choice], shown: Sequence[str], reader: Reader) -> Choice:
    typed = fold(text)
    if not typed:
        raise Invalid(_("Please pick one of the options."))
    if typed.isdigit() and shown:
        index = int(typed) - 1
        if 0 <= index < len(shown):
            for c in choices:
                if c.value == shown[index]:
                    return c
        raise Invalid(_("There is no option {number}. Please pick one of the options.", number=int(typed)))
    exact = [c for c in choices if typed in label_texts(c, reader)]
    if len(exact) == 1:
        return exact[0]
    partial = [c for c in choices if any(typed in t for t in label_texts(c, reader))]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise Ambiguous(partial)
    raise Invalid(_("“{answer}” is not one of the options. Please pick one of the options.", answer=text.strip()))


def parse_answer(field: Field, text: str, choices: Sequence[Choice], shown: Sequence[str],
                 reader: Reader) -> Any:
    raw = text.strip()
    if not raw:
        raise Invalid(_("An answer is needed here."))
    limit = field.limit
    kind = field.kind
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        if limit and len(raw) > limit:
            raise Invalid(_("That answer is {length} characters long; the limit is {limit}. Please shorten it.",
                            length=len(raw), limit=limit))
        return raw
    if kind is Kind.EMAIL:
        if (limit and len(raw) > limit) or not EMAIL_RE.match(raw):
            raise Invalid(_("“{answer}” is not an e-mail address. Please write one like name@example.org.",
                            answer=raw))
        return raw
    if kind is Kind.CHOICE:
        return match_choice(raw, choices, shown, reader).value
    if kind is Kind.MULTI_CHOICE:
        values: list[str] = []
        for token in re.split(r"[,;\n]+", raw):
            if token.strip():
                try:
                    value = match_choice(token, choices, shown, reader).value
                except Ambiguous:
                    raise Invalid(_("“{answer}” matches several options. Please write more of it or use the numbers.",
                                    answer=token.strip())) from None
                if value not in values:
                    values.append(value)
        return values
    if kind is Kind.YES_NO:
        folded = fold(raw)
        if folded in {fold(reader.render(YES)), "yes", "y", "1"}:
            return True
        if folded in {fold(reader.render(NO)), "no", "n", "2"}:
            return False
        raise Invalid(_("Please answer yes or no."))
    if kind is Kind.DATE:
        return parse_day(raw, reader).isoformat()
    if kind is Kind.NUMBER:
        number = parse_number(raw, reader)
        if field.minimum is not None and number < field.minimum:
            raise Invalid(_("The number must be at least {minimum}.", minimum=field.minimum))
        if field.maximum is not None and number > field.maximum:
            raise Invalid(_("The number must be at most {maximum}.", maximum=field.maximum))
        return int(number) if number == int(number) else float(number)
    raise AssertionError(f"unhandled kind {kind}")


def parse_day(raw: str, reader: Reader) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    try:
        parsed = parse_date(raw, locale=reader.babel_locale)
        if parsed.year < 1900:
            raise ValueError(raw)
        return parsed
    except Exception:  # Babel raises several types for text it cannot read as a date
        raise Invalid(_("“{answer}” is not a date I can read. Please write it as YYYY-MM-DD, for example 2025-03-31.",
                        answer=raw)) from None


def parse_number(raw: str, reader: Reader) -> Decimal:
    try:
        return parse_decimal(raw, locale=reader.babel_locale, strict=False)
    except NumberFormatError:
        try:
            return Decimal(raw)
        except InvalidOperation:
            raise Invalid(_("“{answer}” is not a number.", answer=raw)) from None
