"""Repositories of the providers' feature: profiles with their areas, and the pairs of needs and providers."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import Match, Need, ProviderArea, ProviderProfile


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

    def set_areas(self, profile: ProviderProfile, areas: Iterable[str]) -> None:
        self.s.execute(delete(ProviderArea).where(ProviderArea.profile_id == profile.id))
        self.s.add_all([ProviderArea(profile_id=profile.id, area=area) for area in sorted(set(areas))])
        self.s.flush()

    def in_area(self, area: str) -> Sequence[ProviderProfile]:
        """Every profile that helps in `area`, by the area index (the others cannot match)."""
        return self.s.scalars(select(ProviderProfile)
                              .join(ProviderArea, ProviderArea.profile_id == ProviderProfile.id)
                              .where(ProviderArea.area == area).order_by(ProviderProfile.delegation_id)).all()

    def all(self) -> Sequence[ProviderProfile]:
        return self.s.scalars(select(ProviderProfile).order_by(ProviderProfile.delegation_id)).all()


class Matches:
    def __init__(self, session: Session):
        self.s = session

    def pair(self, need_id: int, provider_id: int, *, for_update: bool = False) -> Match | None:
        query = select(Match).where(Match.need_id == need_id, Match.provider_id == provider_id)
        if for_update:
            query = query.with_for_update()
        return self.s.scalar(query)

    def add(self, pair: Match) -> Match:
        self.s.add(pair)
        self.s.flush()
        return pair

    def remove(self, pair: Match) -> None:
        self.s.delete(pair)
        self.s.flush()

    def of_need(self, need_id: int, *, for_update: bool = False) -> Sequence[Match]:
        """A need's pairs, best first."""
        query = select(Match).where(Match.need_id == need_id).order_by(Match.score.desc(), Match.provider_id)
        if for_update:
            query = query.with_for_update()
        return self.s.scalars(query).all()

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
