"""Keeping the pairs of needs and providers up to date, and telling providers of the needs that fit them.

A pair is written when a need is shared or a profile changes; a provider hears of a need once, with the
shared view of it only (never a confidential answer), at once or in its daily digest.
"""
from __future__ import annotations

from datetime import datetime

from bot.delegations import delegation_label
from bot.features.needs import policy as needs_policy
from bot.features.needs import service as needs
from bot.features.providers import policy as p
from bot.features.providers import views
from bot.i18n import _
from bot.regions import region_of
from bot.replies import Message, Note, Text
from bot.services.notify import notify
from bot.services.ports import Core
from storage.models import Match, Need, ProviderProfile

# A need providers may see: shared, and still so once matched or under way.
VISIBLE = frozenset({needs_policy.SHARED, needs_policy.MATCHED, needs_policy.IN_PROGRESS})


def offer_of(profile: ProviderProfile) -> p.Offer:
    a = profile.answers
    return p.Offer(provider=profile.delegation_id, areas=frozenset(a.get("areas") or ()),
                   help_kinds=frozenset(a.get("help_kinds") or ()), languages=frozenset(a.get("languages") or ()),
                   regions=frozenset(a.get("regions") or ()), countries=frozenset(a.get("countries") or ()),
                   availability=profile.availability)


def facts_of(uow, need: Need) -> p.Need:
    """The need as matching may read it: its public answers only (a confidential one never counts)."""
    version = uow.needs.current(need)
    public = {k: v for k, v in version.answers.items() if k not in set(version.confidential)}
    code = uow.delegations.get(need.delegation_id).code
    return p.Need(reference=need.reference, area=need.area, country=code, region=region_of(code),
                  help_kinds=frozenset(public.get("help_kinds") or ()),
                  languages=frozenset(public.get("languages") or ()))


def topic(reference: str) -> str:
    """The outbox topic of every message telling a provider of this need: cancelled together, replied to."""
    return f"match:{reference}"


def _keep(uow, need: Need, offer: p.Offer, match: p.Match | None, now: datetime) -> Match | None:
    """The pair as it stands now; None when there is none (or no longer one)."""
    pair = uow.matches.pair(need.id, offer.provider, for_update=True)
    state = p.next_state(pair.state if pair else None, match)
    if match is None or state is None:
        if pair is not None and pair.state not in p.ANSWERED:
            uow.matches.remove(pair)
        return None
    if pair is None:
        pair = uow.matches.add(Match(need_id=need.id, provider_id=offer.provider, state=state, score=match.score,
                                     reasons=[list(r) for r in match.reasons], tell=match.notify, updated_at=now))
    else:
        pair.state, pair.score, pair.tell, pair.updated_at = state, match.score, match.notify, now
        pair.reasons = [list(r) for r in match.reasons]
    return pair


def tell(core: Core, uow, need: Need, profile: ProviderProfile, pair: Match) -> None:
    """Every verified person of the provider hears of the need, in their language, with the shared view only."""
    code = uow.delegations.get(profile.delegation_id).code
    shared = needs.shared_view(core, uow, need)
    message = Message.of(*shared.parts, Text(views.explained(pair.reasons)),
                         Note(_("Only the answers the State made public are shown. Reply in this thread to ask the "
                                "Secretariat a question.")),
                         views.provider_actions(need.reference, code))
    for membership in uow.memberships.of_delegation(profile.delegation_id):
        if membership.role == "provider" and membership.status == "approved":
            notify(core, uow, membership.member_id, message, topic=topic(need.reference),
                   dedupe_key=f"match:{need.reference}:{code}:{membership.member_id}:{core.clock.now().isoformat()}")
    pair.state, pair.notified_at = p.NOTIFIED, core.clock.now()


def refresh_need(core: Core, uow, need: Need) -> list[Match]:
    """A need was shared (again): its pairs with every provider of its area, those who want it at once told."""
    now = core.clock.now()
    facts = facts_of(uow, need)
    kept = []
    profiles = {pr.delegation_id: pr for pr in uow.providers.in_area(need.area)}
    for offer, match in p.rank(facts, (offer_of(pr) for pr in profiles.values())):
        pair = _keep(uow, need, offer, match, now)
        if pair is None:
            continue
        kept.append(pair)
        if pair.state == p.MATCHED and pair.tell and profiles[offer.provider].delivery == p.AT_ONCE:
            tell(core, uow, need, profiles[offer.provider], pair)
    for pair in uow.matches.of_need(need.id):  # providers that left the area: their untold pairs go
        if pair.provider_id not in profiles and pair.state not in p.ANSWERED:
            uow.matches.remove(pair)
    return kept


def refresh_provider(core: Core, uow, profile: ProviderProfile) -> list[Match]:
    """A profile changed: its pairs with every shared need, new ones told at once if it wants them so."""
    now = core.clock.now()
    offer = offer_of(profile)
    kept = []
    seen: set[int] = set()
    for need in uow.needs.in_areas(sorted(offer.areas), VISIBLE):
        seen.add(need.id)
        pair = _keep(uow, need, offer, p.score(facts_of(uow, need), offer), now)
        if pair is None:
            continue
        kept.append(pair)
        if pair.state == p.MATCHED and pair.tell and profile.delivery == p.AT_ONCE:
            tell(core, uow, need, profile, pair)
    for pair in uow.matches.of_provider(profile.delegation_id):
        if pair.need_id not in seen and pair.state not in p.ANSWERED:
            uow.matches.remove(pair)
    return kept


def withdrawn(core: Core, uow, need: Need) -> None:
    """A need providers could see no longer is: nothing more is sent about it, and the interested are told."""
    uow.reminders.cancel(topic=topic(need.reference))
    now = core.clock.now()
    title = uow.needs.current(need).answers.get("title", "")
    for pair in uow.matches.of_need(need.id, for_update=True):
        if pair.state == p.INTERESTED:
            gone = Message.text(_("{reference} “{title}” of {delegation}, in which you were interested, is no "
                                  "longer available.", reference=need.reference, title=title,
                                  delegation=delegation_label(uow.delegations.get(need.delegation_id).code)))
            for membership in uow.memberships.of_delegation(pair.provider_id):
                if membership.role == "provider" and membership.status == "approved":
                    notify(core, uow, membership.member_id, gone,
                           dedupe_key=f"match:{need.reference}:gone:{now.isoformat()}:{membership.member_id}")
        if pair.state in (p.MATCHED, p.NOTIFIED, p.INTERESTED):
            pair.state, pair.updated_at = p.GONE, now
