"""Who is asking: resolved once per request, before any write, with their roles, language and timezone."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.i18n import Mention, Reader, normalize_locale
from bot.policy import Role
from bot.services.ports import Core, Person, Profile
from storage.errors import Conflict
from storage.models import Member
from storage.repositories import Recipient

PROFILE_TTL = timedelta(days=1)


@dataclass(frozen=True)
class Who:
    """A person as every use case sees them; a snapshot that travels to the renderer with the result."""

    person: Person
    member_id: int
    name: str | None
    reader: Reader
    secretariat: bool
    roles: tuple[Role, ...] = ()
    # The Secretariat of the person's workspace, asked of the channel before any transaction opens.
    team: tuple[Person, ...] = ()

    @property
    def mention(self) -> Mention:
        return Mention(self.person.user, self.name or self.person.user)


class Profiled(Protocol):
    """What the reader is made of: a member row, or the columns of one."""

    @property
    def language(self) -> str | None: ...
    @property
    def profile_locale(self) -> str | None: ...
    @property
    def timezone(self) -> str | None: ...
    @property
    def profile_checked_at(self) -> datetime | None: ...


def reader_for(core: Core, member: Profiled) -> Reader:
    locale = (member.language or normalize_locale(member.profile_locale)
              or normalize_locale(core.settings.aspbot_default_locale) or "en")
    return Reader(locale, member.timezone or core.settings.aspbot_timezone)


def profile_reader(core: Core, profile: Profile | None) -> Reader:
    """How a person reads when only the channel's profile is known (the database cannot be reached)."""
    if profile is None:
        return default_reader(core)
    return Reader(normalize_locale(profile.locale) or normalize_locale(core.settings.aspbot_default_locale) or "en",
                  profile.tz or core.settings.aspbot_timezone)


def default_reader(core: Core) -> Reader:
    return Reader(normalize_locale(core.settings.aspbot_default_locale) or "en", core.settings.aspbot_timezone)


def _stale(core: Core, member: Profiled) -> bool:
    return member.profile_checked_at is None or core.clock.now() - member.profile_checked_at > PROFILE_TTL


def _apply(member: Member, profile: Profile | None, checked_at) -> None:
    if profile is not None:
        member.display_name = profile.display_name or member.display_name
        member.profile_locale = profile.locale or member.profile_locale
        member.timezone = profile.tz or member.timezone
    member.profile_checked_at = checked_at


def _refresh(core: Core, person: Person) -> None:
    """Ask the channel who the person is (outside any transaction), then write it in a short one."""
    profile = core.directory.profile(person)
    now = core.clock.now()
    for _attempt in range(2):
        try:
            with core.uow() as uow:
                member = uow.members.ensure(person.channel, person.workspace, person.user, now)
                _apply(member, profile, now)
                uow.commit()
            return
        except Conflict:  # the same person's first two requests at once: the other inserted the row
            continue


def resolve(core: Core, person: Person) -> Who:
    """One statement in the steady state; a profile older than a day is fetched before it is written."""
    with core.uow() as uow:
        rows = uow.members.with_memberships(person.channel, person.workspace, person.user)
    if not rows or _stale(core, rows[0]):
        _refresh(core, person)
        with core.uow() as uow:
            rows = uow.members.with_memberships(person.channel, person.workspace, person.user)
    me = rows[0]
    roles = tuple(Role(r.membership_id, r.delegation_id, r.code, r.kind, r.role, r.status, r.email)
                  for r in rows if r.membership_id is not None)
    return Who(person=person, member_id=me.member_id, name=me.display_name, reader=reader_for(core, me),
               secretariat=core.directory.is_secretariat(person), roles=roles,
               team=tuple(core.directory.secretariat(person.workspace)))


def recipient_reader(core: Core, member: Member | Recipient) -> Reader:
    """How a recipient reads a message at send time; someone never profiled (a reviewer) is asked first."""
    if member.profile_checked_at is None:
        person = person_of(member)
        _refresh(core, person)
        with core.uow() as uow:
            fresh = uow.members.get(member.id)
        return reader_for(core, fresh or member)
    return reader_for(core, member)


def person_of(member: Member | Recipient) -> Person:
    return Person(member.channel, member.workspace, member.user_key)


def mention_of(member: Member) -> Mention:
    return Mention(member.user_key, member.display_name or member.user_key)
