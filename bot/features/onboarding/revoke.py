"""Who acts for one delegation (`/asp verify DELEGATION`), and the Secretariat ending a verification: asked once,
recorded in the audit trail, and the person told in their language."""
from __future__ import annotations

from bot.delegations import delegation_label, delegation_named
from bot.errors import Refusal
from bot.features.onboarding import policy
from bot.features.onboarding.form import ROLES
from bot.i18n import _
from bot.policy import require_secretariat
from bot.replies import Actions, Button, Header, Message, Text
from bot.services.conversations import committed_first, first_delivery
from bot.services.notify import notify
from bot.services.people import Who, mention_of
from bot.services.ports import Core, Result

REVOKE, REVOKE_SURE = "membership:revoke", "membership:revoke-sure"
SHOWN = 20


def _refuse_others(who: Who) -> None:
    require_secretariat(who.secretariat, _("Only the Secretariat can verify delegations."))


def of_delegation(core: Core, who: Who, word: str) -> Result:
    """The delegation's requests waiting (with Approve and Decline) and its verified people (with Revoke)."""
    from bot.features.onboarding.service import decision_buttons

    _refuse_others(who)
    with core.uow() as uow:
        code = delegation_named(word, who.reader)
        delegation = uow.delegations.by_code(code) if code is not None else None
        if delegation is None:
            raise Refusal(_("I do not know the delegation “{delegation}”.", delegation=word))
        label = delegation_label(delegation.code)
        parts: list = [Header(_("Who acts for {delegation}", delegation=label))]
        for membership in uow.memberships.of_delegation(delegation.id, policy.PENDING)[:SHOWN]:
            person = uow.members.get(membership.member_id)
            parts += [Text(_("{person} asks to act for {delegation} as {role}.", person=mention_of(person),
                             delegation=label, role=ROLES.get(membership.role, _("Delegate")))),
                      decision_buttons(membership.id)]
        for membership in uow.memberships.of_delegation(delegation.id, policy.APPROVED)[:SHOWN]:
            person = uow.members.get(membership.member_id)
            parts += [Text(_("{person} acts for {delegation} as {role}, verified on {when}.",
                             person=mention_of(person), delegation=label,
                             role=ROLES.get(membership.role, _("Delegate")), when=membership.decided_at)),
                      Actions((Button(_("Revoke"), REVOKE, str(membership.id), "danger"),))]
    if len(parts) == 1:
        return Result(reply=Message.text(_("Nobody acts for {delegation} and no request is waiting.",
                                           delegation=label)))
    return Result(reply=Message.of(*parts))


def ask(core: Core, who: Who, value: str) -> Result:
    """The Revoke button: what it ends, and a button to confirm."""
    _refuse_others(who)
    with core.uow() as uow:
        membership, person, label, role = _active(uow, value)
    return Result(reply=Message.of(
        Text(_("End the verification of {person} as {role} of {delegation}? They can no longer act for it; they "
               "are told, and it is recorded.", person=mention_of(person), role=role, delegation=label)),
        Actions((Button(_("Yes, revoke"), REVOKE_SURE, str(membership.id), "danger"),))))


def _active(uow, value: str, *, for_update: bool = False):
    membership = uow.memberships.get(int(value), for_update=for_update) if value.isdigit() else None
    if membership is None:
        raise Refusal(_("I cannot find that request."))
    person = uow.members.get(membership.member_id)
    label = delegation_label(uow.delegations.get(membership.delegation_id).code)
    role = ROLES.get(membership.role, _("Delegate"))
    if membership.status != policy.APPROVED:
        raise Refusal(_("{person} does not act for {delegation} as {role} (any more): nothing to revoke.",
                        person=mention_of(person), delegation=label, role=role))
    return membership, person, label, role


def revoke(core: Core, who: Who, value: str, key: str | None = None) -> Result:
    _refuse_others(who)
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        membership, person, label, role = _active(uow, value, for_update=True)
        now = core.clock.now()
        membership.status = policy.REVOKED
        uow.audit.record(now, who.member_id, "membership.revoked", f"membership:{membership.id}",
                         {"status": policy.APPROVED}, {"status": policy.REVOKED})
        notify(core, uow, person.id, Message.text(
            _("The Secretariat has ended your verification to act for {delegation} as {role}. If you think this is "
              "a mistake, please contact the Secretariat.", delegation=label, role=role)),
            dedupe_key=f"revoked:{membership.id}")
        if not committed_first(core, uow, key):
            return Result()
    return Result(reply=Message.text(_("Revoked: {person} no longer acts for {delegation} as {role}. Decided by "
                                       "{reviewer} on {when}.", person=mention_of(person), delegation=label,
                                       role=role, reviewer=who.mention, when=now)),
                  outbox=list(uow.outbox_ids))
