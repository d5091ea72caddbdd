"""Every table of aspbot, as typed SQLAlchemy 2 models; Alembic reads this module's metadata."""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.sealing import SealedBytes, SealedJSON, SealedText

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """Aware UTC in, aware UTC out, on every database (SQLite alone would return naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime()}


class Delegation(Base):
    """A State Party, observer State, intergovernmental or civil society organisation."""

    __tablename__ = "delegations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # ISO 3166 alpha-2 or an org code
    kind: Mapped[str] = mapped_column(String(24), index=True)
    name: Mapped[str] = mapped_column(String(200))  # English name; readers see their own language


class Member(Base):
    """A person on one channel (a Slack user in a workspace, a console name)."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("channel", "workspace", "user_key", name="uq_members_identity"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(32))
    user_key: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(16))  # chosen with /asp lang; wins over the profile
    profile_locale: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str | None] = mapped_column(String(64))
    # "HH:MM-HH:MM" on their own clock when no reminder reaches them (`/asp quiet`); none: the default.
    quiet_hours: Mapped[str | None] = mapped_column(String(11))
    profile_checked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Membership(Base):
    """Who acts for which delegation, in which role, once the Secretariat has verified it."""

    __tablename__ = "memberships"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), index=True)
    role: Mapped[str] = mapped_column(String(24))
    email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending, approved, declined
    requested_at: Mapped[datetime]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    decided_at: Mapped[datetime | None]


class Conversation(Base):
    """A form in progress; its state is rewritten after every step so nothing is lost on restart."""

    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_member_status", "member_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    form: Mapped[str] = mapped_column(String(48))
    state: Mapped[dict] = mapped_column(SealedJSON)  # a draft's answers, confidential ones among them
    status: Mapped[str] = mapped_column(String(16))  # active, submitted, cancelled
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(128), index=True)
    # Sealed: a change of a need's answers keeps them here too.
    before: Mapped[dict | None] = mapped_column(SealedJSON)
    after: Mapped[dict | None] = mapped_column(SealedJSON)


class ProcessedEvent(Base):
    """Inbound deliveries already handled (Slack event IDs); the unique key makes a retry a no-op."""

    __tablename__ = "processed_events"
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    at: Mapped[datetime]


class OutboxMessage(Base):
    """A message to a person, written with the change that caused it and sent after the commit."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "not_before"),
                      Index("ix_outbox_recipient_message", "recipient_id", "message_ref"),
                      # A row waits for the older unsent rows of its recipient: found by this index.
                      Index("ix_outbox_recipient_status", "recipient_id", "status", "id"),
                      Index("ix_outbox_topic", "topic"))
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    body: Mapped[str] = mapped_column(SealedText)  # a receipt repeats the answers it confirms
    status: Mapped[str] = mapped_column(String(16))  # pending, sending, sent, failed, cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    # Who holds the claim: only the dispatcher that stamped this token may mark the row sent or failed.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    # Set when an earlier try may have landed unrecorded (its process stopped mid-send, or the send raised):
    # the next try first asks the channel whether the message is already there, so it is never posted twice.
    reclaimed: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Planned for a time (a reminder): it keeps its own date and does not hold back the person's later rows.
    scheduled: Mapped[bool] = mapped_column(server_default=false())
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    # Where the message landed, as the channel names it (Slack: the DM's channel id and the message ts);
    # a reply in a thread finds its message by these.
    conversation: Mapped[str | None] = mapped_column(String(64))
    message_ref: Mapped[str | None] = mapped_column(String(64))
    # What the message is about, when a reply to it must find its way back (e.g. "need:CP-2024-0001").
    topic: Mapped[str | None] = mapped_column(String(64))
    # Others in the conversation, by their user keys on the recipient's channel ("U1,U2"): the message goes to one
    # conversation of the recipient with them (an introduction), not to the recipient's DM.
    together: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime]


class CallForInput(Base):
    """A call for input with its deadlines (e.g. the complementarity platform's 2024 call)."""

    __tablename__ = "calls_for_input"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(64))  # the document symbol
    opens_at: Mapped[datetime]
    preliminary_deadline: Mapped[datetime | None]
    final_deadline: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))  # deadlines are meant on this clock
    demo: Mapped[bool] = mapped_column(default=False)
    # Days before each deadline on which its reminders go (none: the default plan, 7, 1 and the day itself).
    plan: Mapped[list | None] = mapped_column(JSON)
    # What meets the preliminary deadline: "draft" (an answer begun) or "submitted" (the final one always).
    preliminary_met_by: Mapped[str] = mapped_column(String(16), server_default="draft")
    # Which form answers the call: "need" (the needs intake) or "report" (the Plan of Action questionnaire).
    form: Mapped[str] = mapped_column(String(16), server_default="need")
    # The delegations it is for, by code (none: every State Party).
    audience: Mapped[list | None] = mapped_column(JSON)


class ReminderChoice(Base):
    """A person's say over one call's reminders, or one plenary's list's: muted, or snoozed until a time."""

    __tablename__ = "reminder_choices"
    __table_args__ = (UniqueConstraint("member_id", "call_id", name="uq_reminder_choices_member_call"),
                      UniqueConstraint("member_id", "plenary_id", name="uq_reminder_choices_member_plenary"))
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls_for_input.id"))
    plenary_id: Mapped[int | None] = mapped_column(ForeignKey("plenaries.id"))
    muted: Mapped[bool] = mapped_column(default=False, server_default=false())
    snoozed_until: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class Plenary(Base):
    """A plenary meeting with a speakers list: its time, segments, deadline and speaking-time limit."""

    __tablename__ = "plenaries"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    session: Mapped[int]
    # The day it is held (venue's calendar); its start and end when the documents give them (2019's do not).
    held_on: Mapped[date | None] = mapped_column(Date)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    duration_minutes: Mapped[int | None]
    timezone: Mapped[str] = mapped_column(String(64))
    room: Mapped[str | None] = mapped_column(String(200))  # where it is held, when the Secretariat has said
    # The channel (its ID) where the interpreters read statements; none: they go to the Secretariat.
    statements_to: Mapped[str | None] = mapped_column(String(64))
    registration_opens_at: Mapped[datetime | None]  # none: open from when it is set up
    registration_deadline: Mapped[datetime]
    max_minutes: Mapped[int]
    # [{"code": "I", "title": "…", "language": "fr", "theme": "…", "minutes": 60}]: titles as the documents
    # give them, translated through the catalog.
    segments: Mapped[list] = mapped_column(JSON)
    # Delegation kinds that may register (none: all four); Court officials and panellists are added by the
    # Secretariat.
    open_to: Mapped[list | None] = mapped_column(JSON)
    demo: Mapped[bool] = mapped_column(default=False)


class Speaker(Base):
    """A delegation's request to speak in one segment of a plenary, or a late attempt kept for the chair.

    `slot` is "PLENARY:SEGMENT:DELEGATION" while the request stands and empty once withdrawn (or for a late
    attempt): its uniqueness makes two members of one delegation registering at once one registration.
    """

    __tablename__ = "speakers"
    __table_args__ = (Index("ix_speakers_plenary_segment", "plenary_id", "segment"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plenary_id: Mapped[int] = mapped_column(ForeignKey("plenaries.id"))
    segment: Mapped[str] = mapped_column(String(16))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    slot: Mapped[str | None] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(16))  # registered, withdrawn, late
    category: Mapped[int]  # protocol order: 0 States Parties, 1 observer States, 2 IGOs, 3 civil society
    received_at: Mapped[datetime]  # the server's receipt: first come, first served within a category
    speaker_name: Mapped[str] = mapped_column(String(200))
    speaker_title: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))
    statement: Mapped[str | None] = mapped_column(SealedText)  # for the interpreters; confidential until delivered
    statement_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # or as a file
    withdrawn_at: Mapped[datetime | None]
    heard_at: Mapped[datetime | None]  # when the timekeeper moved on from this speaker
    spoke_seconds: Mapped[int | None]  # the time actually taken at the floor


class Document(Base):
    """A file a person sent as an answer (a statement for the interpreters), kept as its bytes.

    `source` is the channel's own id for the file (Slack's F…): one copy per person however often it is sent.
    """

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("member_id", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    source: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str | None] = mapped_column(String(128))
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(SealedBytes)
    received_at: Mapped[datetime]


class Floor(Base):
    """The timekeeper's countdown for one segment of a plenary, posted in one conversation and edited as time runs.

    `live` is the plenary's code while the countdown runs and empty after: one countdown per plenary at a time.
    `shown` is what the message shows now ("speaker:seconds", "end"); a replica edits it only after changing
    `shown` from the value it read, so two replicas never post the same step twice.
    """

    __tablename__ = "floors"
    id: Mapped[int] = mapped_column(primary_key=True)
    plenary_id: Mapped[int] = mapped_column(ForeignKey("plenaries.id"), index=True)
    segment: Mapped[str] = mapped_column(String(16))
    live: Mapped[str | None] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(16))  # slack, console
    workspace: Mapped[str] = mapped_column(String(64))
    conversation: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16))  # the timekeeper's: the message is read in the room
    timezone: Mapped[str] = mapped_column(String(64))
    started_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    speaking_since: Mapped[datetime | None]
    message_ts: Mapped[str | None] = mapped_column(String(32))
    shown: Mapped[str | None] = mapped_column(String(32))
    not_before: Mapped[datetime | None]  # the channel asked us to wait (a 429) until then
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class Need(Base):
    """A State's need for technical legal assistance; its answers live in versions."""

    __tablename__ = "needs"
    __table_args__ = (Index("ix_needs_delegation_status", "delegation_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)  # e.g. CP-2024-0007
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    call_id: Mapped[int] = mapped_column(ForeignKey("calls_for_input.id"), index=True)
    area: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(24))
    consent: Mapped[bool]
    version: Mapped[int]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class NeedVersion(Base):
    """The answers of a need as submitted once; an edit adds a version, none is ever changed."""

    __tablename__ = "need_versions"
    __table_args__ = (UniqueConstraint("need_id", "version", name="uq_need_versions_need_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"))
    version: Mapped[int]
    answers: Mapped[dict] = mapped_column(SealedJSON)
    confidential: Mapped[list] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]


class Report(Base):
    """A State's answers to a questionnaire such as the Plan of Action on universality."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)  # e.g. POA-2024-0003
    form: Mapped[str] = mapped_column(String(48))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), index=True)
    answers: Mapped[dict] = mapped_column(SealedJSON)
    confidential: Mapped[list] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]


class NeedMessage(Base):
    """A question of the Secretariat about a need, or the State's answer: the record of their exchange."""

    __tablename__ = "need_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(16))  # question, answer
    text: Mapped[str] = mapped_column(SealedText)
    created_at: Mapped[datetime]


class ReferenceCounter(Base):
    """The last number issued for a reference prefix such as "CP-2024" or "POA-2024".

    References are `{prefix}-{value:04d}`; the next value is taken with one upsert (`References.next`), so two
    concurrent submissions never draw the same number and a rolled-back submission gives its number back.
    """

    __tablename__ = "reference_counters"
    prefix: Mapped[str] = mapped_column(String(24), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class ProviderProfile(Base):
    """What an assistance provider offers, as its people last said it (one profile per providing delegation)."""

    __tablename__ = "provider_profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), unique=True)
    answers: Mapped[dict] = mapped_column(JSON)  # the profile form's answers: areas, kinds, languages, places…
    availability: Mapped[str] = mapped_column(String(16))  # now, soon, not_now
    delivery: Mapped[str] = mapped_column(String(16))  # at_once, digest
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ProviderArea(Base):
    """One area a provider helps in, with what else matching reads of its profile as plain lists ("fr,en"):
    a need is matched by reading only its area's rows, by this index, without decoding any profile."""

    __tablename__ = "provider_areas"
    profile_id: Mapped[int] = mapped_column(ForeignKey("provider_profiles.id"), primary_key=True)
    area: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    help_kinds: Mapped[str] = mapped_column(String(200))
    languages: Mapped[str] = mapped_column(String(100))
    regions: Mapped[str] = mapped_column(String(200))
    countries: Mapped[str] = mapped_column(String(600))
    availability: Mapped[str] = mapped_column(String(16))
    delivery: Mapped[str] = mapped_column(String(16))


class Match(Base):
    """A need and a provider that fit: the score, why, and what came of it (one cell of the two-entry table)."""

    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("need_id", "provider_id", name="uq_matches_need_provider"),
                      Index("ix_matches_provider_state", "provider_id", "state"))
    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))  # the providing delegation
    state: Mapped[str] = mapped_column(String(16))  # matched, notified, interested, introduced, … (policy)
    score: Mapped[int]
    reasons: Mapped[list] = mapped_column(JSON)  # [["area", "investigation"], ["language", "fr"], …]
    tell: Mapped[bool]  # good enough to tell the provider of it
    notified_at: Mapped[datetime | None]
    interested_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))  # who said so, for the contact
    updated_at: Mapped[datetime]
