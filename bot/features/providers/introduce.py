"""Introductions: the Secretariat brings an interested provider and the State together in one conversation with
itself, and records how the assistance goes (under way, completed) for the State and the two-entry table."""
from __future__ import annotations

from bot.delegations import delegation_label
from bot.errors import Refusal
from bot.features.needs import policy as needs_policy
from bot.features.needs import service as needs
from bot.features.providers import policy as p
from bot.features.providers import views
from bot.i18n import _
from bot.policy import STATE_ROLES, require_secretariat
from bot.replies import Actions, Button, Header, Message, Text
from bot.services.notify import notify, notify_group
from bot.services.people import Who, mention_of, person_of
from bot.services.ports import Core, Result

INTRODUCE, UNDER_WAY, COMPLETED = "match:introduce", "match:under-way", "match:completed"
PROGRESS = {UNDER_WAY: p.ASSISTING, COMPLETED: p.COMPLETED}


def introduce_button(reference: str, provider_code: str) -> Actions:
    return Actions((Button(_("Introduce them"), INTRODUCE, views.pair_value(reference, provider_code), "primary"),))


def progress_buttons(reference: str, provider_code: str, state: str) -> Actions | None:
    value = views.pair_value(reference, provider_code)
    shown = []
    if state == p.INTRODUCED:
        shown.append(Button(_("Assistance under way"), UNDER_WAY, value))
    if state in (p.INTRODUCED, p.ASSISTING):
        shown.append(Button(_("Assistance completed"), COMPLETED, value))
    return Actions(tuple(shown)) if shown else None


def _pair(uow, value: str, *, lock: bool = False):
    reference, _sep, code = value.partition("|")
    need = uow.needs.by_reference(reference, for_update=lock)
    provider = uow.delegations.by_code(code) if code else None
    pair = uow.matches.pair(need.id, provider.id, for_update=lock) if need and provider else None
    if need is None or provider is None or pair is None:
        raise Refusal(_("There is no match of {reference} with that provider.", reference=reference))
    return need, provider, pair


def _contact(uow, delegation_id: int, preferred: int | None, roles: tuple[str, ...]):
    """Who speaks for a delegation here: `preferred` while still verified for it, else its first verified person."""
    verified = [m for m in uow.memberships.of_delegation(delegation_id)
                if m.status == "approved" and m.role in roles]
    chosen = next((m for m in verified if m.member_id == preferred), verified[0] if verified else None)
    return uow.members.get(chosen.member_id) if chosen is not None else None


def introduce(core: Core, who: Who, value: str) -> Result:
    """One conversation of the State's contact, the provider's and the Secretariat, with the shared view posted."""
    require_secretariat(who.secretariat, _("Only the Secretariat introduces providers to States."))
    with core.uow() as uow:  # who would be introduced, read first: the channel is asked outside any transaction
        need, provider, pair = _pair(uow, value)
        if pair.state != p.INTERESTED:
            raise Refusal(_("{provider} and {reference}: {state}; an introduction needs the provider’s interest.",
                            provider=delegation_label(provider.code), reference=need.reference,
                            state=views.STATE[pair.state]))
        state_contact = _contact(uow, need.delegation_id, need.created_by_id, STATE_ROLES)
        provider_contact = _contact(uow, provider.id, pair.interested_by_id, ("provider",))
        people = [m for m in (state_contact, provider_contact) if m is not None]
        if state_contact is None or provider_contact is None:
            raise Refusal(_("Nobody verified is left to introduce for {reference}: ask the State and the provider "
                            "to join again.", reference=need.reference))
        persons = [person_of(m) for m in people]
        names = [mention_of(m) for m in people]
    for person, name in zip(persons, names, strict=True):
        profile = core.directory.profile(person)
        if profile is not None and profile.left:
            with core.uow() as uow:
                uow.audit.record(core.clock.now(), who.member_id, "match.introduction_refused",
                                 f"need:{need.reference}", None, {"provider": provider.code, "left": person.user})
                uow.commit()
            raise Refusal(_("{person} is no longer in the workspace, so I cannot introduce them. Nothing was sent.",
                            person=name))
    now = core.clock.now()
    with core.uow() as uow:
        need, provider, pair = _pair(uow, value, lock=True)
        if pair.state != p.INTERESTED:  # a second click, or another member of the Secretariat, meanwhile
            raise Refusal(_("{provider} and {reference}: {state}; an introduction needs the provider’s interest.",
                            provider=delegation_label(provider.code), reference=need.reference,
                            state=views.STATE[pair.state]))
        shared = needs.shared_view(core, uow, need)
        title = uow.needs.current(need).answers["title"]
        label = delegation_label(uow.delegations.get(need.delegation_id).code)
        notify_group(core, uow, state_contact.id, [provider_contact.id, who.member_id], Message.of(
            Header(_("Introduction: {reference}", reference=need.reference)),
            Text(_("The Secretariat ({secretariat}) introduces {provider} ({provider_person}) to {delegation} "
                   "({state_person}) about the need “{title}”. Here is what {provider} has seen of it; please "
                   "take it on from here.", secretariat=who.mention, provider=delegation_label(provider.code),
                   provider_person=mention_of(provider_contact), delegation=label,
                   state_person=mention_of(state_contact), title=title)),
            *shared.parts[1:]), dedupe_key=f"intro:{need.reference}:{provider.code}")
        pair.state, pair.updated_at = p.INTRODUCED, now
        uow.audit.record(now, who.member_id, "match.introduced", f"need:{need.reference}", None,
                         {"provider": provider.code, "state_contact": state_contact.user_key,
                          "provider_contact": provider_contact.user_key})
        if need.status == needs_policy.SHARED:
            needs.move(core, uow, who, need, needs_policy.MATCHED, title)
        uow.commit()
    return Result(replace=Message.of(
        Text(_("Introduced: {provider} and {delegation} about {reference}, in a conversation with you.",
               provider=delegation_label(provider.code), delegation=label, reference=need.reference)),
        *([b] if (b := progress_buttons(need.reference, provider.code, p.INTRODUCED)) else [])),
        outbox=list(uow.outbox_ids))


def progress(core: Core, who: Who, step: str, value: str) -> Result:
    """The Secretariat records how the assistance goes; the State hears it, and the need follows."""
    require_secretariat(who.secretariat, _("Only the Secretariat records how assistance goes."))
    target = PROGRESS[step]
    now = core.clock.now()
    with core.uow() as uow:
        need, provider, pair = _pair(uow, value, lock=True)
        allowed = {p.ASSISTING: (p.INTRODUCED,), p.COMPLETED: (p.INTRODUCED, p.ASSISTING)}[target]
        if pair.state not in allowed:
            raise Refusal(_("{provider} and {reference}: {state}; that step is not possible now.",
                            provider=delegation_label(provider.code), reference=need.reference,
                            state=views.STATE[pair.state]))
        before = pair.state
        pair.state, pair.updated_at = target, now
        uow.audit.record(now, who.member_id, f"match.{target}", f"need:{need.reference}", {"state": before},
                         {"provider": provider.code, "state": target})
        title = uow.needs.current(need).answers["title"]
        if target == p.ASSISTING and need.status == needs_policy.MATCHED:
            needs.move(core, uow, who, need, needs_policy.IN_PROGRESS, title)
        told = _("Assistance from {provider} for {reference} “{title}”: {state}.",
                 provider=delegation_label(provider.code), reference=need.reference, title=title,
                 state=views.STATE[target])
        for membership in uow.memberships.of_delegation(need.delegation_id):
            if needs_policy.hears(membership.role):
                notify(core, uow, membership.member_id, Message.text(told),
                       dedupe_key=f"match:{need.reference}:{provider.code}:{target}:{membership.member_id}")
        uow.commit()
    buttons = progress_buttons(need.reference, provider.code, target)
    return Result(replace=Message.of(Text(told), *([buttons] if buttons else [])), outbox=list(uow.outbox_ids))



def under_way(core: Core, who: Who, value: str) -> Result:
    return progress(core, who, UNDER_WAY, value)


def completed(core: Core, who: Who, value: str) -> Result:
    return progress(core, who, COMPLETED, value)
