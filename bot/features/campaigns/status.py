"""Where a call stands, for the Secretariat (`/asp campaign status CODE`): per delegation answered or not and
reminded when, deliveries that failed and why, and the totals a Secretariat report needs."""
from __future__ import annotations

import math
from datetime import datetime

from bot.delegations import delegation_choices, delegation_label
from bot.errors import Refusal
from bot.features.campaigns import planner, policy
from bot.features.campaigns.views import title
from bot.i18n import Msg, _, ngettext_
from bot.policy import require_secretariat
from bot.replies import Button, Facts, Header, Message, Note, Text
from bot.services.people import Who
from bot.services.ports import Core, Result

SHOWN = 40  # delegation rows in chat; the totals count them all
DETAILS = "campaign:status"  # a call's own status, from the summary
CALLS_SHOWN = 5  # open calls in the summary, soonest deadline first (one button each)


def _line(answered: bool, draft: bool, reminded: datetime | None) -> Msg:
    if answered:
        return _("Answered")
    if draft:
        return _("Draft begun; last reminded {when}", when=reminded) if reminded else \
            _("Draft begun; not reminded yet")
    return _("Not begun; last reminded {when}", when=reminded) if reminded else _("Not begun; not reminded yet")


def status(core: Core, who: Who, code: str) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat sees where a call stands."))
    now = core.clock.now()
    with core.uow() as uow:
        call = uow.calls.by_code(code.strip().upper())
        if call is None:
            raise Refusal(_("There is no call for input with the code {code}.", code=code.strip()))
        audience = uow.reminders.audience(call.audience)
        submitted, drafting = planner.answers(uow, call)
        log = uow.reminders.log(policy.topic(call.code, ""))
        codes = {p.delegation_id: p.delegation_code for p in audience}
        for delegation_id in submitted - codes.keys():  # answered without a verified focal point (an import)
            found = uow.delegations.get(delegation_id)
            if found is not None:
                codes[delegation_id] = found.code
    by_code = {c: i for i, c in codes.items()}
    asked = invited(call)
    reminders = [r for r in log if not r.key.startswith("announce:")]
    last: dict[str, datetime] = {}
    for row in reminders:
        if row.status == "sent" and row.sent_at is not None:
            delegation = row.topic.rsplit(":", 1)[1]
            last[delegation] = max(row.sent_at, last.get(delegation, row.sent_at))
    failed = [r for r in log if r.status == "failed"]
    order = sorted(codes.values(), key=lambda c: (by_code[c] in submitted, by_code[c] in drafting, c))
    rows = tuple((delegation_label(c), _line(by_code[c] in submitted, by_code[c] in drafting, last.get(c)))
                 for c in order)
    totals = (
        (_("Delegations invited"), asked),
        (_("With a verified focal point"), len({p.delegation_id for p in audience})),
        (_("Answered"), len(submitted)),
        (_("Draft begun, not answered"), len((drafting - submitted) & codes.keys())),
        (_("Reminders sent"), sum(1 for r in reminders if r.status == "sent")),
        (_("Reminders planned"), sum(1 for r in reminders if r.status == "pending")),
        (_("Deliveries failed"), len(failed)),
    )
    parts: list = [Header(_("Where “{call}” stands", call=title(call))),
                   Text(_("Open until {deadline}.", deadline=call.final_deadline) if call.final_deadline > now
                        else _("Closed on {deadline}.", deadline=call.final_deadline)),
                   Facts(totals)]
    if rows:
        parts.append(Facts(rows[:SHOWN]))
    if len(rows) > SHOWN:
        hidden = len(rows) - SHOWN
        parts.append(Note(ngettext_("{count} more delegation is not shown here.",
                                    "{count} more delegations are not shown here.", hidden, count=hidden)))
    if failed:
        parts.append(Facts(tuple((delegation_label(r.topic.rsplit(":", 1)[1]),
                                  _("Not delivered: {reason}", reason=r.last_error or "?")) for r in failed[:10])))
    return Result(reply=Message.of(*parts))


def invited(call) -> int:
    return len(call.audience) if call.audience is not None else len(delegation_choices("state_party"))


def standing(core: Core, uow, who: Who) -> list:
    """The `/asp status` group of open calls: how many answered of those asked, and the days left."""
    now = core.clock.now()
    calls = list(uow.calls.open_at(now))
    rows: list[tuple] = []
    for call in calls[:CALLS_SHOWN]:
        submitted, _drafting = planner.answers(uow, call)
        days = max(1, math.ceil((call.final_deadline - now).total_seconds() / 86400))
        rows.append((title(call), ngettext_("{answered} of {invited} answered; {count} day left",
                                            "{answered} of {invited} answered; {count} days left", days,
                                            answered=len(submitted), invited=invited(call), count=days)))
    if not rows:
        rows.append((_("Open now"), 0))
    buttons = [Button(_("Details: {code}", code=call.code), DETAILS, call.code) for call in calls[:CALLS_SHOWN]]
    return [(_("Open calls for input"), rows, buttons)]
