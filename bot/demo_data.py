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

SEGMENTS = {
    "COOP-23": [
        {"code": "I", "title": "High-level political interventions"},
        {"code": "II", "title": "Technical interventions: ratifying the Agreement on Privileges and Immunities, "
                               "using the Court's cooperation tools, tracking persons subject to arrest warrants"},
    ],
    "COOP-18": [
        {"code": "I", "title": "Inter-State and regional initiatives"},
        {"code": "II", "title": "The Court's priorities and challenges"},
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
        # 5 December 2024, 15:00–17:00 (The Hague); requests before Wednesday evening 4 December
        # (taken as 18:00 The Hague); at most 2 minutes; first come, first served.
        dict(code="COOP-23", title="Plenary on cooperation, 23rd session", session=23,
             starts_at=at(date(2024, 12, 5), 15), ends_at=at(date(2024, 12, 5), 17), timezone=HAGUE,
             registration_deadline=at(date(2024, 12, 4), 18), max_minutes=2, segments=SEGMENTS["COOP-23"]),
        # 5 December 2019, two hours; register before Tuesday 3 December 2019; at most 3 minutes.
        dict(code="COOP-18", title="Plenary on cooperation, 18th session", session=18,
             starts_at=at(date(2019, 12, 5), 15), ends_at=at(date(2019, 12, 5), 17), timezone=HAGUE,
             registration_deadline=at(date(2019, 12, 3), 0), max_minutes=3, segments=SEGMENTS["COOP-18"]),
        dict(code="DEMO-PLENARY", title="Demo: plenary on cooperation (a few weeks ahead)", session=0,
             starts_at=at(ahead, 15), ends_at=at(ahead, 17), timezone=HAGUE,
             registration_deadline=at(ahead - timedelta(days=1), 18), max_minutes=2,
             segments=SEGMENTS["COOP-23"], demo=True),
    ]
