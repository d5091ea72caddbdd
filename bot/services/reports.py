"""Questionnaires a State answers for the Secretariat to compile (the Plan of Action on universality)."""
from __future__ import annotations

from bot.engine import runner
from bot.engine.state import State
from bot.forms.onboarding import delegation_label
from bot.i18n import _
from bot.replies import Header, Message, Note, Text
from bot.services import people
from bot.services.conversations import on_submit, start_form
from bot.services.needs import people_mention, state_membership
from bot.services.notify import notify_secretariat
from bot.services.ports import Core, Person, Result
from storage.models import Member, Report

FORM = "plan_of_action"


def start(core: Core, person: Person) -> Result:
    """`/asp report`: a verified focal point or delegate of a State Party answers the questionnaire in DM."""
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        state_membership(core, uow, member)
        start_form(core, uow, member, FORM)
        uow.commit()
    return Result(reply=Message.text(_("I have sent you the Plan of Action questionnaire in a direct message.")),
                  outbox=list(uow.outbox_ids))


@on_submit(FORM)
def submit(core: Core, uow, member: Member, state: State) -> list[Message]:
    membership = state_membership(core, uow, member)
    now = core.clock.now()
    prefix = f"POA-{now.year}-"
    reference = f"{prefix}{uow.reports.count(FORM, prefix) + 1:04d}"
    uow.reports.add(Report(reference=reference, form=FORM, delegation_id=membership.delegation_id,
                           answers=dict(state.answers), confidential=list(state.confidential), author_id=member.id,
                           created_at=now))
    uow.audit.record(now, member.id, "report.submitted", f"report:{reference}", None, {"form": FORM})
    label = delegation_label(uow.delegations.get(membership.delegation_id).code)
    summary = runner.summary(core.forms[FORM], state)
    alert = Message.of(Header(_("Plan of Action report {reference}", reference=reference)),
                       Text(_("{delegation} answered the Plan of Action questionnaire.", delegation=label)),
                       summary, Note(_("Submitted by {person} on {when}.", person=people_mention(member), when=now)))
    notify_secretariat(core, uow, member.workspace, alert, f"report:{reference}")
    return [Message.of(Header(_("Report received: {reference}", reference=reference)),
                       Text(_("Thank you. The Secretariat will compile it; answers you marked confidential stay "
                              "between your delegation and the Secretariat.")),
                       summary)]
