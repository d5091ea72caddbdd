"""Runs any form as a conversation: decides the next step from (state, input) without side effects."""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeGuard

from bot.engine.form import Field, Form, Kind
from bot.engine.parsing import NO, YES, Ambiguous, Invalid, Suggested, fold, parse_answer, quote
from bot.engine.state import CANCELLED, DONE, REVIEW, State
from bot.i18n import Msg, Reader, _, ngettext_
from bot.replies import Actions, Button, Choice, Facts, FormOffer, Header, Message, Note, Part, Question, Text

MAX_SHOWN = 25

PICK = "form:pick"
TICK = "form:tick"  # the ticked options of a several-choice question, as a checkbox group reports them

# Words a person may type at any question, in English and in their own language.
COMMANDS = {
    "back": _("back"),
    "skip": _("skip"),
    "cancel": _("cancel"),
    "help": _("help"),
    "submit": _("submit"),
    "done": _("done"),
    "keep": _("keep"),
}

# A greeting typed in the middle of a form is the person coming back, not an answer: the question is shown
# again. Each language's own greetings come from its catalog, English ones are always understood.
GREETINGS = (_("hello"), _("hi"), _("good morning"), _("good afternoon"), _("good evening"))


@dataclass(frozen=True)
class Typed:
    text: str


@dataclass(frozen=True)
class Picked:
    """A click on a button or select of a question: the token says which version it was shown at."""

    token: str
    value: str


@dataclass(frozen=True)
class Shared:
    """A file sent as the answer to the current question, already kept: its document id, name and size."""

    document: int
    name: str
    size: int


Input = Typed | Picked | Shared

NOT_A_FILE_QUESTION = _("This question needs a typed answer: I keep a file only where a question asks for one.")


def takes_file(form: Form, state: State) -> bool:
    """Whether a file sent now would answer the question being asked."""
    return not state.finished and state.step != REVIEW and form.field(state.step).files


def is_document(value: Any) -> TypeGuard[dict[str, Any]]:
    """An answer that is a file (see Shared), not typed text."""
    return isinstance(value, dict) and "document" in value


@dataclass
class Outcome:
    state: State
    messages: list[Message] = field(default_factory=list)
    submitted: bool = False
    cancelled: bool = False
    changed: bool = True
    # For a click: the question as it should now read where it was clicked (prompt and answer, no buttons).
    echo: Message | None = None


def start(form: Form, reader: Reader, prefill: dict[str, Any] | None = None,
          context: dict[str, Any] | None = None, confidential: list[str] | None = None) -> Outcome:
    """Begin a form; with every answer prefilled (an edit) it opens straight on the review."""
    state = State(form=form.key, step="", answers=dict(prefill or {}), context=dict(context or {}),
                  confidential=list(confidential or []))
    state.step = _next_step(form, state)
    state.version = 1
    intro = Message.of(Header(form.title), Text(form.intro),
                       Note(_("Type “back” to return to the previous question, “cancel” to stop, "
                              "“help” for help.")),
                       FormOffer(form.key))
    return Outcome(state, [intro, *_ask(form, state, reader)])


def advance(form: Form, current: State, inp: Input, reader: Reader) -> Outcome:
    state = deepcopy(current)
    if state.finished:
        return Outcome(state, [Message.text(_("This conversation has ended."))], changed=False)
    if isinstance(inp, Shared):
        if not takes_file(form, state):
            return Outcome(state, [Message.text(NOT_A_FILE_QUESTION), *_ask(form, state, reader)], changed=False)
        document = {"document": inp.document, "name": inp.name, "size": inp.size}
        return _finish(form, state, _store(form, state, form.field(state.step), document), reader)
    if isinstance(inp, Picked):
        if inp.token != str(state.version):
            return Outcome(state, [Message.text(_("That question was already answered. "
                                                  "Here is where we are now:")), *_ask(form, state, reader)],
                           changed=False)
        asked = _prompt(form, state)
        outcome = _finish(form, state, _on_value(form, state, inp.value, reader, clicked=True), reader)
        outcome.echo = _echo(form, current, outcome.state, inp.value, asked)
        return outcome
    text = inp.text.strip()
    if not text and state.step != REVIEW and state.step in state.answers:
        return _finish(form, state, _on_command(form, state, "keep", reader), reader)  # an empty line keeps
    command = _command(text, reader)
    if command is not None:
        return _finish(form, state, _on_command(form, state, command, reader), reader)
    if is_greeting(text, reader) and not _is_option(form, state, text, reader):
        return _finish(form, state, _Result([Message.text(_("Hello again. Your answers so far are kept; here is "
                                                              "where we were:"))]), reader)
    return _finish(form, state, _on_value(form, state, text, reader, clicked=False), reader)


def is_command(text: str, reader: Reader) -> bool:
    """Whether typed text is one of the words every question understands (back, cancel, help…)."""
    return _command(text.strip(), reader) is not None


def yes_or_no(text: str, reader: Reader) -> bool | None:
    """A typed yes or no, in English or the reader's language (`oui`, `non`, `да`…); None for anything else."""
    folded = fold(text).strip(" !.")
    if folded in {fold(reader.render(YES)), "yes", "y"}:
        return True
    if folded in {fold(reader.render(NO)), "no", "n"}:
        return False
    return None


def is_greeting(text: str, reader: Reader) -> bool:
    folded = fold(text).strip(" !.,¡¿?؟。！")
    return any(folded in (fold(msg.id), fold(reader.render(msg))) for msg in GREETINGS)


def _is_option(form: Form, state: State, text: str, reader: Reader) -> bool:
    """A greeting that is also an option's name (someone called "Hi") is taken as the option."""
    if state.step == REVIEW:
        return False
    f = form.field(state.step)
    from bot.engine.parsing import label_texts
    return any(fold(text) in label_texts(c, reader) for c in f.choices_for(state.answers))


def tick(form: Form, current: State, token: str, values: list[str]) -> Outcome:
    """Ticks on a several-choice question: remembered, nothing said; "Done" then stores them.

    The question stays the same version, so its Done button (and its other ticks) still count.
    """
    state = deepcopy(current)
    if state.finished or token != str(state.version) or state.step == REVIEW \
            or form.field(state.step).kind is not Kind.MULTI_CHOICE:
        return Outcome(state, [], changed=False)
    allowed = [c.value for c in form.field(state.step).choices_for(state.answers)]
    state.pending = [v for v in allowed if v in set(values)]
    return Outcome(state, [])


def current_question(form: Form, state: State, reader: Reader) -> list[Message]:
    """What to show a person who comes back to an unfinished conversation."""
    return _ask(form, state, reader)


# --- choosing the step -------------------------------------------------------------------------

def _next_step(form: Form, state: State) -> str:
    for f in form.fields:
        if f.applies(state.answers) and f.key not in state.answers:
            return f.key
    return REVIEW


def _drop_stale(form: Form, state: State) -> None:
    """After an edit, answers that no longer apply or no longer fit their choices are forgotten."""
    for f in form.fields:
        if f.key not in state.answers:
            continue
        if not f.applies(state.answers):
            del state.answers[f.key]
            continue
        value = state.answers[f.key]
        if value is not None and f.kind in (Kind.CHOICE, Kind.MULTI_CHOICE) and callable(f.choices):
            allowed = {c.value for c in f.choices_for(state.answers)}
            values = value if isinstance(value, list) else [value]
            if not set(values) <= allowed:
                del state.answers[f.key]
    state.confidential = [k for k in state.confidential if state.answers.get(k) is not None]


def _move(form: Form, state: State, step: str) -> None:
    if state.step and state.step != step:
        state.history.append(state.step)
    state.step = step
    state.shown = []
    _enter(form, state)


def _enter(form: Form, state: State) -> None:
    """A several-choice question asked again starts from its current answer: "Done" keeps it, ticks change it."""
    state.pending = []
    if state.step in (REVIEW, DONE, CANCELLED):
        return
    current = state.answers.get(state.step)
    if form.field(state.step).kind is Kind.MULTI_CHOICE and isinstance(current, list):
        state.pending = list(current)


@dataclass
class _Result:
    messages: list[Message] = field(default_factory=list)
    ask: bool = True
    submitted: bool = False
    cancelled: bool = False


def _finish(form: Form, state: State, result: _Result, reader: Reader) -> Outcome:
    state.version += 1
    messages = list(result.messages)
    if result.ask and not state.finished:
        messages += _ask(form, state, reader)
    return Outcome(state, messages, submitted=result.submitted, cancelled=result.cancelled)


def _command(text: str, reader: Reader) -> str | None:
    folded = fold(text)
    for name, msg in COMMANDS.items():
        if folded in (name, fold(reader.render(msg))):
            return name
    return None


def _on_command(form: Form, state: State, command: str, reader: Reader) -> _Result:
    if command == "cancel":
        state.step = CANCELLED
        return _Result([Message.text(_("Cancelled. Nothing was sent."))], ask=False, cancelled=True)
    if command == "help":
        f = None if state.step == REVIEW else form.field(state.step)
        text = f.help if f is not None and f.help else _("Answer the question, or type “back”, “skip” "
                                                        "(for optional questions) or “cancel”.")
        return _Result([Message.text(text)])
    if command == "back":
        if not state.history:
            return _Result([Message.text(_("This is the first question."))])
        state.step = state.history.pop()
        state.shown, state.editing = [], False
        _enter(form, state)
        return _Result()
    if command == "skip":
        if state.step == REVIEW:
            return _Result([Message.text(_("Nothing to skip here."))])
        f = form.field(state.step)
        if f.required:
            return _Result([Message.text(_("This question needs an answer; it cannot be skipped."))])
        return _store(form, state, f, None)
    if command == "submit":
        if state.step != REVIEW:
            return _Result([Message.text(_("Please answer the remaining questions first."))])
        state.step = DONE
        return _Result(ask=False, submitted=True)
    if command == "keep":
        if state.step == REVIEW or state.step not in state.answers:
            return _Result([Message.text(_("There is no earlier answer to keep here. Please answer the question."))])
        f = form.field(state.step)
        return _store(form, state, f, state.answers[f.key])
    if command == "done":
        if state.step == REVIEW or form.field(state.step).kind is not Kind.MULTI_CHOICE:
            return _Result([Message.text(_("Answer the question, or type “back”, “skip” (for optional questions) "
                                           "or “cancel”."))])
        return _on_value(form, state, "", reader, clicked=True, done=True)
    raise AssertionError(command)


def _on_value(form: Form, state: State, value: str, reader: Reader, *, clicked: bool,
              done: bool = False) -> _Result:
    if state.step == REVIEW:
        return _on_review(form, state, value, reader, clicked)
    f = form.field(state.step)
    if clicked and value.startswith("cmd:"):
        return _on_command(form, state, value[4:], reader)
    choices = f.choices_for(state.answers)
    if f.kind is Kind.MULTI_CHOICE and clicked:
        if done or value == "":
            if not state.pending and f.required:
                return _Result([Message.text(_("Choose at least one option, then “Done”."))])
            return _store(form, state, f, list(state.pending) or None)
        if value not in {c.value for c in choices}:
            return _Result([Message.text(_("Please pick one of the options."))])
        state.pending = [v for v in state.pending if v != value] if value in state.pending \
            else state.pending + [value]
        return _Result()
    if f.kind is Kind.YES_NO and clicked:
        return _store(form, state, f, value == "yes")
    if clicked:
        if value not in {c.value for c in choices}:
            return _Result([Message.text(_("Please pick one of the options."))])
        parsed: Any = value
    else:
        try:
            parsed = parse_answer(f, value, choices, state.shown, reader)
        except Ambiguous as exc:
            if len(exc.candidates) > MAX_SHOWN:
                many = ngettext_("{count} option matches “{answer}”. Please type more of the name.",
                                 "{count} options match “{answer}”. Please type more of the name.",
                                 len(exc.candidates), count=len(exc.candidates), answer=quote(value))
                return _Result([Message.text(many)])
            state.shown = [c.value for c in exc.candidates]
            return _Result([Message.of(Question(_("Several options match “{answer}”. Which one?", answer=quote(value)),
                                                str(state.version + 1), tuple(exc.candidates)))], ask=False)
        except Invalid as exc:
            elsewhere = f.misplaced(value, state.answers, reader) if f.misplaced is not None else None
            if elsewhere is not None:
                return _Result([Message.text(elsewhere)])
            if not isinstance(exc, Suggested):
                return _Result([Message.text(exc.reason)])
            # A typo: the close options, to pick by number or click.
            state.shown = [c.value for c in exc.candidates]
            return _Result([Message.of(Question(exc.reason, str(state.version + 1), tuple(exc.candidates)))],
                           ask=False)
    for validate in f.validators:
        reason = validate(parsed, state.answers)
        if reason is not None:
            return _Result([Message.text(reason)])
    return _store(form, state, f, parsed)


def _store(form: Form, state: State, f: Field, value: Any) -> _Result:
    state.answers[f.key] = value
    _drop_stale(form, state)
    nxt = _next_step(form, state)
    if state.editing and nxt == REVIEW:
        state.editing = False
    _move(form, state, nxt)
    return _Result()


def _on_review(form: Form, state: State, value: str, reader: Reader, clicked: bool) -> _Result:
    if clicked and value.startswith("cmd:"):
        return _on_command(form, state, value[4:], reader)
    options = _review_choices(form, state)
    if clicked:
        chosen = value if value in {c.value for c in options} else None
    else:
        from bot.engine.parsing import match_choice
        try:
            chosen = match_choice(value, options, state.shown, reader).value
        except (Invalid, Ambiguous):
            chosen = None
    if chosen is None:
        return _Result([Message.text(_("Type “submit” to send, a number to change an answer, or “cancel”."))])
    action, key = chosen.split(":", 1)
    if action == "edit":
        state.editing = True
        _move(form, state, key)
        return _Result()
    if key in state.confidential:
        state.confidential.remove(key)
    else:
        state.confidential.append(key)
    return _Result()


def _review_choices(form: Form, state: State) -> list[Choice]:
    out = [Choice(f"edit:{f.key}", _("Change: {label}", label=f.label))
           for f in form.fields if f.applies(state.answers)]
    for f in form.fields:
        if f.confidential_allowed and state.answers.get(f.key) is not None:
            if f.key in state.confidential:
                out.append(Choice(f"conf:{f.key}", _("Make public: {label}", label=f.label)))
            else:
                out.append(Choice(f"conf:{f.key}", _("Mark confidential: {label}", label=f.label)))
    return out


# --- rendering the step ------------------------------------------------------------------------

def display_value(f: Field, value: Any, answers: dict[str, Any]) -> Any:
    """An answer as a person should read it: labels for choices, dates as dates."""
    if value is None:
        return _("(skipped)")
    if is_document(value):
        return _("the file {name}", name=value["name"])
    if f.kind is Kind.CHOICE:
        labels = {c.value: c.label for c in f.choices_for(answers)}
        return labels.get(value, value)
    if f.kind is Kind.MULTI_CHOICE:
        labels = {c.value: c.label for c in f.choices_for(answers)}
        return [labels.get(v, v) for v in value]
    if f.kind is Kind.YES_NO:
        return YES if value else NO
    if f.kind is Kind.DATE:
        return date.fromisoformat(value)
    return value


def summary(form: Form, state: State, *, redact: bool = False) -> Facts:
    """Every answer with its visibility; `redact` leaves confidential answers out entirely."""
    rows = []
    for f in form.fields:
        if not f.applies(state.answers) or f.key not in state.answers:
            continue
        if redact and f.key in state.confidential:
            continue
        shown = display_value(f, state.answers[f.key], state.answers)
        if f.confidential_allowed and state.answers[f.key] is not None and not redact:
            marker = _("confidential") if f.key in state.confidential else _("public")
            shown = _("{value} ({visibility})", value=shown, visibility=marker)
        rows.append((f.label, shown))
    return Facts(tuple(rows))


def _ask(form: Form, state: State, reader: Reader) -> list[Message]:
    token = str(state.version)
    cancel = Button(_("Cancel"), PICK, f"{token}|cmd:cancel", "danger")
    back = Button(_("Back"), PICK, f"{token}|cmd:back")
    if state.step == REVIEW:
        options = _review_choices(form, state)
        state.shown = [c.value for c in options]
        review: list[Part] = [Header(_("Please check your answers")), summary(form, state)]
        if any(f.confidential_allowed for f in form.fields):
            review.append(Note(_("Answers marked public may be shared as they are; confidential answers are "
                                 "seen only by your delegation and the Secretariat.")))
        review += [Question(_("Submit, or choose an answer to change:"), token, tuple(options)),
                   Actions((Button(_("Submit"), PICK, f"{token}|cmd:submit", "primary"), back, cancel))]
        return [Message.of(*review)]
    f = form.field(state.step)
    choices: tuple[Choice, ...] = ()
    if f.kind in (Kind.CHOICE, Kind.MULTI_CHOICE) and not f.searchable:
        choices = tuple(f.choices_for(state.answers))
        state.shown = [c.value for c in choices]
    elif f.kind is Kind.YES_NO:
        choices = (Choice("yes", YES), Choice("no", NO))
        state.shown = ["yes", "no"]
    hint: Msg | None = f.help
    if f.key in state.answers:
        hint = _("Current answer: {value}. Type “keep” to keep it.",
                 value=display_value(f, state.answers[f.key], state.answers))
    parts: list[Part] = [Question(f.prompt, token, choices, f.kind is Kind.MULTI_CHOICE, tuple(state.pending), hint)]
    controls = []
    if f.kind is Kind.MULTI_CHOICE and not f.searchable:  # a searched list is typed whole, not ticked
        controls.append(Button(_("Done"), PICK, f"{token}|", "primary"))
    if state.history:
        controls.append(back)
    if not f.required:
        controls.append(Button(_("Skip"), PICK, f"{token}|cmd:skip"))
    controls.append(cancel)
    parts.append(Actions(tuple(controls)))
    return [Message.of(*parts)]


# --- a whole form at once (a Slack modal) ------------------------------------------------------

def fill(form: Form, current: State, raw: dict[str, Any], reader: Reader,
         *, typed: bool = False) -> tuple[State, dict[str, Msg]]:
    """Check every answer of a whole-form submission; on success the conversation moves to review.

    `raw` holds what the channel collected per field: text, a choice value, a list of values, an
    ISO date, or "yes"/"no". Errors name the field they belong to, so they can be shown inline.
    With `typed`, every value is text as a person would type it (an imported spreadsheet).
    """
    answers: dict[str, Any] = {}
    errors: dict[str, Msg] = {}
    for f in form.fields:
        if not f.applies(answers):
            continue
        value = raw.get(f.key)
        if f.files and not value and is_document(current.answers.get(f.key)):
            answers[f.key] = current.answers[f.key]  # a form without a file input keeps the file sent in the DM
            continue
        if value is None or value == "" or value == []:
            if f.required:
                errors[f.key] = _("An answer is needed here.")
            else:
                answers[f.key] = None
            continue
        choices = f.choices_for(answers)
        try:
            if typed:
                parsed: Any = parse_answer(f, str(value), choices, [], reader)
            elif f.kind is Kind.YES_NO:
                parsed = value == "yes"
            elif f.kind is Kind.CHOICE and not f.searchable:
                if value not in {c.value for c in choices}:
                    raise Invalid(_("Please pick one of the options."))
                parsed = value
            elif f.kind is Kind.MULTI_CHOICE and not f.searchable:
                allowed = {c.value for c in choices}
                if not isinstance(value, list) or not set(value) <= allowed:
                    raise Invalid(_("Please pick one of the options."))
                parsed = list(value)
            else:
                parsed = parse_answer(f, str(value), choices, [], reader)
            for validate in f.validators:
                reason = validate(parsed, answers)
                if reason is not None:
                    raise Invalid(reason)
        except Ambiguous as exc:
            errors[f.key] = _("Several options match “{answer}”: {options}. Please write more of the name.",
                              answer=quote(str(value)), options=[c.label for c in exc.candidates[:5]])
            continue
        except Invalid as exc:
            errors[f.key] = exc.reason
            continue
        answers[f.key] = parsed
    if errors:
        return current, errors
    state = deepcopy(current)
    state.answers = answers
    state.confidential = [k for k in state.confidential if answers.get(k) is not None]
    state.history = [f.key for f in form.fields if f.applies(answers)]
    state.step, state.shown, state.pending, state.editing = REVIEW, [], [], False
    state.version += 1
    return state, {}


# --- what a clicked question turns into --------------------------------------------------------

CLICKED_COMMANDS = {"back": _("Back"), "skip": _("Skip"), "cancel": _("Cancel"), "submit": _("Submit")}


def _prompt(form: Form, state: State) -> Msg:
    return _("Please check your answers") if state.step == REVIEW else form.field(state.step).prompt


def _echo(form: Form, before: State, after: State, value: str, asked: Msg) -> Message | None:
    """The clicked message, answered: its question and the choice made, without buttons to click again."""
    if value.startswith("cmd:"):
        label = CLICKED_COMMANDS.get(value[4:])
        return Message.of(Text(asked), Note(_("You chose: {choice}", choice=label))) if label else None
    if before.step == REVIEW:
        options = {c.value: c.label for c in _review_choices(form, before)}
        if value not in options:
            return None
        return Message.of(Text(asked), Note(_("You chose: {choice}", choice=options[value])))
    f = form.field(before.step)
    if f.kind is Kind.MULTI_CHOICE and value and after.step == before.step:
        return Message.of(Text(asked))  # a tick: the question is asked again below with the ticks
    if f.key not in after.answers or after.step == before.step:
        return None  # refused: the question stays clickable
    return Message.of(Text(asked), Note(_("Your answer: {value}",
                                          value=display_value(f, after.answers[f.key], after.answers))))
