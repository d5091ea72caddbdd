"""Turning a typed answer into a field's value, or a translated reason why it is not one."""
from __future__ import annotations

import difflib
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
from bot.i18n import Language, Msg, OneOf, Reader, Territory, _
from bot.replies import Choice


class Invalid(Exception):
    def __init__(self, reason: Msg):
        super().__init__(reason.id)
        self.reason = reason


class Suggested(Invalid):
    """Nothing matches what was typed, but some options are close to it (a typo): the person picks one."""

    def __init__(self, reason: Msg, candidates: list[Choice]):
        super().__init__(reason)
        self.candidates = candidates


class Ambiguous(Exception):
    """Several choices match what was typed; the person picks among them."""

    def __init__(self, candidates: list[Choice]):
        super().__init__(len(candidates))
        self.candidates = candidates


EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")

YES = _("yes")
NO = _("no")


# Apostrophes as keyboards type them (ASCII, typographic, modifier letter, grave, acute, prime) read as one;
# hyphens and dashes as a space ("Guinea Bissau" finds Guinea-Bissau).
_SAME = {**dict.fromkeys(map(ord, "'’‘ʼ`´′ʹ"), "'"), **dict.fromkeys(map(ord, "-‐‑‒–—―"), " ")}
# Between several choices: commas of every script (Latin, Arabic, full-width, ideographic), semicolons, lines.
SEPARATORS = re.compile(r"[,;\n،؛，、；]+")
# Marks a right-to-left keyboard or Babel's Arabic date pattern puts between the digits of a date.
_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


QUOTED = 80  # characters of a refused answer quoted back: the reason must be read, not scrolled to


def quote(text: str) -> str:
    """The start of what a person typed, to quote in a refusal without burying the reason after it."""
    text = " ".join(text.split())
    return text if len(text) <= QUOTED else text[:QUOTED - 1].rstrip() + "…"


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form used to compare typed text with labels."""
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_SAME)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def ascii_digits(text: str) -> str:
    """Any script's decimal digits (Arabic-Indic, Persian, full-width…) as 0-9, and full-width punctuation as
    ASCII, so that dates and numbers read the same whichever keyboard typed them."""
    text = unicodedata.normalize("NFKC", text).translate(_BIDI)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


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
    close = closest(typed, choices, reader)
    if close:
        raise Suggested(_("“{answer}” is not one of the options. Did you mean {options}?", answer=quote(text),
                          options=OneOf(tuple(c.label for c in close))), close)
    raise Invalid(_("“{answer}” is not one of the options. Please pick one of the options.", answer=quote(text)))


def closest(typed: str, choices: Sequence[Choice], reader: Reader, most: int = 3) -> list[Choice]:
    """The options whose name is nearest to a mistyped one (`fronce` → France), best first."""
    scored: dict[str, tuple[float, Choice]] = {}
    for c in choices:
        for t in label_texts(c, reader):
            words = [t, *t.split()]  # "ouganda" is close to the name, "congo" to one word of it
            score = max(difflib.SequenceMatcher(None, typed, w).ratio() for w in words)
            if score >= 0.75 and score > scored.get(c.value, (0.0, c))[0]:
                scored[c.value] = (score, c)
    ranked = sorted(scored.values(), key=lambda item: -item[0])
    return [c for _score, c in ranked[:most]]


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
                            answer=quote(raw)))
        return raw
    if kind is Kind.CHOICE:
        return match_choice(raw, choices, shown, reader).value
    if kind is Kind.MULTI_CHOICE:
        values: list[str] = []
        for token in _tokens(raw):
            if token.strip():
                try:
                    value = match_choice(token, choices, shown, reader).value
                except Ambiguous:
                    raise Invalid(_("“{answer}” matches several options. Please write more of it or use the numbers.",
                                    answer=quote(token))) from None
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


def _tokens(raw: str) -> list[str]:
    """Several choices as typed: split at any script's commas; numbers may also be split by spaces ("1 3")."""
    out: list[str] = []
    for token in SEPARATORS.split(unicodedata.normalize("NFKC", raw)):
        words = token.split()
        out += words if words and all(w.isdecimal() for w in words) else [token]
    return out


def parse_day(raw: str, reader: Reader) -> date:
    text = ascii_digits(raw).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        parsed = parse_date(text, locale=reader.babel_locale)
        if parsed.year < 1900:
            raise ValueError(raw)
        return parsed
    except Exception:  # Babel raises several types for text it cannot read as a date
        example = date_example()
        raise Invalid(_("“{answer}” is not a date I can read. Please write it like {example} or {iso}.",
                        answer=quote(raw), example=reader.short_date(example), iso=example.isoformat())) from None


def date_example(today: date | None = None) -> date:
    """A date to show as an example: always ahead (the 31st of March after the coming one)."""
    today = today or date.today()
    return date(today.year + 1, 3, 31)


def parse_number(raw: str, reader: Reader) -> Decimal:
    text = ascii_digits(raw).strip()
    try:
        return parse_decimal(text, locale=reader.babel_locale, strict=False)
    except NumberFormatError:
        try:
            return Decimal(text)
        except InvalidOperation:
            raise Invalid(_("“{answer}” is not a number.", answer=quote(raw))) from None
