"""What everyone can ask of the bot: the list of verbs, their language, their delegations and items, their Home."""
from __future__ import annotations

from bot.errors import Refusal
from bot.features.desk import status
from bot.features.onboarding.service import JOIN
from bot.i18n import SUPPORTED_LOCALES, Reader, _, normalize_locale
from bot.replies import Actions, Button, Facts, Header, Message, Note, Text
from bot.services.people import Who
from bot.services.ports import Core, Result


def help_(core: Core, who: Who, args: str = "") -> Result:
    """The verbs open to the person's role; decided from who they are, without reading the database again."""
    verbs = sorted((v for v in core.features.verbs.values() if who.secretariat or (
        not v.secretariat_only and (v.shown_to is None or v.shown_to(who)))), key=lambda v: v.secretariat_only)
    rows = tuple(row for v in verbs for row in v.help_for(who))
    return Result(reply=Message.of(Header(_("What you can ask me")), Facts(rows),
                                   Note(_("Write to me in a direct message to start or continue a conversation."))))


def lang(core: Core, who: Who, args: str) -> Result:
    choice = args.strip()
    codes = ", ".join(SUPPORTED_LOCALES)
    if not choice:
        return Result(reply=Message.text(_("Your language is {language}. Available: {codes}. "
                                           "Change it with /asp lang CODE.",
                                           language=who.reader.language_name(who.reader.locale), codes=codes)))
    code = normalize_locale(choice)
    if code is None:
        raise Refusal(_("“{code}” is not a language I speak yet. Available: {codes}.", code=choice, codes=codes))
    with core.uow() as uow:
        member = uow.members.get(who.member_id)
        before = member.language
        member.language = code
        uow.audit.record(core.clock.now(), who.member_id, "member.language", f"member:{who.member_id}",
                         {"language": before}, {"language": code})
        uow.commit()
    reader = Reader(code, who.reader.tz)  # the answer is already in the new language
    return Result(reply=Message.text(_("From now on I will write to you in {language}.",
                                       language=reader.language_name(code))), reader=reader)


def _groups(core: Core, uow, who: Who, limit: int) -> list:
    """Every feature's titled group of the person's items, as headers and facts."""
    parts: list = []
    for section in core.features.mine:
        for title, rows, *buttons in section(core, uow, who):  # a group may end with its buttons
            parts += [Header(title), Facts(tuple(rows[:limit]))]
            if buttons and buttons[0]:
                parts.append(Actions(tuple(buttons[0])))
    return parts


def my(core: Core, who: Who, args: str = "") -> Result:
    if not who.roles:
        return Result(reply=Message.text(_("You do not represent any delegation yet. Type /asp join to register.")))
    with core.uow() as uow:
        parts = _groups(core, uow, who, 20)
    return Result(reply=Message.of(*parts))


def home(core: Core, who: Who) -> Message:
    """The Home tab: the person's delegations and items, their next step, the Secretariat's desk, deadlines."""
    with core.uow() as uow:
        groups = _groups(core, uow, who, 10)
        desk = status.groups(core, uow, who) if who.secretariat else []
        later = [part for section in core.features.home for title, rows in section(core, uow, who)
                 for part in (Header(title), Facts(tuple(rows[:10])))]
    parts: list = [Header(_("aspbot for the Assembly of States Parties"))]
    if who.roles:
        parts += groups[:2]
        groups = groups[2:]
    else:
        parts.append(Text(_("You do not represent any delegation yet. Register to get started.")))
    offers = core.features.offers(who)
    parts.append(Actions((*offers, Button(_("Register a delegation"), JOIN, "join", None if offers else "primary"))))
    parts += groups
    if desk:
        parts += [Header(_("Secretariat")), *status.parts_of(desk)]
    return Message.of(*parts, *later)
