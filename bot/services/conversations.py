"""Running forms for a person: load the state row, step the engine, save, queue the replies."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.engine import runner
from bot.engine.state import State
from bot.errors import Refusal
from bot.i18n import _
from bot.replies import Message
from bot.services.notify import notify
from bot.services.people import Who
from bot.services.ports import Core, Result
from storage.errors import Conflict
from storage.models import Conversation

# Someone who writes again after this long has not seen their question lately: it is shown before anything
# typed is taken as its answer.
RESUMED_AFTER = timedelta(hours=1)


class Duplicate(Exception):
    """The same inbound delivery was already handled."""


def once(core: Core, uow, key: str | None) -> None:
    """Record an inbound delivery key in this transaction; a second delivery fails here or at commit."""
    if key is None:
        return
    try:
        uow.processed.claim(key, core.clock.now())
    except Conflict as exc:  # handled before, or by the twin delivery a moment ago in another thread
        raise Duplicate(key) from exc


def first_delivery(core: Core, uow, key: str | None) -> bool:
    """True unless this inbound delivery (by its key) was already handled; then the caller does nothing."""
    try:
        once(core, uow, key)
    except Duplicate:
        return False
    return True


def committed_first(core: Core, uow, key: str | None) -> bool:
    """Commit; False when a twin delivery committed the same key first (this one's effects are dropped).

    Any other conflict (two needs given the same reference at once) is raised: the person gets the
    apology with a reference and can try again, rather than silence.
    """
    try:
        uow.commit()
    except Conflict:
        uow.rollback()
        if key is not None:
            with core.uow() as fresh:
                if fresh.processed.seen(key):
                    return False
        raise
    return True


def start_form(core: Core, uow, who: Who, form_key: str, prefill: dict | None = None,
               context: dict | None = None, confidential: list[str] | None = None) -> None:
    """Begin a form; the same form left unfinished is resumed, another one is put aside (and said so)."""
    form = core.forms[form_key]
    existing = uow.conversations.active(who.member_id, for_update=True)
    if existing is not None and existing.form == form_key \
            and existing.state.get("context", {}) == dict(context or {}):
        # A draft is never lost by asking again: the person continues where they were.
        _show_where_we_were(core, uow, who, existing)
        return
    if existing is not None:
        existing.status = "cancelled"
        existing.updated_at = core.clock.now()
        if existing.form != form_key:
            notify(core, uow, who.member_id, Message.text(
                _("I have put aside the unfinished “{form}” so we can start this one.",
                  form=core.forms[existing.form].title)))
    outcome = runner.start(form, who.reader, prefill, context, confidential)
    now = core.clock.now()
    uow.conversations.add(Conversation(member_id=who.member_id, form=form_key, state=outcome.state.to_dict(),
                                       status="active", created_at=now, updated_at=now))
    for message in outcome.messages:
        notify(core, uow, who.member_id, message)


def handle_input(core: Core, who: Who, inp: runner.Input, key: str | None) -> Result:
    """A typed message or a click; outside any form the feature that greets people decides."""
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        conversation = uow.conversations.active(who.member_id, for_update=True)
        if conversation is None and isinstance(inp, runner.Typed) and not inp.text.strip():
            return Result()  # an empty line outside any form asks nothing
        confirmed = _confirmation(core, uow, who, inp) if conversation is None else None
        if confirmed is not None:  # a yes or no to the question the bot asked last, with buttons
            # The answer's own transaction records the delivery key with its effect: a crash between the two
            # can neither lose the answer nor, on Slack's retry, apply it twice.
            uow.rollback()
            confirm, subject, yes = confirmed
            return confirm(core, who, subject, yes, key)
        echo = None
        if conversation is None:
            if isinstance(inp, runner.Picked):
                notify(core, uow, who.member_id, Message.text(
                    _("That conversation has ended. Type “hello” to start again.")))
            else:
                core.features.idle(core, uow, who)
        elif _coming_back(core, who, conversation, inp):
            _show_where_we_were(core, uow, who, conversation)
        else:
            echo = step(core, uow, who, conversation, inp)
        if not committed_first(core, uow, key):
            return Result()
        return Result(outbox=list(uow.outbox_ids), replace=echo)


def _confirmation(core: Core, uow, who: Who, inp: runner.Input):
    """(handler, subject, yes) when typed text answers the confirmation the person received last, recently."""
    if not isinstance(inp, runner.Typed):
        return None
    yes = runner.yes_or_no(inp.text, who.reader)
    last = uow.outbox.last_to(who.member_id) if yes is not None else None
    if last is None or not (last[0] or "").startswith("confirm:") or last[1] < core.clock.now() - RESUMED_AFTER:
        return None
    _prefix, name, subject = (last[0] or "").split(":", 2)
    confirm = core.features.confirms.get(name)
    return (confirm, subject, yes) if confirm is not None else None


def _coming_back(core: Core, who: Who, conversation: Conversation, inp: runner.Input) -> bool:
    """Typed after a long pause: the text may answer a question the person no longer has in view."""
    if not isinstance(inp, runner.Typed) or runner.is_command(inp.text, who.reader):
        return False  # a click answers the question clicked; back, cancel, help… record nothing
    return conversation.updated_at < core.clock.now() - RESUMED_AFTER


def _show_where_we_were(core: Core, uow, who: Who, conversation: Conversation) -> None:
    form = core.forms[conversation.form]
    state = State.from_dict(conversation.state)
    notify(core, uow, who.member_id, Message.text(_("You have an unfinished “{form}”; here is where we were.",
                                                    form=form.title)))
    for message in runner.current_question(form, state, who.reader):
        notify(core, uow, who.member_id, message)
    conversation.state = state.to_dict()
    conversation.updated_at = core.clock.now()


def resume(core: Core, who: Who) -> Result:
    """A channel that starts afresh (a new console) shows the unfinished question before anything is typed."""
    with core.uow() as uow:
        conversation = uow.conversations.active(who.member_id, for_update=True)
        if conversation is None:
            return Result()
        _show_where_we_were(core, uow, who, conversation)
        uow.commit()
    return Result(outbox=list(uow.outbox_ids))


def step(core: Core, uow, who: Who, conversation: Conversation, inp: runner.Input):
    """One input to the person's form, in `uow`: the state saved, the replies queued; the clicked message's echo."""
    form = core.forms[conversation.form]
    state = State.from_dict(conversation.state)
    outcome = runner.advance(form, state, inp, who.reader)
    messages = list(outcome.messages)
    told = core.features.answered.get(form.key)
    if told is not None and not outcome.state.finished:
        messages = told(core, uow, who, state, outcome.state) + messages  # before the next question
    if outcome.submitted:
        messages += core.features.submit[form.key](core, uow, who, outcome.state)
        conversation.status = "submitted"
    elif outcome.cancelled:
        conversation.status = "cancelled"
    # A fresh dict so the JSON column sees the change.
    conversation.state = outcome.state.to_dict()
    conversation.updated_at = core.clock.now()
    for message in messages:
        notify(core, uow, who.member_id, message)
    return outcome.echo


def tick(core: Core, who: Who, token: str, values: list[str]) -> Result:
    """A several-choice question's ticks, saved as they change (a click on "Done" stores them)."""
    with core.uow() as uow:
        conversation = uow.conversations.active(who.member_id, for_update=True)
        if conversation is None:
            raise Refusal(_("That conversation has ended. Type “hello” to start again."))
        outcome = runner.tick(core.forms[conversation.form], State.from_dict(conversation.state), token, values)
        if outcome.changed:
            conversation.state = outcome.state.to_dict()
            conversation.updated_at = core.clock.now()
            uow.commit()
    return Result()


def open_form(core: Core, who: Who):
    """The person's unfinished form and its state, for a channel that shows a whole form at once."""
    with core.uow() as uow:
        conversation = uow.conversations.active(who.member_id)
    if conversation is None:
        raise Refusal(_("That conversation has ended. Type “hello” to start again."))
    return core.forms[conversation.form], State.from_dict(conversation.state)


def fill_form(core: Core, who: Who, form_key: str, raw: dict) -> Result:
    """A whole form submitted at once: inline errors per field, or on to the review in the DM."""
    with core.uow() as uow:
        conversation = uow.conversations.active(who.member_id, for_update=True)
        if conversation is None or conversation.form != form_key:
            raise Refusal(_("This form is no longer open. Type “hello” to start again."))
        form = core.forms[form_key]
        state, errors = runner.fill(form, State.from_dict(conversation.state), raw, who.reader)
        if errors:
            return Result(errors=errors)
        for message in runner.current_question(form, state, who.reader):
            notify(core, uow, who.member_id, message)
        conversation.state = state.to_dict()
        conversation.updated_at = core.clock.now()
        uow.commit()
    return Result(outbox=list(uow.outbox_ids))


def check_typed(core: Core, build, raw: dict, reader, **options) -> tuple[dict | None, dict]:
    """A whole form's answers as a shell typed them, checked by the form's own fields (`build(today, **options)`
    makes it, today on the Assembly's clock): the answers, or the refusals by field label."""
    zone = ZoneInfo(core.settings.aspbot_timezone)
    built = build(lambda: core.clock.now().astimezone(zone).date(), **options)
    state, errors = runner.fill(built, State(form=built.key, step=""), raw, reader)
    if errors:
        return None, {built.field(key).label: reason for key, reason in errors.items()}
    return dict(state.answers), {}
