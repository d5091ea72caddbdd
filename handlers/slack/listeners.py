"""Bolt listeners for /asp, DMs, button clicks and the Home tab; each makes one call into the core."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from slack_bolt import App, BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.engine.runner import PICK
from bot.features.account.service import home
from bot.features.needs.service import ask, may_ask
from bot.i18n import Reader, _
from bot.replies import Message
from bot.services import actions, commands, conversations, documents, inbox, replays
from bot.services.guard import attempt
from bot.services.notify import queue
from bot.services.ports import Core, Person, Result
from handlers.slack import download, modal, payloads
from handlers.slack.render import Renderer

log = logging.getLogger(__name__)

Deliver = Callable[[Iterable[int]], object]
Later = Callable[[Callable[[], list[int]]], object]


def rendered(reader: Reader, message: Message) -> dict:
    renderer = Renderer(reader)
    return {"text": renderer.fallback(message), "blocks": renderer.blocks(message)}


def respond_ok(respond, reader: Reader, message: Message, **options) -> bool:
    """Post to the interaction's response_url; False (logged, not raised) when Slack did not take it."""
    try:
        response = respond(**options, **rendered(reader, message))
    except (OSError, SlackClientError) as exc:
        log.warning("response_url refused the answer (%s)", type(exc).__name__)
        return False
    return getattr(response, "status_code", 200) == 200


def register(app: App, core: Core, deliver: Deliver, later: Later | None = None) -> None:
    def tell(client, person: Person, reader: Reader, message: Message) -> None:
        """Post a reply now; if Slack refuses it (429, an outage), the outbox keeps it for the next tick."""
        try:
            client.chat_postMessage(channel=person.user, **rendered(reader, message))
        except SlackApiError as exc:
            status = exc.response.status_code if exc.response is not None else None
            wait = float(exc.response.headers.get("Retry-After", 1)) if status == 429 else 0
            log.warning("direct reply refused by Slack (%s); queued in the outbox", status)
            queue(core, person, message, wait)
        except (OSError, SlackClientError) as exc:  # Slack unreachable: the outbox retries with its backoff
            log.warning("direct reply not delivered (%s); queued in the outbox", type(exc).__name__)
            queue(core, person, message, 2)

    def answer(respond, client, person: Person, reader: Reader, message: Message, **options) -> None:
        """Answer through the click's response_url; if that is gone (expired, used up, unreachable), in the DM."""
        if not respond_ok(respond, reader, message, **options):
            tell(client, person, reader, message)

    @app.middleware
    def once(req, next):
        # A command, click or submission is sent by Slack once: the same signed request again is a replay.
        # A command that changes nothing (help, my, …) is let through: its replay has no effect to guard.
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        kind = payloads.kind_of(req.body)
        replayable = signature and kind != "event" and not (
            kind == "command" and commands.reads_only(core, str(req.body.get("text") or "")))
        if replayable and not replays.first_time(core, f"slack:sig:{signature}"):
            log.info("replayed request ignored")
            return BoltResponse(status=200, body="")  # nothing runs, nothing is said
        return next()

    @app.command("/asp")
    def asp_command(ack, body):
        person = payloads.person_from_command(body)
        text = payloads.slack_text(body.get("text") or "")
        outcome = attempt(core, person, lambda who: commands.run(core, who, text),
                          f"command:{commands.verb_of(text)[:40]}")
        ack(response_type="ephemeral", **rendered(outcome.reader, outcome.reply or Message.text(_("Done."))))
        deliver(outcome.outbox)
        if outcome.later is not None:  # after the ack: Slack waits 3 s for it, an export may take longer
            if later is not None:
                later(outcome.later)
            else:
                deliver(outcome.later())

    @app.event("message")
    def direct_message(body, event, client):
        key = f"slack:event:{body.get('event_id') or event.get('client_msg_id') or event.get('ts')}"
        files = payloads.files_shared_in_dm(event)
        if files is not None:
            person = payloads.person_from_event(body)
            fetch = download.Downloader(client, files)
            outcome = attempt(core, person, lambda who: documents.shared(core, who, fetch.described, fetch, key),
                              "dm:file")
            if outcome.reply is not None:
                tell(client, person, outcome.reader, outcome.reply)
            deliver(outcome.outbox)
            return
        if not payloads.is_direct_message_from_person(event):
            return
        person = payloads.person_from_event(body)
        text, thread = payloads.slack_text(event["text"]), payloads.thread_of(event)
        outcome = attempt(core, person, lambda who: inbox.direct_message(core, who, text, key, thread), "dm")
        if outcome.reply is not None:
            tell(client, person, outcome.reader, outcome.reply)
        deliver(outcome.outbox)

    @app.action(re.compile(r"^need:ask(:\d+)?$"))
    def ask_in_modal(ack, body, action, client):
        ack()
        person = payloads.person_from_interaction(body)
        reference = action.get("value", "")

        def open_it(who) -> Result:
            may_ask(who)
            client.views_open(trigger_id=body["trigger_id"], view=modal.question_view(reference, who.reader))
            return Result()

        outcome = attempt(core, person, open_it, "click:need:ask")
        if not outcome.ok:
            tell(client, person, outcome.reader, outcome.reply)

    @app.view(modal.QUESTION)
    def question_submitted(ack, body, view):
        person = payloads.person_from_interaction(body)
        reference = modal.question_reference(view)
        text = modal.submitted_values(view).get("question") or ""
        outcome = attempt(core, person, lambda who: ask(core, who, reference, text), "view:need:question")
        if not outcome.ok:
            ack(response_action="errors",
                errors={"question": Renderer(outcome.reader).plain(outcome.reply.parts[0].msg, 2000)})
            return
        ack()
        deliver(outcome.outbox)

    @app.action(re.compile(r"^form:modal(:\d+)?$"))
    def form_as_modal(ack, body, client):
        ack()
        person = payloads.person_from_interaction(body)

        def open_it(who) -> Result:
            form, state = conversations.open_form(core, who)
            # A failed views.open (an expired trigger) ends in the apology, not in silence.
            client.views_open(trigger_id=body["trigger_id"], view=modal.form_view(form, state, who.reader))
            return Result()

        outcome = attempt(core, person, open_it, "click:form:modal")
        if not outcome.ok:
            tell(client, person, outcome.reader, outcome.reply)

    @app.view(modal.CALLBACK)
    def form_submitted(ack, body, view):
        person = payloads.person_from_interaction(body)
        raw = modal.submitted_values(view)
        outcome = attempt(core, person, lambda who: conversations.fill_form(core, who, modal.form_key(view) or "", raw),
                          "view:form")
        renderer = Renderer(outcome.reader)
        if outcome.errors:
            ack(response_action="errors",
                errors={key: renderer.plain(msg, 2000) for key, msg in outcome.errors.items()})
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
        outcome = attempt(core, person, lambda who: Result(reply=home(core, who)), "home")
        blocks = rendered(outcome.reader, outcome.reply)["blocks"]
        client.views_publish(user_id=person.user, view={"type": "home", "blocks": blocks[:100]})

    # Registered last, Bolt trying listeners in order: every other button (a form's choices and whatever
    # any feature declares) goes to the core's router, so a new feature's buttons need nothing here, and
    # an id nobody knows gets an answer instead of silence.
    @app.action(re.compile(".*"))
    def clicked(ack, body, action, client, respond):
        ack()
        person = payloads.person_from_interaction(body)
        name = payloads.action_name(action.get("action_id", ""))
        value = payloads.tick_value(action) or action.get("value") \
            or (action.get("selected_option") or {}).get("value") or ""
        ticked = payloads.ticked_in(body, value.partition("|")[0]) if name == PICK else None
        outcome = attempt(core, person, lambda who: actions.click(core, who, name, value, ticked),
                          f"click:{name}"[:128])
        if outcome.replace is not None and body.get("response_url"):
            # The answered question loses its buttons and says what was chosen.
            respond_ok(respond, outcome.reader, outcome.replace, replace_original=True)
        if outcome.reply is not None:
            if body.get("response_url"):
                answer(respond, client, person, outcome.reader, outcome.reply,
                       replace_original=outcome.ok and actions.replaces(core, name), response_type="ephemeral")
            elif not outcome.ok:
                # A click from the Home tab has no message to answer to: refusals go to the DM; the
                # rest (e.g. "I have sent you a direct message") is said by what arrives there.
                tell(client, person, outcome.reader, outcome.reply)
        deliver(outcome.outbox)
