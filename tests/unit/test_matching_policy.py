"""The matching rules on their own: the area decides, the rest orders; only what a provider may see counts."""
from __future__ import annotations

from bot.delegations_data import OBSERVER_STATES, REGIONAL_GROUPS, STATES_PARTIES
from bot.features.providers import policy as p
from bot.regions import region_of

UGANDA = p.Need("CP-2024-0001", "forensics", "UG", "africa", frozenset({"training", "advice"}), frozenset({"fr"}))


def offer(provider: int, **kw) -> p.Offer:
    return p.Offer(provider=provider, areas=frozenset(kw.pop("areas", {"forensics"})), **kw)


def test_without_the_needs_area_there_is_no_match_whatever_else_fits():
    assert p.score(UGANDA, offer(1, areas={"legislation"}, help_kinds=frozenset({"training"}),
                                 languages=frozenset({"fr"}), countries=frozenset({"UG"}))) is None


def test_the_score_counts_kinds_language_place_and_availability_and_says_why_in_that_order():
    match = p.score(UGANDA, offer(1, help_kinds=frozenset({"training", "advice", "drafting"}),
                                  languages=frozenset({"fr", "en"}), regions=frozenset({"africa"}), availability=p.NOW))
    assert match == p.Match(100 + 20 + 20 + 15 + 10, (("area", "forensics"), ("help", "advice"), ("help", "training"),
                                                      ("language", "fr"), ("region", "africa"), ("available", "now")))
    assert match.notify


def test_a_named_country_counts_more_than_its_region_and_anywhere_least():
    country = p.score(UGANDA, offer(1, countries=frozenset({"UG"}), regions=frozenset({"africa"})))
    region = p.score(UGANDA, offer(2, regions=frozenset({"africa"})))
    anywhere = p.score(UGANDA, offer(3, regions=frozenset({p.ANYWHERE})))
    assert country.score > region.score > anywhere.score
    assert ("country", "UG") in country.reasons and ("region", "africa") not in country.reasons
    assert not any(kind == "region" for kind, _ in anywhere.reasons)


def test_the_area_alone_is_a_match_but_not_enough_to_tell_the_provider():
    alone = p.score(UGANDA, offer(1, availability=p.SOON))
    assert alone is not None and alone.score == 105 and not alone.notify


def test_a_provider_not_available_is_ranked_but_never_told():
    busy = p.score(UGANDA, offer(1, help_kinds=frozenset({"training", "advice"}), languages=frozenset({"fr"}),
                                 availability=p.NOT_NOW))
    assert busy.score >= p.NOTIFY_AT and not busy.notify


def test_a_need_whose_languages_are_confidential_matches_on_no_language():
    private = p.Need("CP-2024-0002", "forensics", "UG", "africa")  # its languages were marked confidential
    match = p.score(private, offer(1, languages=frozenset({"fr"})))
    assert not any(kind == "language" for kind, _ in match.reasons)


def test_ranking_is_best_first_then_by_provider():
    ranked = p.rank(UGANDA, [offer(3), offer(2, languages=frozenset({"fr"})), offer(1), offer(4, areas={"other"})])
    assert [o.provider for o, _ in ranked] == [2, 1, 3]


def test_an_answered_pair_keeps_its_state_and_an_untold_one_goes_when_it_no_longer_fits():
    match = p.score(UGANDA, offer(1))
    assert p.next_state(p.INTERESTED, None) == p.INTERESTED
    assert p.next_state(p.NOTIFIED, match) == p.NOTIFIED
    assert p.next_state(p.MATCHED, None) is None
    assert p.next_state(None, match) == p.MATCHED
    assert p.next_state(p.GONE, match) == p.MATCHED  # shared again


def test_every_state_is_in_exactly_one_regional_group_and_the_groups_hold_their_members():
    grouped = [code for codes in REGIONAL_GROUPS.values() for code in codes]
    assert sorted(grouped) == sorted(set(STATES_PARTIES) | set(OBSERVER_STATES) - {"VA"})
    assert [region_of(c) for c in ("ZM", "AO", "WS", "YE", "UA", "RU", "VE", "NI", "SM", "US", "BF", "AF", "AL",
                                   "AG", "AD")] == \
        ["africa", "africa", "asia_pacific", "asia_pacific", "eastern_europe", "eastern_europe", "latin_america",
         "latin_america", "weog", "weog", "africa", "asia_pacific", "eastern_europe", "latin_america", "weog"]
    assert region_of("IDLO") is None and region_of("VA") is None
