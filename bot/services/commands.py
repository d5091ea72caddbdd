"""The `/asp` verbs: each verb is a function; `help` lists those open to the caller's role."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable

from bot.errors import Refusal
from bot.i18n import SUPPORTED_LOCALES, Msg, _, normalize_locale
from bot.replies import Facts, Header, Message, Note
from bot.services import campaigns, needs, onboarding, people, reports
from bot.services.ports import Core, Person, Result


@dataclass(frozen=True)
class Verb:
    name: str
    usage: str
    summary: Msg
    run: Callable[[Core, Person, str], Result]
    secretariat_only: bool = False
    # Shown in help only to people who can use it (e.g. verified focal points of States Parties).
    shown_to: Callable[[Core, object, object], bool] | None = None


def _help(core: Core, person: Person, args: str) -> Result:
    secretariat = core.directory.is_secretariat(person)
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        verbs = [v for v in VERBS.values() if secretariat or (
            not v.secretariat_only and (v.shown_to is None or v.shown_to(core, uow, member)))]
        uow.commit()
    rows = tuple((Msg("{usage}", {"usage": v.usage}), v.summary) for v in verbs)
    parts = [Header(_("What you can ask me")), Facts(rows)]
    parts.append(Note(_("Write to me in a direct message to start or continue a conversation.")))
    return Result(reply=Message.of(*parts))


def _lang(core: Core, person: Person, args: str) -> Result:
    choice = args.strip()
    names = ", ".join(f"{code}" for code in SUPPORTED_LOCALES)
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        if not choice:
            reader = people.reader_for(core, member)
            uow.commit()
            return Result(reply=Message.text(_("Your language is {language}. Available: {codes}. "
                                               "Change it with /asp lang CODE.",
                                               language=reader.language_name(reader.locale), codes=names)))
        code = normalize_locale(choice)
        if code is None:
            raise Refusal(_("“{code}” is not a language I speak yet. Available: {codes}.", code=choice,
                            codes=names))
        before = member.language
        member.language = code
        uow.audit.record(core.clock.now(), member.id, "member.language", f"member:{member.id}",
                         {"language": before}, {"language": code})
        reader = people.reader_for(core, member)
        uow.commit()
    return Result(reply=Message.text(_("From now on I will write to you in {language}.",
                                       language=reader.language_name(code))))


def _join(core: Core, person: Person, args: str) -> Result:
    return onboarding.join(core, person)


def _my(core: Core, person: Person, args: str) -> Result:
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        rows = []
        for membership in uow.memberships.of_member(member.id):
            label, role = onboarding.describe(uow, membership)
            rows.append((label, _("{role}: {status}", role=role, status=onboarding.STATUS[membership.status])))
        need_rows = needs.mine(core, uow, member)
        uow.commit()
    if not rows:
        return Result(reply=Message.text(_("You do not represent any delegation yet. Type /asp join to register.")))
    parts = [Header(_("Your delegations")), Facts(tuple(rows))]
    if need_rows:
        parts += [Header(_("Your delegation’s needs")), Facts(tuple(need_rows[:20]))]
    return Result(reply=Message.of(*parts))


def _need(core: Core, person: Person, args: str) -> Result:
    """`/asp need`, `/asp need REF`, `/asp need REF edit|withdraw|v2|ask …|answer …`."""
    words = args.split()
    if not words:
        return needs.start(core, person)
    reference, what = words[0], (words[1].lower() if len(words) > 1 else "")
    rest = args.split(None, 2)[2] if len(words) > 2 else ""
    if what in ("ask", "question"):
        return needs.ask(core, person, reference, rest)
    if what in ("answer", "reply", "répondre", "reponse", "réponse"):
        return needs.answer(core, person, reference, rest)
    if what in ("edit", "modifier"):
        return needs.edit(core, person, reference)
    if what in ("withdraw", "retirer"):
        return needs.withdraw(core, person, reference, sure=False)
    if what[:1] == "v" and what[1:].isdigit():
        return needs.view(core, person, reference, int(what[1:]))
    return needs.view(core, person, reference)


def _campaign(core: Core, person: Person, args: str) -> Result:
    """`/asp campaign` lists the calls; `/asp campaign reopen CODE YYYY-MM-DD` moves a final deadline."""
    words = args.split()
    if not words:
        return campaigns.listing(core, person)
    if words[0].lower() == "reopen" and len(words) == 3:
        return campaigns.reopen(core, person, words[1], words[2])
    raise Refusal(_("Use /asp campaign, or /asp campaign reopen CODE YYYY-MM-DD."))


def _needs(core: Core, person: Person, args: str) -> Result:
    return needs.listing(core, person, args)


def _report(core: Core, person: Person, args: str) -> Result:
    return reports.start(core, person)


def _acts_for_a_state(core: Core, uow, member) -> bool:
    try:
        needs.state_membership(core, uow, member)
    except Refusal:
        return False
    return True


def _verify(core: Core, person: Person, args: str) -> Result:
    with core.uow() as uow:
        people.identify(core, uow, person)
        requests = onboarding.pending_requests(core, uow)
        uow.commit()
    if not requests:
        return Result(reply=Message.text(_("No verification request is waiting.")))
    parts = [Header(_("Verification requests waiting"))]
    for message in requests:
        parts += list(message.parts)
    return Result(reply=Message.of(*parts))


VERBS: dict[str, Verb] = {v.name: v for v in (
    Verb("help", "/asp help", _("This list."), _help),
    Verb("join", "/asp join", _("Register as the representative of a delegation."), _join),
    Verb("my", "/asp my", _("Your delegations, your requests and your delegation’s needs."), _my),
    Verb("need", "/asp need [REFERENCE [edit|withdraw]]",
         _("Register a need for technical legal assistance; show, change or withdraw one."), _need,
         shown_to=_acts_for_a_state),
    Verb("report", "/asp report", _("Answer the Plan of Action questionnaire on universality."), _report,
         shown_to=_acts_for_a_state),
    Verb("lang", "/asp lang fr", _("Choose the language I write to you in."), _lang),
    Verb("needs", "/asp needs [STATUS]", _("Every State’s needs, newest change first; filter by status."), _needs,
         secretariat_only=True),
    Verb("campaign", "/asp campaign [reopen CODE YYYY-MM-DD]",
         _("Calls for input and their deadlines; reopen a call."), _campaign, secretariat_only=True),
    Verb("verify", "/asp verify", _("Requests from people to act for a delegation, to approve or decline."),
         _verify, secretariat_only=True),
)}


def run(core: Core, person: Person, text: str) -> Result:
    words = text.strip().split(maxsplit=1)
    name = words[0].lower() if words else "help"
    args = words[1] if len(words) > 1 else ""
    verb = VERBS.get(name)
    if verb is None:
        guess = difflib.get_close_matches(name, list(VERBS), n=1)
        if guess:
            raise Refusal(_("I do not know “{verb}”. Did you mean /asp {guess}? Type /asp help for the list.",
                            verb=name, guess=guess[0]))
        raise Refusal(_("I do not know “{verb}”. Type /asp help for the list.", verb=name))
    if verb.secretariat_only and not core.directory.is_secretariat(person):
        raise Refusal(_("Only the Secretariat can use /asp {verb}.", verb=name))
    return verb.run(core, person, args)
