"""A whole form as a Slack modal (input blocks) and the submitted view read back into raw answers."""
from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.engine.form import Field, Form, Kind
from bot.engine.parsing import NO, YES
from bot.engine.state import State
from bot.i18n import Msg, Reader, _
from handlers.slack.render import Renderer

CALLBACK = "form:modal"
ACTION = "value"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def form_view(form: Form, state: State, reader: Reader) -> dict:
    r = Renderer(reader)
    blocks = [_input(f, state.answers.get(f.key), state.answers, r) for f in form.fields]
    view = View(type="modal", callback_id=CALLBACK, private_metadata=json.dumps({"form": form.key}),
                title=PlainTextObject(text=r.plain(form.title, 24)),
                submit=PlainTextObject(text=r.plain(_("Continue"), 24)),
                close=PlainTextObject(text=r.plain(_("Cancel"), 24)), blocks=blocks[:100])
    return view.to_dict()


def _input(f: Field, current: Any, answers: dict, r: Renderer) -> InputBlock:
    label = r.plain(f.label, 2000)
    hint = PlainTextObject(text=r.plain(f.prompt, 2000))
    element: Any
    if f.kind in (Kind.CHOICE, Kind.MULTI_CHOICE) and not f.searchable:
        options = [Option(text=r.plain(c.label, 75), value=c.value) for c in f.choices_for(answers)][:100]
        chosen = [o for o in options if (o.value in current if isinstance(current, list) else o.value == current)]
        if f.kind is Kind.CHOICE:
            element = StaticSelectElement(action_id=ACTION, options=options,
                                          initial_option=chosen[0] if chosen else None,
                                          placeholder=PlainTextObject(text=r.plain(_("Choose…"), 150)))
        else:
            element = StaticMultiSelectElement(action_id=ACTION, options=options, initial_options=chosen or None,
                                               placeholder=PlainTextObject(text=r.plain(_("Choose…"), 150)))
    elif f.kind is Kind.YES_NO:
        options = [Option(text=r.plain(YES), value="yes"), Option(text=r.plain(NO), value="no")]
        picked = None if current is None else options[0 if current else 1]
        element = RadioButtonsElement(action_id=ACTION, options=options, initial_option=picked)
    elif f.kind is Kind.DATE:
        element = DatePickerElement(action_id=ACTION, initial_date=current)
    else:
        initial = r.plain(current, f.limit or 3000) if isinstance(current, str) and not f.searchable else None
        if f.searchable and current:  # a searched list is typed: its current names, as the reader would type them
            labels = {c.value: c.label for c in f.choices_for(answers)}
            values: list = current if isinstance(current, list) else [current]
            # Unescaped: an input's value is never read as mrkdwn, and "&amp;" would not read back as a name.
            initial = ", ".join(r.reader.render(Msg("{name}", {"name": labels.get(v, v)})) for v in values)[:3000]
        element = PlainTextInputElement(action_id=ACTION, multiline=f.kind is Kind.LONG_TEXT,
                                        max_length=f.limit if f.kind in (Kind.TEXT, Kind.LONG_TEXT) else None,
                                        initial_value=initial)
    return InputBlock(block_id=f.key, label=label, hint=hint, element=element, optional=not f.required)


def submitted_values(view: dict) -> dict[str, Any]:
    """Raw answers per block from a view_submission: text, a value, a list of values or a date."""
    out: dict[str, Any] = {}
    for block_id, actions in ((view.get("state") or {}).get("values") or {}).items():
        state: Any = actions.get(ACTION) or next(iter(actions.values()), {})
        if not isinstance(state, dict):
            continue
        if "selected_options" in state:
            out[block_id] = [o.get("value") for o in state.get("selected_options") or []]
        elif "selected_option" in state:
            out[block_id] = (state.get("selected_option") or {}).get("value")
        elif "selected_date" in state:
            out[block_id] = state.get("selected_date")
        else:
            out[block_id] = state.get("value")
    return out


def _metadata(view: dict) -> dict:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def form_key(view: dict) -> str | None:
    key = _metadata(view).get("form")
    return key if isinstance(key, str) else None


QUESTION = "need:question"


def question_view(reference: str, reader: Reader) -> dict:
    """The Secretariat's question to a State about one need."""
    r = Renderer(reader)
    block = InputBlock(block_id="question", label=PlainTextObject(text=r.plain(_("Your question"), 2000)),
                       element=PlainTextInputElement(action_id=ACTION, multiline=True, max_length=2000))
    return View(type="modal", callback_id=QUESTION, private_metadata=json.dumps({"need": reference}),
                title=PlainTextObject(text=r.plain(_("Ask a question"), 24)),
                submit=PlainTextObject(text=r.plain(_("Send"), 24)),
                close=PlainTextObject(text=r.plain(_("Cancel"), 24)), blocks=[block]).to_dict()


def question_reference(view: dict) -> str:
    reference = _metadata(view).get("need")
    return reference if isinstance(reference, str) else ""
