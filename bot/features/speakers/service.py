"""Speakers lists for a delegation (`/asp speak`: register, see its place, withdraw) and for the Secretariat
(`/asp speakers PLENARY`). Every registration and withdrawal tells the delegations whose place it moved."""
from __future__ import annotations

from bot.delegations import delegation_label
from bot.engine import runner
from bot.engine.state import State
from bot.errors import Refusal
from bot.features.speakers import invitation, planner, policy, views
from bot.features.speakers.form import FORM
from bot.i18n import Zoned, _
from bot.policy import Role, require_secretariat, require_verified
from bot.replies import Actions, Button, Facts, Header, Message, Note, Text
from bot.services.conversations import start_form
from bot.services.notify import notify, notify_secretariat
from bot.services.people import Who
from bot.services.ports import Core, Result
from storage.models import Delegation, Plenary, Speaker


def find_plenary(uow, code: str):
    plenary = uow.plenaries.by_code(code.strip().upper())
    if plenary is None:
        raise Refusal(_("There is no plenary with the code {code}. Type /asp speak to see the open lists.",
                        code=code.strip()))
    return plenary


def _closed(plenary, now) -> Refusal | None:
    state = policy.window(plenary.registration_opens_at, plenary.registration_deadline, now)
    if state == policy.NOT_YET:
        return Refusal(_("The speakers list of “{plenary}” opens on {opens} (at the venue: {venue}).",
                         plenary=views.plenary_title(plenary), opens=plenary.registration_opens_at,
                         venue=Zoned(plenary.registration_opens_at, plenary.timezone)))
    if state == policy.CLOSED:
        return Refusal(_("The speakers list of “{plenary}” closed on {deadline} (at the venue: {venue}). Later "
                         "requests are not considered; yours is kept for the chair.",
                         plenary=views.plenary_title(plenary), deadline=plenary.registration_deadline,
                         venue=Zoned(plenary.registration_deadline, plenary.timezone)))
    return None


def entries(uow, plenary_id: int, segment: str) -> dict[int, int]:
    return policy.positions(policy.Entry(s.id, s.delegation_id, s.category, s.received_at)
                            for s in uow.speakers.of_segment(plenary_id, segment))


def _tell_moved(core: Core, uow, plenary, segment: str, before: dict[int, int], after: dict[int, int],
                cause: str | None) -> None:
    """Each delegation whose place changed hears it, through whoever registered it."""
    for speaker_id, (was, now) in policy.moved(before, after).items():
        speaker = uow.session.get(Speaker, speaker_id)
        code = uow.delegations.get(speaker.delegation_id).code
        message = views.moved_down(plenary, segment, code, was, now, cause) if cause is not None and now > was \
            else views.moved_up(plenary, segment, code, was, now)
        fits = views.fits_of(plenary, views.segment_of(plenary, segment) or {})
        if fits is not None and was <= fits < now:  # pushed past what the segment's time holds
            message = Message.of(*message.parts, views.beyond(code, now, fits))
        notify(core, uow, speaker.registered_by_id, message)


def listing(core: Core, who: Who) -> Result:
    """`/asp speak`: the lists open now, each segment with a button per delegation the person may register."""
    now = core.clock.now()
    with core.uow() as uow:
        plenaries = [p for p in uow.plenaries.registering_at(now)
                     if policy.window(p.registration_opens_at, p.registration_deadline, now) == policy.OPEN]
    if not plenaries:
        raise Refusal(_("No speakers list is open at the moment."))
    messages = []
    for plenary in plenaries[:3]:
        roles = policy.speaking_roles(who.roles, plenary.open_to)
        messages.append(views.open_list(plenary, [r.delegation_code for r in roles], who.reader.zone.key))
    if not policy.speaking_roles(who.roles, None):
        messages.append(Message.of(Note(_("Only verified focal points and delegates can put their delegation on a "
                                          "list. Type /asp join to register."))))
    parts = [part for message in messages for part in message.parts]
    return Result(reply=Message.of(*parts))


def start(core: Core, who: Who, value: str) -> Result:
    """A "Register for segment …" button: checks the list, the delegation and that it is not on it already,
    then the request in DM."""
    code, _sep, rest = value.partition("|")
    segment_code, _sep, delegation_code = rest.partition("|")
    now = core.clock.now()
    with core.uow() as uow:
        plenary = find_plenary(uow, code)
        segment = views.segment_of(plenary, segment_code)
        if segment is None:
            raise Refusal(_("“{plenary}” has no segment {segment}.", plenary=views.plenary_title(plenary),
                            segment=segment_code))
        require_verified(who.roles)
        role = next((r for r in policy.speaking_roles(who.roles, plenary.open_to)
                     if r.delegation_code == delegation_code), None)
        if role is None:
            raise Refusal(_("You are not verified to speak for {delegation} on this list.",
                            delegation=delegation_label(delegation_code)))
        closed = _closed(plenary, now)
        if closed is not None:
            _late(uow, plenary, segment_code, role, who, now)
            uow.commit()
            raise closed
        holder = uow.speakers.holding(policy.slot(plenary.code, segment_code, role.delegation_code))
        if holder is not None:
            position = entries(uow, plenary.id, segment_code)[holder.id]
            raise Refusal(_("{delegation} is already on the list of segment {segment}: number {position}, "
                            "{speaker} speaking.", delegation=delegation_label(role.delegation_code),
                            segment=segment_code, position=position, speaker=holder.speaker_name))
        # The speaker is asked, never assumed: the one who registers is often not the one who speaks.
        start_form(core, uow, who, FORM.key,
                   context={"plenary": plenary.code, "segment": segment_code, "delegation": role.delegation_code})
        uow.commit()
    return Result(outbox=list(uow.outbox_ids))


def _late(uow, plenary, segment: str, role, who: Who, now, answers: dict | None = None) -> None:
    """A request after the close: not on the list, kept for the chair (and the export)."""
    answers = answers or {}
    if not answers and any(s.status == policy.LATE and s.delegation_id == role.delegation_id and s.segment == segment
                           for s in uow.speakers.of_plenary(plenary.id)):
        return  # a click again after the close: the first late attempt is what the chair needs
    language = answers.get("language") or (who.reader.locale[:2] if who.reader.locale[:2] in policy.LANGUAGES
                                           else "en")
    uow.speakers.add(Speaker(plenary_id=plenary.id, segment=segment, delegation_id=role.delegation_id,
                             registered_by_id=who.member_id, slot=None, status=policy.LATE,
                             category=policy.category(role.delegation_kind), received_at=now,
                             speaker_name=answers.get("speaker") or who.name or "?",
                             speaker_title=answers.get("speaker_title"), language=language,
                             **_statement(answers)))


def _statement(answers: dict) -> dict:
    """The statement as the speakers row keeps it: typed text, or the document sent as a file."""
    value = answers.get("statement")
    if runner.is_document(value):
        return {"statement": None, "statement_document_id": int(value["document"])}
    return {"statement": value, "statement_document_id": None}


def submit(core: Core, uow, who: Who, state: State) -> list[Message]:
    """The request: on the list at the server's receipt time, unless the list closed meanwhile or a colleague
    of the same delegation registered it a moment earlier (one slot per delegation and segment)."""
    context, answers = state.context, state.answers
    plenary = find_plenary(uow, context["plenary"])
    segment = context["segment"]
    reason = context.get("reason")
    if reason:  # the Secretariat adds a speaker on a delegation's behalf, whatever the list's window
        require_secretariat(who.secretariat, _("Only the Secretariat adds speakers on a delegation’s behalf."))
        delegation = uow.delegations.by_code(context["delegation"])
        role: Role | None = Role(0, delegation.id, delegation.code, delegation.kind, "secretariat", "approved")
    else:
        role = next((r for r in policy.speaking_roles(who.roles, plenary.open_to)
                     if r.delegation_code == context["delegation"]), None)
    if role is None:
        raise Refusal(_("You are not verified to speak for {delegation} on this list.",
                        delegation=delegation_label(context["delegation"])))
    now = core.clock.now()
    closed = None if reason else _closed(plenary, now)
    if closed is not None:
        _late(uow, plenary, segment, role, who, now, answers)
        return [Message.text(closed.message)]
    before = entries(uow, plenary.id, segment)
    speaker = uow.speakers.register(Speaker(
        plenary_id=plenary.id, segment=segment, delegation_id=role.delegation_id, registered_by_id=who.member_id,
        slot=policy.slot(plenary.code, segment, role.delegation_code), status=policy.REGISTERED,
        category=policy.category(role.delegation_kind), received_at=now, speaker_name=answers["speaker"],
        speaker_title=answers.get("speaker_title"), language=answers["language"], **_statement(answers)))
    if speaker is None:
        # A colleague's request landed first (their transaction committed while this one ran): say where it is.
        holder = uow.speakers.holding(policy.slot(plenary.code, segment, role.delegation_code))
        if holder is None:  # and was withdrawn in the meantime: the person can simply try again
            raise Refusal(_("Your delegation’s place changed while you were registering. Please try again."))
        return [Message.text(_("{delegation} is already on the list of segment {segment}: number {position}, "
                               "{speaker} speaking.", delegation=delegation_label(role.delegation_code),
                               segment=segment, position=entries(uow, plenary.id, segment)[holder.id],
                               speaker=holder.speaker_name))]
    after = entries(uow, plenary.id, segment)
    # On the list: the delegation's pending reminders to register go no further (its speaker's are planned).
    uow.reminders.cancel(topic=planner.topic(plenary.code, role.delegation_code))
    uow.audit.record(now, who.member_id, "speaker.added" if reason else "speaker.registered",
                     f"plenary:{plenary.code}:{segment}", None,
                     {"delegation": role.delegation_code, "position": after[speaker.id], **({"reason": reason}
                                                                                           if reason else {})})
    _tell_moved(core, uow, plenary, segment, before, after, role.delegation_code)
    if speaker.statement or speaker.statement_document_id:
        # To the interpreters' channel if the plenary has one, else the Secretariat; to nobody else.
        document = uow.documents.get(speaker.statement_document_id) if speaker.statement_document_id else None
        statement = views.for_interpreters(plenary, speaker, role.delegation_code, after[speaker.id], document)
        if plenary.statements_to:
            room = uow.members.ensure(who.person.channel, who.person.workspace, plenary.statements_to, now)
            room.profile_checked_at = room.profile_checked_at or now  # a channel has no profile to ask for
            notify(core, uow, room.id, statement, dedupe_key=f"statement:{speaker.id}:room")
        else:
            notify_secretariat(core, uow, who.team, statement, f"statement:{speaker.id}")
    fits = views.fits_of(plenary, views.segment_of(plenary, segment) or {})
    if fits is not None and len(after) == fits + 1:  # the list has just overflowed: the Secretariat hears it once
        notify_secretariat(core, uow, who.team, views.overflowing(plenary, segment, len(after), fits),
                           f"overflow:{plenary.code}:{segment}")
    placed = views.placed(plenary, segment, role.delegation_code, after[speaker.id], who.reader.zone.key, fits)
    return [Message.of(*placed.parts, *invitation.attachment(plenary, segment, role.delegation_code, after[speaker.id],
                                                             speaker.id, who.reader, now))]


def _places(core: Core, uow, who: Who) -> list[tuple[Speaker, tuple]]:
    """The person's delegations' places on the lists of plenaries not yet held, each as a (label, value) row."""
    now = core.clock.now()
    out = []
    for speaker in uow.speakers.of_delegations({r.delegation_id for r in who.roles if r.status == "approved"}):
        plenary = uow.session.get(Plenary, speaker.plenary_id)
        if plenary.starts_at is not None and plenary.starts_at < now:
            continue
        positions = entries(uow, speaker.plenary_id, speaker.segment)
        out.append((speaker, (
            _("{plenary}, segment {segment}", plenary=views.plenary_title(plenary), segment=speaker.segment),
            _("{delegation}: number {position} of {count}; {speaker} speaking",
              delegation=delegation_label(uow.delegations.get(speaker.delegation_id).code),
              position=positions[speaker.id], count=len(positions), speaker=speaker.speaker_name))))
    return out


def status(core: Core, who: Who) -> Result:
    """`/asp speak status`: where each of the person's delegations stands, with a button to withdraw."""
    require_verified(who.roles)
    with core.uow() as uow:
        places = _places(core, uow, who)
    if not places:
        return Result(reply=Message.text(_("Your delegation is on no speakers list. Type /asp speak to register.")))
    buttons = tuple(Button(_("Withdraw from segment {segment}", segment=speaker.segment), views.WITHDRAW,
                           str(speaker.id), "danger") for speaker, _row in places[:5])
    return Result(reply=Message.of(Header(_("Your places on the speakers lists")),
                                   Facts(tuple(row for _speaker, row in places)), Actions(buttons)))


def mine(core: Core, uow, who: Who) -> list:
    """`/asp my` and Home: the same places, without the buttons."""
    rows = [row for _speaker, row in _places(core, uow, who)]
    return [(_("Your places on the speakers lists"), rows)] if rows else []


def _owned(uow, who: Who, value: str) -> Speaker:
    speaker = uow.session.get(Speaker, int(value)) if value.isdigit() else None
    if speaker is None or speaker.status != policy.REGISTERED or not any(
            r.status == "approved" and r.delegation_id == speaker.delegation_id for r in who.roles):
        raise Refusal(_("That place is not your delegation’s, or it is no longer on the list."))
    return speaker


def withdraw(core: Core, who: Who, value: str) -> Result:
    """The "Withdraw" button: asks first (the place is lost)."""
    with core.uow() as uow:
        speaker = _owned(uow, who, value)
        code = uow.delegations.get(speaker.delegation_id).code
    return Result(reply=Message.of(
        Text(_("Withdraw {delegation} from segment {segment}? Its place is given up; registering again puts it at "
               "the end of its category.", delegation=delegation_label(code), segment=speaker.segment)),
        Actions((Button(_("Yes, withdraw"), views.WITHDRAW_SURE, value, "danger"),))))


def withdraw_sure(core: Core, who: Who, value: str) -> Result:
    now = core.clock.now()
    with core.uow() as uow:
        speaker = _owned(uow, who, value)
        plenary = uow.session.get(Plenary, speaker.plenary_id)
        before = entries(uow, speaker.plenary_id, speaker.segment)
        speaker.status, speaker.slot, speaker.withdrawn_at = policy.WITHDRAWN, None, now
        uow.session.flush()
        after = entries(uow, speaker.plenary_id, speaker.segment)
        code = uow.delegations.get(speaker.delegation_id).code
        uow.audit.record(now, who.member_id, "speaker.withdrawn", f"plenary:{plenary.code}:{speaker.segment}",
                         {"delegation": code, "position": before[speaker.id]}, None)
        _tell_moved(core, uow, plenary, speaker.segment, before, after, None)
        uow.commit()
    return Result(reply=Message.text(_("{delegation} is off the list of segment {segment}.",
                                       delegation=delegation_label(code), segment=speaker.segment)),
                  outbox=list(uow.outbox_ids))


def command(core: Core, who: Who, args: str) -> Result:
    """`/asp speak` lists the open lists; `/asp speak status` shows the delegation's places."""
    words = args.split()
    if not words:
        return listing(core, who)
    if words[0].lower() == "status" and len(words) == 1:
        return status(core, who)
    if words[0].lower() == "swap" and len(words) == 4:
        from bot.features.speakers import swap  # it builds on this module's readers
        return swap.propose(core, who, words[1], words[2], words[3])
    raise Refusal(_("Use /asp speak to register, /asp speak status to see your places, or /asp speak swap PLENARY "
                    "SEGMENT DELEGATION-CODE to ask another delegation to exchange places."))


def add(core: Core, who: Who, code: str, segment_code: str, delegation_code: str, reason: str) -> Result:
    """`/asp speakers PLENARY add SEGMENT DELEGATION REASON`: the request form in the Secretariat's DM, for a
    delegation (a Court official's, a panellist's, a late one the chair admits); the reason is audited."""
    with core.uow() as uow:
        plenary = find_plenary(uow, code)
        if views.segment_of(plenary, segment_code.upper()) is None:
            raise Refusal(_("“{plenary}” has no segment {segment}.", plenary=views.plenary_title(plenary),
                            segment=segment_code))
        delegation = uow.delegations.by_code(delegation_code.upper())
        if delegation is None:
            raise Refusal(_("There is no delegation with the code {code}.", code=delegation_code))
        holder = uow.speakers.holding(policy.slot(plenary.code, segment_code.upper(), delegation.code))
        if holder is not None:
            raise Refusal(_("{delegation} is already on the list of segment {segment}: number {position}, "
                            "{speaker} speaking.", delegation=delegation_label(delegation.code),
                            segment=segment_code.upper(),
                            position=entries(uow, plenary.id, segment_code.upper())[holder.id],
                            speaker=holder.speaker_name))
        start_form(core, uow, who, FORM.key, context={"plenary": plenary.code, "segment": segment_code.upper(),
                                                      "delegation": delegation.code, "reason": reason})
        uow.commit()
    return Result(reply=Message.text(_("I have sent you the request for {delegation} in a direct message.",
                                       delegation=delegation_label(delegation.code))), outbox=list(uow.outbox_ids))


def speakers(core: Core, who: Who, args: str) -> Result:
    """`/asp speakers PLENARY`: the Secretariat's lists, in the order they will be called; `… add SEGMENT
    DELEGATION REASON` adds a speaker on a delegation's behalf."""
    require_secretariat(who.secretariat, _("Only the Secretariat sees the whole speakers lists."))
    if not args.strip():
        raise Refusal(_("Type /asp speakers followed by the plenary’s code, for example /asp speakers COOP-23."))
    words = args.split(maxsplit=4)
    if len(words) > 1 and words[1].lower() == "add":
        if len(words) < 5:
            raise Refusal(_("Type /asp speakers {plenary} add SEGMENT DELEGATION-CODE and the reason, for example "
                            "/asp speakers COOP-23 add II UN a Court official’s statement.", plenary=words[0].upper()))
        return add(core, who, words[0], words[2], words[3], words[4])
    if len(words) > 1:
        raise Refusal(_("Type /asp speakers followed by the plenary’s code, for example /asp speakers COOP-23."))
    with core.uow() as uow:
        plenary = find_plenary(uow, args)
        kinds: dict[int, Delegation] = {}
        by_segment = []
        for segment in plenary.segments:
            entries = uow.speakers.of_segment(plenary.id, segment["code"])
            order = policy.positions(policy.Entry(s.id, s.delegation_id, s.category, s.received_at) for s in entries)
            rows = []
            for s in sorted(entries, key=lambda s: order[s.id]):
                delegation = kinds.get(s.delegation_id) or uow.delegations.get(s.delegation_id)
                kinds[s.delegation_id] = delegation
                rows.append((s, delegation.code, delegation.kind))
            by_segment.append((segment, rows))
        late = [(s, uow.delegations.get(s.delegation_id).code, "") for s in uow.speakers.of_plenary(plenary.id)
                if s.status == policy.LATE]
        message = views.secretariat_list(plenary, by_segment, late)
    return Result(reply=message)


def _say_about_reminders(core: Core, who: Who, code: str, muted: bool):
    """Stop (or restart) the reminders to register for one plenary's list; those planned follow at once."""
    now = core.clock.now()
    with core.uow() as uow:
        plenary = find_plenary(uow, code)
        choice = uow.reminders.list_choice(who.member_id, plenary.id, now)
        choice.muted, choice.updated_at = muted, now
        uow.session.flush()
        planner.plan_plenary(core, uow, plenary, now)
        uow.commit()
    return plenary


def mute(core: Core, who: Who, value: str) -> Result:
    plenary = _say_about_reminders(core, who, value, True)
    return Result(reply=Message.of(
        Text(_("You will get no more reminders about the speakers list of “{plenary}”. You can still register "
               "until {deadline}.", plenary=views.plenary_title(plenary), deadline=plenary.registration_deadline)),
        Actions((Button(_("Remind me again"), views.UNMUTE, plenary.code),))))


def unmute(core: Core, who: Who, value: str) -> Result:
    plenary = _say_about_reminders(core, who, value, False)
    return Result(reply=Message.text(_("Reminders about the speakers list of “{plenary}” are on again.",
                                       plenary=views.plenary_title(plenary))))


def open_to_me(core: Core, uow, who: Who) -> list:
    """The Home group of speakers lists open now that the person may put their delegation on (the Secretariat:
    every one), with the hour each closes."""
    lists = [p for p in uow.plenaries.registering_at(core.clock.now())
             if who.secretariat or policy.speaking_roles(who.roles, p.open_to)]
    rows = [(views.plenary_title(p), _("Speakers list closes: {when}", when=p.registration_deadline))
            for p in lists[:5]]
    return [(_("Speakers lists open for registration"), rows)] if rows else []
