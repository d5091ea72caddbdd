"""Bolt listeners for /asp, DMs, button clicks and the Home tab; each makes one call into the core."""
from __future__ import annotations

import logging
import re
from typing import Callable, Iterable

from slack_bolt import App

from bot.i18n import _
from bot.replies import Message
from bot.services import actions, commands, conversations, home, inbox, needs, people
from bot.services.guard import attempt
from bot.services.ports import Core, Person, Result
from handlers.slack import modal, payloads
from handlers.slack.render import Renderer

log = logging.getLogger(__name__)

Deliver = Callable[[Iterable[int]], object]


def register(app: App, core: Core, deliver: Deliver) -> None:
    def rendered(person: Person, message: Message) -> dict:
        renderer = Renderer(people.reader_of(core, person))
        return {"text": renderer.fallback(message), "blocks": renderer.blocks(message)}

    def tell(client, person: Person, message: Message) -> None:
        client.chat_postMessage(channel=person.user, **rendered(person, message))

    @app.command("/asp")
    def asp_command(ack, body):
        person = payloads.person_from_command(body)
        text = payloads.slack_text(body.get("text") or "")
        outcome = attempt(person, lambda: commands.run(core, person, text))
        reply = outcome.reply or Message.text(_("Done."))
        ack(response_type="ephemeral", **rendered(person, reply))
        deliver(outcome.outbox)

    @app.event("message")
    def direct_message(body, event, client):
        if not payloads.is_direct_message_from_person(event):
            return
        person = payloads.person_from_event(body)
        key = f"slack:event:{body.get('event_id') or event.get('client_msg_id') or event.get('ts')}"
        text, thread = payloads.slack_text(event["text"]), payloads.thread_of(event)
        outcome = attempt(person, lambda: inbox.direct_message(core, person, text, key, thread))
        if outcome.reply is not None:
            tell(client, person, outcome.reply)
        deliver(outcome.outbox)

    @app.action(re.compile(r"^need:ask(:\d+)?$"))
    def ask_in_modal(ack, body, action, client):
        ack()
        person = payloads.person_from_interaction(body)
        reference = action.get("value", "")

        def open_it() -> Result:
            needs.may_ask(core, person, reference)
            view = modal.question_view(reference, people.reader_of(core, person))
            client.views_open(trigger_id=body["trigger_id"], view=view)
            return Result()

        outcome = attempt(person, open_it)
        if not outcome.ok:
            tell(client, person, outcome.reply)

    @app.view(modal.QUESTION)
    def question_submitted(ack, body, view):
        person = payloads.person_from_interaction(body)
        reference = modal.question_reference(view)
        text = modal.submitted_values(view).get("question") or ""
        outcome = attempt(person, lambda: needs.ask(core, person, reference, text))
        if not outcome.ok:
            renderer = Renderer(people.reader_of(core, person))
            ack(response_action="errors", errors={"question": renderer.plain(outcome.reply.parts[0].msg, 2000)})
            return
        ack()
        deliver(outcome.outbox)

    @app.action(re.compile(r"^(form:pick|membership:|home:|need:)"))
    def clicked(ack, body, action, client, respond):
        ack()
        person = payloads.person_from_interaction(body)
        name = payloads.action_name(action.get("action_id", ""))
        value = action.get("value") or (action.get("selected_option") or {}).get("value") or ""
        outcome = attempt(person, lambda: actions.click(core, person, name, value))
        if outcome.replace is not None and body.get("response_url"):
            # The answered question loses its buttons and says what was chosen.
            respond(replace_original=True, **rendered(person, outcome.replace))
        if outcome.reply is not None:
            if body.get("response_url"):
                respond(replace_original=outcome.ok and name in actions.REPLACES, response_type="ephemeral",
                        **rendered(person, outcome.reply))
            elif not outcome.ok:
                # A click from the Home tab has no message to answer to: refusals go to the DM; the
                # rest (e.g. "I have sent you a direct message") is said by what arrives there.
                tell(client, person, outcome.reply)
        deliver(outcome.outbox)

    @app.action(re.compile(r"^form:modal(:\d+)?$"))
    def form_as_modal(ack, body, client):
        ack()
        person = payloads.person_from_interaction(body)
        def open_it() -> Result:
            form, state, reader = conversations.open_form(core, person)
            # A failed views.open (an expired trigger) ends in the apology, not in silence.
            client.views_open(trigger_id=body["trigger_id"], view=modal.form_view(form, state, reader))
            return Result()

        outcome = attempt(person, open_it)
        if not outcome.ok:
            tell(client, person, outcome.reply)

    @app.view(modal.CALLBACK)
    def form_submitted(ack, body, view):
        person = payloads.person_from_interaction(body)
        raw = modal.submitted_values(view)
        outcome_errors: dict = {}

        def submit() -> Result:
            result = conversations.fill_form(core, person, modal.form_key(view) or "", raw)
            outcome_errors.update(result.errors)
            return result

        outcome = attempt(person, submit)
        renderer = Renderer(people.reader_of(core, person))
        if outcome_errors:
            ack(response_action="errors",
                errors={key: renderer.plain(msg, 2000) for key, msg in outcome_errors.items()})
            return
        if not outcome.ok:
            first = next(iter(raw), None) or "_"
            ack(response_action="errors", errors={first: renderer.plain(outcome.reply.parts[0].msg, 2000)})
            return
        ack()
        deliver(outcome.outbox)

    @app.event("app_home_opened")
    def home_opened(body, event, client):
        if event.get("tab") not in (None, "home"):
            return
        person = payloads.person_from_event(body)
        outcome = attempt(person, lambda: Result(reply=home.home(core, person)))
        blocks = rendered(person, outcome.reply)["blocks"]
        client.views_publish(user_id=person.user, view={"type": "home", "blocks": blocks[:100]})
