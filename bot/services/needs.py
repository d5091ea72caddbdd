"""The complementarity platform: a State's needs from intake to the Secretariat, and what providers see."""
from __future__ import annotations

from bot.engine import runner
from bot.engine.state import State
from bot.errors import Refusal
from bot.demo_data import TITLES
from bot.forms.need import AREAS
from bot.forms.onboarding import delegation_label
from bot.i18n import Msg, _
from bot.replies import Actions, Button, Facts, Header, Message, Note, Text
from bot.services import people
from bot.services.conversations import committed_first, first_delivery, on_submit, start_form
from bot.services.notify import notify, notify_secretariat
from bot.services.ports import Core, Person, Result
from storage.models import Member, Need, NeedMessage, NeedVersion

STATUS = {
    "submitted": _("submitted"),
    "under_review": _("under review by the Secretariat"),
    "on_hold": _("on hold"),
    "shared": _("shared with providers"),
    "matched": _("matched with a provider"),
    "in_progress": _("assistance under way"),
    "closed": _("closed"),
    "withdrawn": _("withdrawn"),
}

STATE_ROLES = ("focal_point", "delegate")


def state_membership(core: Core, uow, member: Member):
    """The verified membership through which a person acts for a State Party's needs."""
    for membership in people.require_role(core, uow, member, *STATE_ROLES):
        if uow.delegations.get(membership.delegation_id).kind == "state_party":
            return membership
    raise Refusal(_("Needs for assistance are registered by the focal points and delegates of States Parties."))


def open_call(core: Core, uow):
    now = core.clock.now()
    calls = uow.calls.open_at(now)
    if calls:
        return calls[0]
    return None


def _closed(core: Core, uow) -> Refusal:
    latest = uow.calls.latest_closed(core.clock.now())
    if latest is None:
        return Refusal(_("No call for input is open at the moment. Please write to {contact}.",
                         contact=core.settings.aspbot_contact))
    return Refusal(_("The call for input “{call}” closed on {deadline}. Your draft is kept: you can read and "
                     "change it here. For a late submission, please write to {contact}.",
                     call=TITLES.get(latest.code, latest.title), deadline=latest.final_deadline, contact=core.settings.aspbot_contact))


def start(core: Core, person: Person) -> Result:
    """`/asp need`: check who is asking and that a call is open, then start the intake in DM."""
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        membership = state_membership(core, uow, member)
        call = open_call(core, uow)
        if call is None:
            raise _closed(core, uow)
        now = core.clock.now()
        if call.preliminary_deadline is not None and now <= call.preliminary_deadline:
            notify(core, uow, member, Message.text(_(
                "This need goes to the call for input “{call}”: preliminary answers by {preliminary}; the call "
                "closes on {deadline}.", call=TITLES.get(call.code, call.title),
                preliminary=call.preliminary_deadline, deadline=call.final_deadline)))
        else:
            notify(core, uow, member, Message.text(_(
                "This need goes to the call for input “{call}”, which closes on {deadline}.",
                call=TITLES.get(call.code, call.title), deadline=call.final_deadline)))
        contact = ", ".join(x for x in (member.display_name, membership.email) if x)
        start_form(core, uow, member, "need", prefill={"contact": contact} if contact else None)
        uow.commit()
    return Result(reply=Message.text(_("I have sent you a direct message to record the need.")),
                  outbox=list(uow.outbox_ids))


def _state(need: Need, version: NeedVersion) -> State:
    return State(form="need", step="done", answers=dict(version.answers), confidential=list(version.confidential))


@on_submit("need")
def submit(core: Core, uow, member: Member, state: State) -> list[Message]:
    if state.context.get("edit"):
        return _submit_edit(core, uow, member, state, state.context["edit"])
    membership = state_membership(core, uow, member)
    call = open_call(core, uow)
    if call is None:
        raise _closed(core, uow)
    area = state.answers["area"]
    existing = uow.needs.open_in_area(membership.delegation_id, call.id, area)
    if existing is not None:
        raise Refusal(_("Your delegation already has a need in this area: {reference}. Please choose another area, "
                        "or change that need.", reference=existing.reference))
    now = core.clock.now()
    reference = f"CP-{call.opens_at.year}-{uow.needs.count_in_call(call.id) + 1:04d}"
    need = uow.needs.add(
        Need(reference=reference, delegation_id=membership.delegation_id, call_id=call.id, area=area,
             status="submitted", consent=bool(state.answers.get("consent")), version=1, created_by_id=member.id,
             created_at=now, updated_at=now),
        NeedVersion(need_id=0, version=1, answers=dict(state.answers), confidential=list(state.confidential),
                    author_id=member.id, created_at=now))
    uow.audit.record(now, member.id, "need.submitted", f"need:{reference}", None,
                     {"status": "submitted", "version": 1})
    form = core.forms["need"]
    delegation = uow.delegations.get(need.delegation_id)
    label = delegation_label(delegation.code)
    alert = Message.of(
        Header(_("New assistance need {reference}", reference=reference)),
        Text(_("{delegation} registered “{title}” ({area}).", delegation=label, title=state.answers["title"],
               area=AREAS[area])),
        runner.summary(form, state),
        Note(_("Submitted by {person} on {when}.", person=people_mention(member), when=now)),
        secretariat_actions(reference))
    notify_secretariat(core, uow, member.workspace, alert, f"need:{reference}:new")
    return [Message.of(
        Header(_("Need registered: {reference}", reference=reference)),
        Text(_("Thank you. The need “{title}” of {delegation} is registered as {reference}, status: {status}. "
               "The Secretariat will review it with you before anything is shared; I will tell you here when its "
               "status changes.", title=state.answers["title"], delegation=label, reference=reference,
               status=STATUS["submitted"])),
        runner.summary(form, state),
        owner_actions(reference))]


def people_mention(member: Member):
    from bot.services.onboarding import mention
    return mention(member)


def view(core: Core, person: Person, reference: str, number: int | None = None) -> Result:
    """`/asp need REF [vN]`: the State's own delegation and the Secretariat see every answer; others nothing.

    Earlier versions are for the Secretariat.
    """
    secretariat = core.directory.is_secretariat(person)
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        need = uow.needs.by_reference(reference)
        allowed = need is not None and (
            secretariat
            or any(m.delegation_id == need.delegation_id for m in uow.memberships.of_member(member.id, "approved")))
        if not allowed:
            # The same answer whether the need does not exist or belongs to another State.
            raise Refusal(_("I cannot find a need with the reference {reference} among yours.",
                            reference=reference.strip().upper()))
        if number is not None and not secretariat:
            raise Refusal(_("Earlier versions are kept for the Secretariat."))
        version = uow.needs.version(need, number)
        if version is None:
            raise Refusal(_("{reference} has no version {version}.", reference=need.reference, version=number))
        label = delegation_label(uow.delegations.get(need.delegation_id).code)
        uow.commit()
    state = _state(need, version)
    parts = [Header(_("{reference}: {title}", reference=need.reference, title=version.answers["title"])),
             Text(_("{delegation}, status: {status}, version {version} of {versions}.", delegation=label,
                    status=STATUS[need.status], version=version.version, versions=need.version)),
             runner.summary(core.forms["need"], state)]
    if secretariat and need.status not in FINAL:
        parts.append(secretariat_actions(need.reference, need.status))
    elif need.status not in FINAL:
        parts.append(owner_actions(need.reference))
    return Result(reply=Message.of(*parts))


def shared_view(core: Core, uow, need: Need) -> Message:
    """What a potential provider may see of a need: the public answers only, never a confidential one."""
    version = uow.needs.version(need)
    state = _state(need, version)
    label = delegation_label(uow.delegations.get(need.delegation_id).code)
    return Message.of(
        Header(_("{reference}: {title}", reference=need.reference, title=version.answers["title"])),
        Text(_("An assistance need of {delegation}.", delegation=label)),
        runner.summary(core.forms["need"], state, redact=True))


def mine(core: Core, uow, member: Member) -> list[tuple[object, Msg]]:
    """Rows for `/asp my`: every need of the person's delegations with its status."""
    rows = []
    draft = uow.conversations.active(member.id)
    if draft is not None and draft.form == "need":
        title = draft.state.get("answers", {}).get("title")
        rows.append((_("Draft"), _("“{title}”: not yet submitted; write to me to continue.", title=title)
                     if title else _("A need not yet submitted; write to me to continue.")))
    seen: set[int] = set()
    for membership in uow.memberships.of_member(member.id, "approved"):
        if membership.delegation_id in seen:
            continue
        seen.add(membership.delegation_id)
        for need in uow.needs.of_delegation(membership.delegation_id):
            title = uow.needs.version(need).answers["title"]
            rows.append((Msg("{reference}", {"reference": need.reference}),
                         _("“{title}”: {status}", title=title, status=STATUS[need.status])))
    return rows


# --- after submission: edits, withdrawal, the Secretariat's review ----------------------------

EDIT, WITHDRAW, WITHDRAW_SURE = "need:edit", "need:withdraw", "need:withdraw-confirm"
REVIEW, SHARE, HOLD = "need:review", "need:share", "need:hold"
MATCHED, UNDER_WAY, CLOSE = "need:matched", "need:under-way", "need:close"
ASK = "need:ask"
FINAL = ("withdrawn", "closed")

# Which status the Secretariat may move a need to, from which.
SECRETARIAT_MOVES = {
    REVIEW: ("under_review", ("submitted", "on_hold")),
    SHARE: ("shared", ("submitted", "under_review", "on_hold")),
    HOLD: ("on_hold", ("submitted", "under_review", "shared")),
    MATCHED: ("matched", ("shared",)),
    UNDER_WAY: ("in_progress", ("matched",)),
    CLOSE: ("closed", ("submitted", "under_review", "on_hold", "shared", "matched", "in_progress")),
}
BUTTONS = {
    REVIEW: _("Start review"), SHARE: _("Share with providers"), HOLD: _("Put on hold"),
    MATCHED: _("Matched with a provider"), UNDER_WAY: _("Assistance under way"), CLOSE: _("Close"),
}

EXPLAINED = {
    "under_review": _("The Secretariat has started reviewing {reference} “{title}”. It may contact you with "
                      "questions before anything is shared."),
    "shared": _("{reference} “{title}” is now shared with potential providers of assistance. They see only the "
                "answers marked public."),
    "on_hold": _("The Secretariat has put {reference} “{title}” on hold. It will contact you."),
    "matched": _("{reference} “{title}” has been matched with a provider of assistance. The Secretariat will "
                 "introduce you."),
    "in_progress": _("Assistance for {reference} “{title}” is under way."),
    "closed": _("The Secretariat has closed {reference} “{title}”. Thank you."),
    "withdrawn": _("{reference} “{title}” was withdrawn by {person}. Nothing more will be shared."),
    "edited": _("{person} changed {reference} “{title}”: this is now version {version}."),
}


def owner_actions(reference: str):
    return Actions((Button(_("Edit"), EDIT, reference), Button(_("Withdraw"), WITHDRAW, reference, "danger")))


def secretariat_actions(reference: str, status: str = "submitted"):
    """The Secretariat's buttons for the steps open from the need's current status."""
    steps = [Button(BUTTONS[action], action, reference, "primary" if action == SHARE else None)
             for action, (_target, allowed) in SECRETARIAT_MOVES.items() if status in allowed]
    return Actions(tuple(steps) + (Button(_("Ask a question"), ASK, reference),))


def _owned(core: Core, uow, member: Member, reference: str) -> Need:
    need = uow.needs.by_reference(reference, for_update=True)
    if need is None or not any(m.delegation_id == need.delegation_id
                               for m in uow.memberships.of_member(member.id, "approved")):
        raise Refusal(_("I cannot find a need with the reference {reference} among yours.",
                        reference=reference.strip().upper()))
    return need


def _changeable(need: Need) -> None:
    if need.status in FINAL:
        raise Refusal(_("{reference} is {status}; it can no longer be changed.", reference=need.reference,
                        status=STATUS[need.status]))


def _tell_state(core: Core, uow, need: Need, message: Message, key: str) -> None:
    """Every verified member of the State's delegation hears of a change, each in their language."""
    for membership in uow.memberships.of_delegation(need.delegation_id):
        recipient = uow.members.get(membership.member_id)
        notify(core, uow, recipient, message, dedupe_key=f"{key}:{recipient.id}")


def edit(core: Core, person: Person, reference: str) -> Result:
    """Reopen a need's answers in a conversation, at the review; submitting it adds a version."""
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        need = _owned(core, uow, member, reference)
        _changeable(need)
        version = uow.needs.version(need)
        start_form(core, uow, member, "need", prefill=dict(version.answers), context={"edit": need.reference},
                   confidential=list(version.confidential))
        uow.commit()
    return Result(reply=Message.text(_("I have sent you {reference} in a direct message: change any answer, then "
                                       "submit.", reference=need.reference)), outbox=list(uow.outbox_ids))


def _submit_edit(core: Core, uow, member: Member, state: State, reference: str) -> list[Message]:
    need = _owned(core, uow, member, reference)
    _changeable(need)
    now = core.clock.now()
    before = {"version": need.version, "status": need.status}
    need.version += 1
    need.area = state.answers["area"]
    need.consent = bool(state.answers.get("consent"))
    need.updated_at = now
    if need.status in ("shared", "matched"):
        need.status = "under_review"  # a changed need is looked at again before providers see it
    uow.needs.add_version(NeedVersion(need_id=need.id, version=need.version, answers=dict(state.answers),
                                      confidential=list(state.confidential), author_id=member.id, created_at=now))
    uow.audit.record(now, member.id, "need.edited", f"need:{need.reference}", before,
                     {"version": need.version, "status": need.status})
    told = Message.of(Text(Msg(EXPLAINED["edited"].id, {
        "person": people_mention(member), "reference": need.reference, "title": state.answers["title"],
        "version": need.version})))
    notify_secretariat(core, uow, member.workspace, Message.of(*told.parts, runner.summary(core.forms["need"], state),
                                                            secretariat_actions(need.reference, need.status)),
                      f"need:{need.reference}:v{need.version}")
    return [Message.of(Header(_("{reference}: version {version} saved", reference=need.reference,
                                version=need.version)),
                       Text(_("Status: {status}. Earlier versions are kept for the Secretariat.",
                              status=STATUS[need.status])),
                       owner_actions(need.reference))]


def withdraw(core: Core, person: Person, reference: str, sure: bool) -> Result:
    """Withdraw a need (after a confirmation click); the delegation and the Secretariat are told."""
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        need = _owned(core, uow, member, reference)
        _changeable(need)
        title = uow.needs.version(need).answers["title"]
        if not sure:
            uow.commit()
            return Result(reply=Message.of(
                Text(_("Withdraw {reference} “{title}”? It will no longer be reviewed or shared; this cannot be "
                       "undone.", reference=need.reference, title=title)),
                Actions((Button(_("Yes, withdraw"), WITHDRAW_SURE, need.reference, "danger"),))))
        _move(core, uow, member, need, "withdrawn", title)
        uow.commit()
    return Result(reply=Message.text(_("{reference} is withdrawn.", reference=need.reference)),
                  outbox=list(uow.outbox_ids))


def _move(core: Core, uow, actor: Member, need: Need, status: str, title: str) -> None:
    now = core.clock.now()
    before = need.status
    need.status, need.updated_at = status, now
    uow.audit.record(now, actor.id, f"need.{status}", f"need:{need.reference}", {"status": before},
                     {"status": status})
    explained = Msg(EXPLAINED[status].id, {"reference": need.reference, "title": title,
                                          "person": people_mention(actor)})
    _tell_state(core, uow, need, Message.text(explained), f"need:{need.reference}:{status}:{now.isoformat()}")
    if status == "withdrawn":
        notify_secretariat(core, uow, actor.workspace, Message.text(explained),
                          f"need:{need.reference}:{status}:{now.isoformat()}:sec")


def decide(core: Core, person: Person, action: str, reference: str) -> Result:
    """The Secretariat moves a need along: review, share (only with the State's consent), hold."""
    with core.uow() as uow:
        reviewer = people.identify(core, uow, person)
        if not core.directory.is_secretariat(person):
            raise Refusal(_("Only the Secretariat can review needs."))
        need = uow.needs.by_reference(reference, for_update=True)
        if need is None:
            raise Refusal(_("I cannot find a need with the reference {reference}.", reference=reference))
        target, allowed_from = SECRETARIAT_MOVES[action]
        title = uow.needs.version(need).answers["title"]
        if need.status not in allowed_from:
            raise Refusal(_("{reference} is {status}; that step is not possible now.", reference=need.reference,
                            status=STATUS[need.status]))
        if target == "shared" and not need.consent:
            raise Refusal(_("{reference} cannot be shared: the State has not consented to sharing it with "
                            "providers.", reference=need.reference))
        _move(core, uow, reviewer, need, target, title)
        uow.commit()
    return Result(reply=Message.of(
        Text(_("{reference} “{title}”: {status} (by {person}, {when}).", reference=need.reference, title=title,
               status=STATUS[target], person=people_mention(reviewer), when=core.clock.now())),
        secretariat_actions(need.reference, target)), outbox=list(uow.outbox_ids))


# --- questions from the Secretariat and the State's answers -----------------------------------

QUESTION_LIMIT = 2000


def _text(text: str) -> str:
    text = text.strip()
    if not text:
        raise Refusal(_("An answer is needed here."))
    if len(text) > QUESTION_LIMIT:
        raise Refusal(_("That answer is {length} characters long; the limit is {limit}. Please shorten it.",
                        length=len(text), limit=QUESTION_LIMIT))
    return text


def may_ask(core: Core, person: Person, reference: str) -> None:
    """Only the Secretariat asks States about their needs; refused before any form is shown."""
    if not core.directory.is_secretariat(person):
        raise Refusal(_("Only the Secretariat can review needs."))


def ask(core: Core, person: Person, reference: str, question: str) -> Result:
    """The Secretariat asks the State about a need; every member of its delegation gets it in DM."""
    question = _text(question)
    with core.uow() as uow:
        reviewer = people.identify(core, uow, person)
        if not core.directory.is_secretariat(person):
            raise Refusal(_("Only the Secretariat can review needs."))
        need = uow.needs.by_reference(reference)
        if need is None:
            raise Refusal(_("I cannot find a need with the reference {reference}.", reference=reference))
        now = core.clock.now()
        uow.needs.add_message(NeedMessage(need_id=need.id, author_id=reviewer.id, kind="question", text=question,
                                          created_at=now))
        uow.audit.record(now, reviewer.id, "need.question", f"need:{need.reference}", None, {"question": question})
        title = uow.needs.version(need).answers["title"]
        message = Message.of(
            Text(_("The Secretariat asks about {reference} “{title}”: {question}", reference=need.reference,
                   title=title, question=question)),
            Note(_("Reply in this thread, or type /asp need {reference} answer followed by your answer.",
                   reference=need.reference)))
        for membership in uow.memberships.of_delegation(need.delegation_id):
            recipient = uow.members.get(membership.member_id)
            notify(core, uow, recipient, message, topic=f"need:{need.reference}")
        uow.commit()
    return Result(reply=Message.text(_("Your question about {reference} was sent to the State.",
                                       reference=need.reference)), outbox=list(uow.outbox_ids))


def answer(core: Core, person: Person, reference: str, text: str, key: str | None = None) -> Result:
    """The State answers the Secretariat about one of its needs; the Secretariat gets it in DM."""
    text = _text(text)
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        member = people.identify(core, uow, person)
        need = _owned(core, uow, member, reference)
        now = core.clock.now()
        uow.needs.add_message(NeedMessage(need_id=need.id, author_id=member.id, kind="answer", text=text,
                                          created_at=now))
        uow.audit.record(now, member.id, "need.answer", f"need:{need.reference}", None, {"answer": text})
        label = delegation_label(uow.delegations.get(need.delegation_id).code)
        message = Message.of(Text(_("{person} ({delegation}) answers about {reference}: {answer}",
                                    person=people_mention(member), delegation=label, reference=need.reference,
                                    answer=text)),
                             secretariat_actions(need.reference, need.status))
        notify_secretariat(core, uow, member.workspace, message, f"need:{need.reference}:answer:{now.isoformat()}")
        if not committed_first(core, uow, key):
            return Result()
    return Result(reply=Message.text(_("Thank you. Your answer about {reference} was sent to the Secretariat.",
                                       reference=need.reference)), outbox=list(uow.outbox_ids))


def thread_topic(core: Core, person: Person, thread: str) -> str | None:
    """The need a person's threaded reply is about, if the thread started with a question of ours."""
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        topic = uow.outbox.topic_of_thread(member.id, thread)
        uow.commit()
    if topic and topic.startswith("need:"):
        return topic[len("need:"):]
    return None


def reply_in_thread(core: Core, person: Person, thread: str, text: str, key: str | None) -> Result | None:
    """A DM reply in the thread of one of our questions is the State's answer; None for other threads."""
    reference = thread_topic(core, person, thread)
    if reference is None:
        return None
    return answer(core, person, reference, text, key)


def listing(core: Core, person: Person, status: str = "") -> Result:
    """`/asp needs [status]`: the Secretariat's table of needs, newest change first."""
    wanted = status.strip().lower().replace(" ", "_")
    if wanted and wanted not in STATUS:
        raise Refusal(_("“{status}” is not a status. Use one of: {statuses}.", status=status,
                        statuses=", ".join(STATUS)))
    with core.uow() as uow:
        people.identify(core, uow, person)
        rows = []
        for need in uow.needs.listing(wanted or None):
            version = uow.needs.version(need)
            rows.append((Msg("{reference}", {"reference": need.reference}),
                         _("{delegation}: “{title}” ({status})",
                           delegation=delegation_label(uow.delegations.get(need.delegation_id).code),
                           title=version.answers["title"], status=STATUS[need.status])))
        uow.commit()
    if not rows:
        return Result(reply=Message.text(_("No need matches.")))
    return Result(reply=Message.of(Header(_("Needs")), Facts(tuple(rows[:40])),
                                   Note(_("Open one with /asp need REFERENCE."))))
