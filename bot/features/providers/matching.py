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
from storage.providers import Offered

# A need providers may see: shared, and still so once matched or under way.
VISIBLE = frozenset({needs_policy.SHARED, needs_policy.MATCHED, needs_policy.IN_PROGRESS})


def _set(joined: str) -> frozenset[str]:
    return frozenset(joined.split(",")) if joined else frozenset()


def offer_in(area: str, row: Offered) -> p.Offer:
    """A row of the matching index as the rules read it (only its area is known there: the one asked)."""
    return p.Offer(provider=row.provider_id, areas=frozenset({area}), help_kinds=_set(row.help_kinds),
                   languages=_set(row.languages), regions=_set(row.regions), countries=_set(row.countries),
                   availability=row.availability)


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


def _keep(uow, need: Need, offer: p.Offer, match: p.Match | None, pair: Match | None, now: datetime) -> Match | None:
    """The pair as it stands now (`pair`: as it stood); None when there is none, or no longer one."""
    state = p.next_state(pair.state if pair else None, match)
    if match is None or state is None:
        if pair is not None and pair.state not in p.ANSWERED:
            uow.matches.remove(pair)
        return pair if pair is not None and pair.state in p.ANSWERED else None
    if pair is None:
        return uow.matches.add(Match(need_id=need.id, provider_id=offer.provider, state=state, score=match.score,
                                     reasons=[list(r) for r in match.reasons], tell=match.notify, updated_at=now))
    pair.state, pair.score, pair.tell, pair.updated_at = state, match.score, match.notify, now
    pair.reasons = [list(r) for r in match.reasons]
    return pair


def tell(core: Core, uow, need: Need, profile: ProviderProfile, pair: Match, shared: Message | None = None) -> None:
    """Every verified person of the provider hears of the need, in their language, with the shared view only
    (`shared`: made once for all the providers told of one need)."""
    code = uow.delegations.get(profile.delegation_id).code
    if shared is None:
        shared = needs.shared_view(core, uow, need)
    message = Message.of(*shared.parts, Text(views.explained(pair.reasons)),
                         Note(_("Only the answers the State made public are shown. Reply in this thread to ask the "
                                "Secretariat a question.")),
                         views.provider_actions(need.reference, code))
    told = 0
    for membership in uow.memberships.of_delegation(profile.delegation_id):
        if membership.role == "provider" and membership.status == "approved":
            notify(core, uow, membership.member_id, message, topic=topic(need.reference),
                   dedupe_key=f"match:{need.reference}:{code}:{membership.member_id}:{core.clock.now().isoformat()}")
            told += 1
    if told:  # a provider with nobody verified left stays "matched": told when someone is
        pair.state, pair.notified_at = p.NOTIFIED, core.clock.now()


def refresh_need(core: Core, uow, need: Need) -> list[Match]:
    """A need was shared (again): its pairs with its best providers, those who want it at once told; pairs that
    no longer fit (or fell out of the best) go unless the provider has answered."""
    now = core.clock.now()
    existing = {pair.provider_id: pair for pair in uow.matches.of_need(need.id, for_update=True)}
    index = uow.providers.offers_in_area(need.area)
    at_once = {row.provider_id for row in index if row.delivery == p.AT_ONCE}
    kept, to_tell = [], []
    for offer, match in p.rank(facts_of(uow, need), (offer_in(need.area, row) for row in index))[:p.MAX_PAIRS]:
        pair = _keep(uow, need, offer, match, existing.pop(offer.provider, None), now)
        if pair is None:
            continue
        kept.append(pair)
        if pair.state == p.MATCHED and pair.tell and offer.provider in at_once:
            to_tell.append(pair)
    for pair in existing.values():
        if pair.state not in p.ANSWERED:
            uow.matches.remove(pair)
    if to_tell:
        shared = needs.shared_view(core, uow, need)
        profiles = uow.providers.of_providers(pair.provider_id for pair in to_tell)
        for pair in to_tell:
            tell(core, uow, need, profiles[pair.provider_id], pair, shared)
    return kept


def refresh_provider(core: Core, uow, profile: ProviderProfile) -> list[Match]:
    """A profile changed: its pairs with every shared need, new ones told at once if it wants them so."""
    now = core.clock.now()
    offer = offer_of(profile)
    kept = []
    seen: set[int] = set()
    # Each shared need of its areas (a need may hold more than its MAX_PAIRS best until it is shared again).
    for need in uow.needs.in_areas(sorted(offer.areas), VISIBLE):
        seen.add(need.id)
        pair = _keep(uow, need, offer, p.score(facts_of(uow, need), offer),
                     uow.matches.pair(need.id, offer.provider, for_update=True), now)
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
