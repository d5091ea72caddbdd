"""Verified delegations: a person's request to act for a delegation, and the Secretariat's decision."""
from __future__ import annotations

from bot.delegations import KINDS, delegation_label
from bot.engine.state import State
from bot.errors import Refusal
from bot.features.onboarding import policy
from bot.features.onboarding.form import ROLES
from bot.i18n import Msg, _
from bot.policy import Role, approved, require_secretariat
from bot.replies import Actions, Button, Facts, Header, Message, Text
from bot.services.conversations import committed_first, first_delivery, start_form
from bot.services.notify import notify, notify_secretariat
from bot.services.people import Who, mention_of
from bot.services.ports import Core, Result
from storage.models import Membership

APPROVE = "membership:approve"
DECLINE = "membership:decline"
JOIN = "home:join"
LIST = "membership:list"  # the requests waiting, from the status summary and More
PAGE = 20

STATUS = {policy.PENDING: _("waiting for the Secretariat"), policy.APPROVED: _("approved"),
          policy.DECLINED: _("declined"), policy.REVOKED: _("ended by the Secretariat")}


def describe(role: Role) -> tuple[object, Msg]:
    return delegation_label(role.delegation_code), ROLES.get(role.role, _("Delegate"))


def _describe_row(uow, membership: Membership) -> tuple[object, Msg]:
    delegation = uow.delegations.get(membership.delegation_id)
    return delegation_label(delegation.code), ROLES.get(membership.role, _("Delegate"))


def greet(core: Core, uow, who: Who) -> None:
    """A message outside any form: newcomers are onboarded, others told where they stand."""
    if approved(who.roles) or who.secretariat:
        hello = Text(_("Hello! Type /asp help to see what I can do for you."))
        offers = core.features.offers(who)  # the most common errand is one click away
        notify(core, uow, who.member_id, Message.of(hello, Actions(tuple(offers))) if offers else Message.of(hello))
        return
    pending = [r for r in who.roles if r.status == policy.PENDING]
    if pending:
        delegation, role = describe(pending[-1])
        notify(core, uow, who.member_id, Message.text(
            _("Your request to act for {delegation} as {role} is waiting for the Secretariat. "
              "I will tell you here as soon as it is decided.", delegation=delegation, role=role)))
        return
    start_form(core, uow, who, "onboarding")


def join(core: Core, who: Who, args: str = "") -> Result:
    """`/asp join` or the Home tab button: start (or restart) onboarding in the person's DM."""
    with core.uow() as uow:
        start_form(core, uow, who, "onboarding")
        uow.commit()
    return Result(reply=Message.text(_("I have sent you a direct message to get you registered.")),
                  outbox=list(uow.outbox_ids))


def submit_request(core: Core, uow, who: Who, state: State) -> list[Message]:
    answers = state.answers
    delegation = uow.delegations.by_code(answers["delegation"])
    if delegation is None:
        raise Refusal(_("That delegation is not in my list. Please contact the Secretariat."))
    existing = policy.same_request(who.roles, delegation.code, answers["role"])
    if existing is not None:
        return [Message.text(_("You already have this request on file ({status}). Nothing new was sent.",
                               status=STATUS[existing.status]))]
    now = core.clock.now()
    membership = uow.memberships.add(Membership(member_id=who.member_id, delegation_id=delegation.id,
                                                role=answers["role"], email=answers.get("email"),
                                                status=policy.PENDING, requested_at=now))
    uow.audit.record(now, who.member_id, "membership.requested", f"membership:{membership.id}",
                     None, {"delegation": delegation.code, "role": membership.role, "status": policy.PENDING})
    label, role = delegation_label(delegation.code), ROLES.get(membership.role, _("Delegate"))
    request = Message.of(
        Header(_("Verification request")),
        Text(_("{person} asks to act for {delegation} ({kind}) as {role}.", person=who.mention,
               delegation=label, kind=KINDS[delegation.kind], role=role)),
        Facts(((_("Work e-mail"), answers.get("email") or _("(not given)")),
               (_("Requested"), now))),
        decision_buttons(membership.id),
    )
    if not notify_secretariat(core, uow, who.team, request, f"verify:{membership.id}"):
        return [Message.text(_("Your request is saved, but no Secretariat member is configured to verify it yet. "
                               "Please contact the Secretariat."))]
    return [Message.text(_("Thank you. Your request to act for {delegation} as {role} has gone to the "
                           "Secretariat. I will tell you here as soon as it is decided.",
                           delegation=label, role=role))]


def decision_buttons(membership_id: int) -> Actions:
    return Actions((Button(_("Approve"), APPROVE, str(membership_id), "primary"),
                    Button(_("Decline"), DECLINE, str(membership_id), "danger")))


def decide(core: Core, who: Who, membership_id: str, approve: bool, key: str | None = None) -> Result:
    """The Secretariat approves or declines a request; the reply replaces the buttons it clicked."""
    require_secretariat(who.secretariat, _("Only the Secretariat can verify delegations."))
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        membership = uow.memberships.get(int(membership_id), for_update=True) if membership_id.isdigit() else None
        if membership is None:
            raise Refusal(_("I cannot find that request."))
        requester = uow.members.get(membership.member_id)
        label, role = _describe_row(uow, membership)
        status = policy.decided(membership.status, approve)
        if status is None:
            decider = uow.members.get(membership.decided_by_id) if membership.decided_by_id else None
            by = mention_of(decider) if decider else "?"
            if membership.status == policy.APPROVED:
                reply = Message.text(_("This request was already approved by {person} on {when}.", person=by,
                                       when=membership.decided_at))
            else:
                reply = Message.text(_("This request was already declined by {person} on {when}.", person=by,
                                       when=membership.decided_at))
            return Result(reply=reply)
        now = core.clock.now()
        membership.status, membership.decided_by_id, membership.decided_at = status, who.member_id, now
        uow.audit.record(now, who.member_id, f"membership.{status}", f"membership:{membership.id}",
                         {"status": policy.PENDING}, {"status": status})
        if status == policy.APPROVED:
            told = Message.text(_("Good news: the Secretariat has confirmed that you act for {delegation} as "
                                  "{role}. Type /asp help to see what you can do.", delegation=label, role=role))
            reply = Message.text(_("Approved: {person} acts for {delegation} as {role}. Decided by {reviewer} "
                                   "on {when}.", person=mention_of(requester), delegation=label, role=role,
                                   reviewer=who.mention, when=now))
        else:
            told = Message.text(_("The Secretariat could not confirm that you act for {delegation} as {role}. "
                                  "If you think this is a mistake, please contact the Secretariat.",
                                  delegation=label, role=role))
            reply = Message.text(_("Declined: {person} for {delegation} as {role}. Decided by {reviewer} on "
                                   "{when}.", person=mention_of(requester), delegation=label, role=role,
                                   reviewer=who.mention, when=now))
        notify(core, uow, requester.id, told, dedupe_key=f"decided:{membership.id}")
        if not committed_first(core, uow, key):
            return Result()
    return Result(reply=reply, outbox=list(uow.outbox_ids))


def verify(core: Core, who: Who, args: str = "") -> Result:
    """`/asp verify`: the requests waiting for a decision, each with its buttons; `/asp verify DELEGATION`: who
    acts for it, each with Revoke."""
    require_secretariat(who.secretariat, _("Only the Secretariat can use /asp {verb}.", verb="verify"))
    word, _sep, start = args.strip().partition("|")
    if word and word != "waiting":  # "waiting[|OFFSET]": the status summary's button, and More
        from bot.features.onboarding.revoke import of_delegation
        return of_delegation(core, who, args.strip())
    offset = int(start) if start.isdigit() else 0
    with core.uow() as uow:
        parts: list = []
        waiting = uow.memberships.pending(limit=PAGE + 1, offset=offset)
        for membership in waiting[:PAGE]:
            requester = uow.members.get(membership.member_id)
            label, role = _describe_row(uow, membership)
            parts += [Text(_("{person} asks to act for {delegation} as {role}.", person=mention_of(requester),
                             delegation=label, role=role)),
                      decision_buttons(membership.id)]
    if not parts:
        return Result(reply=Message.text(_("No verification request is waiting.")))
    if len(waiting) > PAGE:  # two blocks a request: twenty and a button stay inside a message's fifty
        parts.append(Actions((Button(_("More"), LIST, f"waiting|{offset + PAGE}"),)))
    return Result(reply=Message.of(Header(_("Verification requests waiting")), *parts))


def delegations(core: Core, uow, who: Who) -> list:
    """The `/asp my` and Home group: every delegation the person asked to act for, with its status."""
    rows = []
    for role in who.roles:
        label, name = describe(role)
        rows.append((label, _("{role}: {status}", role=name, status=STATUS[role.status])))
    return [(_("Your delegations"), rows)] if rows else []


def waiting(core: Core, uow, who: Who) -> list:
    """The `/asp status` group: requests to act for a delegation that wait for a decision."""
    count = uow.memberships.pending_count()
    buttons = [Button(_("Decide"), LIST, "waiting", "primary")] if count else []
    return [(_("Who speaks for which delegation"), [(_("Requests waiting"), count)], buttons)]
