"""The reference data of delegations: known State codes, no duplicates, the 125 States Parties."""
from __future__ import annotations

import re

import pytest
from babel import Locale

from bot.delegations_data import CSOS, IGOS, OBSERVER_STATES, STATES_PARTIES

STATES = STATES_PARTIES + OBSERVER_STATES


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_state_is_a_known_territory(language):
    territories = Locale.parse(language).territories
    unknown = [code for code in STATES if code not in territories]
    assert unknown == []


def test_state_codes_are_iso_alpha2():
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in STATES)


def test_no_duplicate_states():
    assert len(set(STATES_PARTIES)) == len(STATES_PARTIES)
    assert len(set(OBSERVER_STATES)) == len(OBSERVER_STATES)


def test_states_parties_and_observers_do_not_overlap():
    assert set(STATES_PARTIES) & set(OBSERVER_STATES) == set()


def test_125_states_parties():
    assert len(STATES_PARTIES) == 125


def test_observers_are_the_other_un_members_and_the_holy_see():
    # 193 UN members, of which 123 are States Parties (the Cook Islands and Palestine are not members).
    assert len(OBSERVER_STATES) == 193 - (125 - 2) + 1
    assert "VA" in OBSERVER_STATES


@pytest.mark.parametrize("code", ["NL", "UG", "AU", "FR", "UA", "AM", "PS", "CK", "KI"])
def test_known_states_parties(code):
    assert code in STATES_PARTIES


@pytest.mark.parametrize("code", ["US", "CN", "RU", "IN", "IL", "BI", "PH"])
def test_known_observer_states(code):
    assert code in OBSERVER_STATES


@pytest.mark.parametrize("kind", [IGOS, CSOS], ids=["igos", "csos"])
def test_organization_codes_are_uppercase_ascii(kind):
    assert kind, "expected some organizations"
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]*", code) for code, _name in kind)


def test_organization_codes_are_unique_and_apart_from_states():
    codes = [code for code, _name in IGOS + CSOS]
    assert len(set(codes)) == len(codes)
    assert set(codes) & set(STATES) == set()


@pytest.mark.parametrize("code", ["UN", "EU", "CICC"])
def test_known_organizations(code):
    assert code in {c for c, _name in IGOS + CSOS}


def test_organization_names_are_distinct_messages():
    names = [getattr(name, "id", name) for _code, name in IGOS + CSOS]
    assert all(isinstance(n, str) and n.strip() for n in names)
    assert len(set(names)) == len(names)
