"""How a provider's offer meets a shared need, as pure functions: the score, the reasons in order, who is told.

Only what a provider may see of a need is read here (the public answers and the State's region): a confidential
answer never counts, so no score or reason can reveal one.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The state of one pair (a need and a provider), as the two-entry table shows it.
MATCHED, NOTIFIED, INTERESTED, INTRODUCED = "matched", "notified", "interested", "introduced"
ASSISTING, COMPLETED, DECLINED, GONE = "assisting", "completed", "declined", "gone"
PAIR_STATES = (MATCHED, NOTIFIED, INTERESTED, INTRODUCED, ASSISTING, COMPLETED, DECLINED, GONE)
# A provider has seen the need in these states: it may ask about it and answer it.
SHOWN = frozenset({NOTIFIED, INTERESTED, INTRODUCED, ASSISTING, COMPLETED, DECLINED})
# The State has met the provider: what its people see of the pair on their needs.
INTRODUCED_OR_LATER = (INTRODUCED, ASSISTING, COMPLETED)
# The provider has answered: a new score changes nothing it would be told.
ANSWERED = frozenset({INTERESTED, INTRODUCED, ASSISTING, COMPLETED, DECLINED})

NOW, SOON, NOT_NOW = "now", "soon", "not_now"
AT_ONCE, DIGEST = "at_once", "digest"
ANYWHERE = "anywhere"

# Points, in the order the issue ranks them: the area decides whether it is a match at all; then the kind of
# help, the language, the place and the availability refine the order.
AREA, PER_KIND, MAX_KINDS, LANGUAGE, COUNTRY, REGION, WORLDWIDE = 100, 10, 30, 20, 20, 15, 5
AVAILABLE = {NOW: 10, SOON: 5, NOT_NOW: 0}
# A need keeps its best providers (and any that answered): the Secretariat reads the first 40, and the table stays
# the size of what passes between them rather than of every provider of an area.
MAX_PAIRS = 50
# Told of a need at this score: the area and at least one more thing that fits (a language, a place, two kinds).
NOTIFY_AT = 120


@dataclass(frozen=True)
class Need:
    """A shared need as a provider may see it: its area, the public answers matching reads, the State's place."""

    reference: str
    area: str
    country: str
    region: str | None
    help_kinds: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Offer:
    """A provider's profile as the rules read it."""

    provider: int
    areas: frozenset[str]
    help_kinds: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    availability: str = NOW


@dataclass(frozen=True)
class Match:
    score: int
    # What fits, in the order it counts: ("area", code), ("help", code)…, ("language", code)…, ("country", code)
    # or ("region", code), ("available", now|soon).
    reasons: tuple[tuple[str, str], ...]

    @property
    def notify(self) -> bool:
        return self.score >= NOTIFY_AT and ("available", NOT_NOW) not in self.reasons


def score(need: Need, offer: Offer) -> Match | None:
    """How well the offer fits the need, with why; None when the provider does not help in the need's area."""
    if need.area not in offer.areas:
        return None
    points, reasons = AREA, [("area", need.area)]
    kinds = sorted(need.help_kinds & offer.help_kinds)
    points += min(MAX_KINDS, PER_KIND * len(kinds))
    reasons += [("help", k) for k in kinds]
    languages = sorted(need.languages & offer.languages)
    if languages:
        points += LANGUAGE
        reasons += [("language", code) for code in languages]
    if need.country in offer.countries:
        points += COUNTRY
        reasons.append(("country", need.country))
    elif need.region is not None and need.region in offer.regions:
        points += REGION
        reasons.append(("region", need.region))
    elif ANYWHERE in offer.regions:
        points += WORLDWIDE
    points += AVAILABLE.get(offer.availability, 0)
    if offer.availability in (NOW, SOON):
        reasons.append(("available", offer.availability))
    elif offer.availability == NOT_NOW:
        reasons.append(("available", NOT_NOW))
    return Match(points, tuple(reasons))


def rank(need: Need, offers: Iterable[Offer]) -> list[tuple[Offer, Match]]:
    """The offers that match, best first; equal scores in the order of the providers' ids (stable)."""
    found = [(offer, m) for offer in offers if (m := score(need, offer)) is not None]
    return sorted(found, key=lambda pair: (-pair[1].score, pair[0].provider))


def next_state(state: str | None, match: Match | None) -> str | None:
    """A pair's state after its need was shared again or the offer changed: a pair the provider has answered
    keeps its state; one that no longer matches goes; a new or waiting one is matched (told later or now)."""
    if state in ANSWERED:
        return state
    if match is None:
        return None
    if state == NOTIFIED:
        return NOTIFIED
    return MATCHED
