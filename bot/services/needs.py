"""The complementarity platform: a State's needs from intake to the Secretariat, and what providers see."""
from __future__ import annotations

from bot.engine import runner
from bot.engine.state import State
from bot.errors import Refusal
from bot.demo_data import TITLES
from bot.forms.need import AREAS
from bot.forms.onboarding import delegation_label
from bot.i18n import Msg, _
from bot.replies import Facts, Header, Message, Note, Text
from bot.services import people
from bot.services.conversations import on_submit, start_form
from bot.services.notify import notify
from bot.services.ports import Core, Person, Result
from storage.models import Member, Need, NeedVersion

STATUS = {
    "submitted": _("submitted"),
    "under_review": _("under review by the Secretariat"),
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
        if open_call(core, uow) is None:
            raise _closed(core, uow)
        contact = ", ".join(x for x in (member.display_name, membership.email) if x)
        start_form(core, uow, member, "need", prefill={"contact": contact} if contact else None)
        uow.commit()
    return Result(reply=Message.text(_("I have sent you a direct message to record the need.")),
                  outbox=list(uow.outbox_ids))


def _state(need: Need, version: NeedVersion) -> State:
    return State(form="need", step="done", answers=dict(version.answers), confidential=list(version.confidential))


@on_submit("need")
def submit(core: Core, uow, member: Member, state: State) -> list[Message]:
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
        Note(_("Submitted by {person} on {when}.", person=people_mention(member), when=now)))
    for reviewer in core.directory.secretariat(member.workspace):
        notify(core, uow, people.identify(core, uow, reviewer), alert,
               dedupe_key=f"need:{reference}:new:{reviewer.channel}:{reviewer.workspace}:{reviewer.user}")
    return [Message.of(
        Header(_("Need registered: {reference}", reference=reference)),
        Text(_("Thank you. The need “{title}” of {delegation} is registered as {reference}, status: {status}. "
               "The Secretariat will review it with you before anything is shared; I will tell you here when its "
               "status changes.", title=state.answers["title"], delegation=label, reference=reference,
               status=STATUS["submitted"])),
        runner.summary(form, state))]


def people_mention(member: Member):
    from bot.services.onboarding import mention
    return mention(member)


def view(core: Core, person: Person, reference: str) -> Result:
    """`/asp need REF`: the State's own delegation and the Secretariat see every answer; others nothing."""
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        need = uow.needs.by_reference(reference)
        allowed = need is not None and (
            core.directory.is_secretariat(person)
            or any(m.delegation_id == need.delegation_id for m in uow.memberships.of_member(member.id, "approved")))
        if not allowed:
            # The same answer whether the need does not exist or belongs to another State.
            raise Refusal(_("I cannot find a need with the reference {reference} among yours.",
                            reference=reference.strip().upper()))
        version = uow.needs.version(need)
        label = delegation_label(uow.delegations.get(need.delegation_id).code)
        uow.commit()
    state = _state(need, version)
    return Result(reply=Message.of(
        Header(_("{reference}: {title}", reference=need.reference, title=version.answers["title"])),
        Text(_("{delegation}, status: {status}, version {version}.", delegation=label, status=STATUS[need.status],
               version=need.version)),
        runner.summary(core.forms["need"], state)))


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
