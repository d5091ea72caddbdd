"""The Secretariat sets up plenaries (`/asp plenary new|edit|open|close|list`), from Slack's form or modal and from
the CLI.

Both paths end in `save`, which checks what the form cannot (a code taken, a deadline after the plenary starts,
a segment removed while delegations stand on its list) and writes the plenary, its audit line and its planned
announcements and reminders in one transaction: a refusal leaves nothing half-saved.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.engine.checks import read_code, read_hour
from bot.engine.state import State
from bot.errors import Refusal
from bot.features.speakers import plenary_form, policy, views
from bot.features.speakers.planner import plan_plenary
from bot.features.speakers.service import find_plenary
from bot.features.speakers.views import plenary_title
from bot.i18n import Msg, Reader, _, ngettext_
from bot.policy import require_secretariat
from bot.replies import Facts, Header, Message, Note, Text
from bot.services.conversations import check_typed, start_form
from bot.services.people import Who
from bot.services.ports import Core, Result
from storage.models import Plenary

NOT_YOURS = _("Only the Secretariat sets up plenaries.")
OPENS_AT = time(9, 0)  # registration opening on a later day opens at a decent hour at the venue
END_OF_DAY = time(23, 59, 59)


def answers_of(plenary: Plenary) -> dict:
    """A plenary as the form's answers, to change it: days and hours on the venue's clock."""
    zone = ZoneInfo(plenary.timezone)
    closes = plenary.registration_deadline.astimezone(zone)
    answers: dict = {
        "title": plenary.title, "session": plenary.session, "timezone": plenary.timezone, "room": plenary.room,
        "statements_to": plenary.statements_to, "held_on": (plenary.held_on or closes.date()).isoformat(),
        "segments": policy.typed_segments(plenary.segments), "limit": plenary.max_minutes,
        "closes_on": closes.date().isoformat(),
        "closes_at": None if closes.time() == END_OF_DAY else closes.strftime("%H:%M"),
        "open_to": list(plenary.open_to or policy.KINDS),
    }
    if plenary.starts_at is not None:
        answers["starts"] = plenary.starts_at.astimezone(zone).strftime("%H:%M")
    if plenary.duration_minutes:
        answers["duration"] = plenary.duration_minutes
    if plenary.registration_opens_at is not None:
        answers["opens_on"] = plenary.registration_opens_at.astimezone(zone).date().isoformat()
    return answers


def _facts(plenary: Plenary) -> dict:
    return {"title": plenary.title, "session": plenary.session, "timezone": plenary.timezone, "room": plenary.room,
            "statements_to": plenary.statements_to, "held_on": plenary.held_on.isoformat() if plenary.held_on else None,
            "starts_at": plenary.starts_at.isoformat() if plenary.starts_at else None,
            "duration_minutes": plenary.duration_minutes, "segments": plenary.segments,
            "max_minutes": plenary.max_minutes, "open_to": plenary.open_to,
            "registration_opens_at": plenary.registration_opens_at.isoformat()
            if plenary.registration_opens_at else None,
            "registration_deadline": plenary.registration_deadline.isoformat()}


def _opening(day: date | None, zone: ZoneInfo, now: datetime, was: datetime | None) -> datetime:
    """Now for no day, today or a past one; 09:00 at the venue on a later day; an unchanged day keeps its hour."""
    if was is not None and day == was.astimezone(zone).date():
        return was
    if day is None or day <= now.astimezone(zone).date():
        return now
    return datetime.combine(day, OPENS_AT, zone)


def save(core: Core, uow, actor_id: int | None, answers: dict, code: str | None) -> Plenary:
    """A new plenary (code None: the answers carry it) or the changed plenary `code`; replans its messages."""
    now = core.clock.now()
    new = code is None
    code = read_code(answers["code"]) if new else code
    if code is None:  # the form checked it; a CLI caller may not have
        raise Refusal(_("A code is 2 to 32 letters, digits or dashes, for example CP-2025."))
    plenary = uow.plenaries.by_code(code)
    if new and plenary is not None:
        raise Refusal(_("There is already a plenary with the code {code}. Choose another code, or change that "
                        "plenary with /asp plenary edit {code}.", code=code))
    if not new and plenary is None:
        raise Refusal(_("There is no plenary with the code {code}. Type /asp speak to see the open lists.",
                        code=code))
    tz = (answers.get("timezone") or "").strip() or core.settings.aspbot_timezone
    zone = ZoneInfo(tz)
    held_on = date.fromisoformat(answers["held_on"])
    starts = read_hour(answers.get("starts") or "")
    starts_at = datetime.combine(held_on, starts, zone) if starts else None
    duration = int(answers["duration"]) if answers.get("duration") else None
    closes = datetime.combine(date.fromisoformat(answers["closes_on"]),
                              read_hour(answers.get("closes_at") or "") or END_OF_DAY, zone)
    opens = _opening(date.fromisoformat(answers["opens_on"]) if answers.get("opens_on") else None, zone, now,
                     None if plenary is None else plenary.registration_opens_at)
    segments = policy.read_segments(answers["segments"])
    if closes <= now and (new or closes != plenary.registration_deadline):
        raise Refusal(_("The registration deadline must be in the future."))
    if opens >= closes:
        raise Refusal(_("Registration must open before it closes ({deadline}).", deadline=closes))
    begins = starts_at or datetime.combine(held_on, END_OF_DAY, zone)
    if closes > begins:
        raise Refusal(_("Registration must close before the plenary starts ({start}).", start=begins))
    if plenary is not None:
        kept = {s["code"] for s in segments}
        for segment in plenary.segments:
            standing = uow.speakers.of_segment(plenary.id, segment["code"])
            if segment["code"] not in kept and standing:
                raise Refusal(ngettext_(
                    "Segment {segment} has {count} speaker on its list: it cannot be removed while they stand.",
                    "Segment {segment} has {count} speakers on its list: it cannot be removed while they stand.",
                    len(standing), segment=segment["code"], count=len(standing)))
    kinds = [k for k in policy.KINDS if k in (answers.get("open_to") or policy.KINDS)]
    before = None if plenary is None else _facts(plenary)
    if plenary is None:
        plenary = Plenary(code=code, demo=False)
    plenary.title, plenary.session, plenary.timezone = answers["title"], int(answers["session"]), tz
    plenary.held_on, plenary.starts_at, plenary.duration_minutes = held_on, starts_at, duration
    plenary.room = (answers.get("room") or "").strip() or None
    plenary.statements_to = policy.read_channel(answers.get("statements_to") or "")
    plenary.ends_at = starts_at + timedelta(minutes=duration) if starts_at and duration else None
    plenary.segments = segments
    plenary.max_minutes = int(answers["limit"])
    plenary.registration_opens_at, plenary.registration_deadline = opens, closes
    plenary.open_to = None if len(kinds) == len(policy.KINDS) else kinds
    if new:
        uow.plenaries.add(plenary)
    uow.session.flush()
    uow.audit.record(now, actor_id, "plenary.created" if new else "plenary.changed", f"plenary:{code}", before,
                     _facts(plenary))
    plan_plenary(core, uow, plenary, now)  # the announcement and reminders, moved or cancelled: none twice
    return plenary


def summary(plenary: Plenary, reader_tz: str) -> Message:
    """What the Secretariat reads after setting a plenary up."""
    rows: list[tuple] = [(_("Code"), plenary.code), *views.when_rows(plenary, reader_tz),
                         (_("Segments"), ", ".join(s["code"] for s in plenary.segments)),
                         (_("Speaking time"), ngettext_("at most {count} minute", "at most {count} minutes",
                                                        plenary.max_minutes, count=plenary.max_minutes)),
                         (_("Registration opens"), plenary.registration_opens_at),
                         *views.closing_rows(plenary, reader_tz)]
    return Message.of(Header(_("Plenary: {plenary}", plenary=plenary_title(plenary))), Facts(tuple(rows)),
                      Note(_("Delegations allowed to register are told when registration opens, and reminded before "
                             "it closes. See the lists with /asp speakers {code}.", code=plenary.code)))


def submit(core: Core, uow, who: Who, state: State) -> list[Message]:
    require_secretariat(who.secretariat, NOT_YOURS)
    plenary = save(core, uow, who.member_id, dict(state.answers), state.context.get("code"))
    return [summary(plenary, who.reader.zone.key)]


def new(core: Core, who: Who) -> Result:
    with core.uow() as uow:
        start_form(core, uow, who, plenary_form.NEW)
        uow.commit()
    return Result(reply=Message.text(_("I have sent you the form for a new plenary in a direct message.")),
                  outbox=list(uow.outbox_ids))


def edit(core: Core, who: Who, code: str) -> Result:
    with core.uow() as uow:
        plenary = find_plenary(uow, code)
        start_form(core, uow, who, plenary_form.EDIT, prefill=answers_of(plenary), context={"code": plenary.code})
        uow.commit()
    return Result(reply=Message.text(_("I have sent you “{plenary}” to change in a direct message.",
                                       plenary=plenary_title(plenary))), outbox=list(uow.outbox_ids))


def open_now(core: Core, actor_id: int | None, code: str) -> Plenary:
    """Registration opens now (it was to open later); those allowed are told."""
    now = core.clock.now()
    with core.uow() as uow:
        plenary = find_plenary(uow, code)
        state = policy.window(plenary.registration_opens_at, plenary.registration_deadline, now)
        if state == policy.OPEN:
            raise Refusal(_("The speakers list of “{plenary}” is already open, until {deadline}.",
                            plenary=plenary_title(plenary), deadline=plenary.registration_deadline))
        if state == policy.CLOSED:
            raise Refusal(_("The speakers list of “{plenary}” closed on {deadline}. Change its deadline with /asp "
                            "plenary edit {code}.", plenary=plenary_title(plenary),
                            deadline=plenary.registration_deadline, code=plenary.code))
        before = plenary.registration_opens_at
        plenary.registration_opens_at = now
        uow.audit.record(now, actor_id, "plenary.opened", f"plenary:{plenary.code}",
                         {"registration_opens_at": before.isoformat() if before else None},
                         {"registration_opens_at": now.isoformat()})
        plan_plenary(core, uow, plenary, now)
        uow.commit()
    return plenary


def close_now(core: Core, actor_id: int | None, code: str) -> tuple[Plenary, int]:
    """Registration closes now; reminders to register are cancelled. Returns the plenary and how many were."""
    now = core.clock.now()
    with core.uow() as uow:
        plenary = find_plenary(uow, code)
        if plenary.registration_deadline <= now:
            raise Refusal(_("The speakers list of “{plenary}” is already closed (on {deadline}).",
                            plenary=plenary_title(plenary), deadline=plenary.registration_deadline))
        before = plenary.registration_deadline
        plenary.registration_deadline = now
        if plenary.registration_opens_at is None or plenary.registration_opens_at > now:
            plenary.registration_opens_at = now
        uow.audit.record(now, actor_id, "plenary.closed", f"plenary:{plenary.code}",
                         {"registration_deadline": before.isoformat()}, {"registration_deadline": now.isoformat()})
        cancelled = plan_plenary(core, uow, plenary, now)
        uow.commit()
    return plenary, cancelled


def listing(core: Core, who: Who) -> Result:
    """The plenaries, latest first: when, the list's state and how many stand on it."""
    now = core.clock.now()
    states = {policy.NOT_YET: lambda when: _("opens on {when}", when=when),
              policy.OPEN: lambda when: _("open until {when}", when=when),
              policy.CLOSED: lambda when: _("closed on {when}", when=when)}
    with core.uow() as uow:
        rows = []
        for plenary in uow.plenaries.all()[:30]:
            state = policy.window(plenary.registration_opens_at, plenary.registration_deadline, now)
            when = plenary.registration_opens_at if state == policy.NOT_YET else plenary.registration_deadline
            standing = sum(1 for s in uow.speakers.of_plenary(plenary.id) if s.status == policy.REGISTERED)
            rows.append((Msg("{code}", {"code": plenary.code}), ngettext_(
                "{plenary}: list {state}; {count} speaker", "{plenary}: list {state}; {count} speakers", standing,
                plenary=plenary_title(plenary), state=states[state](when), count=standing)))
    if not rows:
        return Result(reply=Message.text(_("There is no plenary yet. Type /asp plenary new to set one up.")))
    return Result(reply=Message.of(Header(_("Plenaries")), Facts(tuple(rows)),
                                   Text(_("Type /asp plenary edit CODE to change one."))))


def command(core: Core, who: Who, args: str) -> Result:
    """`/asp plenary [list]|new|edit CODE|open CODE|close CODE`."""
    require_secretariat(who.secretariat, NOT_YOURS)
    words = args.split()
    verb = words[0].lower() if words else "list"
    if verb == "list" and len(words) <= 1:
        return listing(core, who)
    if verb == "new" and len(words) == 1:
        return new(core, who)
    if verb in ("edit", "open", "close") and len(words) == 2:
        if verb == "edit":
            return edit(core, who, words[1])
        if verb == "open":
            plenary = open_now(core, who.member_id, words[1])
            return Result(reply=Message.text(_("The speakers list of “{plenary}” is open until {deadline}. "
                                               "Delegations allowed to register are being told.",
                                               plenary=plenary_title(plenary),
                                               deadline=plenary.registration_deadline)))
        plenary, cancelled = close_now(core, who.member_id, words[1])
        return Result(reply=Message.text(ngettext_(
            "The speakers list of “{plenary}” is closed; {count} pending reminder cancelled.",
            "The speakers list of “{plenary}” is closed; {count} pending reminders cancelled.", cancelled,
            plenary=plenary_title(plenary), count=cancelled)))
    raise Refusal(_("Type /asp plenary list, /asp plenary new, or /asp plenary edit, open or close followed by "
                    "the plenary’s code."))


def from_typed(core: Core, code: str | None, given: dict, reader: Reader) -> tuple[Plenary | None, dict]:
    """The CLI's path: options as typed, checked by the form's own fields, then saved as a submission is. For an
    edit (`code`), what is not given stays as it was. Returns the plenary, or the refusals per field."""
    with core.uow() as uow:
        raw: dict = {"open_to": list(policy.KINDS)}
        if code is not None:
            plenary = find_plenary(uow, code)
            raw, code = answers_of(plenary), plenary.code
        raw.update({k: v for k, v in given.items() if v is not None})
        if isinstance(raw.get("open_to"), str):  # typed as codes: state_party, observer_state …
            raw["open_to"] = [k.strip().lower() for k in raw["open_to"].split(",") if k.strip()]
        for number in ("session", "duration", "limit"):
            if isinstance(raw.get(number), int):
                raw[number] = str(raw[number])
        answers, errors = check_typed(core, plenary_form.build, raw, reader, new=code is None)
        if answers is None:
            return None, errors
        plenary = save(core, uow, None, answers, code)
        uow.commit()
    return plenary, {}
