"""What a person's home (Slack's App Home tab) shows: their delegations, requests and next steps."""
from __future__ import annotations

from bot.demo_data import TITLES
from bot.errors import Refusal
from bot.i18n import _
from bot.replies import Actions, Button, Facts, Header, Message, Note, Text
from bot.services import needs, onboarding, people
from bot.services.ports import Core, Person

JOIN = "home:join"
NEED = "home:need"


def home(core: Core, person: Person) -> Message:
    with core.uow() as uow:
        member = people.identify(core, uow, person)
        rows = []
        for membership in uow.memberships.of_member(member.id):
            label, role = onboarding.describe(uow, membership)
            rows.append((label, _("{role}: {status}", role=role, status=onboarding.STATUS[membership.status])))
        need_rows = needs.mine(core, uow, member)
        secretariat = core.directory.is_secretariat(person)
        desk = (uow.memberships.pending_count(), uow.needs.count_by_status("submitted", "under_review")) \
            if secretariat else None
        try:
            needs.state_membership(core, uow, member)
            registers_needs = True
        except Refusal:
            registers_needs = False
        now = core.clock.now()
        deadlines = [(TITLES.get(c.code, c.title), _("Final deadline: {when}", when=c.final_deadline))
                     for c in uow.calls.open_at(now)]
        deadlines += [(TITLES.get(p.code, p.title), _("Speakers list closes: {when}", when=p.registration_deadline))
                      for p in uow.plenaries.registering_at(now)]
        uow.commit()
    parts: list = [Header(_("aspbot for the Assembly of States Parties"))]
    if rows:
        parts += [Header(_("Your delegations")), Facts(tuple(rows))]
    else:
        parts.append(Text(_("You do not represent any delegation yet. Register to get started.")))
    buttons = [Button(_("Register a delegation"), JOIN, "join", None if registers_needs else "primary")]
    if registers_needs:
        buttons.insert(0, Button(_("Register a need"), NEED, "need", "primary"))
    parts.append(Actions(tuple(buttons)))
    if need_rows:
        parts += [Header(_("Your delegation’s needs")), Facts(tuple(need_rows[:10]))]
    if desk is not None:
        parts += [Header(_("Secretariat")),
                  Facts(((_("Verification requests waiting"), desk[0]), (_("Needs to review"), desk[1]))),
                  Note(_("/asp verify and /asp needs submitted list them."))]
    if deadlines:
        parts += [Header(_("Open calls and speakers lists")), Facts(tuple(deadlines[:10]))]
    return Message.of(*parts)
