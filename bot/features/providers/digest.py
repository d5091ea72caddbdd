"""The daily digest: a provider that chose it hears once a day, from 09:00 on its own clock, of the shared needs
that came to fit it since the last one, each with the public answers only."""
from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.delegations import delegation_label
from bot.features.providers import matching, views
from bot.features.providers import policy as p
from bot.i18n import _, ngettext_
from bot.quiet import hours_of, out_of_quiet
from bot.replies import Actions, Button, Header, Message, Note, Text, encode_message
from bot.services.ports import Core

AT = time(9, 0)  # when the day's digest goes, on the clock of the person who keeps the profile
MOST = 10  # needs shown in one digest; the others are listed by /asp matches


def due(now: datetime, zone: ZoneInfo) -> str | None:
    """The day (on the provider's clock) whose digest may go now; None before 09:00."""
    local = now.astimezone(zone)
    return local.date().isoformat() if local.time() >= AT else None


def run(core: Core) -> int:
    now = core.clock.now()
    written = 0
    with core.uow() as uow:
        for profile, pairs in uow.matches.waiting_for_digest(p.MATCHED, p.DIGEST, matching.VISIBLE):
            keeper = uow.members.get(profile.updated_by_id)
            zone = ZoneInfo((keeper.timezone if keeper else None) or core.settings.aspbot_timezone)
            day = due(now, zone)
            code = uow.delegations.get(profile.delegation_id).code
            if day is None or uow.reminders.any_key(f"digest:{code}:{day}:"):
                continue  # before 09:00, or today's digest has gone: these wait for tomorrow's
            message = _digest(uow, code, pairs)
            told = 0
            for membership in uow.memberships.of_delegation(profile.delegation_id):
                if membership.role != "provider" or membership.status != "approved":
                    continue
                member = uow.members.get(membership.member_id)
                member_zone = ZoneInfo(member.timezone or core.settings.aspbot_timezone)
                uow.reminders.put(membership.member_id, f"digest:{code}:{day}:{membership.member_id}",
                                  f"digest:{code}", encode_message(message),
                                  out_of_quiet(now, member_zone, hours_of(member.quiet_hours)), now)
                told += 1
            written += told
            for pair in pairs if told else ():  # nobody verified left: the pairs wait for someone to tell
                pair.state, pair.notified_at = p.NOTIFIED, now
        uow.commit()
    return written


def _digest(uow, code: str, pairs) -> Message:
    parts: list = [Header(ngettext_("{count} shared need fits {provider}",
                                    "{count} shared needs fit {provider}", len(pairs), count=len(pairs),
                                    provider=delegation_label(code)))]
    for pair in pairs[:MOST]:
        need = uow.needs.get(pair.need_id)
        parts.append(Text(_("{reference} “{title}” of {delegation}. {reasons}", reference=need.reference,
                            title=uow.needs.current(need).answers["title"],
                            delegation=delegation_label(uow.delegations.get(need.delegation_id).code),
                            reasons=views.explained(pair.reasons))))
        parts.append(Actions((Button(_("Open {reference}", reference=need.reference), views.OPEN,
                                     views.pair_value(need.reference, code)),)))
    if len(pairs) > MOST:
        parts.append(Note(_("And {count} more: type /asp matches to see them all.", count=len(pairs) - MOST)))
    parts.append(Note(_("Only the public answers are shown. Open a need to answer it.")))
    return Message.of(*parts)
