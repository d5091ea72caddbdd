"""Members: recognising a person, refreshing their profile, their language, timezone and roles."""
from __future__ import annotations

from datetime import timedelta

from bot.errors import Refusal
from bot.i18n import Reader, _, normalize_locale
from bot.services.ports import Core, Person
from storage.models import Member

PROFILE_TTL = timedelta(days=1)


def identify(core: Core, uow, person: Person) -> Member:
    """The member row for a person, created on first contact; the profile is refreshed daily."""
    now = core.clock.now()
    member = uow.members.find(person.channel, person.workspace, person.user)
    if member is None:
        member = uow.members.add(Member(channel=person.channel, workspace=person.workspace, user_key=person.user,
                                        created_at=now))
    if member.profile_checked_at is None or now - member.profile_checked_at > PROFILE_TTL:
        profile = core.directory.profile(person)
        if profile is not None:
            member.display_name = profile.display_name or member.display_name
            member.profile_locale = profile.locale or member.profile_locale
            member.timezone = profile.tz or member.timezone
        member.profile_checked_at = now
    return member


def reader_for(core: Core, member: Member) -> Reader:
    locale = (member.language or normalize_locale(member.profile_locale)
              or normalize_locale(core.settings.aspbot_default_locale) or "en")
    return Reader(locale, member.timezone or core.settings.aspbot_timezone)


def person_of(member: Member) -> Person:
    return Person(member.channel, member.workspace, member.user_key)


def approved_roles(uow, member: Member) -> set[str]:
    return {m.role for m in uow.memberships.of_member(member.id, "approved")}


def reader_of(core: Core, person: Person) -> Reader:
    """The reader for someone outside any use case (e.g. to word an error message)."""
    with core.uow() as uow:
        member = identify(core, uow, person)
        reader = reader_for(core, member)
        uow.commit()
    return reader


def require_role(core: Core, uow, member: Member, *roles: str):
    """The approved memberships through which a person may act; a refusal until the Secretariat verified one.

    Every use case that acts for a delegation (needs, speakers lists, provider profiles) starts here.
    """
    allowed = [m for m in uow.memberships.of_member(member.id, "approved") if not roles or m.role in roles]
    if not allowed:
        if any(m.status == "pending" for m in uow.memberships.of_member(member.id)):
            raise Refusal(_("The Secretariat has not yet confirmed whom you represent. You can act for a "
                            "delegation once it has."))
        raise Refusal(_("You do not represent any delegation yet. Type /asp join to register."))
    return allowed
