"""Verified delegations: a person's request to act for a delegation, and the Secretariat's decision."""
from __future__ import annotations

from bot.engine.state import State
from bot.errors import Refusal
from bot.forms.onboarding import KINDS, ROLES, delegation_label
from bot.i18n import Mention, Msg, _
from bot.replies import Actions, Button, Facts, Header, Message, Text
from bot.services import people
from bot.services.conversations import committed_first, first_delivery, on_submit, start_form
from bot.services.notify import notify, notify_secretariat
from bot.services.ports import Core, Person, Result
from storage.models import Member, Membership

APPROVE = "membership:approve"
DECLINE = "membership:decline"


def mention(member: Member) -> Mention:
    return Mention(member.user_key, member.display_name or member.user_key)


def describe(uow, membership: Membership) -> tuple[object, Msg]:
    delegation = uow.delegations.get(membership.delegation_id)
    return delegation_label(delegation.code), ROLES.get(membership.role, _("Delegate"))


def greet_or_onboard(core: Core, uow, member: Member) -> None:
    """A message outside any form: newcomers are onboarded, others told where they stand."""
    memberships = uow.memberships.of_member(member.id)
    if any(m.status == "approved" for m in memberships) or core.directory.is_secretariat(people.person_of(member)):
        hello = Text(_("Hello! Type /asp help to see what I can do for you."))
        states = [m for m in memberships if m.status == "approved" and m.role in ("focal_point", "delegate")
                  and uow.delegations.get(m.delegation_id).kind == "state_party"]
        if states:  # the most common errand of a State's focal point is one click away
            notify(core, uow, member, Message.of(hello, Actions((Button(_("Register a need"), "home:need", "need",
                                                                       "primary"),))))
        else:
            notify(core, uow, member, Message.of(hello))
        return
    pending = [m for m in memberships if m.status == "pending"]
    if pending:
        delegation, role = describe(uow, pending[-1])
        notify(core, uow, member, Message.text(
            _("Your request to act for {delegation} as {role} is waiting for the Secretariat. "
              "I will tell you here as soon as it is decided.", delegation=delegation, role=role)))
        return
    start_form(core, uow, member, "onboarding")


def join(core: Core, person: Person) -> Result:
    """`/asp join` or the Home tab button: start (or restart) onboarding in the person's DM."""
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        start_form(core, uow, member, "onboarding")
        uow.commit()
    return Result(reply=Message.text(_("I have sent you a direct message to get you registered.")),
                  outbox=list(uow.outbox_ids))


@on_submit("onboarding")
def submit_request(core: Core, uow, member: Member, state: State) -> list[Message]:
    answers = state.answers
    delegation = uow.delegations.by_code(answers["delegation"])
    if delegation is None:
        raise Refusal(_("That delegation is not in my list. Please contact the Secretariat."))
    for existing in uow.memberships.of_member(member.id):
        if existing.delegation_id == delegation.id and existing.role == answers["role"] \
                and existing.status in ("pending", "approved"):
            return [Message.text(_("You already have this request on file ({status}). Nothing new was sent.",
                                   status=STATUS[existing.status]))]
    now = core.clock.now()
    membership = uow.memberships.add(Membership(member_id=member.id, delegation_id=delegation.id,
                                                role=answers["role"], email=answers.get("email"),
                                                status="pending", requested_at=now))
    uow.audit.record(now, member.id, "membership.requested", f"membership:{membership.id}",
                     None, {"delegation": delegation.code, "role": membership.role, "status": "pending"})
    label, role = describe(uow, membership)
    request = Message.of(
        Header(_("Verification request")),
        Text(_("{person} asks to act for {delegation} ({kind}) as {role}.", person=mention(member),
               delegation=label, kind=KINDS[delegation.kind], role=role)),
        Facts(((_("Work e-mail"), answers.get("email") or _("(not given)")),
               (_("Requested"), now))),
        Actions((Button(_("Approve"), APPROVE, str(membership.id), "primary"),
                 Button(_("Decline"), DECLINE, str(membership.id), "danger"))),
    )
    if not notify_secretariat(core, uow, member.workspace, request, f"verify:{membership.id}"):
        return [Message.text(_("Your request is saved, but no Secretariat member is configured to verify it yet. "
                               "Please contact the Secretariat."))]
    return [Message.text(_("Thank you. Your request to act for {delegation} as {role} has gone to the "
                           "Secretariat. I will tell you here as soon as it is decided.",
                           delegation=label, role=role))]


STATUS = {"pending": _("waiting for the Secretariat"), "approved": _("approved"), "declined": _("declined")}


def decide(core: Core, person: Person, membership_id: str, approve: bool, key: str | None = None) -> Result:
    """The Secretariat approves or declines a request; the reply replaces the buttons it clicked."""
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        reviewer = people.identify(core, uow, person)
        if not core.directory.is_secretariat(person):
            raise Refusal(_("Only the Secretariat can verify delegations."))
        membership = uow.memberships.get(int(membership_id), for_update=True) if membership_id.isdigit() else None
        if membership is None:
            raise Refusal(_("I cannot find that request."))
        requester = uow.members.get(membership.member_id)
        label, role = describe(uow, membership)
        if membership.status != "pending":
            decider = uow.members.get(membership.decided_by_id) if membership.decided_by_id else None
            who = mention(decider) if decider else "?"
            if membership.status == "approved":
                reply = Message.text(_("This request was already approved by {person} on {when}.", person=who,
                                       when=membership.decided_at))
            else:
                reply = Message.text(_("This request was already declined by {person} on {when}.", person=who,
                                       when=membership.decided_at))
            uow.commit()
            return Result(reply=reply)
        now = core.clock.now()
        membership.status = "approved" if approve else "declined"
        membership.decided_by_id = reviewer.id
        membership.decided_at = now
        uow.audit.record(now, reviewer.id, f"membership.{membership.status}", f"membership:{membership.id}",
                         {"status": "pending"}, {"status": membership.status})
        if approve:
            told = Message.text(_("Good news: the Secretariat has confirmed that you act for {delegation} as "
                                  "{role}. Type /asp help to see what you can do.", delegation=label, role=role))
            reply = Message.text(_("Approved: {person} acts for {delegation} as {role}. Decided by {reviewer} "
                                   "on {when}.", person=mention(requester), delegation=label, role=role,
                                   reviewer=mention(reviewer), when=now))
        else:
            told = Message.text(_("The Secretariat could not confirm that you act for {delegation} as {role}. "
                                  "If you think this is a mistake, please contact the Secretariat.",
                                  delegation=label, role=role))
            reply = Message.text(_("Declined: {person} for {delegation} as {role}. Decided by {reviewer} on "
                                   "{when}.", person=mention(requester), delegation=label, role=role,
                                   reviewer=mention(reviewer), when=now))
        notify(core, uow, requester, told, dedupe_key=f"decided:{membership.id}")
        if not committed_first(core, uow, key):
            return Result()
    return Result(reply=reply, outbox=list(uow.outbox_ids))


def pending_requests(core: Core, uow) -> list[Message]:
    """The Secretariat's list of requests waiting for a decision, each with its buttons."""
    out = []
    for membership in uow.memberships.pending(limit=20):
        requester = uow.members.get(membership.member_id)
        label, role = describe(uow, membership)
        out.append(Message.of(
            Text(_("{person} asks to act for {delegation} as {role}.", person=mention(requester),
                   delegation=label, role=role)),
            Actions((Button(_("Approve"), APPROVE, str(membership.id), "primary"),
                     Button(_("Decline"), DECLINE, str(membership.id), "danger")))))
    return out
