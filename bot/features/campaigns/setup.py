"""The Secretariat sets up calls for input: new, edit and close, from Slack's form or modal and from the CLI.

Both paths end in `save`, which checks what the form cannot (a code already taken, an audience nobody in it
would receive) and writes the call, its audit line and its reminder rows in one transaction: a refusal
leaves nothing half-saved, and the form's answers stay where they were for the person to change.
"""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.engine.state import State
from bot.errors import Refusal
from bot.features.campaigns import form, policy
from bot.features.campaigns.planner import plan_call
from bot.features.campaigns.views import title
from bot.i18n import Reader, _
from bot.policy import require_secretariat
from bot.replies import Facts, Header, Message, Note
from bot.services.conversations import check_typed, start_form
from bot.services.people import Who
from bot.services.ports import Core, Result
from storage.models import CallForInput

NOT_YOURS = _("Only the Secretariat sets up calls for input.")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def answers_of(call: CallForInput) -> dict:
    """A call as the form's answers, to change it: dates on the call's own clock."""
    zone = ZoneInfo(call.timezone)
    answers: dict = {
        "title": call.title, "form": call.form, "audience": "all" if call.audience is None else "chosen",
        "timezone": call.timezone, "opens": call.opens_at.astimezone(zone).date().isoformat(),
        "preliminary": call.preliminary_deadline.astimezone(zone).date().isoformat()
        if call.preliminary_deadline is not None else None,
        "final": call.final_deadline.astimezone(zone).date().isoformat(),
        "plan": ", ".join(str(d) for d in policy.plan_of(call.plan)),
    }
    if call.audience is not None:
        answers["delegations"] = list(call.audience)
    if call.preliminary_deadline is not None:
        answers["met_by"] = call.preliminary_met_by
    return answers


def save(core: Core, uow, actor_id: int | None, answers: dict, code: str | None) -> CallForInput:
    """A new call (code None: the answers carry it) or the changed call `code`; replans its reminders."""
    now = core.clock.now()
    new = code is None
    code = policy.read_code(answers["code"]) if new else code
    if code is None:  # the form checked it; a CLI caller may not have
        raise Refusal(_("A code is 2 to 32 letters, digits or dashes, for example CP-2025."))
    call = uow.calls.by_code(code)
    if new and call is not None:
        raise Refusal(_("There is already a call with the code {code}. Choose another code, or change that call "
                        "with /asp campaign edit {code}.", code=code))
    if not new and call is None:
        raise Refusal(_("There is no call for input with the code {code}.", code=code))
    chosen = list(answers.get("delegations") or []) if answers.get("audience") == "chosen" else None
    if not uow.reminders.audience(chosen):
        raise Refusal(_("Nobody would receive this call: none of its delegations has a verified focal point yet. "
                        "Verify one first, or choose other delegations."))
    zone = (answers.get("timezone") or "").strip() or core.settings.aspbot_timezone
    opens_day, preliminary, final = (_day(answers.get(k)) for k in ("opens", "preliminary", "final"))
    if final is None or policy.closing(final, zone) <= now:
        raise Refusal(_("The new deadline must be in the future."))
    before = None if new else _facts(call)
    if call is None:
        call = CallForInput(code=code, demo=False)
    if new or opens_day != call.opens_at.astimezone(ZoneInfo(zone)).date():
        call.opens_at = policy.opening(opens_day, zone, now)  # an unchanged day keeps the hour it had
    call.title, call.form, call.audience, call.timezone = answers["title"], answers["form"], chosen, zone
    call.preliminary_deadline = policy.closing(preliminary, zone) if preliminary else None
    call.final_deadline = policy.closing(final, zone)
    call.preliminary_met_by = answers.get("met_by") or policy.DRAFT
    call.plan = list(policy.read_plan(answers.get("plan"))) if answers.get("plan") else None
    if new:
        uow.calls.add(call)
    uow.audit.record(now, actor_id, "call.created" if new else "call.changed", f"call:{code}", before,
                     _facts(call))
    plan_call(core, uow, call, now)  # announcements and reminders, moved or cancelled: none twice
    return call


def _facts(call: CallForInput) -> dict:
    return {"title": call.title, "form": call.form, "audience": call.audience, "timezone": call.timezone,
            "opens_at": call.opens_at.isoformat(), "final_deadline": call.final_deadline.isoformat(),
            "preliminary_deadline": call.preliminary_deadline.isoformat() if call.preliminary_deadline else None,
            "plan": call.plan, "preliminary_met_by": call.preliminary_met_by}


def summary(core: Core, uow, call: CallForInput) -> Message:
    """What the Secretariat reads after setting a call up: its dates and whom it reaches."""
    people = uow.reminders.audience(call.audience)
    rows: list[tuple] = [(_("Code"), call.code), (_("Opens"), call.opens_at)]
    if call.preliminary_deadline is not None:
        rows.append((_("Preliminary deadline"), call.preliminary_deadline))
    rows += [(_("Final deadline"), call.final_deadline),
             (_("Verified focal points"), len(people)),
             (_("Delegations they speak for"), len({p.delegation_id for p in people}))]
    return Message.of(Header(_("Call for input: {call}", call=title(call))), Facts(tuple(rows)),
                      Note(_("The announcement goes when the call opens; reminders follow its plan. See who has "
                             "answered with /asp campaign status {code}.", code=call.code)))


def submit(core: Core, uow, who: Who, state: State) -> list[Message]:
    """The form's submission: a new call, or the call named in the conversation's context."""
    require_secretariat(who.secretariat, NOT_YOURS)
    call = save(core, uow, who.member_id, dict(state.answers), state.context.get("code"))
    return [summary(core, uow, call)]


def new(core: Core, who: Who) -> Result:
    """`/asp campaign new`: the form in a direct message, which Slack offers to fill in as a modal."""
    require_secretariat(who.secretariat, NOT_YOURS)
    with core.uow() as uow:
        start_form(core, uow, who, form.NEW)
        uow.commit()
    return Result(reply=Message.text(_("I have sent you the form for a new call for input in a direct message.")),
                  outbox=list(uow.outbox_ids))


def edit(core: Core, who: Who, code: str) -> Result:
    """`/asp campaign edit CODE`: the call's answers, on their review, to change and submit."""
    require_secretariat(who.secretariat, NOT_YOURS)
    with core.uow() as uow:
        call = uow.calls.by_code(code.strip().upper())
        if call is None:
            raise Refusal(_("There is no call for input with the code {code}.", code=code))
        start_form(core, uow, who, form.EDIT, prefill=answers_of(call), context={"code": call.code})
        uow.commit()
    return Result(reply=Message.text(_("I have sent you “{call}” to change in a direct message.",
                                       call=title(call))), outbox=list(uow.outbox_ids))


def end(core: Core, actor_id: int | None, code: str) -> tuple[CallForInput, int]:
    """The call ends now; what is pending for it (reminders, an announcement not yet sent) is cancelled.
    Returns the call and how many rows were cancelled."""
    now = core.clock.now()
    with core.uow() as uow:
        call = uow.calls.by_code(code.strip().upper())
        if call is None:
            raise Refusal(_("There is no call for input with the code {code}.", code=code))
        if call.final_deadline <= now:
            raise Refusal(_("“{call}” is already closed (on {deadline}).", call=title(call),
                            deadline=call.final_deadline))
        before = call.final_deadline
        call.final_deadline = now
        if call.opens_at > now:
            call.opens_at = now
        uow.audit.record(now, actor_id, "call.closed", f"call:{call.code}",
                         {"final_deadline": before.isoformat()}, {"final_deadline": now.isoformat()})
        cancelled = plan_call(core, uow, call, now)
        uow.commit()
    return call, cancelled


def close(core: Core, who: Who, code: str) -> Result:
    """`/asp campaign close CODE`; `/asp campaign reopen` opens it again."""
    require_secretariat(who.secretariat, NOT_YOURS)
    call, cancelled = end(core, who.member_id, code)
    return Result(reply=Message.text(_("“{call}” is closed. Pending reminders cancelled: {count}.",
                                       call=title(call), count=cancelled)))

def from_typed(core: Core, code: str | None, given: dict, reader: Reader) -> tuple[CallForInput | None, dict]:
    """The CLI's path: options as typed, checked by the form's own fields, then saved as a submission is. For
    an edit (`code`), what is not given stays as it was. Returns the call, or the refusals per field."""
    with core.uow() as uow:
        raw: dict = {}
        if code is not None:
            call = uow.calls.by_code(code.strip().upper())
            if call is None:
                raise Refusal(_("There is no call for input with the code {code}.", code=code))
            raw, code = {"met_by": policy.DRAFT, **answers_of(call)}, call.code
        else:  # what the shell need not say: the needs intake, for every State Party, a draft meeting the first
            raw = {"form": "need", "audience": "all", "met_by": policy.DRAFT}
        raw.update({k: v for k, v in given.items() if v is not None})
        if given.get("delegations") is not None:
            raw["audience"] = "chosen"
        if isinstance(raw.get("delegations"), list):  # a searched list is read as typed
            raw["delegations"] = ", ".join(raw["delegations"])
        answers, errors = check_typed(core, form.build, raw, reader, new=code is None)
        if answers is None:
            return None, errors
        call = save(core, uow, None, answers, code)
        uow.commit()
    return call, {}
