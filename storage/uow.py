"""Unit of work: one session and its repositories; rolls back unless `commit()` is called."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from storage.providers import Matches, Providers
from storage.repositories import (
    Audit,
    Calls,
    Conversations,
    Delegations,
    Documents,
    Floors,
    Members,
    Memberships,
    Needs,
    Outbox,
    Plenaries,
    Processed,
    References,
    Reminders,
    Reports,
    Speakers,
)


class UnitOfWork:
    def __init__(self, sessions: sessionmaker):
        self._sessions = sessions

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.delegations = Delegations(self.session)
        self.members = Members(self.session)
        self.memberships = Memberships(self.session)
        self.conversations = Conversations(self.session)
        self.audit = Audit(self.session)
        self.processed = Processed(self.session)
        self.outbox = Outbox(self.session)
        self.calls = Calls(self.session)
        self.plenaries = Plenaries(self.session)
        self.speakers = Speakers(self.session)
        self.floors = Floors(self.session)
        self.needs = Needs(self.session)
        self.reports = Reports(self.session)
        self.documents = Documents(self.session)
        self.references = References(self.session)
        self.reminders = Reminders(self.session)
        self.providers = Providers(self.session)
        self.matches = Matches(self.session)
        self.committed = False
        # Outbox rows written in this unit of work, for the adapter to deliver right after the commit.
        self.outbox_ids: list[int] = []
        return self

    def __exit__(self, *exc) -> None:
        # Closing rolls back what was not committed; objects read here stay readable (a read needs no commit).
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
        self.committed = True

    def rollback(self) -> None:
        self.session.rollback()

    def ping(self) -> None:
        """One round trip to the database; Unavailable if it cannot be reached."""
        self.session.execute(select(1))
