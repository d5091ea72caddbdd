"""Repositories: one per aggregate, 2.0-style queries, no business rules."""
from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar, cast

from sqlalchemy import (
    CursorResult,
    Row,
    String,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import (
    AuditEvent,
    CallForInput,
    Conversation,
    Delegation,
    Document,
    Floor,
    Member,
    Membership,
    Need,
    NeedMessage,
    NeedVersion,
    OutboxMessage,
    Plenary,
    ProcessedEvent,
    ReferenceCounter,
    ReminderChoice,
    Report,
    Speaker,
)


class Delegations:
    def __init__(self, session: Session):
        self.s = session

    def by_code(self, code: str) -> Delegation | None:
        return self.s.scalar(select(Delegation).where(Delegation.code == code))

    def get(self, delegation_id: int) -> Delegation | None:
        return self.s.get(Delegation, delegation_id)

    def of_kind(self, kind: str) -> Sequence[Delegation]:
        return self.s.scalars(select(Delegation).where(Delegation.kind == kind).order_by(Delegation.code)).all()

    def add(self, delegation: Delegation) -> Delegation:
        self.s.add(delegation)
        self.s.flush()
        return delegation

    def count(self) -> int:
        return self.s.scalar(select(func.count(Delegation.id))) or 0


def _insert(session: Session) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (both databases we run on have it)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise LookupError(f"aspbot needs PostgreSQL or SQLite, not {dialect}")


class Members:
    def __init__(self, session: Session):
        self.s = session

    def find(self, channel: str, workspace: str, user_key: str) -> Member | None:
        return self.s.scalar(select(Member).where(Member.channel == channel, Member.workspace == workspace,
                                                  Member.user_key == user_key))

    def with_memberships(self, channel: str, workspace: str, user_key: str) -> Sequence[Row]:
        """A person with every membership and its delegation, as plain rows in one statement (one row per
        membership; one row of NULL memberships for a person without any; none for a stranger)."""
        return self.s.execute(_PERSON, {"channel": channel, "workspace": workspace, "user_key": user_key}).all()

    def ensure(self, channel: str, workspace: str, user_key: str, at: datetime) -> Member:
        """The person's row, made if missing. Two requests of a new person at once (a DM while the Home tab
        opens) both get the one row: the insert yields to a row another transaction made, never a conflict."""
        found = self.find(channel, workspace, user_key)
        if found is not None:
            return found
        table: Any = Member.__table__
        self.s.execute(_insert(self.s)(table).values(channel=channel, workspace=workspace, user_key=user_key,
                                                     created_at=at)
                       .on_conflict_do_nothing(index_elements=[table.c.channel, table.c.workspace,
                                                               table.c.user_key]))
        member = self.find(channel, workspace, user_key)
        if member is None:  # inserted here, or committed by the other transaction the insert waited for
            raise LookupError(f"member {channel}:{workspace}:{user_key} neither inserted nor found")
        return member

    def named(self, name: str) -> Sequence[Member]:
        """People whose display name or user key is `name`, whatever its case (an "@amina" typed in a filter)."""
        wanted = name.strip().lower()
        return self.s.scalars(select(Member).where(or_(func.lower(Member.display_name) == wanted,
                                                       func.lower(Member.user_key) == wanted))
                              .order_by(Member.id)).all()

    def get(self, member_id: int) -> Member | None:
        return self.s.get(Member, member_id)

    def add(self, member: Member) -> Member:
        self.s.add(member)
        self.s.flush()
        return member


# Built once: this query runs on every request, and building a select costs more than running it on SQLite.
_PERSON = (select(Member.id.label("member_id"), Member.display_name, Member.language, Member.profile_locale,
                  Member.timezone, Member.profile_checked_at, Membership.id.label("membership_id"),
                  Membership.role, Membership.status, Membership.email, Delegation.id.label("delegation_id"),
                  Delegation.code, Delegation.kind)
           .outerjoin(Membership, Membership.member_id == Member.id)
           .outerjoin(Delegation, Delegation.id == Membership.delegation_id)
           .where(Member.channel == bindparam("channel"), Member.workspace == bindparam("workspace"),
                  Member.user_key == bindparam("user_key"))
           .order_by(Membership.id))


class Memberships:
    def __init__(self, session: Session):
        self.s = session

    def add(self, membership: Membership) -> Membership:
        self.s.add(membership)
        self.s.flush()
        return membership

    def get(self, membership_id: int, *, for_update: bool = False) -> Membership | None:
        query = select(Membership).where(Membership.id == membership_id)
        if for_update:
            query = query.with_for_update()
        return self.s.scalar(query)

    def last_to(self, recipient_id: int) -> tuple[str | None, datetime] | None:
        """The topic and time of the newest message to a person: what a bare "yes" they type answers."""
        row = self.s.execute(select(OutboxMessage.topic, OutboxMessage.created_at)
                             .where(OutboxMessage.recipient_id == recipient_id)
                             .order_by(OutboxMessage.id.desc()).limit(1)).first()
        return (row.topic, row.created_at) if row is not None else None

    def pending_count(self) -> int:
        return self.s.scalar(select(func.count(Membership.id)).where(Membership.status == "pending")) or 0

    def pending(self, limit: int = 20, offset: int = 0) -> Sequence[Membership]:
        return self.s.scalars(select(Membership).where(Membership.status == "pending")
                              .order_by(Membership.id).limit(limit).offset(offset)).all()

    def of_delegation(self, delegation_id: int, status: str = "approved") -> Sequence[Membership]:
        return self.s.scalars(select(Membership).where(Membership.delegation_id == delegation_id,
                                                       Membership.status == status).order_by(Membership.id)).all()

    def of_member(self, member_id: int, status: str | None = None) -> Sequence[Membership]:
        query = select(Membership).where(Membership.member_id == member_id)
        if status:
            query = query.where(Membership.status == status)
        return self.s.scalars(query.order_by(Membership.id)).all()


_ACTIVE_QUERY = (select(Conversation).where(Conversation.member_id == bindparam("member_id"),
                                            Conversation.status == "active")
                 .order_by(Conversation.id.desc()).limit(1))
_ACTIVE = {False: _ACTIVE_QUERY, True: _ACTIVE_QUERY.with_for_update()}  # built once: it runs at every step


class Conversations:
    def __init__(self, session: Session):
        self.s = session

    def active(self, member_id: int, *, for_update: bool = False) -> Conversation | None:
        return self.s.scalar(_ACTIVE[for_update], {"member_id": member_id})

    def erase_mentioning(self, member_ids: Iterable[int], texts: Sequence[str]) -> int:
        """The forms of these people that hold one of `texts` forget their answers; one in progress ends."""
        found = [c for c in self.s.scalars(select(Conversation).where(Conversation.member_id.in_(list(member_ids))))
                 if _mentions(json_text(c.state), texts)]
        for conversation in found:
            conversation.state = {**conversation.state, "answers": {}, "confidential": [], "history": [],
                                  "shown": [], "pending": [], "context": {}}
            if conversation.status == "active":
                conversation.status = "cancelled"
        return len(found)

    def add(self, conversation: Conversation) -> Conversation:
        self.s.add(conversation)
        self.s.flush()
        return conversation


class Audit:
    def __init__(self, session: Session):
        self.s = session

    def record(self, at: datetime, actor_id: int | None, action: str, subject: str,
               before: dict | None = None, after: dict | None = None) -> None:
        self.s.add(AuditEvent(at=at, actor_id=actor_id, action=action, subject=subject, before=before, after=after))

    def count_since(self, actor_id: int, action: str, since: datetime) -> int:
        return self.s.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.actor_id == actor_id, AuditEvent.action == action, AuditEvent.at >= since)) or 0

    def by_action(self, action: str) -> Sequence[AuditEvent]:
        return self.s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()

    def erase_mentioning(self, texts: Sequence[str], since: datetime) -> int:
        """What was written before and after each change since `since` that repeats one of `texts` goes (every
        such row is opened: sealed values cannot be searched in SQL); who, what, which item and when stay."""
        found = [e for e in self.s.scalars(select(AuditEvent).where(AuditEvent.at >= since).execution_options(
            yield_per=500)) if _mentions(json_text(e.before, e.after), texts)]
        for event in found:
            event.before = event.after = None
        return len(found)

    def for_subject(self, subject: str) -> Sequence[AuditEvent]:
        return self.s.scalars(select(AuditEvent).where(AuditEvent.subject == subject).order_by(AuditEvent.id)).all()

    def page(self, *, actors: Sequence[int] | None = None, item: str | None = None,
             delegation: Delegation | None = None, limit: int = 20,
             before_id: int | None = None) -> Sequence[AuditEvent]:
        """Events newest first (older than `before_id`): by these people, about one item (its reference or code,
        whatever kind it is: need:CP-…, plenary:COOP-23:I…), or about a delegation (its needs, reports,
        memberships and provider profile, and what its verified people did)."""
        query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        if before_id is not None:
            query = query.where(AuditEvent.id < before_id)
        if actors is not None:
            query = query.where(AuditEvent.actor_id.in_(list(actors)))
        if item is not None:
            query = query.where(or_(AuditEvent.subject.endswith(f":{item}", autoescape=True),
                                    AuditEvent.subject.contains(f":{item}:", autoescape=True)))
        if delegation is not None:
            query = query.where(or_(
                AuditEvent.subject.in_(select(literal("need:") + Need.reference)
                                       .where(Need.delegation_id == delegation.id)),
                AuditEvent.subject.in_(select(literal("report:") + Report.reference)
                                       .where(Report.delegation_id == delegation.id)),
                AuditEvent.subject.in_(select(literal("membership:") + sql_cast(Membership.id, String))
                                       .where(Membership.delegation_id == delegation.id)),
                AuditEvent.subject == f"provider:{delegation.code}",
                AuditEvent.actor_id.in_(select(Membership.member_id).where(
                    Membership.delegation_id == delegation.id, Membership.status == "approved"))))
        return self.s.scalars(query).all()


_PROCESSED: Any = ProcessedEvent.__table__
_PROCESSED_INSERT = insert(_PROCESSED)


def json_text(*values: Any) -> str:
    return json.dumps(values, ensure_ascii=False)


def _mentions(text: str | None, texts: Sequence[str]) -> bool:
    """Whether `text` holds one of `texts`, as typed or as JSON writes it (quotes and backslashes escaped)."""
    if not text:
        return False
    return any(t in text or json.dumps(t, ensure_ascii=False)[1:-1] in text for t in texts)


class Processed:
    """Inbound idempotency: `claim` adds the key; a duplicate fails there (or at commit) with Conflict."""

    def __init__(self, session: Session):
        self.s = session

    def seen(self, key: str) -> bool:
        return self.s.get(ProcessedEvent, key) is not None

    def claim(self, key: str, at: datetime) -> None:
        self.s.execute(_PROCESSED_INSERT, {"key": key, "at": at})


@dataclass(frozen=True)
class Recipient:
    """The person an outbox row is for, as read with the row: who they are and how they read."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("id", "channel", "workspace", "user_key", "display_name", "language",
                                          "profile_locale", "timezone", "profile_checked_at")
    id: int
    channel: str
    workspace: str
    user_key: str
    display_name: str | None
    language: str | None
    profile_locale: str | None
    timezone: str | None
    profile_checked_at: datetime | None


@dataclass(frozen=True)
class Claimed:
    """An outbox row taken for sending: only the holder of `claim_token` may mark it sent or failed."""

    id: int
    claim_token: str
    recipient: Recipient
    body: str
    attempts: int
    reclaimed: bool  # an earlier try may have landed unrecorded: look before posting again
    created_at: datetime
    scheduled: bool = False  # planned (a reminder): it waits for the send budget; a reply does not
    together: str | None = None  # the others in the conversation it goes to ("U1,U2"); none: the DM


# Writes go to the table, not the mapped class: an UPDATE through the ORM takes its bulk-persistence path,
# which costs more than the statement (py-spy, bench.concurrent).
_OUTBOX: Any = OutboxMessage.__table__
_C = _OUTBOX.c
_M: Any = Member.__table__


# The outbox's hot statements, built once (building a select costs more than running it on SQLite). A row is
# takeable when due, or left 'sending' past its lease; it waits while an older row to the same person is unsent
# and not takeable in the same claim (with `ids`, only those rows count as taken together).
def _takeable(row) -> Any:
    return (((row.status == "pending") & (row.not_before <= bindparam("now")))
            | ((row.status == "sending") & (row.claimed_at < bindparam("stale_before"))))


def _claimable(with_ids: bool, with_recipients: bool):
    older = _OUTBOX.alias("older")
    older_takeable = _takeable(older.c)
    if with_ids:
        older_takeable = older_takeable & older.c.id.in_(bindparam("ids", expanding=True))
    waits = exists().where(older.c.recipient_id == _C.recipient_id, older.c.id < _C.id,
                           older.c.status.in_(("pending", "sending")), ~older.c.scheduled, ~older_takeable)
    # Plain columns, not mapped objects: loading ORM instances cost more than the query (py-spy).
    query = (select(_C.id, _C.body, _C.status, _C.attempts, _C.reclaimed, _C.created_at, _C.scheduled, _C.together,
                    *(_M.c[name].label(f"m_{name}") for name in Recipient.COLUMNS))
             .join_from(_OUTBOX, _M, _M.c.id == _C.recipient_id)
             .where(_takeable(_C), ~waits))
    if with_ids:
        query = query.where(_C.id.in_(bindparam("ids", expanding=True)))
    if with_recipients:
        query = query.where(_C.recipient_id.in_(bindparam("recipients", expanding=True)))
    # PostgreSQL: replicas skip each other's rows. SQLite: no locks; the UPDATE in `claim` decides alone.
    return query.order_by(_C.id).limit(bindparam("limit")).with_for_update(skip_locked=True, of=_OUTBOX)


_CLAIMABLE = {(ids, recipients): _claimable(ids, recipients) for ids in (False, True) for recipients in (False, True)}
_TAKE = (update(_OUTBOX).where(_C.id.in_(bindparam("taken", expanding=True)), _takeable(_C))
         .values(status="sending", claimed_at=bindparam("now", type_=_C.claimed_at.type),
                 claim_token=bindparam("token"),
                 reclaimed=case((_C.status == "sending", true()), else_=_C.reclaimed))
         .returning(_C.id))
_HELD = (_C.id == bindparam("row_id")) & (_C.claim_token == bindparam("held_token")) & (_C.status == "sending")
_MARK_SENT = update(_OUTBOX).where(_HELD).values(
    status="sent", sent_at=bindparam("at", type_=_C.sent_at.type), attempts=_C.attempts + 1,
    conversation=bindparam("where_conversation"), message_ref=bindparam("where_message"), claim_token=None)


_DUE_FOR = (select(_C.recipient_id).distinct()
            .where(_C.recipient_id.in_(bindparam("recipients", expanding=True)), _C.status == "pending",
                   _C.not_before <= bindparam("now", type_=_C.not_before.type)))
_OUTBOX_INSERT = insert(_OUTBOX).returning(_C.id)


@dataclass(frozen=True)
class Added:
    id: int


class Outbox:
    def __init__(self, session: Session):
        self.s = session

    def add(self, recipient_id: int, body: str, at: datetime, dedupe_key: str | None = None,
            topic: str | None = None, together: Sequence[str] = ()) -> Added:
        """A pending row, written at once (a dedupe key already taken is a Conflict here)."""
        row_id = self.s.execute(_OUTBOX_INSERT, {
            "recipient_id": recipient_id, "body": body, "status": "pending", "attempts": 0, "not_before": at,
            "created_at": at, "dedupe_key": dedupe_key, "topic": topic, "reclaimed": False,
            "scheduled": False, "together": ",".join(together) or None}).scalar_one()
        return Added(row_id)

    def claim(self, now: datetime, *, ids: Iterable[int] | None = None, recipients: Iterable[int] | None = None,
              limit: int = 20, stale_after: timedelta = timedelta(minutes=5)) -> list[Claimed]:
        """Take due rows for sending, each by exactly one caller on every database, a person's in their order.

        One conditional UPDATE stamps a fresh token on the rows it takes: a row another caller took a moment
        ago no longer matches (on SQLite the UPDATE holds the only write lock; on PostgreSQL SKIP LOCKED lets
        replicas share the work and the WHERE is re-checked on the locked row). The caller sends with the token.
        A row waits while an older row to the same person is unsent and not taken in the same claim.
        A row left 'sending' by a stopped process is taken again with `reclaimed` set: the sender first looks
        whether it had already landed, so that it is not posted twice.
        """
        token = uuid.uuid4().hex
        params: dict[str, Any] = {"now": now, "stale_before": now - stale_after, "limit": limit}
        if ids is not None:
            params["ids"] = list(ids)
        if recipients is not None:
            params["recipients"] = list(recipients)
        statement = _CLAIMABLE[(ids is not None, recipients is not None)]
        rows = self.s.execute(statement, params).all()
        if not rows:
            return []
        taken = set(self.s.scalars(_TAKE, {**params, "taken": [r.id for r in rows], "token": token}).all())
        return [Claimed(r.id, token, Recipient(*(getattr(r, f"m_{name}") for name in Recipient.COLUMNS)), r.body,
                        r.attempts, r.reclaimed or r.status == "sending", r.created_at, bool(r.scheduled),
                        r.together)
                for r in rows if r.id in taken]

    def due_for(self, recipients: Iterable[int], now: datetime) -> set[int]:
        """Which of these people have a row due now (one that waited while an earlier one was sent)."""
        return set(self.s.scalars(_DUE_FOR, {"recipients": list(recipients), "now": now}).all())

    def get(self, row_id: int) -> OutboxMessage | None:
        return self.s.get(OutboxMessage, row_id)

    def _held(self, row_id: int, token: str):
        return update(_OUTBOX).where(_C.id == row_id, _C.claim_token == token, _C.status == "sending")

    def mark_sent(self, row_id: int, token: str, at: datetime, conversation: str | None,
                  message_ref: str | None) -> bool:
        """False when the claim was no longer ours (it went stale and was taken again)."""
        result = cast(CursorResult, self.s.execute(_MARK_SENT, {
            "row_id": row_id, "held_token": token, "at": at, "where_conversation": conversation,
            "where_message": message_ref}))
        return result.rowcount == 1

    def release(self, row_ids: Sequence[int], token: str, not_before: datetime) -> None:
        """Give claimed rows back untouched, to be sent after `not_before` (a 429's Retry-After)."""
        self.s.execute(update(_OUTBOX).where(_C.id.in_(list(row_ids)), _C.claim_token == token,
                                             _C.status == "sending").values(
            status="pending", not_before=not_before, claimed_at=None, claim_token=None))

    def mark_failed(self, row_id: int, token: str, error: str, retry_at: datetime | None) -> None:
        """A failed send: retried at `retry_at`, or given up (status 'failed') when there is none."""
        self.s.execute(self._held(row_id, token).values(
            attempts=_C.attempts + 1, last_error=error[:500], claimed_at=None, claim_token=None,
            reclaimed=True,  # a send that raised (a timeout) may still have landed: the next try looks first
            status="pending" if retry_at is not None else "failed",
            not_before=retry_at if retry_at is not None else _C.not_before))

    def for_recipient(self, recipient_id: int) -> Sequence[OutboxMessage]:
        return self.s.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == recipient_id)
                              .order_by(OutboxMessage.id)).all()

    def topic_of_thread(self, recipient_id: int, message_ref: str) -> str | None:
        """The topic of the message a person replied to in its thread, found by the message's id."""
        return self.s.scalar(select(OutboxMessage.topic).where(OutboxMessage.recipient_id == recipient_id,
                                                               OutboxMessage.message_ref == message_ref,
                                                               OutboxMessage.topic.is_not(None)).limit(1))

    def last_to(self, recipient_id: int) -> tuple[str | None, datetime] | None:
        """The topic and time of the newest message to a person: what a bare "yes" they type answers."""
        row = self.s.execute(select(OutboxMessage.topic, OutboxMessage.created_at)
                             .where(OutboxMessage.recipient_id == recipient_id)
                             .order_by(OutboxMessage.id.desc()).limit(1)).first()
        return (row.topic, row.created_at) if row is not None else None

    def pending_count(self) -> int:
        return self.s.scalar(select(func.count(OutboxMessage.id))
                             .where(OutboxMessage.status.in_(("pending", "sending")))) or 0

    def last_id(self) -> int:
        return self.s.scalar(select(func.max(OutboxMessage.id))) or 0

    def erase_mentioning(self, texts: Sequence[str], up_to: int, body: str) -> int:
        """Messages up to row `up_to` that repeat one of `texts` keep only `body`; those not yet sent go no
        further. Every body is opened, sealed ones cannot be searched in SQL."""
        found = [row.id for row in self.s.execute(select(OutboxMessage.id, OutboxMessage.body)
                                                  .where(OutboxMessage.id <= up_to)
                                                  .execution_options(yield_per=500)) if _mentions(row.body, texts)]
        for start in range(0, len(found), 500):
            ids = found[start:start + 500]
            self.s.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids),
                                                       OutboxMessage.status.in_(("pending", "failed")))
                           .values(status="cancelled"))
            self.s.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(body=body))
        return len(found)

    def health(self, now: datetime, reasons: int = 3) -> tuple[int, int, int, list[tuple[str, int]]]:
        """Messages due and not sent, planned for later, failed for good, and the commonest reasons of failure."""
        waiting = OutboxMessage.status.in_(("pending", "sending"))
        due = self.s.scalar(select(func.count(OutboxMessage.id)).where(waiting, OutboxMessage.not_before <= now)) or 0
        later = self.s.scalar(select(func.count(OutboxMessage.id)).where(waiting, OutboxMessage.not_before > now)) or 0
        failed = self.s.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "failed")) or 0
        common = self.s.execute(select(OutboxMessage.last_error, func.count(OutboxMessage.id).label("n"))
                                .where(OutboxMessage.status == "failed").group_by(OutboxMessage.last_error)
                                .order_by(func.count(OutboxMessage.id).desc(), OutboxMessage.last_error)
                                .limit(reasons)).all()
        return due, later, failed, [(r.last_error or "?", r.n) for r in common]


class Calls:
    def __init__(self, session: Session):
        self.s = session

    def by_code(self, code: str) -> CallForInput | None:
        return self.s.scalar(select(CallForInput).where(CallForInput.code == code))

    def get(self, call_id: int) -> CallForInput | None:
        return self.s.get(CallForInput, call_id)

    def add(self, call: CallForInput) -> CallForInput:
        self.s.add(call)
        self.s.flush()
        return call

    def all(self) -> Sequence[CallForInput]:
        return self.s.scalars(select(CallForInput).order_by(CallForInput.final_deadline.desc())).all()

    def latest_closed(self, now: datetime, form: str | None = None) -> CallForInput | None:
        query = select(CallForInput).where(CallForInput.final_deadline < now)
        if form is not None:
            query = query.where(CallForInput.form == form)
        return self.s.scalar(query.order_by(CallForInput.final_deadline.desc()).limit(1))

    def open_at(self, now: datetime, form: str | None = None) -> Sequence[CallForInput]:
        """Calls open at `now`, soonest deadline first; with `form`, only those that form answers."""
        query = select(CallForInput).where(CallForInput.opens_at <= now, CallForInput.final_deadline >= now)
        if form is not None:
            query = query.where(CallForInput.form == form)
        return self.s.scalars(query.order_by(CallForInput.final_deadline)).all()


class Plenaries:
    def __init__(self, session: Session):
        self.s = session

    def by_code(self, code: str) -> Plenary | None:
        return self.s.scalar(select(Plenary).where(Plenary.code == code))

    def add(self, plenary: Plenary) -> Plenary:
        self.s.add(plenary)
        self.s.flush()
        return plenary

    def all(self) -> Sequence[Plenary]:
        return self.s.scalars(select(Plenary).order_by(Plenary.registration_deadline.desc())).all()

    def ahead_of(self, now: datetime) -> Sequence[Plenary]:
        """Plenaries whose list is open or whose day has not passed: what their planned messages are about."""
        return self.s.scalars(select(Plenary).where(
            (Plenary.registration_deadline >= now) | (Plenary.starts_at >= now)).order_by(Plenary.id)).all()

    def registering_at(self, now: datetime) -> Sequence[Plenary]:
        return self.s.scalars(select(Plenary).where(Plenary.registration_deadline >= now)
                              .order_by(Plenary.registration_deadline)).all()


class Speakers:
    """Requests to speak: one per delegation and segment while it stands (its slot), late attempts kept."""

    def __init__(self, session: Session):
        self.s = session

    def register(self, speaker: Speaker) -> Speaker | None:
        """The request, or None when the delegation already holds the slot (a colleague a moment earlier)."""
        values = {c.name: getattr(speaker, c.name) for c in Speaker.__table__.columns if c.name != "id"}
        row_id = self.s.scalar(_insert(self.s)(Speaker.__table__).values(**values)
                               .on_conflict_do_nothing(index_elements=["slot"]).returning(Speaker.__table__.c.id))
        return self.s.get(Speaker, row_id) if row_id is not None else None

    def add(self, speaker: Speaker) -> Speaker:
        self.s.add(speaker)
        self.s.flush()
        return speaker

    def holding(self, slot: str, for_update: bool = False) -> Speaker | None:
        query = select(Speaker).where(Speaker.slot == slot)
        return self.s.scalar(query.with_for_update() if for_update else query)

    def of_segment(self, plenary_id: int, segment: str, status: str = "registered") -> Sequence[Speaker]:
        return self.s.scalars(select(Speaker).where(Speaker.plenary_id == plenary_id, Speaker.segment == segment,
                                                    Speaker.status == status).order_by(Speaker.id)).all()

    def of_plenary(self, plenary_id: int) -> Sequence[Speaker]:
        return self.s.scalars(select(Speaker).where(Speaker.plenary_id == plenary_id).order_by(Speaker.id)).all()

    def counts(self, plenary_ids: Iterable[int]) -> dict[tuple[int, str], int]:
        """Registrations standing, by (plenary, segment)."""
        rows = self.s.execute(select(Speaker.plenary_id, Speaker.segment, func.count(Speaker.id).label("n"))
                              .where(Speaker.plenary_id.in_(list(plenary_ids)), Speaker.status == "registered")
                              .group_by(Speaker.plenary_id, Speaker.segment)).all()
        return {(r.plenary_id, r.segment): r.n for r in rows}

    def of_delegations(self, delegation_ids: Iterable[int]) -> Sequence[Speaker]:
        return self.s.scalars(select(Speaker).where(Speaker.delegation_id.in_(list(delegation_ids)),
                                                    Speaker.status == "registered").order_by(Speaker.id)).all()


class Floors:
    """Countdowns at the floor: one live per plenary; each step shown once, whichever replica shows it."""

    def __init__(self, session: Session):
        self.s = session

    def add(self, floor: Floor) -> Floor | None:
        """The countdown, or None when one is already live for the plenary (a second start a moment earlier)."""
        values = {c.name: getattr(floor, c.name) for c in Floor.__table__.columns if c.name != "id"}
        row_id = self.s.scalar(_insert(self.s)(Floor.__table__).values(**values)
                               .on_conflict_do_nothing(index_elements=["live"]).returning(Floor.__table__.c.id))
        return self.s.get(Floor, row_id) if row_id is not None else None

    def live(self, code: str, for_update: bool = False) -> Floor | None:
        query = select(Floor).where(Floor.live == code)
        return self.s.scalar(query.with_for_update() if for_update else query)

    def to_show(self, since: datetime) -> Sequence[Floor]:
        """Countdowns running, and those ended since `since` whose last state may not be shown yet."""
        return self.s.scalars(select(Floor).where(
            Floor.live.is_not(None) | ((Floor.ended_at >= since) & ((Floor.shown.is_(None)) | (Floor.shown != "end"))))
            .order_by(Floor.id)).all()

    def take_step(self, floor_id: int, was: str | None, step: str) -> bool:
        """Claim showing `step`: True for the one caller that changed `shown` from what it read."""
        done = cast(CursorResult, self.s.execute(update(Floor).where(
            Floor.id == floor_id, Floor.shown.is_(None) if was is None else Floor.shown == was).values(shown=step)))
        return done.rowcount == 1


class Needs:
    def __init__(self, session: Session):
        self.s = session

    def add(self, need: Need, first: NeedVersion) -> Need:
        self.s.add(need)
        self.s.flush()
        first.need_id = need.id
        self.s.add(first)
        self.s.flush()
        return need

    def get(self, need_id: int) -> Need | None:
        return self.s.get(Need, need_id)

    def by_reference(self, reference: str, *, for_update: bool = False) -> Need | None:
        query = select(Need).where(Need.reference == reference.strip().upper())
        if for_update:
            query = query.with_for_update()
        return self.s.scalar(query)

    def add_version(self, version: NeedVersion) -> NeedVersion:
        self.s.add(version)
        self.s.flush()
        return version

    def versions(self, need: Need) -> Sequence[NeedVersion]:
        return self.s.scalars(select(NeedVersion).where(NeedVersion.need_id == need.id)
                              .order_by(NeedVersion.version)).all()

    def version(self, need: Need, number: int | None = None) -> NeedVersion | None:
        return self.s.scalar(select(NeedVersion).where(NeedVersion.need_id == need.id,
                                                       NeedVersion.version == (number or need.version)))

    def current(self, need: Need) -> NeedVersion:
        """The answers as they stand: every need has its current version."""
        return self.s.execute(select(NeedVersion).where(NeedVersion.need_id == need.id,
                                                        NeedVersion.version == need.version)).scalar_one()

    def count_by_status(self, *statuses: str) -> int:
        return self.s.scalar(select(func.count(Need.id)).where(Need.status.in_(statuses))) or 0

    def figures(self, since: datetime, until: datetime) -> list[tuple[str, str, str, int]]:
        """Needs received in [since, until), by (status, area, the State's code): the Assembly's figures."""
        rows = self.s.execute(select(Need.status, Need.area, Delegation.code, func.count(Need.id).label("n"))
                              .join(Delegation, Delegation.id == Need.delegation_id)
                              .where(Need.created_at >= since, Need.created_at < until)
                              .group_by(Need.status, Need.area, Delegation.code)).all()
        return [(r.status, r.area, r.code, r.n) for r in rows]

    def counts(self) -> dict[tuple[str, str], int]:
        """How many needs there are, by (status, area)."""
        rows = self.s.execute(select(Need.status, Need.area, func.count(Need.id).label("n"))
                              .group_by(Need.status, Need.area)).all()
        return {(r.status, r.area): r.n for r in rows}

    def listing(self, status: str | None = None, limit: int = 40, *, delegation_id: int | None = None,
                area: str | None = None, call_id: int | None = None, offset: int = 0) -> Sequence[Need]:
        """Needs newest change first, of a status, a delegation, an area and a call if given, from `offset`."""
        query = select(Need).order_by(Need.updated_at.desc(), Need.id.desc()).limit(limit).offset(offset)
        if status:
            query = query.where(Need.status == status)
        if delegation_id is not None:
            query = query.where(Need.delegation_id == delegation_id)
        if area:
            query = query.where(Need.area == area)
        if call_id is not None:
            query = query.where(Need.call_id == call_id)
        return self.s.scalars(query).all()

    def of_delegation(self, delegation_id: int) -> Sequence[Need]:
        return self.s.scalars(select(Need).where(Need.delegation_id == delegation_id).order_by(Need.id)).all()

    def add_message(self, message) -> None:
        self.s.add(message)
        self.s.flush()

    def erase_messages(self, need: Need) -> None:
        self.s.execute(delete(NeedMessage).where(NeedMessage.need_id == need.id))

    def messages(self, need: Need) -> Sequence[NeedMessage]:
        """The Secretariat's questions about a need and the State's answers, oldest first."""
        return self.s.scalars(select(NeedMessage).where(NeedMessage.need_id == need.id)
                              .order_by(NeedMessage.created_at, NeedMessage.id)).all()

    def in_areas(self, areas: Sequence[str], statuses: Iterable[str]) -> Sequence[Need]:
        """The needs of these areas in these statuses (the shared ones a changed profile may fit), oldest first."""
        return self.s.scalars(select(Need).where(Need.area.in_(list(areas)), Need.status.in_(list(statuses)))
                              .order_by(Need.id)).all()

    def open_in_area(self, delegation_id: int, call_id: int, area: str) -> Sequence[Need]:
        """A State's needs in one area of a call that are neither withdrawn nor closed, oldest first."""
        return self.s.scalars(select(Need).where(Need.delegation_id == delegation_id, Need.call_id == call_id,
                                                 Need.area == area, Need.status.not_in(("withdrawn", "closed")))
                              .order_by(Need.id)).all()


class Reports:
    def __init__(self, session: Session):
        self.s = session

    def add(self, report: Report) -> Report:
        self.s.add(report)
        self.s.flush()
        return report

    def by_reference(self, reference: str) -> Report | None:
        return self.s.scalar(select(Report).where(Report.reference == reference))

    def listing(self, limit: int, offset: int = 0, *, delegation_id: int | None = None,
                since: datetime | None = None, until: datetime | None = None) -> Sequence[Report]:
        """Reports newest first, of one delegation and sent within [since, until] if given, from `offset`."""
        query = select(Report).order_by(Report.created_at.desc(), Report.id.desc()).limit(limit).offset(offset)
        if delegation_id is not None:
            query = query.where(Report.delegation_id == delegation_id)
        if since is not None:
            query = query.where(Report.created_at >= since)
        if until is not None:
            query = query.where(Report.created_at <= until)
        return self.s.scalars(query).all()



class Documents:
    def __init__(self, session: Session):
        self.s = session

    def keep(self, document: Document) -> Document:
        """The person's copy of that file: the one kept before if they sent it already, else this one."""
        found = self.s.scalars(select(Document).where(Document.member_id == document.member_id,
                                                      Document.source == document.source)).first()
        if found is not None:
            return found
        self.s.add(document)
        self.s.flush()
        return document

    def get(self, document_id: int) -> Document | None:
        return self.s.get(Document, document_id)


class References:
    """Numbers for references such as CP-2024-0007: one counter row per prefix ("CP-2024", "POA-2024")."""

    def __init__(self, session: Session):
        self.s = session

    def next(self, prefix: str) -> int:
        """Allocates the next number for `prefix` in the current transaction: 1 for a new prefix, then 2, 3...

        One statement, INSERT ... ON CONFLICT (prefix) DO UPDATE SET value = value + 1 RETURNING value: on
        PostgreSQL the row lock makes a concurrent allocator of the same prefix wait until this transaction
        ends; on SQLite the database's single writer lock does. A rollback gives the number back, so numbers
        have no gaps. The caller builds the reference, e.g. f"{prefix}-{number:04d}".

        SQLite: with the driver's default transaction handling (storage/db.py), reads before a unit of work's
        first write run outside any transaction; this upsert (or an earlier write) opens it and waits up to
        busy_timeout for the writer lock. Were the engine changed to BEGIN on the first read, a transaction
        that had read would instead fail at once with "database is locked" here: it would need BEGIN IMMEDIATE.
        """
        table: Any = ReferenceCounter.__table__
        statement = (_insert(self.s)(table).values(prefix=prefix, value=1)
                     .on_conflict_do_update(index_elements=[table.c.prefix], set_={"value": table.c.value + 1})
                     .returning(table.c.value))
        return self.s.execute(statement).scalar_one()


@dataclass(frozen=True)
class Audience:
    """A person a call's reminders are for: a verified focal point, with their delegation and clock."""

    member_id: int
    delegation_id: int
    delegation_code: str
    timezone: str | None
    verified_at: datetime | None
    quiet_hours: str | None


@dataclass(frozen=True)
class Keyed:
    id: int
    key: str
    status: str
    not_before: datetime
    body: str


@dataclass(frozen=True)
class Sent:
    topic: str
    key: str
    status: str
    not_before: datetime
    sent_at: datetime | None
    last_error: str | None


class Reminders:
    """What the reminder planner reads (who, who has answered, who chose what) and the rows it keeps."""

    def __init__(self, session: Session):
        self.s = session

    def audience(self, codes: Sequence[str] | None = None, kind: str = "state_party",
                 role: str = "focal_point") -> list[Audience]:
        """Verified focal points of every delegation of `kind`, or of the delegations coded `codes`."""
        return self._audience(Delegation.kind == kind if codes is None else Delegation.code.in_(list(codes)), role)

    def audience_of_kinds(self, kinds: Sequence[str], role: str = "focal_point") -> list[Audience]:
        """Verified focal points of every delegation of these kinds (a speakers list's audience)."""
        return self._audience(Delegation.kind.in_(list(kinds)), role)

    def _audience(self, where, role: str) -> list[Audience]:
        rows = self.s.execute(
            select(Membership.member_id, Delegation.id, Delegation.code, Member.timezone, Membership.decided_at,
                   Member.quiet_hours)
            .join(Delegation, Delegation.id == Membership.delegation_id)
            .join(Member, Member.id == Membership.member_id)
            .where(Membership.status == "approved", Membership.role == role, where)
            .order_by(Delegation.code, Membership.member_id)).all()
        return [Audience(*r) for r in rows]

    def clocks_of(self, member_ids: Iterable[int]) -> dict[int, tuple[str | None, str | None]]:
        """These people's timezones and quiet hours, in one query."""
        rows = self.s.execute(select(Member.id, Member.timezone, Member.quiet_hours)
                              .where(Member.id.in_(list(member_ids)))).all()
        return {r.id: (r.timezone, r.quiet_hours) for r in rows}

    def submitted(self, call_id: int) -> set[int]:
        """Delegations with a need in the call that they have not withdrawn."""
        return set(self.s.scalars(select(Need.delegation_id).distinct()
                                  .where(Need.call_id == call_id, Need.status != "withdrawn")).all())

    def reported(self, form: str, since: datetime) -> set[int]:
        """Delegations that sent a report on `form` since a call opened (reports belong to no call)."""
        return set(self.s.scalars(select(Report.delegation_id).distinct()
                                  .where(Report.form == form, Report.created_at >= since)).all())

    def drafting(self, form: str) -> set[int]:
        """Delegations one of whose verified people has the form open (begun, not submitted)."""
        return set(self.s.scalars(
            select(Membership.delegation_id).distinct()
            .join(Conversation, Conversation.member_id == Membership.member_id)
            .where(Conversation.form == form, Conversation.status == "active",
                   Membership.status == "approved")).all())

    def choices(self, call_id: int) -> dict[int, ReminderChoice]:
        return {c.member_id: c for c in self.s.scalars(select(ReminderChoice)
                                                       .where(ReminderChoice.call_id == call_id)).all()}

    def choices_of(self, member_id: int) -> dict[int, ReminderChoice]:
        """A person's say over each call's reminders, by call."""
        found = self.s.scalars(select(ReminderChoice).where(ReminderChoice.member_id == member_id,
                                                            ReminderChoice.call_id.is_not(None))).all()
        return {c.call_id: c for c in found if c.call_id is not None}

    def choice(self, member_id: int, call_id: int, at: datetime) -> ReminderChoice:
        found = self.s.scalar(select(ReminderChoice).where(ReminderChoice.member_id == member_id,
                                                           ReminderChoice.call_id == call_id).with_for_update())
        if found is None:
            found = ReminderChoice(member_id=member_id, call_id=call_id, muted=False, updated_at=at)
            self.s.add(found)
        return found

    def list_choice(self, member_id: int, plenary_id: int, at: datetime) -> ReminderChoice:
        """A person's say over one plenary's list reminders (made when first asked for)."""
        found = self.s.scalar(select(ReminderChoice).where(ReminderChoice.member_id == member_id,
                                                           ReminderChoice.plenary_id == plenary_id).with_for_update())
        if found is None:
            found = ReminderChoice(member_id=member_id, plenary_id=plenary_id, muted=False, updated_at=at)
            self.s.add(found)
        return found

    def muted_on(self, plenary_id: int) -> set[int]:
        """Who stopped a plenary's list reminders."""
        return set(self.s.scalars(select(ReminderChoice.member_id).where(ReminderChoice.plenary_id == plenary_id,
                                                                         ReminderChoice.muted.is_(True))).all())

    def keyed(self, topic_prefix: str) -> dict[str, Keyed]:
        """The outbox rows (any status) whose topic starts so (one call's, whoever they are for) with a key."""
        rows = self.s.execute(select(_C.id, _C.dedupe_key, _C.status, _C.not_before, _C.body)
                              .where(_C.topic.startswith(topic_prefix, autoescape=True),
                                     _C.dedupe_key.is_not(None))).all()
        return {r.dedupe_key: Keyed(r.id, r.dedupe_key, r.status, r.not_before, r.body) for r in rows}

    def log(self, topic_prefix: str) -> list[Sent]:
        """Every keyed row of one call (announcements, reminders, nudges) as its status report reads them."""
        rows = self.s.execute(select(_C.topic, _C.dedupe_key, _C.status, _C.not_before, _C.sent_at, _C.last_error)
                              .where(_C.topic.startswith(topic_prefix, autoescape=True),
                                     _C.dedupe_key.is_not(None)).order_by(_C.id)).all()
        return [Sent(*r) for r in rows]

    def any_key(self, prefix: str) -> bool:
        """Whether some outbox row carries a key starting so (the rows of one confirmation)."""
        return self.s.scalar(select(_C.id).where(_C.dedupe_key.startswith(prefix, autoescape=True)).limit(1)) \
            is not None

    def put(self, recipient_id: int, key: str, topic: str, body: str, not_before: datetime, at: datetime) -> None:
        """A pending row under `key`; nothing when another planner wrote it first."""
        self.s.execute(_insert(self.s)(_OUTBOX).values(
            recipient_id=recipient_id, dedupe_key=key, topic=topic, body=body, status="pending", attempts=0,
            not_before=not_before, created_at=at, reclaimed=False, scheduled=True).on_conflict_do_nothing(
            index_elements=[_C.dedupe_key]))

    def move(self, row_id: int, body: str, not_before: datetime, *, revive: bool = False) -> None:
        """A planned row's new time and words; only while nobody is sending it (a cancelled one comes back)."""
        self.s.execute(update(_OUTBOX).where(_C.id == row_id, _C.status == ("cancelled" if revive else "pending"))
                       .values(body=body, not_before=not_before, status="pending", last_error=None))

    def cancel(self, row_ids: Sequence[int] = (), topic: str | None = None) -> int:
        """Pending rows that are no longer wanted (by id, or every one of a topic); sent ones stay as they are."""
        where = _C.id.in_(list(row_ids)) if topic is None else (_C.topic == topic)
        result = cast(CursorResult, self.s.execute(
            update(_OUTBOX).where(where, _C.status == "pending").values(status="cancelled")))
        return result.rowcount
