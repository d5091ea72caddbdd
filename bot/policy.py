"""Rules every feature shares: who acts for a State Party, who is the Secretariat. Pure: no I/O, no clock."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.errors import Refusal
from bot.i18n import Msg, _

# The roles through which a person acts for their State: what it asks for, reports and registers.
STATE_ROLES = ("focal_point", "delegate")


@dataclass(frozen=True)
class Role:
    """One of a person's memberships, as the rules need it (a snapshot, not a database row)."""

    membership_id: int
    delegation_id: int
    delegation_code: str
    delegation_kind: str
    role: str
    status: str
    email: str | None = None


def approved(roles: Iterable[Role], *names: str) -> list[Role]:
    """The verified memberships, of the given roles if any are named."""
    return [r for r in roles if r.status == "approved" and (not names or r.role in names)]


def require_verified(roles: Sequence[Role], *names: str) -> list[Role]:
    """The memberships through which a person may act; a refusal until the Secretariat verified one."""
    allowed = approved(roles, *names)
    if not allowed:
        if any(r.status == "pending" for r in roles):
            raise Refusal(_("The Secretariat has not yet confirmed whom you represent. You can act for a "
                            "delegation once it has."))
        raise Refusal(_("You do not represent any delegation yet. Type /asp join to register."))
    return allowed


def state_party_role(roles: Sequence[Role]) -> Role | None:
    """The verified membership through which a person acts for a State Party, if they have one."""
    for role in approved(roles, *STATE_ROLES):
        if role.delegation_kind == "state_party":
            return role
    return None


def require_state_party_role(roles: Sequence[Role]) -> Role:
    require_verified(roles, *STATE_ROLES)
    role = state_party_role(roles)
    if role is None:
        raise Refusal(_("Needs for assistance are registered by the focal points and delegates of States Parties."))
    return role


def acts_for(roles: Iterable[Role], delegation_id: int) -> bool:
    """A verified focal point or delegate of this delegation (an assistance provider does not act for it)."""
    return any(r.delegation_id == delegation_id for r in approved(roles, *STATE_ROLES))


def require_secretariat(secretariat: bool, refusal: Msg) -> None:
    if not secretariat:
        raise Refusal(refusal)


def reminder_topic(call_code: str, delegation_code: str) -> str:
    """The outbox topic of a delegation's reminders for a call: its submission cancels the pending ones by it."""
    return f"remind:{call_code}:{delegation_code}"
