"""Questionnaires a State answers for the Secretariat to compile (the Plan of Action on universality)."""
from __future__ import annotations

from bot.delegations import delegation_label
from bot.engine import runner
from bot.engine.state import State
from bot.features.reports import policy
from bot.features.reports.form import FORM
from bot.i18n import _
from bot.policy import reminder_topic, require_state_party_role, state_party_role
from bot.replies import Header, Message, Note, Text
from bot.services.conversations import start_form
from bot.services.notify import notify_secretariat
from bot.services.people import Who
from bot.services.ports import Core, Result
from storage.models import Report

START = "home:report"


def answers_reports(who: Who) -> bool:
    return state_party_role(who.roles) is not None


def start(core: Core, who: Who, args: str = "") -> Result:
    """`/asp report`: a verified focal point or delegate of a State Party answers the questionnaire in DM."""
    require_state_party_role(who.roles)
    with core.uow() as uow:
        start_form(core, uow, who, FORM.key)
        uow.commit()
    return Result(reply=Message.text(_("I have sent you the Plan of Action questionnaire in a direct message.")),
                  outbox=list(uow.outbox_ids))


def submit(core: Core, uow, who: Who, state: State) -> list[Message]:
    role = require_state_party_role(who.roles)
    now = core.clock.now()
    prefix = policy.reference_prefix(now, core.settings.aspbot_timezone)
    reference = policy.reference(prefix, uow.references.next(prefix))
    uow.reports.add(Report(reference=reference, form=FORM.key, delegation_id=role.delegation_id,
                           answers=dict(state.answers), confidential=list(state.confidential),
                           author_id=who.member_id, created_at=now))
    uow.audit.record(now, who.member_id, "report.submitted", f"report:{reference}", None, {"form": FORM.key})
    # The delegation has answered: the pending reminders of the calls asking for this report go no further.
    for call in uow.calls.open_at(now, form="report"):
        uow.reminders.cancel(topic=reminder_topic(call.code, role.delegation_code))
    label = delegation_label(role.delegation_code)
    summary = runner.summary(FORM, state)
    alert = Message.of(Header(_("Plan of Action report {reference}", reference=reference)),
                       Text(_("{delegation} answered the Plan of Action questionnaire.", delegation=label)),
                       summary, Note(_("Submitted by {person} on {when}.", person=who.mention, when=now)))
    notify_secretariat(core, uow, who.team, alert, f"report:{reference}")
    return [Message.of(Header(_("Report received: {reference}", reference=reference)),
                       Text(_("Thank you. The Secretariat will compile it; answers you marked confidential stay "
                              "between your delegation and the Secretariat.")),
                       summary)]
