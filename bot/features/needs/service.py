"""The complementarity platform's use cases: a State's needs from intake to the Secretariat, over a unit of work."""
from __future__ import annotations

from datetime import datetime

from bot.delegations import delegation_label
from bot.demo_data import TITLES
from bot.engine import runner
from bot.engine.parsing import fold
from bot.engine.state import State
from bot.errors import Refusal
from bot.features.needs import policy
from bot.features.needs.form import AREAS
from bot.features.needs.views import (
    EXPLAINED,
    OPEN,
    STATUS,
    WITHDRAW_NOT,
    WITHDRAW_SURE,
    owner_actions,
    secretariat_actions,
    start_button,
)
from bot.i18n import SUPPORTED_LOCALES, Msg, Reader, _, ngettext_
from bot.policy import reminder_topic, require_secretariat, require_state_party_role, state_party_role
from bot.replies import Actions, Button, Facts, Header, Message, Note, Part, Text
from bot.services.conversations import committed_first, first_delivery, start_form
from bot.services.events import NEED_MOVED, publish
from bot.services.notify import notify, notify_secretariat
from bot.services.people import Who, mention_of
from bot.services.ports import Core, Result
from storage.models import Need, NeedMessage, NeedVersion

FORM = "need"
QUESTION_LIMIT = 2000


def _not_yours(reference: str) -> Refusal:
    # The same answer whether the need does not exist or belongs to another State.
    return Refusal(_("I cannot find a need with the reference {reference} among yours.",
                     reference=reference.strip().upper()))


def _open_call(core: Core, uow, delegation_code: str | None = None):
    """The open call the needs intake answers, soonest deadline first; one for chosen delegations only when
    the delegation is among them."""
    calls = [c for c in uow.calls.open_at(core.clock.now(), form="need")
             if c.audience is None or delegation_code is None or delegation_code in c.audience]
    return calls[0] if calls else None


def _closed(core: Core, uow) -> Refusal:
    latest = uow.calls.latest_closed(core.clock.now(), form="need")
    if latest is None:
        return Refusal(_("No call for input is open at the moment. Please write to {contact}.",
                         contact=core.settings.aspbot_contact))
    return Refusal(_("The call for input “{call}” closed on {deadline}. Your draft is kept: you can read and "
                     "change it here. For a late submission, please write to {contact}.",
                     call=TITLES.get(latest.code, latest.title), deadline=latest.final_deadline,
                     contact=core.settings.aspbot_contact))


def registers_needs(who: Who) -> bool:
    return state_party_role(who.roles) is not None


def offers(who: Who) -> list[Button]:
    return [start_button()] if registers_needs(who) else []


def start(core: Core, who: Who, args: str = "") -> Result:
    """`/asp need`: check who is asking and that a call is open, then start the intake in DM."""
    role = require_state_party_role(who.roles)
    with core.uow() as uow:
        call = _open_call(core, uow, role.delegation_code)
        if call is None:
            raise _closed(core, uow)
        title = TITLES.get(call.code, call.title)
        if policy.before_preliminary(call.preliminary_deadline, core.clock.now()):
            notify(core, uow, who.member_id, Message.text(_(
                "This need goes to the call for input “{call}”: preliminary answers by {preliminary}; the call "
                "closes on {deadline}.", call=title, preliminary=call.preliminary_deadline,
                deadline=call.final_deadline)))
        else:
            notify(core, uow, who.member_id, Message.text(_(
                "This need goes to the call for input “{call}”, which closes on {deadline}.",
                call=title, deadline=call.final_deadline)))
        contact = ", ".join(x for x in (who.name, role.email) if x)
        start_form(core, uow, who, FORM, prefill={"contact": contact} if contact else None)
        uow.commit()
    return Result(reply=Message.text(_("I have sent you a direct message to record the need.")),
                  outbox=list(uow.outbox_ids))


def record(core: Core, uow, delegation_id: int, call_id: int, state: State, author_id: int, now: datetime,
           action: str = "need.submitted", audit: dict | None = None) -> Need:
    """Write a new need with its first version and the next reference of the year; intake and import share it."""
    prefix = policy.reference_prefix(now, core.settings.aspbot_timezone)
    reference = policy.reference(prefix, uow.references.next(prefix))
    need = uow.needs.add(
        Need(reference=reference, delegation_id=delegation_id, call_id=call_id, area=state.answers["area"],
             status=policy.SUBMITTED, consent=bool(state.answers.get("consent")), version=1,
             created_by_id=author_id, created_at=now, updated_at=now),
        NeedVersion(need_id=0, version=1, answers=dict(state.answers), confidential=list(state.confidential),
                    author_id=author_id, created_at=now))
    uow.audit.record(now, author_id, action, f"need:{reference}", None,
                     {"status": policy.SUBMITTED, "version": 1, **(audit or {})})
    return need


def answered(core: Core, uow, who: Who, before: State, after: State) -> list[Message]:
    """Once the area is chosen: the State's open needs in it, in case this one is one of them.

    Several needs in one area are normal for a State (a laboratory and a training both in forensics), so
    this warns and offers to open the existing one; it never refuses, and it is said here, not at the end.
    """
    area = after.answers.get("area")
    if area is None or area == before.answers.get("area") or after.context.get("edit"):
        return []
    role = state_party_role(who.roles)
    call = _open_call(core, uow, role.delegation_code) if role is not None else None
    if role is None or call is None:
        return []
    same = uow.needs.open_in_area(role.delegation_id, call.id, area)
    if not same:
        return []
    # Named before the sentence: Babel's extractor loses a plural whose arguments hold another `_()`.
    named = [_("{reference} “{title}”", reference=n.reference, title=uow.needs.current(n).answers.get("title", ""))
             for n in same]
    return [Message.of(
        Text(ngettext_("Your delegation already has {count} open need in {area}: {needs}. If this is the same need, "
                       "open it instead; otherwise go on.",
                       "Your delegation already has {count} open needs in {area}: {needs}. If one of them is this "
                       "need, open it instead; otherwise go on.", len(same), count=len(same), area=AREAS[area],
                       needs=named)),
        Actions(tuple(Button(_("Open {reference}", reference=n.reference), OPEN, n.reference) for n in same[:5])))]


def submit(core: Core, uow, who: Who, state: State) -> list[Message]:
    if state.context.get("edit"):
        return _submit_edit(core, uow, who, state, state.context["edit"])
    role = require_state_party_role(who.roles)
    call = _open_call(core, uow, role.delegation_code)
    if call is None:
        raise _closed(core, uow)
    area = state.answers["area"]
    now = core.clock.now()
    need = record(core, uow, role.delegation_id, call.id, state, who.member_id, now)
    # The delegation has answered: its pending reminders of this call go no further (in this transaction).
    uow.reminders.cancel(topic=reminder_topic(call.code, role.delegation_code))
    form = core.forms[FORM]
    label = delegation_label(role.delegation_code)
    alert = Message.of(
        Header(_("New assistance need {reference}", reference=need.reference)),
        Text(_("{delegation} registered “{title}” ({area}).", delegation=label, title=state.answers["title"],
               area=AREAS[area])),
        runner.summary(form, state),
        Note(_("Submitted by {person} on {when}.", person=who.mention, when=now)),
        secretariat_actions(need.reference))
    notify_secretariat(core, uow, who.team, alert, f"need:{need.reference}:new")
    return [Message.of(
        Header(_("Need registered: {reference}", reference=need.reference)),
        Text(_("Thank you. The need “{title}” of {delegation} is registered as {reference}, status: {status}. "
               "The Secretariat will review it with you before anything is shared; I will tell you here when its "
               "status changes.", title=state.answers["title"], delegation=label, reference=need.reference,
               status=STATUS[policy.SUBMITTED])),
        runner.summary(form, state),
        owner_actions(need.reference))]


def _state(version: NeedVersion) -> State:
    return State(form=FORM, step="done", answers=dict(version.answers), confidential=list(version.confidential))


def view(core: Core, who: Who, reference: str, number: int | None = None) -> Result:
    """`/asp need REF [vN]`: the State's own delegation and the Secretariat see every answer; others nothing.

    Earlier versions are for the Secretariat.
    """
    with core.uow() as uow:
        need = uow.needs.by_reference(reference)
        if need is None or not policy.may(policy.VIEW, who.roles, who.secretariat, need.delegation_id):
            raise _not_yours(reference)
        if number is not None and not policy.may(policy.VERSIONS, who.roles, who.secretariat, need.delegation_id):
            raise Refusal(_("Earlier versions are kept for the Secretariat."))
        version = uow.needs.version(need, number)
        if version is None:
            raise Refusal(_("{reference} has no version {version}.", reference=need.reference, version=number))
        label = delegation_label(uow.delegations.get(need.delegation_id).code)
        exchange = list(uow.needs.messages(need))
        authors = {m.author_id: uow.members.get(m.author_id) for m in exchange}
    parts: list[Part] = [Header(_("{reference}: {title}", reference=need.reference, title=version.answers["title"])),
             Text(_("{delegation}, status: {status}, version {version} of {versions}.", delegation=label,
                    status=STATUS[need.status], version=version.version, versions=need.version)),
             runner.summary(core.forms[FORM], _state(version))]
    if exchange:  # the questions and answers about it, for both sides to read back
        parts.append(Facts(tuple(
            ((_("Question of the Secretariat, {when}", when=m.created_at) if m.kind == "question"
              else _("Answer of {person}, {when}", person=mention_of(authors[m.author_id]), when=m.created_at)),
             m.text) for m in exchange)))
    if policy.changeable(need.status):
        parts.append(secretariat_actions(need.reference, need.status) if who.secretariat
                     else owner_actions(need.reference))
    return Result(reply=Message.of(*parts))


def shared_view(core: Core, uow, need: Need) -> Message:
    """What a potential provider may see of a need: the public answers only, never a confidential one."""
    version = uow.needs.current(need)
    label = delegation_label(uow.delegations.get(need.delegation_id).code)
    return Message.of(
        Header(_("{reference}: {title}", reference=need.reference, title=version.answers["title"])),
        Text(_("An assistance need of {delegation}.", delegation=label)),
        runner.summary(core.forms[FORM], _state(version), redact=True))


def mine(core: Core, uow, who: Who) -> list:
    """The `/asp my` and Home group: the person's draft and every need of their delegations, with its status."""
    rows: list[tuple[object, Msg]] = []
    draft = uow.conversations.active(who.member_id)
    if draft is not None and draft.form == FORM:
        title = draft.state.get("answers", {}).get("title")
        rows.append((_("Draft"), _("“{title}”: not yet submitted; write to me to continue.", title=title)
                     if title else _("A need not yet submitted; write to me to continue.")))
    seen: set[int] = set()
    for role in who.roles:
        if role.delegation_id in seen or not policy.may(policy.VIEW, [role], False, role.delegation_id):
            continue  # a provider's membership shows none of its State's needs
        seen.add(role.delegation_id)
        for need in uow.needs.of_delegation(role.delegation_id):
            title = uow.needs.current(need).answers["title"]
            rows.append((Msg("{reference}", {"reference": need.reference}),
                         _("“{title}”: {status}", title=title, status=STATUS[need.status])))
    return [(_("Your delegation’s needs"), rows)] if rows else []


# --- after submission: edits, withdrawal, the Secretariat's review ----------------------------

def _owned(uow, who: Who, reference: str, action: str) -> Need:
    """The need, for a step only its own State takes (edit, withdraw, answer); else the same "not found"."""
    need = uow.needs.by_reference(reference, for_update=True)
    if need is None or not policy.may(action, who.roles, who.secretariat, need.delegation_id):
        raise _not_yours(reference)
    return need


def _changeable(need: Need) -> None:
    if not policy.changeable(need.status):
        raise Refusal(_("{reference} is {status}; it can no longer be changed.", reference=need.reference,
                        status=STATUS[need.status]))


def _tell_state(core: Core, uow, need: Need, message: Message, key: str) -> None:
    """Every verified member of the State's delegation hears of a change, each in their language."""
    for membership in uow.memberships.of_delegation(need.delegation_id):
        if policy.hears(membership.role):
            notify(core, uow, membership.member_id, message, dedupe_key=f"{key}:{membership.member_id}")


def edit(core: Core, who: Who, reference: str) -> Result:
    """Reopen a need's answers in a conversation, at the review; submitting it adds a version."""
    with core.uow() as uow:
        need = _owned(uow, who, reference, policy.EDIT)
        _changeable(need)
        version = uow.needs.current(need)
        start_form(core, uow, who, FORM, prefill=dict(version.answers), context={"edit": need.reference},
                   confidential=list(version.confidential))
        uow.commit()
    return Result(reply=Message.text(_("I have sent you {reference} in a direct message: change any answer, then "
                                       "submit.", reference=need.reference)), outbox=list(uow.outbox_ids))


def _submit_edit(core: Core, uow, who: Who, state: State, reference: str) -> list[Message]:
    need = _owned(uow, who, reference, policy.EDIT)
    _changeable(need)
    now = core.clock.now()
    before = {"version": need.version, "status": need.status}
    need.version += 1
    need.area = state.answers["area"]
    need.consent = bool(state.answers.get("consent"))
    need.updated_at = now
    need.status = policy.after_edit(need.status)
    uow.needs.add_version(NeedVersion(need_id=need.id, version=need.version, answers=dict(state.answers),
                                      confidential=list(state.confidential), author_id=who.member_id,
                                      created_at=now))
    uow.audit.record(now, who.member_id, "need.edited", f"need:{need.reference}", before,
                     {"version": need.version, "status": need.status})
    if need.status != before["status"]:  # a shared need changed goes back to review: providers no longer see it
        publish(core, uow, NEED_MOVED, need, before["status"])
    told = Text(Msg(EXPLAINED["edited"].id, {"person": who.mention, "reference": need.reference,
                                              "title": state.answers["title"], "version": need.version}))
    notify_secretariat(core, uow, who.team,
                       Message.of(told, runner.summary(core.forms[FORM], state),
                                  secretariat_actions(need.reference, need.status)),
                       f"need:{need.reference}:v{need.version}")
    return [Message.of(Header(_("{reference}: version {version} saved", reference=need.reference,
                                version=need.version)),
                       Text(_("Status: {status}. Earlier versions are kept for the Secretariat.",
                              status=STATUS[need.status])),
                       owner_actions(need.reference))]


def withdraw(core: Core, who: Who, reference: str, sure: bool, key: str | None = None) -> Result:
    """Withdraw a need (after a confirmation click or a typed yes, whose delivery `key` is recorded with it);
    the delegation and the Secretariat are told."""
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        need = _owned(uow, who, reference, policy.WITHDRAW)
        _changeable(need)
        title = uow.needs.current(need).answers["title"]
        if not sure:  # asked in the DM, so that a typed "yes" or "no" answers it as well as the buttons
            notify(core, uow, who.member_id, Message.of(
                Text(_("Withdraw {reference} “{title}”? It will no longer be reviewed or shared; this cannot be "
                       "undone. Answer yes or no.", reference=need.reference, title=title)),
                Actions((Button(_("Yes, withdraw"), WITHDRAW_SURE, need.reference, "danger"),
                         Button(_("No, keep it"), WITHDRAW_NOT, need.reference)))),
                topic=f"confirm:{CONFIRM_WITHDRAW}:{need.reference}")
            uow.commit()
            return Result(outbox=list(uow.outbox_ids))
        move(core, uow, who, need, policy.WITHDRAWN, title)
        if not committed_first(core, uow, key):
            return Result()
    return Result(reply=Message.text(_("{reference} is withdrawn.", reference=need.reference)),
                  outbox=list(uow.outbox_ids))


CONFIRM_WITHDRAW = "need-withdraw"


def withdraw_answered(core: Core, who: Who, reference: str, yes: bool, key: str | None = None) -> Result:
    """A typed yes or no to "Withdraw …?": the same as its buttons."""
    return withdraw(core, who, reference, sure=True, key=key) if yes else keep(core, who, reference, key)


def keep(core: Core, who: Who, reference: str, key: str | None = None) -> Result:
    """The withdrawal was not confirmed: nothing changes, and the person is told so (once per delivery)."""
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        need = _owned(uow, who, reference, policy.WITHDRAW)
        # Said in the DM, after the question: a later "yes" no longer answers it.
        notify(core, uow, who.member_id, Message.text(_("Nothing changed: {reference} stays as it was.",
                                                        reference=need.reference)))
        if not committed_first(core, uow, key):
            return Result()
    return Result(outbox=list(uow.outbox_ids))


def move(core: Core, uow, actor: Who, need: Need, status: str, title: str) -> None:
    """A need's new status: audited, told to the State (and the Secretariat on a withdrawal), published."""
    now = core.clock.now()
    before = need.status
    need.status, need.updated_at = status, now
    uow.audit.record(now, actor.member_id, f"need.{status}", f"need:{need.reference}", {"status": before},
                     {"status": status})
    publish(core, uow, NEED_MOVED, need, before)
    explained = Msg(EXPLAINED[status].id, {"reference": need.reference, "title": title, "person": actor.mention})
    _tell_state(core, uow, need, Message.text(explained), f"need:{need.reference}:{status}:{now.isoformat()}")
    if status == policy.WITHDRAWN:
        notify_secretariat(core, uow, actor.team, Message.text(explained),
                           f"need:{need.reference}:{status}:{now.isoformat()}:sec")


def decide(core: Core, who: Who, step: str, reference: str) -> Result:
    """The Secretariat moves a need along: review, share (only with the State's consent), hold, close."""
    require_secretariat(who.secretariat, _("Only the Secretariat can review needs."))
    with core.uow() as uow:
        need = uow.needs.by_reference(reference, for_update=True)
        if need is None:
            raise Refusal(_("I cannot find a need with the reference {reference}.", reference=reference))
        title = uow.needs.current(need).answers["title"]
        target = policy.secretariat_step(step, need.status, need.consent)
        if isinstance(target, policy.Refused):
            if target.reason == "no_consent":
                raise Refusal(_("{reference} cannot be shared: the State has not consented to sharing it with "
                                "providers.", reference=need.reference))
            raise Refusal(_("{reference} is {status}; that step is not possible now.", reference=need.reference,
                            status=STATUS[need.status]))
        move(core, uow, who, need, target, title)
        uow.commit()
    return Result(reply=Message.of(
        Text(_("{reference} “{title}”: {status} (by {person}, {when}).", reference=need.reference, title=title,
               status=STATUS[target], person=who.mention, when=core.clock.now())),
        secretariat_actions(need.reference, target)), outbox=list(uow.outbox_ids))


# --- questions from the Secretariat and the State's answers -----------------------------------

def _text(text: str, missing: Msg | None = None) -> str:
    text = text.strip()
    if not text:
        raise Refusal(missing or _("An answer is needed here."))
    if len(text) > QUESTION_LIMIT:
        raise Refusal(_("That answer is {length} characters long; the limit is {limit}. Please shorten it.",
                        length=len(text), limit=QUESTION_LIMIT))
    return text


def may_ask(who: Who) -> None:
    """Only the Secretariat asks States about their needs; refused before any form is shown."""
    require_secretariat(who.secretariat, _("Only the Secretariat can review needs."))


def ask(core: Core, who: Who, reference: str, question: str) -> Result:
    """The Secretariat asks the State about a need; every member of its delegation gets it in DM."""
    may_ask(who)
    question = _text(question, _("A question is needed here."))
    with core.uow() as uow:
        need = uow.needs.by_reference(reference)
        if need is None:
            raise Refusal(_("I cannot find a need with the reference {reference}.", reference=reference))
        if not policy.changeable(need.status):  # withdrawn or closed: nobody is there to answer
            raise Refusal(_("{reference} is {status}: there is nobody to ask about it any more.",
                            reference=need.reference, status=STATUS[need.status]))
        now = core.clock.now()
        uow.needs.add_message(NeedMessage(need_id=need.id, author_id=who.member_id, kind="question", text=question,
                                          created_at=now))
        uow.audit.record(now, who.member_id, "need.question", f"need:{need.reference}", None,
                         {"question": question})
        title = uow.needs.current(need).answers["title"]
        message = Message.of(
            Text(_("The Secretariat asks about {reference} “{title}”: {question}", reference=need.reference,
                   title=title, question=question)),
            Note(_("Reply in this thread, or type /asp need {reference} answer followed by your answer.",
                   reference=need.reference)))
        for membership in uow.memberships.of_delegation(need.delegation_id):
            if policy.hears(membership.role):
                notify(core, uow, membership.member_id, message, topic=f"need:{need.reference}")
        uow.commit()
    return Result(reply=Message.text(_("Your question about {reference} was sent to the State.",
                                       reference=need.reference)), outbox=list(uow.outbox_ids))


def answer(core: Core, who: Who, reference: str, text: str, key: str | None = None) -> Result:
    """The State answers the Secretariat about one of its needs; the Secretariat gets it in DM."""
    text = _text(text)
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        need = _owned(uow, who, reference, policy.ANSWER)
        now = core.clock.now()
        uow.needs.add_message(NeedMessage(need_id=need.id, author_id=who.member_id, kind="answer", text=text,
                                          created_at=now))
        uow.audit.record(now, who.member_id, "need.answer", f"need:{need.reference}", None, {"answer": text})
        label = delegation_label(uow.delegations.get(need.delegation_id).code)
        message = Message.of(Text(_("{person} ({delegation}) answers about {reference}: {answer}",
                                    person=who.mention, delegation=label, reference=need.reference,
                                    answer=text)),
                             secretariat_actions(need.reference, need.status))
        notify_secretariat(core, uow, who.team, message, f"need:{need.reference}:answer:{now.isoformat()}")
        if not committed_first(core, uow, key):
            return Result()
    return Result(reply=Message.text(_("Thank you. Your answer about {reference} was sent to the Secretariat.",
                                       reference=need.reference)), outbox=list(uow.outbox_ids))


# The words after `/asp need REF`: English, or any supported language's own from the catalog (`répondre`,
# `responder`, `ответить`…), so `/asp help` shows each reader the words that work.
SUBVERBS = {"edit": _("edit"), "withdraw": _("withdraw"), "answer": _("answer"), "ask": _("ask"), "erase": _("erase")}


def subverb(word: str) -> str:
    """The English name of a word typed after `/asp need REF`, in whichever supported language it was typed."""
    folded = fold(word)
    for name, msg in SUBVERBS.items():
        if folded == name or any(folded == fold(Reader(locale).render(msg)) for locale in SUPPORTED_LOCALES):
            return name
    return folded


def command(core: Core, who: Who, args: str) -> Result:
    """`/asp need`, `/asp need REF`, `/asp need REF edit|withdraw|v2|ask …|answer …`."""
    words = args.split()
    if not words:
        return start(core, who)
    reference, what = words[0], (subverb(words[1]) if len(words) > 1 else "")
    rest = args.split(None, 2)[2] if len(words) > 2 else ""
    if what in ("ask", "question"):
        may_ask(who)
        if not rest.strip():  # typed: say what to write, where a modal would show the field
            raise Refusal(_("Write your question after the word “ask”, for example: /asp need {reference} ask "
                            "Which court is concerned?", reference=reference.upper()))
        return ask(core, who, reference, rest)
    if what in ("answer", "reply"):
        if not rest.strip():
            raise Refusal(_("Write your answer after the word “answer”, for example: /asp need {reference} answer "
                            "The Office of the Prosecutor.", reference=reference.upper()))
        return answer(core, who, reference, rest)
    if what == "edit":
        return edit(core, who, reference)
    if what == "withdraw":
        return withdraw(core, who, reference, sure=False)
    if what == "erase":
        from bot.features.needs import erase
        return erase.ask(core, who, reference.upper())
    if what[:1] == "v" and what[1:].isdigit():
        return view(core, who, reference, int(what[1:]))
    if what:
        raise Refusal(_("I do not know “{word}” after /asp need {reference}. You can add edit, withdraw or answer "
                        "(the Secretariat: ask, or vN for an earlier version).", word=words[1],
                        reference=reference.upper()))
    return view(core, who, reference)
