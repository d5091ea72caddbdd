"""Onboarding rules: when a request is new, and what a Secretariat decision may change. Pure functions."""
from __future__ import annotations

from collections.abc import Iterable

from bot.policy import Role

PENDING, APPROVED, DECLINED = "pending", "approved", "declined"
REVOKED = "revoked"  # approved once, ended by the Secretariat


def same_request(roles: Iterable[Role], delegation_code: str, role: str) -> Role | None:
    """A request already on file (waiting or approved) for the same delegation and role; asking twice sends nothing."""
    for existing in roles:
        if existing.delegation_code == delegation_code and existing.role == role \
                and existing.status in (PENDING, APPROVED):
            return existing
    return None


def decided(status: str, approve: bool) -> str | None:
    """The status a decision sets, or None when the request was already decided (the first decision wins)."""
    if status != PENDING:
        return None
    return APPROVED if approve else DECLINED
