"""Facts of the source documents used as demo data, plus a call and a plenary dated from today.

The documents' dates are past and kept exactly (tests pin the clock to them); the `DEMO-*` items
let a newcomer walk every flow today without being told "closed".
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import _

HAGUE = "Europe/Amsterdam"

TITLES = {
    "CP-2024": _("Complementarity platform: technical assistance needs (2024)"),
    "COOP-23": _("Plenary on cooperation, 23rd session"),
    "COOP-18": _("Plenary on cooperation, 18th session"),
    "DEMO-CALL": _("Demo: call for assistance needs (open now)"),
    "DEMO-PLENARY": _("Demo: plenary on cooperation (a few weeks ahead)"),
}

# Segment titles as the documents give them (the 2024 note is in French), translated through the catalog;
# a theme says who speaks there and on what.
SEGMENT_TITLES = {
    "La coopération est vitale pour la Cour": _("La coopération est vitale pour la Cour"),
    "Comment les États Parties peuvent-ils renforcer leur soutien à la Cour avec les outils existants ?":
        _("Comment les États Parties peuvent-ils renforcer leur soutien à la Cour avec les outils existants ?"),
    "Inter-State and regional initiatives on cooperation": _("Inter-State and regional initiatives on cooperation"),
    "The Court's priorities and challenges on cooperation": _("The Court's priorities and challenges on cooperation"),
}
SEGMENT_THEMES = {
    "high-level": _("High-level political interventions, including by Court officials."),
    "technical": _("Technical interventions by Court officials, national authorities and representatives of NGOs on "
                   "three questions: the Agreement on Privileges and Immunities protecting the Court; using the "
                   "Court's cooperation tools; tracking persons subject to arrest warrants. Other interested "
                   "participants may also speak."),
    "after-panel": _("After the panel, States Parties speak, then observers and civil society."),
}

SEGMENTS = {
    "COOP-23": [
        {"code": "I", "title": "La coopération est vitale pour la Cour", "language": "fr", "theme": "high-level"},
        {"code": "II", "title": "Comment les États Parties peuvent-ils renforcer leur soutien à la Cour avec les "
                               "outils existants ?", "language": "fr", "theme": "technical"},
    ],
    "COOP-18": [
        {"code": "I", "title": "Inter-State and regional initiatives on cooperation", "language": "en",
         "theme": "after-panel"},
        {"code": "II", "title": "The Court's priorities and challenges on cooperation", "language": "en",
         "theme": "after-panel"},
    ],
}


def at(day: date, hour: int, minute: int = 0, second: int = 0, tz: str = HAGUE) -> datetime:
    return datetime.combine(day, time(hour, minute, second), ZoneInfo(tz))


def end_of(day: date, tz: str = HAGUE) -> datetime:
    return at(day, 23, 59, 59, tz)


def calls(today: date) -> list[dict]:
    return [
        # ICC-ASP/23/SP/10 of 22 April 2024: preliminary answers by Monday 10 June 2024; answers
        # keep being received until Tuesday 1 October 2024 (The Hague).
        dict(code="CP-2024", title="Complementarity platform: technical assistance needs (2024)",
             reference="ICC-ASP/23/SP/10", opens_at=at(date(2024, 4, 22), 0),
             preliminary_deadline=end_of(date(2024, 6, 10)), final_deadline=end_of(date(2024, 10, 1)),
             timezone=HAGUE, demo=False),
        dict(code="DEMO-CALL", title="Demo: call for assistance needs (open now)", reference=None,
             opens_at=at(today - timedelta(days=7), 0), preliminary_deadline=end_of(today + timedelta(days=14)),
             final_deadline=end_of(today + timedelta(days=60)), timezone=HAGUE, demo=True),
    ]


def plenaries(today: date) -> list[dict]:
    ahead = today + timedelta(days=21)
    return [
        # 5 December 2024, 15:00–17:00 (The Hague), co-chaired by the ambassadors of Senegal and France; requests
        # « avant mercredi soir, 4 décembre 2024 », taken as 18:00 in The Hague (a request by then is before the
        # evening); later ones are not considered; at most 2 minutes; first come, first served.
        dict(code="COOP-23", title="Plenary on cooperation, 23rd session", session=23, held_on=date(2024, 12, 5),
             starts_at=at(date(2024, 12, 5), 15), ends_at=at(date(2024, 12, 5), 17), duration_minutes=120,
             timezone=HAGUE, registration_deadline=at(date(2024, 12, 4), 18), max_minutes=2,
             segments=SEGMENTS["COOP-23"]),
        # 5 December 2019, two hours in all (the start is not given, so none is invented); register before Tuesday
        # 3 December 2019 (its first instant in The Hague); at most 3 minutes.
        dict(code="COOP-18", title="Plenary on cooperation, 18th session", session=18, held_on=date(2019, 12, 5),
             starts_at=None, ends_at=None, duration_minutes=120, timezone=HAGUE,
             registration_deadline=at(date(2019, 12, 3), 0), max_minutes=3, segments=SEGMENTS["COOP-18"]),
        dict(code="DEMO-PLENARY", title="Demo: plenary on cooperation (a few weeks ahead)", session=0,
             held_on=ahead, starts_at=at(ahead, 15), ends_at=at(ahead, 17), duration_minutes=120, timezone=HAGUE,
             registration_deadline=at(ahead - timedelta(days=1), 18), max_minutes=2,
             segments=SEGMENTS["COOP-23"], demo=True),
    ]
