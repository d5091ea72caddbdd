"""What a feature declares (forms, submit handlers, /asp verbs, buttons, Home sections) and how the app
assembles the declared features, refusing at start-up anything that would fail a person later."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from bot.engine.form import Form, FormError, check_translated
from bot.i18n import Msg

if TYPE_CHECKING:
    from bot.engine.state import State
    from bot.replies import Button, Message
    from bot.services.people import Who
    from bot.services.ports import Core, Result

Today = Callable[[], date]
# A form, or a builder given the clock's date (for forms whose checks depend on today).
FormSource = Form | Callable[[Today], Form]
# What happens when a form is submitted: (core, uow, who, state) -> messages for the person.
SubmitHandler = Callable[["Core", Any, "Who", "State"], "list[Message]"]
# A verb or a click: (core, who, argument) -> result.
UseCase = Callable[["Core", "Who", str], "Result"]
# `/asp my` groups, Home parts and desk rows: read inside the caller's unit of work.
Section = Callable[["Core", Any, "Who"], list]
# A person's reply in the thread of one of our messages about `subject` (a need's reference).
ThreadReply = Callable[["Core", "Who", str, str, "str | None"], "Result"]
# What to do with a message typed outside any form (greet, or start onboarding).
Idle = Callable[["Core", Any, "Who"], None]
# A yes or no typed outside any form, answering the confirmation the bot sent last (its outbox topic is
# "confirm:<name>:<subject>"): (core, who, subject, yes, key) -> result.
Confirm = Callable[["Core", "Who", str, bool, "str | None"], "Result"]
# What a feature does when another says something happened, in the same unit of work (a need shared: providers
# are matched): (core, uow, subject, detail) -> None. A listener writes; it never refuses what happened.
Listener = Callable[["Core", Any, Any, Any], None]
# Told right after a step of a form, before its next question, from what is stored (a likely duplicate need
# when its area is chosen): (core, uow, who, state before, state after) -> messages. Warns; never refuses.
Answered = Callable[["Core", Any, "Who", "State", "State"], "list[Message]"]


@dataclass(frozen=True)
class Usage:
    """One way to use a verb, as `/asp help` shows it: the command with its arguments, in the reader's words."""

    text: Msg
    summary: Msg
    shown_to: Callable[[Who], bool] | None = None  # only for some (the Secretariat's `ask`)


@dataclass(frozen=True)
class Verb:
    name: str
    usage: str | Msg
    summary: Msg
    run: UseCase
    secretariat_only: bool = False
    # Shown in help only to people it is for (e.g. verified focal points of States Parties).
    shown_to: Callable[[Who], bool] | None = None
    # Changes nothing, whatever its arguments: a replay of it needs no guard (and no write).
    reads_only: bool = False
    # Several ways to use it, each shown to whom it is for; without them, `usage` and `summary`.
    usages: tuple[Usage, ...] = ()

    def help_for(self, who: Who) -> list[tuple[Msg, Msg]]:
        if not self.usages:
            usage = self.usage if isinstance(self.usage, Msg) else Msg("{usage}", {"usage": self.usage})
            return [(usage, self.summary)]
        return [(u.text, u.summary) for u in self.usages if u.shown_to is None or u.shown_to(who)]


@dataclass(frozen=True)
class Action:
    """A button: its id, the use case it runs, and whether the answer replaces the message clicked."""

    id: str
    run: UseCase
    replaces: bool = False


@dataclass(frozen=True)
class Job:
    """Work the scheduler runs on its tick (reminders, digests): `run(core)` returns outbox rows to deliver."""

    name: str
    run: Callable[[Core], list[int]]
    # Its own pace, for work a person watches happen (the floor's countdown); none: the scheduler's tick.
    every_seconds: float | None = None


@dataclass(frozen=True)
class Sheet:
    """A further sheet of an export's XLSX file (the matrix beside the list), already in the reader's words."""

    name: str
    headers: list[str]
    rows: list[list]


@dataclass(frozen=True)
class Table:
    """What an export holds, in the reader's words: a file name's stem, a title, the header row and the rows
    (the CSV and the XLSX's first sheet), and any further sheets of the XLSX."""

    name: str
    title: Msg
    headers: list[str]
    rows: list[list]
    sheets: tuple[Sheet, ...] = ()


@dataclass(frozen=True)
class Period:
    """What one session of the Assembly reports on: the calendar year it meets in, as aware UTC instants."""

    session: int
    start: datetime
    end: datetime  # excluded
    first_day: date  # as the reader is told: on the venue's calendar
    last_day: date


@dataclass(frozen=True)
class Figures:
    """A part of the report to the Assembly, in the reader's words: rows for the message, a sheet for the XLSX,
    and whether its sheet is the chart's (a row per bar, a column per stacked count after the label)."""

    title: Msg
    rows: list
    sheet: Sheet | None = None
    chart: bool = False


# A feature's part of the report to the Assembly: (core, uow, who, period) -> its figures; none when it has
# nothing in the period.
AssemblyPart = Callable[["Core", Any, "Who", Period], "list[Figures]"]


# An export: (core, who, argument, reader) -> the table; it checks who may have it and refuses otherwise.
Exporter = Callable[["Core", "Who", str, Any], Table]


@dataclass(frozen=True)
class Export:
    """One thing `/asp export` can write: its word and how it is built."""

    name: str
    build: Exporter


@dataclass(frozen=True)
class Feature:
    name: str
    forms: tuple[FormSource, ...] = ()
    submit: Mapping[str, SubmitHandler] = field(default_factory=dict)
    verbs: tuple[Verb, ...] = ()
    actions: tuple[Action, ...] = ()
    mine: tuple[Section, ...] = ()  # titled groups (title, rows[, buttons]) for `/asp my` and the Home tab
    home: tuple[Section, ...] = ()  # parts for the Home tab
    desk: tuple[Section, ...] = ()  # titled groups (title, rows, buttons) of where things stand, for `/asp status`
    # The most common errand of a person, offered as a button in the greeting and on the Home tab.
    shortcuts: Callable[[Who], Sequence[Button]] | None = None
    replies: Mapping[str, ThreadReply] = field(default_factory=dict)  # message topic prefix -> handler
    idle: Idle | None = None
    jobs: tuple[Job, ...] = ()
    answered: Mapping[str, Answered] = field(default_factory=dict)  # form key -> what to tell after a step
    confirms: Mapping[str, Confirm] = field(default_factory=dict)  # confirmation name -> its typed answer
    exports: tuple[Export, ...] = ()
    events: Mapping[str, Listener] = field(default_factory=dict)  # event name -> what this feature does then
    assembly: tuple[AssemblyPart, ...] = ()  # its figures in the report to the Assembly (`/asp report SESSION`)


class FeatureError(FormError):
    """Features that do not fit together; raised when the app is built, with one line saying why."""


@dataclass(frozen=True)
class Features:
    """The assembled features, as the core's dispatchers read them."""

    names: tuple[str, ...]
    forms: Mapping[str, Form]
    submit: Mapping[str, SubmitHandler]
    verbs: Mapping[str, Verb]
    actions: Mapping[str, Action]
    mine: tuple[Section, ...]
    home: tuple[Section, ...]
    desk: tuple[Section, ...]
    shortcuts: tuple[Callable[[Who], Sequence[Button]], ...]
    replies: Mapping[str, ThreadReply]
    idle: Idle
    jobs: tuple[Job, ...]
    answered: Mapping[str, Answered]
    confirms: Mapping[str, Confirm]
    exports: Mapping[str, Export] = field(default_factory=dict)
    events: Mapping[str, tuple[Listener, ...]] = field(default_factory=dict)
    assembly: tuple[AssemblyPart, ...] = ()

    def offers(self, who: Who) -> list[Button]:
        return [button for offer in self.shortcuts for button in offer(who)]


def _unique(kind: str, pairs: Sequence[tuple[str, str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for feature, key, value in pairs:
        if key in out:
            raise FeatureError(f"{kind} {key!r} is declared by both {owner[key]!r} and {feature!r}")
        out[key], owner[key] = value, feature
    return out


def assemble(features: Sequence[Feature], today: Today, locales: Sequence[str],
             has_translation: Callable[[str, str], bool]) -> Features:
    """Join the features; a duplicate id, a form without a submit handler or an untranslated message fails here."""
    names = _unique("feature", [(f.name, f.name, f) for f in features])
    forms: dict[str, Form] = _unique("form", [
        (f.name, built.key, built) for f in features
        for built in (source if isinstance(source, Form) else source(today) for source in f.forms)])
    submit = _unique("submit handler", [(f.name, key, fn) for f in features for key, fn in f.submit.items()])
    for key in forms:
        if key not in submit:
            raise FeatureError(f"form {key!r} has no submit handler")
    for key in submit:
        if key not in forms:
            raise FeatureError(f"submit handler for {key!r}, which is no form")
    confirms = _unique("confirmation", [(f.name, key, fn) for f in features for key, fn in f.confirms.items()])
    answered = _unique("step hook", [(f.name, key, fn) for f in features for key, fn in f.answered.items()])
    for key in answered:
        if key not in forms:
            raise FeatureError(f"step hook for {key!r}, which is no form")
    verbs = _unique("verb", [(f.name, v.name, v) for f in features for v in f.verbs])
    actions = _unique("action", [(f.name, a.id, a) for f in features for a in f.actions])
    replies = _unique("thread topic", [(f.name, key, fn) for f in features for key, fn in f.replies.items()])
    idle = [f.idle for f in features if f.idle is not None]
    if len(idle) != 1:
        raise FeatureError(f"exactly one feature must greet people outside a form; {len(idle)} do")
    _unique("job", [(f.name, j.name, j) for f in features for j in f.jobs])
    exports = _unique("export", [(f.name, e.name, e) for f in features for e in f.exports])
    check_translated(list(forms.values()), locales, has_translation)
    shown = [(v.name, m) for v in verbs.values()
             for m in (v.summary, *(x for u in v.usages for x in (u.text, u.summary)),
                       *([v.usage] if isinstance(v.usage, Msg) else []))]
    untranslated = [f"{name}: {locale}: {m.id!r}" for name, m in shown for locale in locales
                    if not has_translation(locale, m.id)]
    if untranslated:
        raise FeatureError("untranslated verb summaries: " + "; ".join(untranslated))
    return Features(
        names=tuple(names), forms=forms, submit=submit, verbs=verbs, actions=actions,
        mine=tuple(s for f in features for s in f.mine), home=tuple(s for f in features for s in f.home),
        desk=tuple(s for f in features for s in f.desk),
        shortcuts=tuple(f.shortcuts for f in features if f.shortcuts is not None), replies=replies,
        idle=idle[0], jobs=tuple(j for f in features for j in f.jobs), answered=answered,
        confirms=confirms, exports=exports, events=_listeners(features),
        assembly=tuple(part for f in features for part in f.assembly))


def _listeners(features: Sequence[Feature]) -> dict[str, tuple[Listener, ...]]:
    """Every feature's listener of each event, in the order the features are declared (several may listen)."""
    out: dict[str, tuple[Listener, ...]] = {}
    for f in features:
        for name, listener in f.events.items():
            out[name] = out.get(name, ()) + (listener,)
    return out
