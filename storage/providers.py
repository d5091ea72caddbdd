"""Repositories of the providers' feature: profiles with their areas, and the pairs of needs and providers."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.models import Delegation, Match, Need, NeedVersion, ProviderArea, ProviderProfile


@dataclass(frozen=True)
class Offered:
    """A row of the matching index: a provider's facts for one area, lists joined by commas."""

    provider_id: int
    help_kinds: str
    languages: str
    regions: str
    countries: str
    availability: str
    delivery: str


def _joined(values) -> str:
    return ",".join(values or ())


class Providers:
    def __init__(self, session: Session):
        self.s = session

    def profile(self, delegation_id: int, *, for_update: bool = False) -> ProviderProfile | None:
        query = select(ProviderProfile).where(ProviderProfile.delegation_id == delegation_id)
        if for_update:
            query = query.with_for_update()
        return self.s.scalar(query)

    def add(self, profile: ProviderProfile) -> ProviderProfile:
        self.s.add(profile)
        self.s.flush()
        return profile

    def index(self, profile: ProviderProfile) -> None:
        """The profile's rows of the matching index: one per area, with its other facts as plain lists."""
        a = profile.answers
        self.s.execute(delete(ProviderArea).where(ProviderArea.profile_id == profile.id))
        self.s.add_all([ProviderArea(profile_id=profile.id, area=area, provider_id=profile.delegation_id,
                                     help_kinds=_joined(a.get("help_kinds")), languages=_joined(a.get("languages")),
                                     regions=_joined(a.get("regions")), countries=_joined(a.get("countries")),
                                     availability=profile.availability, delivery=profile.delivery)
                        for area in sorted(set(a.get("areas") or ()))])
        self.s.flush()

    def offers_in_area(self, area: str) -> list[Offered]:
        """What matching reads of every provider that helps in `area`, by the area index, as plain values."""
        rows = self.s.execute(select(ProviderArea.provider_id, ProviderArea.help_kinds, ProviderArea.languages,
                                     ProviderArea.regions, ProviderArea.countries, ProviderArea.availability,
                                     ProviderArea.delivery)
                              .where(ProviderArea.area == area).order_by(ProviderArea.provider_id)).all()
        return [Offered(*r) for r in rows]

    def of_providers(self, provider_ids: Iterable[int]) -> dict[int, ProviderProfile]:
        return {pr.delegation_id: pr for pr in self.s.scalars(
            select(ProviderProfile).where(ProviderProfile.delegation_id.in_(list(provider_ids)))).all()}

    def count(self) -> int:
        return self.s.scalar(select(func.count(ProviderProfile.id))) or 0


class Matches:
    def __init__(self, session: Session):
        self.s = session

    def pair(self, need_id: int, provider_id: int, *, for_update: bool = False) -> Match | None:
        query = select(Match).where(Match.need_id == need_id, Match.provider_id == provider_id)
        if for_update:
            query = query.with_for_update()
        return self.s.scalar(query)

    def add(self, pair: Match) -> Match:
        self.s.add(pair)  # written with the next query or the commit: a need's fifty pairs in one flush
        return pair

    def remove(self, pair: Match) -> None:
        self.s.delete(pair)

    def of_need(self, need_id: int, *, for_update: bool = False) -> Sequence[Match]:
        """A need's pairs, best first."""
        query = select(Match).where(Match.need_id == need_id).order_by(Match.score.desc(), Match.provider_id)
        if for_update:
            query = query.with_for_update()
        return self.s.scalars(query).all()

    def counts(self) -> dict[str, int]:
        """Pairs by what came of them (matched, notified, interested, introduced…)."""
        return {r.state: r.n for r in self.s.execute(select(Match.state, func.count(Match.id).label("n"))
                                                     .group_by(Match.state)).all()}

    def of_provider(self, provider_id: int) -> Sequence[Match]:
        return self.s.scalars(select(Match).where(Match.provider_id == provider_id).order_by(Match.id)).all()

    def shared_for(self, provider_id: int, statuses: Iterable[str]) -> list[tuple[Match, Need]]:
        """A provider's pairs with the needs it may see now, best first (those it let go included)."""
        rows = self.s.execute(select(Match, Need).join(Need, Need.id == Match.need_id)
                              .where(Match.provider_id == provider_id, Need.status.in_(list(statuses)),
                                     Match.state != "gone")
                              .order_by(Match.score.desc(), Need.id)).all()
        return [(r[0], r[1]) for r in rows]

    def waiting_for_digest(self, state: str, delivery: str,
                           statuses: Iterable[str]) -> list[tuple[ProviderProfile, list[Match]]]:
        """Per provider that wants a digest, its pairs worth telling that are not yet told, best first."""
        rows = self.s.execute(select(ProviderProfile, Match)
                              .join(Match, Match.provider_id == ProviderProfile.delegation_id)
                              .join(Need, Need.id == Match.need_id)
                              .where(ProviderProfile.delivery == delivery, Match.state == state,
                                     Match.tell.is_(True), Need.status.in_(list(statuses)))
                              .order_by(ProviderProfile.delegation_id, Match.score.desc(), Match.need_id)
                              .with_for_update(of=Match)).all()
        out: dict[int, tuple[ProviderProfile, list[Match]]] = {}
        for profile, pair in rows:
            out.setdefault(profile.id, (profile, []))[1].append(pair)
        return list(out.values())

    def introduced_to(self, delegation_id: int, states: Iterable[str]) -> list[tuple[str, str, str]]:
        """(reference, provider's code, state) of a State's needs' pairs in these states, by need."""
        provider = Delegation.__table__.alias("provider")
        rows = self.s.execute(select(Need.reference, provider.c.code, Match.state)
                              .join(Need, Need.id == Match.need_id)
                              .join(provider, provider.c.id == Match.provider_id)
                              .where(Need.delegation_id == delegation_id, Match.state.in_(list(states)))
                              .order_by(Need.reference, provider.c.code)).all()
        return [(r[0], r[1], r[2]) for r in rows]

    def table(self) -> list[tuple[str, str, str, str, str, int, datetime]]:
        """Every pair as (State's code, reference, title, provider's code, state, score, last change), by State,
        need and best score first: the two-entry table, in two queries (the titles once per need)."""
        state, provider = Delegation.__table__.alias("state"), Delegation.__table__.alias("provider")
        rows = self.s.execute(
            select(state.c.code, Need.reference, Need.id, provider.c.code, Match.state, Match.score,
                   Match.updated_at)
            .join(Need, Need.id == Match.need_id)
            .join(state, state.c.id == Need.delegation_id)
            .join(provider, provider.c.id == Match.provider_id)
            .order_by(state.c.code, Need.reference, Match.score.desc(), provider.c.code)).all()
        titles = {need_id: (answers or {}).get("title", "") for need_id, answers in self.s.execute(
            select(Need.id, NeedVersion.answers)
            .join(NeedVersion, (NeedVersion.need_id == Need.id) & (NeedVersion.version == Need.version))
            .where(Need.id.in_(select(Match.need_id).distinct()))).all()}
        return [(r[0], r[1], titles.get(r[2], ""), r[3], r[4], r[5], r[6]) for r in rows]
