"""The rules of a need, as pure functions: its status machine, who may do what, references, deadlines.

Nothing here reads the database or the clock: callers pass in what the rule needs.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.policy import STATE_ROLES, Role, acts_for

SUBMITTED, UNDER_REVIEW, ON_HOLD, SHARED = "submitted", "under_review", "on_hold", "shared"
MATCHED, IN_PROGRESS, CLOSED, WITHDRAWN = "matched", "in_progress", "closed", "withdrawn"
ERASED = "erased"  # at the State's request: its content is gone, the record of who and when stays
STATUSES = (SUBMITTED, UNDER_REVIEW, ON_HOLD, SHARED, MATCHED, IN_PROGRESS, CLOSED, WITHDRAWN, ERASED)
FINAL = frozenset({WITHDRAWN, CLOSED, ERASED})
WAITING_FOR_REVIEW = (SUBMITTED, UNDER_REVIEW)

# The Secretariat's steps: step -> (status it sets, statuses it may be taken from).
REVIEW, SHARE, HOLD = "need:review", "need:share", "need:hold"
MARK_MATCHED, UNDER_WAY, CLOSE = "need:matched", "need:under-way", "need:close"
SECRETARIAT_MOVES: dict[str, tuple[str, frozenset[str]]] = {
    REVIEW: (UNDER_REVIEW, frozenset({SUBMITTED, ON_HOLD})),
    SHARE: (SHARED, frozenset({SUBMITTED, UNDER_REVIEW, ON_HOLD})),
    HOLD: (ON_HOLD, frozenset({SUBMITTED, UNDER_REVIEW, SHARED})),
    MARK_MATCHED: (MATCHED, frozenset({SHARED})),
    UNDER_WAY: (IN_PROGRESS, frozenset({MATCHED})),
    CLOSE: (CLOSED, frozenset({SUBMITTED, UNDER_REVIEW, ON_HOLD, SHARED, MATCHED, IN_PROGRESS})),
}


# Who may do what with a need, in one table. "state": a verified focal point or delegate of the need's own
# delegation; "secretariat": the Secretariat. Nobody else — another State, a person not yet verified, and an
# assistance provider, even one of the same State — may do any of it (what a provider sees of a need is the
# redacted view, shared by the Secretariat; that belongs to the providers' feature).
STATE, SECRETARIAT = "state", "secretariat"
VIEW, VERSIONS, EDIT, WITHDRAW, ANSWER, HEAR = "view", "versions", "edit", "withdraw", "answer", "hear"
ASK, DECIDE, LIST = "ask", "decide", "list"
WHO_MAY: dict[str, frozenset[str]] = {
    VIEW: frozenset({STATE, SECRETARIAT}),  # every answer, confidential ones included
    VERSIONS: frozenset({SECRETARIAT}),  # earlier versions of the answers
    EDIT: frozenset({STATE}),
    WITHDRAW: frozenset({STATE}),
    ANSWER: frozenset({STATE}),  # answer the Secretariat's question
    HEAR: frozenset({STATE}),  # be told of its status changes and of the Secretariat's questions
    ASK: frozenset({SECRETARIAT}),
    DECIDE: frozenset({SECRETARIAT}),  # review, share, hold, match, close
    LIST: frozenset({SECRETARIAT}),  # every State's needs in one table
}


def capacities(roles: Iterable[Role], secretariat: bool, delegation_id: int) -> frozenset[str]:
    """In which capacities a person stands towards one delegation's need."""
    held = {STATE} if acts_for(roles, delegation_id) else set()
    return frozenset(held | ({SECRETARIAT} if secretariat else set()))


def may(action: str, roles: Iterable[Role], secretariat: bool, delegation_id: int) -> bool:
    return bool(WHO_MAY[action] & capacities(roles, secretariat, delegation_id))


def hears(role: str) -> bool:
    """Whether a member of the need's delegation, in this role, is told about it: the State hears (WHO_MAY[HEAR]),
    and a provider membership is not the State."""
    return role in STATE_ROLES


@dataclass(frozen=True)
class Refused:
    """Why a step is not possible; the service words it for the person."""

    reason: str  # "final", "not_now", "no_consent"


def secretariat_step(step: str, status: str, consent: bool) -> str | Refused:
    """The status a Secretariat step leads to from `status`, or why it is refused."""
    target, allowed_from = SECRETARIAT_MOVES[step]
    if status not in allowed_from:
        return Refused("not_now")
    if target == SHARED and not consent:
        return Refused("no_consent")  # a State's need reaches providers only with its consent
    return target


def steps_open(status: str) -> list[str]:
    """The Secretariat's steps open from a status, in the order its buttons are shown."""
    return [step for step, (_target, allowed) in SECRETARIAT_MOVES.items() if status in allowed]


def changeable(status: str) -> bool:
    """The State may edit or withdraw a need until it is withdrawn or closed."""
    return status not in FINAL


def after_edit(status: str) -> str:
    """A changed need that providers could see is looked at again before they see it."""
    return UNDER_REVIEW if status in (SHARED, MATCHED) else status


def reference_prefix(submitted_at: datetime, zone: str) -> str:
    """References count per year of submission, on the Assembly's clock: CP-2024-0001, CP-2024-0002…"""
    return f"CP-{submitted_at.astimezone(ZoneInfo(zone)).year}"


def reference(prefix: str, number: int) -> str:
    return f"{prefix}-{number:04d}"


def call_open(opens_at: datetime, final_deadline: datetime, now: datetime) -> bool:
    """A call takes needs from its opening to its final deadline, both included."""
    return opens_at <= now <= final_deadline


def before_preliminary(preliminary: datetime | None, now: datetime) -> bool:
    return preliminary is not None and now <= preliminary
