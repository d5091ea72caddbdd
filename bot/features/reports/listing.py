"""The Secretariat reads the Plan-of-Action reports: `/asp reports [state=…] [call=…]` newest first, twenty a page
with More; `/asp reports REFERENCE` one report with every answer, confidential ones marked; `/asp export reports`
with an answer per column."""
from __future__ import annotations

import re
from datetime import datetime

from bot.delegations import delegation_label, delegation_named
from bot.engine import runner
from bot.engine.parsing import fold
from bot.engine.state import State
from bot.errors import Refusal
from bot.features import Table
from bot.features.reports.form import FORM
from bot.i18n import SUPPORTED_LOCALES, Msg, Reader, _
from bot.policy import require_secretariat
from bot.replies import Actions, Button, Facts, Header, Message, Note, Text
from bot.services.people import Who, mention_of
from bot.services.ports import Core, Result
from bot.services.tables import answer_cells, answer_headers

PAGE = 20
MORE = "reports:more"
EXPORT_MOST = 20_000
REFERENCE = re.compile(r"POA-\d{4}-\d{4,}")
KEYS = {"state": _("state"), "call": _("call")}  # the same words as /asp needs takes


def _refuse_others(who: Who) -> None:
    require_secretariat(who.secretariat, _("Only the Secretariat can use /asp {verb}.", verb="reports"))


def _key(word: str) -> str | None:
    folded = fold(word)
    return next((name for name, msg in KEYS.items() if folded == name or any(
        folded == fold(Reader(locale).render(msg)) for locale in SUPPORTED_LOCALES)), None)


def _filters(uow, args: str, reader) -> tuple[int | None, datetime | None, datetime | None]:
    """(delegation id, since, until) from `state=… call=…`; a call's reports are those sent while it was open."""
    delegation_id = since = until = None
    pairs: list[list[str]] = []
    for token in args.split():
        if "=" in token:
            key, _sep, value = token.partition("=")
            pairs.append([key, value])
        elif pairs:
            pairs[-1][1] += f" {token}"
        else:
            raise Refusal(_("I do not know the filter “{key}”. Use state= or call=, for example /asp reports "
                            "state=uganda.", key=token))
    for key, value in pairs:
        name = _key(key)
        if name is None:
            raise Refusal(_("I do not know the filter “{key}”. Use state= or call=, for example /asp reports "
                            "state=uganda.", key=key))
        if name == "state":
            code = delegation_named(value, reader)
            delegation = uow.delegations.by_code(code) if code else None
            if delegation is None:
                raise Refusal(_("I do not know the State “{state}”.", state=value))
            delegation_id = delegation.id
        else:
            call = uow.calls.by_code(value.strip().upper())
            if call is None:
                raise Refusal(_("There is no call for input with the code {code}.", code=value.strip()))
            since, until = call.opens_at, call.final_deadline
    return delegation_id, since, until


def listing(core: Core, who: Who, args: str = "") -> Result:
    if REFERENCE.fullmatch(args.strip().upper()):
        return one(core, who, args.strip().upper())
    return page(core, who, args, 0)


def more(core: Core, who: Who, value: str) -> Result:
    offset, _sep, args = value.partition("|")
    return page(core, who, args, int(offset) if offset.isdigit() else 0)


def page(core: Core, who: Who, args: str, offset: int) -> Result:
    _refuse_others(who)
    with core.uow() as uow:
        delegation_id, since, until = _filters(uow, args, who.reader)
        found = uow.reports.listing(PAGE + 1, offset, delegation_id=delegation_id, since=since, until=until)
        codes = {d: uow.delegations.get(d).code for d in {r.delegation_id for r in found}}
    if not found:
        return Result(reply=Message.text(_("No Plan of Action report matches.")))
    rows = tuple((Msg("{reference}", {"reference": r.reference}),
                  _("{delegation}: sent on {when}", delegation=delegation_label(codes[r.delegation_id]),
                    when=r.created_at)) for r in found[:PAGE])
    parts: list = [Header(_("Plan of Action reports")), Facts(rows)]
    if len(found) > PAGE:
        parts.append(Actions((Button(_("More"), MORE, f"{offset + PAGE}|{args.strip()}"),)))
    parts.append(Note(_("Open one with /asp reports REFERENCE; all of them with /asp export reports.")))
    return Result(reply=Message.of(*parts))


def one(core: Core, who: Who, reference: str) -> Result:
    _refuse_others(who)
    with core.uow() as uow:
        report = uow.reports.by_reference(reference)
        if report is None:
            raise Refusal(_("There is no Plan of Action report {reference}.", reference=reference))
        code = uow.delegations.get(report.delegation_id).code
        author = uow.members.get(report.author_id)
    state = State(form=FORM.key, step="done", answers=dict(report.answers), confidential=list(report.confidential))
    return Result(reply=Message.of(
        Header(_("Plan of Action report {reference}", reference=reference)),
        Text(_("{delegation} answered the Plan of Action questionnaire.", delegation=delegation_label(code))),
        runner.summary(core.forms[FORM.key], state),
        Note(_("Submitted by {person} on {when}.", person=mention_of(author), when=report.created_at))))


def export(core: Core, who: Who, args: str, reader) -> Table:
    """Every report (or those the filters keep), newest first: who sent it and when, then an answer per column."""
    _refuse_others(who)
    form = core.forms[FORM.key]
    with core.uow() as uow:
        delegation_id, since, until = _filters(uow, args, reader)
        found = uow.reports.listing(EXPORT_MOST, 0, delegation_id=delegation_id, since=since, until=until)
        codes = {d: uow.delegations.get(d).code for d in {r.delegation_id for r in found}}
    headers = [reader.render(h) for h in (_("Reference"), _("State"), _("Sent (UTC)"))] + answer_headers(form, reader)
    rows = [[r.reference, reader.param(delegation_label(codes[r.delegation_id])),
             r.created_at.replace(tzinfo=None), *answer_cells(form, r.answers, r.confidential, reader)]
            for r in found]
    return Table("plan-of-action-reports", _("Plan of Action reports"), headers, rows)
