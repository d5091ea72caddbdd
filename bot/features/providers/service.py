"""The providers' use cases: keeping a profile, seeing the needs that fit, answering them, asking the Secretariat."""
from __future__ import annotations

from bot.delegations import delegation_label
from bot.engine import runner
from bot.engine.state import State
from bot.errors import Refusal
from bot.features.needs import service as needs
from bot.features.needs.form import AREAS
from bot.features.providers import matching, views
from bot.features.providers import policy as p
from bot.features.providers.form import FORM
from bot.features.providers.introduce import introduce_button, progress_buttons
from bot.i18n import Msg, _, ngettext_
from bot.policy import STATE_ROLES, Role, approved, require_secretariat, require_verified
from bot.replies import Actions, Button, Facts, Header, Message, Note, Text
from bot.services.conversations import committed_first, first_delivery, start_form
from bot.services.notify import notify_secretariat
from bot.services.people import Who
from bot.services.ports import Core, Result
from storage.models import ProviderProfile

QUESTION_LIMIT = 2000


def provides(who: Who) -> bool:
    return bool(approved(who.roles, "provider"))


def provider_role(who: Who) -> Role:
    """The verified membership through which a person speaks for an assistance provider."""
    roles = approved(who.roles, "provider")
    if roles:
        return roles[0]
    if any(r.role == "provider" and r.status == "pending" for r in who.roles):
        require_verified(who.roles, "provider")  # says the Secretariat has not yet confirmed it
    raise Refusal(_("This is for the verified people of assistance providers. To act for one, type /asp join and "
                    "choose “Assistance provider”."))


def _profile_view(profile: ProviderProfile, code: str) -> Message:
    state = State(form=FORM.key, step="done", answers=dict(profile.answers))
    return Message.of(Header(_("Provider profile of {provider}", provider=delegation_label(code))),
                      runner.summary(FORM, state),
                      Actions((Button(_("Edit the profile"), views.EDIT, code),)))


def command(core: Core, who: Who, args: str) -> Result:
    """`/asp provider`: the profile, or its intake when there is none; `/asp provider edit` changes it."""
    role = provider_role(who)
    words = args.split()
    if words and words[0].lower() not in ("edit",):
        raise Refusal(_("Use /asp provider to see your profile, or /asp provider edit to change it."))
    with core.uow() as uow:
        profile = uow.providers.profile(role.delegation_id)
        if profile is not None and not words:
            return Result(reply=_profile_view(profile, role.delegation_code))
    return edit(core, who, role.delegation_code)


def edit(core: Core, who: Who, code: str = "") -> Result:
    role = provider_role(who)
    with core.uow() as uow:
        profile = uow.providers.profile(role.delegation_id)
        start_form(core, uow, who, FORM.key, prefill=dict(profile.answers) if profile else None,
                   context={"provider": role.delegation_code})
        uow.commit()
    return Result(reply=Message.text(_("I have sent you the provider profile in a direct message.")),
                  outbox=list(uow.outbox_ids))


def submit(core: Core, uow, who: Who, state: State) -> list[Message]:
    role = provider_role(who)
    if state.context.get("provider") not in (None, role.delegation_code):
        raise Refusal(_("You no longer speak for this provider."))
    now = core.clock.now()
    answers = dict(state.answers)
    profile = uow.providers.profile(role.delegation_id, for_update=True)
    before = dict(profile.answers) if profile else None
    if profile is None:
        profile = uow.providers.add(ProviderProfile(delegation_id=role.delegation_id, answers=answers,
                                                    availability=answers["availability"],
                                                    delivery=answers["delivery"], updated_by_id=who.member_id,
                                                    created_at=now, updated_at=now))
    else:
        profile.answers, profile.availability, profile.delivery = answers, answers["availability"], \
            answers["delivery"]
        profile.updated_by_id, profile.updated_at = who.member_id, now
    uow.providers.index(profile)
    uow.audit.record(now, who.member_id, "provider.profile", f"provider:{role.delegation_code}", before, answers)
    fitting = [m for m in matching.refresh_provider(core, uow, profile) if m.tell]
    said = ngettext_("{count} shared need fits it now: type /asp matches to see it.",
                     "{count} shared needs fit it now: type /asp matches to see them.", len(fitting),
                     count=len(fitting)) if fitting else \
        _("No shared need fits it yet; I will tell you when one does.")
    return [Message.of(Header(_("Profile saved")),
                       Text(_("Thank you. The profile of {provider} is saved.",
                              provider=delegation_label(role.delegation_code))),
                       runner.summary(FORM, state), Text(said))]


# --- what fits: the provider's list and the Secretariat's ----------------------------------------------------

def matches(core: Core, who: Who, args: str) -> Result:
    """`/asp matches` (a provider): the shared needs that fit, best first; `/asp matches REF` one of them;
    `/asp matches REF ask TEXT` a question to the Secretariat. The Secretariat: `/asp matches REF`."""
    words = args.split()
    if who.secretariat and not provides(who):
        if not words:
            raise Refusal(_("Name the need: /asp matches REFERENCE."))
        return for_secretariat(core, who, words[0])
    if not words:
        return for_provider(core, who)
    if len(words) >= 2 and needs.subverb(words[1]) == "ask":
        return ask(core, who, words[0], args.split(None, 2)[2] if len(words) > 2 else "")
    if len(words) > 1:
        raise Refusal(_("Use /asp matches, /asp matches REFERENCE, or /asp matches REFERENCE ask followed by "
                        "your question for the Secretariat."))
    return show(core, who, words[0])


def for_provider(core: Core, who: Who) -> Result:
    role = provider_role(who)
    with core.uow() as uow:
        if uow.providers.profile(role.delegation_id) is None:
            raise Refusal(_("Your organisation has no provider profile yet. Type /asp provider to make one."))
        rows = []
        for pair, need in uow.matches.shared_for(role.delegation_id, matching.VISIBLE):
            title = uow.needs.current(need).answers["title"]
            rows.append((Msg("{reference}", {"reference": need.reference}),
                         _("{delegation}: “{title}” ({state}). {reasons}",
                           delegation=delegation_label(uow.delegations.get(need.delegation_id).code), title=title,
                           state=views.STATE[pair.state], reasons=views.explained(pair.reasons))))
    if not rows:
        return Result(reply=Message.text(_("No shared need fits your profile at the moment.")))
    return Result(reply=Message.of(Header(_("Needs that fit your profile")), Facts(tuple(rows[:40])),
                                   Note(_("Open one with /asp matches REFERENCE."))))


def _shown_pair(uow, who: Who, reference: str, *, lock: bool = False):
    """The provider's pair with a shared need; the same refusal whether the need does not exist, was never
    shown to it, or is no longer shared."""
    role = provider_role(who)
    need = uow.needs.by_reference(reference.strip().upper())
    pair = uow.matches.pair(need.id, role.delegation_id, for_update=lock) if need is not None else None
    if need is None or pair is None or need.status not in matching.VISIBLE or pair.state == p.GONE:
        raise Refusal(_("No need {reference} is shared with your organisation at the moment.",
                        reference=reference.strip().upper()))
    return role, need, pair


def show(core: Core, who: Who, reference: str) -> Result:
    """One matching need as a provider may see it; from then on it counts as shown to the provider."""
    with core.uow() as uow:
        role, need, pair = _shown_pair(uow, who, reference, lock=True)
        shared = needs.shared_view(core, uow, need)
        if pair.state == p.MATCHED:
            pair.state, pair.notified_at = p.NOTIFIED, core.clock.now()
        message = Message.of(*shared.parts, Text(views.explained(pair.reasons)),
                             Text(_("Your answer so far: {state}.", state=views.STATE[pair.state])),
                             views.provider_actions(need.reference, role.delegation_code))
        uow.commit()
    return Result(reply=message)


def open_clicked(core: Core, who: Who, value: str) -> Result:
    return show(core, who, _pair_of_value(value))


def for_secretariat(core: Core, who: Who, reference: str) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat can see every provider of a need."))
    with core.uow() as uow:
        need = uow.needs.by_reference(reference.strip().upper())
        if need is None:
            raise Refusal(_("I cannot find a need with the reference {reference}.", reference=reference))
        title = uow.needs.current(need).answers.get("title", "")
        listed = [(uow.delegations.get(pair.provider_id).code, pair) for pair in uow.matches.of_need(need.id)]
        rows = [(delegation_label(code), _("{score} points, {state}. {reasons}", score=pair.score,
                                           state=views.STATE[pair.state], reasons=views.explained(pair.reasons)))
                for code, pair in listed]
        # The next step of each pair that has one: introduce the interested, record how assistance goes.
        steps = [introduce_button(need.reference, code) if pair.state == p.INTERESTED
                 else progress_buttons(need.reference, code, pair.state) for code, pair in listed[:40]]
    header = Header(_("Providers for {reference} “{title}”", reference=need.reference, title=title))
    if not rows:
        return Result(reply=Message.of(header, Text(
            _("No provider matches it yet.") if need.status in matching.VISIBLE else
            _("It is not shared with providers: matches are made when it is."))))
    return Result(reply=Message.of(header, Facts(tuple(rows[:40])),
                                   Note(_("Best first; a provider is told at {points} points or more.",
                                          points=p.NOTIFY_AT)),
                                   *[s for s in steps if s is not None][:5]))


# --- the provider's answers --------------------------------------------------------------------------------

def _pair_of_value(value: str) -> str:
    reference, _sep, _code = value.partition("|")
    return reference


def _answer(core: Core, uow, who: Who, value: str, state: str):
    """The provider's answer about a need it was shown, once: recorded on the pair and audited under the need."""
    role, need, pair = _shown_pair(uow, who, _pair_of_value(value), lock=True)
    if pair.state in p.ANSWERED:
        raise Refusal(_("Your organisation already answered about {reference}: {state}.",
                        reference=need.reference, state=views.STATE[pair.state]))
    now = core.clock.now()
    pair.state, pair.updated_at = state, now
    if state == p.INTERESTED:
        pair.interested_by_id = who.member_id  # the provider's contact for an introduction
    uow.audit.record(now, who.member_id, f"match.{state}", f"need:{need.reference}", None,
                     {"provider": role.delegation_code})
    return role, need


def interested(core: Core, who: Who, value: str) -> Result:
    with core.uow() as uow:
        role, need = _answer(core, uow, who, value, p.INTERESTED)
        profile = uow.providers.profile(role.delegation_id)
        notify_secretariat(core, uow, who.team, Message.of(
            Text(_("{provider} is interested in {reference} “{title}” of {delegation} ({person}).",
                   provider=delegation_label(role.delegation_code), reference=need.reference,
                   title=uow.needs.current(need).answers["title"],
                   delegation=delegation_label(uow.delegations.get(need.delegation_id).code),
                   person=who.mention)),
            Note(_("Their contact people: {contacts}", contacts=profile.answers.get("contacts", "") if profile
                   else "")),
            introduce_button(need.reference, role.delegation_code)),
            f"match:{need.reference}:{role.delegation_code}:interested")
        uow.commit()
    return Result(replace=Message.text(_("Thank you. The Secretariat knows that {provider} is interested in "
                                         "{reference} and will be in touch.",
                                         provider=delegation_label(role.delegation_code),
                                         reference=need.reference)), outbox=list(uow.outbox_ids))


def not_for_us(core: Core, who: Who, value: str) -> Result:
    with core.uow() as uow:
        role, need = _answer(core, uow, who, value, p.DECLINED)
        uow.commit()
    return Result(replace=Message.text(_("Noted: {reference} is not for {provider}. You will hear no more "
                                         "about it.", reference=need.reference,
                                         provider=delegation_label(role.delegation_code))))


def how_to_ask(core: Core, who: Who, value: str) -> Result:
    reference = _pair_of_value(value)
    return Result(reply=Message.text(_("Reply in the thread of the message about {reference} with your question, "
                                       "or type /asp matches {reference} ask followed by it. It goes to the "
                                       "Secretariat, not to the State.", reference=reference)))


def ask(core: Core, who: Who, reference: str, text: str, key: str | None = None) -> Result:
    """A provider's question about a need it was shown: to the Secretariat only, never to the State."""
    text = text.strip()
    if not text:
        raise Refusal(_("Write your question after the word “ask”, for example: /asp matches {reference} ask "
                        "Is an on-site visit possible?", reference=reference.strip().upper()))
    if len(text) > QUESTION_LIMIT:
        raise Refusal(_("That answer is {length} characters long; the limit is {limit}. Please shorten it.",
                        length=len(text), limit=QUESTION_LIMIT))
    with core.uow() as uow:
        if not first_delivery(core, uow, key):
            return Result()
        role, need, _pair = _shown_pair(uow, who, reference)
        now = core.clock.now()
        uow.audit.record(now, who.member_id, "match.question", f"need:{need.reference}", None,
                         {"provider": role.delegation_code, "question": text})
        notify_secretariat(core, uow, who.team, Message.of(
            Text(_("{person} of {provider} asks about {reference}: {question}", person=who.mention,
                   provider=delegation_label(role.delegation_code), reference=need.reference, question=text)),
            Note(_("The State has not seen this question."))),
            f"match:{need.reference}:{role.delegation_code}:q:{now.isoformat()}")
        if not committed_first(core, uow, key):
            return Result()
    return Result(reply=Message.text(_("Your question about {reference} was sent to the Secretariat.",
                                       reference=need.reference)), outbox=list(uow.outbox_ids))


def thread_reply(core: Core, who: Who, reference: str, text: str, key: str | None = None) -> Result:
    return ask(core, who, reference, text, key)


SHOWN_AT_HOME = 10


def mine(core: Core, uow, who: Who) -> list:
    """The `/asp my` and Home groups: a provider's profile and how many shared needs fit it; a State's needs with
    the providers introduced to it and how the assistance goes."""
    groups: list = []
    for state in approved(who.roles, *STATE_ROLES)[:1]:
        rows = [(Msg("{reference}", {"reference": reference}),
                 _("{provider}: {state}", provider=delegation_label(code), state=views.STATE[state]))
                for reference, code, state in uow.matches.introduced_to(state.delegation_id, p.INTRODUCED_OR_LATER)]
        if rows:
            groups.append((_("Providers of assistance for your needs"), rows))
    roles = approved(who.roles, "provider")
    if not roles:
        return groups
    role = roles[0]
    profile = uow.providers.profile(role.delegation_id)
    if profile is None:
        return groups + [(_("Your provider profile"), [(_("Profile"), _("not yet made: type /asp provider"))])]
    shared = [(pair, need) for pair, need in uow.matches.shared_for(role.delegation_id, matching.VISIBLE)
              if pair.state in p.SHOWN]  # those it was told of: a pair below the bar is not news to it
    areas = [AREAS[a] for a in profile.answers.get("areas", []) if a in AREAS]
    groups.append((_("Your provider profile"), [
        (_("Areas"), Msg("{areas}", {"areas": areas})),
        (_("Needs that fit"), Msg("{count}", {"count": len(shared)}))]))
    if shared:  # its matches and introductions, best first, each a click from its public answers
        groups.append((_("Shared needs that fit your profile"), [
            (Msg("{reference}", {"reference": need.reference}),
             _("“{title}”: {status}", title=uow.needs.current(need).answers["title"], status=views.STATE[pair.state]))
            for pair, need in shared[:SHOWN_AT_HOME]],
            [Button(_("Open {reference}", reference=need.reference), views.OPEN,
                    views.pair_value(need.reference, role.delegation_code)) for _pair, need in shared[:5]]))
    return groups


# --- what the needs feature says happened --------------------------------------------------------------------

def need_moved(core: Core, uow, need, before: str) -> None:
    """A need's status changed: shared, it is matched and providers told; no longer shared, nothing more goes."""
    if need.status in matching.VISIBLE and before not in matching.VISIBLE:
        matching.refresh_need(core, uow, need)
    elif need.status not in matching.VISIBLE and before in matching.VISIBLE:
        matching.withdrawn(core, uow, need)
