"""Translatable messages and their rendering in a reader's language and timezone (Babel catalogs)."""
from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Union
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from bot.articles import with_article

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
# Languages whose catalogs are complete; the ASP's other official languages join as they are translated.
SUPPORTED_LOCALES = ("en", "fr", "es", "ar", "zh", "ru")
LIST_SEPARATORS = {"zh": "、", "ar": "، "}  # between the items of a list shown in a sentence or a row
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))


@dataclass(frozen=True)
class Territory:
    """A country or territory named in the reader's language (Babel's CLDR names)."""

    code: str


@dataclass(frozen=True)
class Language:
    """A language named in the reader's language (Babel's CLDR names)."""

    code: str


@dataclass(frozen=True)
class OneOf:
    """Alternatives named in a message, joined the reader's way ("France or Finland", "A、B或C")."""

    items: tuple[Any, ...]


@dataclass(frozen=True)
class Zoned:
    """An instant shown on a named clock, whoever reads it: a deadline as it stands at the venue."""

    at: datetime
    tz: str


@dataclass(frozen=True)
class Mention:
    """A person named in a message: Slack renders a mention, other channels the display name."""

    user: str
    name: str


@dataclass(frozen=True)
class Msg:
    """A message from the catalog with its parameters, translated only when a reader is known.

    Parameters that are plain strings are untrusted (user text): renderers escape them.
    """

    id: str
    params: dict[str, Any] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None

    def __hash__(self) -> int:  # params hold lists sometimes; identity by id is enough for sets
        return hash((self.id, self.plural))


Param = Union[str, int, float, Msg, Territory, Zoned, datetime, date, None]


def _(msgid: str, **params: Any) -> Msg:
    """Mark a message for extraction and bind its parameters; translated later for each reader."""
    return Msg(msgid, params)


def ngettext_(singular: str, plural: str, n: int, **params: Any) -> Msg:
    return Msg(singular, {"n": n, **params}, plural=plural, n=n)


def normalize_locale(raw: str | None) -> str | None:
    """Map a Slack locale like 'fr-FR' or a typed code like 'FR' onto a supported language."""
    if not raw:
        return None
    code = raw.replace("_", "-").split("-")[0].strip().lower()
    return code if code in SUPPORTED_LOCALES else None


@cache
def translations(locale: str) -> NullTranslations:
    found = Translations.load(str(LOCALES_DIR), [locale], DOMAIN)
    return found


def has_translation(locale: str, msgid: str) -> bool:
    if locale == "en":
        return True
    tr = translations(locale)
    catalog = getattr(tr, "_catalog", {})
    value = catalog.get(msgid)
    if value is None:
        value = catalog.get((msgid, 0))
    return bool(value)


class _Formatter(string.Formatter):
    """Fills a template; a spec after a name is the translation's own grammar: `{delegation:de}` (French
    articles, bot.articles) or `{role:l}` (lower case inside a sentence)."""

    def __init__(self, convert: Callable[[Any, str], str]):
        self._convert = convert

    def get_value(self, key, args, kwargs):  # noqa: D401 - string.Formatter API
        return kwargs[key]

    def format_field(self, value, format_spec):
        return self._convert(value, format_spec)


@dataclass(frozen=True)
class Reader:
    """Who reads a message: their language and timezone decide how it is rendered."""

    locale: str = "en"
    tz: str = "Europe/Amsterdam"

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.tz)
        except Exception:  # an unknown tz from a profile must not break a reply
            return ZoneInfo("UTC")

    @property
    def babel_locale(self) -> Locale:
        try:
            return Locale.parse(self.locale)
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")

    def render(self, msg: Msg | str, escape: Callable[[str], str] = lambda s: s,
               mention: Callable[[Mention], str] | None = None) -> str:
        """Translate and fill in a message; untrusted strings pass through `escape`."""
        if mention is not None:
            return _MentionReader(self.locale, self.tz, mention).render(msg, escape)
        if isinstance(msg, str):
            return escape(msg)
        tr = translations(self.locale)
        if msg.plural is not None:
            template = tr.ngettext(msg.id, msg.plural, msg.n or 0)
        else:
            template = tr.gettext(msg.id) if msg.id else ""
        formatter = _Formatter(lambda v, spec: self.param(v, escape, spec))
        try:
            return formatter.vformat(template, (), msg.params)
        except (KeyError, IndexError, ValueError):
            # A translation with a broken placeholder must still say something sensible.
            return formatter.vformat(msg.plural if (msg.plural and msg.n != 1) else msg.id, (), msg.params)

    def param(self, value: Any, escape: Callable[[str], str] = lambda s: s, spec: str = "") -> str:
        if spec == "l":  # a name or role inside a sentence: « en tant que point focal national »
            shown = self.param(value, escape)
            return shown[:1].lower() + shown[1:]
        if value is None:
            return ""
        if isinstance(value, Msg):
            return self.render(value, escape)
        if isinstance(value, Territory):
            name = self.territory(value.code)
            return escape(with_article(value.code, name, spec) if spec and self.locale == "fr" else name)
        if isinstance(value, Mention):
            return escape(value.name or value.user)
        if isinstance(value, Language):
            return escape(self.language_name(value.code))
        if isinstance(value, Zoned):
            return escape(Reader(self.locale, value.tz).datetime(value.at))
        if isinstance(value, datetime):
            return escape(self.datetime(value))
        if isinstance(value, date):
            return escape(format_date(value, "long", locale=self.babel_locale))
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (int, float)):
            return format_decimal(value, locale=self.babel_locale)
        if isinstance(value, OneOf):
            return format_list([self.param(v, escape) for v in value.items], style="or", locale=self.babel_locale)
        if isinstance(value, (list, tuple)):  # "A, B, C"; Chinese "A、B、C", Arabic "A، B، C"
            return LIST_SEPARATORS.get(self.locale, ", ").join(self.param(v, escape) for v in value)
        return escape(str(value))

    def datetime(self, value: datetime) -> str:
        if value.tzinfo is None:
            raise ValueError("naive datetime reached rendering")
        # The locale's own long date and short time, joined its own way, with the zone's full name:
        # a deadline must say unambiguously which clock it is on.
        loc = self.babel_locale
        pattern = str(loc.datetime_formats["long"]).format(loc.time_formats["short"].pattern + " zzzz",
                                                          loc.date_formats["long"].pattern)
        return format_datetime(value, pattern, tzinfo=self.zone, locale=loc)

    def short_date(self, value: date) -> str:
        """A date as the reader's locale writes it in short (31/03/2027, 2027/3/31), without direction marks."""
        return format_date(value, "short", locale=self.babel_locale).translate(_DIRECTION_MARKS)

    def territory(self, code: str) -> str:
        official = OFFICIAL_NAMES.get(code)
        if official is not None:
            return self.render(official)
        return self.babel_locale.territories.get(code, code)

    def language_name(self, code: str) -> str:
        try:
            return Locale.parse(code).get_display_name(self.babel_locale) or code
        except (UnknownLocaleError, ValueError):
            return code


@dataclass(frozen=True)
class _MentionReader(Reader):
    mention_fn: Callable[[Mention], str] = lambda m: m.name

    def param(self, value: Any, escape: Callable[[str], str] = lambda s: s, spec: str = "") -> str:
        if isinstance(value, Mention):
            return self.mention_fn(value)
        return super().param(value, escape, spec)


# The Assembly uses the United Nations' names where CLDR's everyday names differ.
OFFICIAL_NAMES = {
    "PS": _("State of Palestine"),
    "CG": _("Congo"),
    "CD": _("Democratic Republic of the Congo"),
    "KR": _("Republic of Korea"),
    "KP": _("Democratic People’s Republic of Korea"),
    "VA": _("Holy See"),
    "BO": _("Bolivia (Plurinational State of)"),
    "VE": _("Venezuela (Bolivarian Republic of)"),
    "TZ": _("United Republic of Tanzania"),
    "GB": _("United Kingdom of Great Britain and Northern Ireland"),
    "IR": _("Iran (Islamic Republic of)"),
    "SY": _("Syrian Arab Republic"),
    "LA": _("Lao People’s Democratic Republic"),
    "MD": _("Republic of Moldova"),
    "RU": _("Russian Federation"),
    "MM": _("Myanmar"),
    "VN": _("Viet Nam"),
    "FM": _("Micronesia (Federated States of)"),
    "CV": _("Cabo Verde"),
    "BN": _("Brunei Darussalam"),
}
