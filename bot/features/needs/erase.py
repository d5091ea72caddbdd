"""A State's request that one of its needs be erased, and the Secretariat's decision: once erased, the answers of
every version, the questions and answers about it and the messages that repeated them are gone; the audit trail
keeps who asked, who erased and when, without what was written."""
from __future__ import annotations

from bot.delegations import delegation_label
from bot.engine.form import Kind
from bot.errors import Refusal
from bot.features.needs import policy
from bot.features.needs.service import _owned, _tell_state  # the State's "not yours", and its people told
from bot.features.needs.views import STATUS
from bot.i18n import Msg, _
from bot.policy import require_secretariat
from bot.replies import Actions, Button, Message, Text, encode_message
from bot.services.conversations import committed_first, first_delivery
from bot.services.events import NEED_MOVED, publish
from bot.services.notify import notify_secretariat
from bot.services.people import Who
from bot.services.ports import Core, Result

SURE, KEEP = "need:erase-sure", "need:erase-keep"
FORM = "need"


def ask(core: Core, who: Who, reference: str) -> Result:
    """`/asp need REF erase`: the State's people ask; the Secretariat decides with a button."""
    with core.uow() as uow:
        need = _owned(uow, who, reference, policy.WITHDRAW)
        if need.status == policy.ERASED:
            raise Refusal(_("{reference} is already erased.", reference=need.reference))
        label = delegation_label(uow.delegations.get(need.delegation_id).code)
        now = core.clock.now()
        uow.audit.record(now, who.member_id, "need.erase_asked", f"need:{need.reference}", None, None)
        sent = notify_secretariat(core, uow, who.team, Message.of(
            Text(_("{person} asks, for {delegation}, that {reference} be erased: the answers of every version, the "
                   "questions and answers about it and the messages that repeated them, for good. The audit trail "
                   "will keep who asked, who erased it and when.", person=who.mention, delegation=label,
                   reference=need.reference)),
            Actions((Button(_("Erase it"), SURE, need.reference, "danger"),
                     Button(_("Keep it"), KEEP, need.reference)))), f"erase:{need.reference}")
        if not sent:
            raise Refusal(_("No Secretariat member is configured to decide it yet. Please contact the Secretariat."))
        uow.commit()
    return Result(reply=Message.text(_("Your request to erase {reference} has gone to the Secretariat. I will tell "
                                       "you here when it is decided.", reference=need.reference)),
                  outbox=list(uow.outbox_ids))


SHORTEST = 4  # typed text shorter than this ("yes", "1") is everywhere and tells nothing of the need


def _written(core: Core, uow, need) -> list[str]:
    """What people typed about the need: every free-text answer of every version (a choice is a code shared by
    every need), every question and answer."""
    typed = [f.key for f in core.forms[FORM].fields if f.kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.EMAIL)]
    found = {version.answers.get(key) for version in uow.needs.versions(need) for key in typed}
    found |= {message.text for message in uow.needs.messages(need)}
    return sorted(t for t in found if isinstance(t, str) and len(t.strip()) >= SHORTEST)


def erase(core: Core, who: Who, reference: str, key: str | None = None) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat can review needs."))
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        need = uow.needs.by_reference(reference, for_update=True)
        if need is None:
            raise Refusal(_("I cannot find a need with the reference {reference}.", reference=reference))
        if need.status == policy.ERASED:
            return Result(reply=Message.text(_("{reference} is already erased.", reference=need.reference)))
        now, before = core.clock.now(), need.status
        written_before = uow.outbox.last_id()
        texts = _written(core, uow, need)
        need.status, need.updated_at = policy.ERASED, now
        publish(core, uow, NEED_MOVED, need, before)  # providers stop hearing of it (and the interested are told)
        for version in uow.needs.versions(need):
            version.answers, version.confidential = {"title": need.reference}, []
        uow.needs.erase_messages(need)
        uow.audit.erase_mentioning(texts, since=need.created_at)  # drafts are not audited
        uow.outbox.erase_mentioning(texts, written_before, encode_message(Message.text(
            Msg("{reference}", {"reference": need.reference}))))
        members = {m.member_id for m in uow.memberships.of_delegation(need.delegation_id)} | {need.created_by_id}
        uow.conversations.erase_mentioning(members, texts)
        uow.audit.record(now, who.member_id, "need.erased", f"need:{need.reference}", {"status": before},
                         {"status": policy.ERASED})
        _tell_state(core, uow, need, Message.text(_(
            "{reference} is erased at your delegation’s request: its answers, earlier versions and exchanges are "
            "gone. The record keeps only who asked, who erased it and when.", reference=need.reference)),
            f"need:{need.reference}:erased")
        if not committed_first(core, uow, key):
            return Result()
    return Result(reply=Message.text(_("Erased: {reference}. Decided by {reviewer} on {when}.",
                                         reference=need.reference, reviewer=who.mention, when=now)),
                  outbox=list(uow.outbox_ids))


def keep(core: Core, who: Who, reference: str) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat can review needs."))
    with core.uow() as uow:
        need = uow.needs.by_reference(reference, for_update=True)
        if need is None:
            raise Refusal(_("I cannot find a need with the reference {reference}.", reference=reference))
        if need.status == policy.ERASED:
            return Result(reply=Message.text(_("{reference} is already erased.", reference=need.reference)))
        now = core.clock.now()
        uow.audit.record(now, who.member_id, "need.erase_refused", f"need:{need.reference}", None, None)
        _tell_state(core, uow, need, Message.text(_(
            "The Secretariat has kept {reference} ({status}); it will contact you about your request to erase it.",
            reference=need.reference, status=STATUS[need.status])), f"need:{need.reference}:kept:{now.isoformat()}")
        uow.commit()
    return Result(reply=Message.text(_("Kept: {reference}. Decided by {reviewer} on {when}.",
                                         reference=need.reference, reviewer=who.mention, when=now)),
                  outbox=list(uow.outbox_ids))


