"""Loads reference and demo data into the database: delegations, calls for input, plenaries."""
from __future__ import annotations

from datetime import date

from bot import demo_data
from bot.delegations_data import CSOS, IGOS, OBSERVER_STATES, STATES_PARTIES
from bot.i18n import Reader
from storage.models import CallForInput, Delegation, Plenary


def seed_delegations(uow) -> int:
    """Adds missing delegations; running it twice changes nothing."""
    english = Reader("en")
    added = 0
    entries = ([(c, "state_party", english.territory(c)) for c in STATES_PARTIES]
               + [(c, "observer_state", english.territory(c)) for c in OBSERVER_STATES]
               + [(c, "igo", english.render(n)) for c, n in IGOS]
               + [(c, "cso", english.render(n)) for c, n in CSOS])
    for code, kind, name in entries:
        existing = uow.delegations.by_code(code)
        if existing is None:
            uow.delegations.add(Delegation(code=code, kind=kind, name=name))
            added += 1
        elif existing.kind != kind:
            existing.kind = kind
    return added


def seed_demo(uow, today: date) -> dict[str, int]:
    """Delegations, the documents' call for input and plenaries, and demo items dated from `today`.

    Running it again adds nothing from the documents and moves the demo items to the new today.
    """
    counts = {"delegations": seed_delegations(uow), "calls for input": 0, "plenaries": 0}
    for name, repo, model, rows in (("calls for input", uow.calls, CallForInput, demo_data.calls(today)),
                                    ("plenaries", uow.plenaries, Plenary, demo_data.plenaries(today))):
        for values in rows:
            existing = repo.by_code(values["code"])
            if existing is None:
                repo.add(model(**values))
                counts[name] += 1
            elif existing.demo:  # demo items follow the calendar; the documents' items never move
                for key, value in values.items():
                    setattr(existing, key, value)
    return counts
