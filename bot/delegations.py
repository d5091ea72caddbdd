"""Delegations as people pick and read them: kinds, choices per kind, and a delegation's name for a reader."""
from __future__ import annotations

from functools import cache

from bot.delegations_data import CSOS, IGOS, OBSERVER_STATES, STATES_PARTIES
from bot.i18n import Territory, _
from bot.replies import Choice

KINDS = {
    "state_party": _("State Party"),
    "observer_state": _("Observer State"),
    "igo": _("Intergovernmental organisation"),
    "cso": _("Civil society organisation"),
}


@cache  # asked at every step of onboarding; the lists are data and their items immutable
def delegation_choices(kind: str) -> tuple[Choice, ...]:
    if kind == "state_party":
        return tuple(Choice(code, Territory(code)) for code in STATES_PARTIES)
    if kind == "observer_state":
        return tuple(Choice(code, Territory(code)) for code in OBSERVER_STATES)
    if kind == "igo":
        return tuple(Choice(code, name) for code, name in IGOS)
    if kind == "cso":
        return tuple(Choice(code, name) for code, name in CSOS)
    return ()


def delegation_named(word: str, reader) -> str | None:
    """The code of the delegation named by its code or its name in the reader's language or English (UG, Uganda,
    Ouganda for a French reader); None when none is."""
    from bot.engine.parsing import fold, label_texts  # parsing reads choices: imported where it is used
    folded = fold(word)
    for kind in KINDS:
        for choice in delegation_choices(kind):
            if folded == fold(choice.value) or folded in label_texts(choice, reader):
                return choice.value
    return None


def delegation_label(code: str):
    for kind in KINDS:
        for choice in delegation_choices(kind):
            if choice.value == code:
                return choice.label
    return code
