"""A plenary's speakers lists as a table for the chair and the record: calling order per segment, then the
withdrawn and the late requests, each with its category, speaker, language, statement, receipt time and the time
actually spoken."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.delegations import KINDS, delegation_label
from bot.errors import Refusal
from bot.features import Table
from bot.features.speakers import policy
from bot.features.speakers.floor_views import clock_of
from bot.i18n import Language, Msg, Reader, _
from bot.policy import require_secretariat
from bot.services.ports import Core

HEADERS = (_("Segment"), _("Position"), _("Delegation"), _("Category"), _("Speaker"), _("Title or function"),
           _("Language of delivery"), _("Statement received"), _("Received at the venue"), _("Status"),
           _("Time spoken"))
STATUS = {policy.REGISTERED: _("On the list"), policy.WITHDRAWN: _("Withdrawn"), policy.LATE: _("After the close")}


def table(core: Core, code: str, reader: Reader) -> tuple[str, list[str], list[list]]:
    """(the plenary's code, headers, rows) in the reader's language; times on the venue's clock."""
    with core.uow() as uow:
        plenary = uow.plenaries.by_code(code.strip().upper())
        if plenary is None:
            raise Refusal(_("There is no plenary with the code {code}. Type /asp speak to see the open lists.",
                            code=code.strip()))
        zone = ZoneInfo(plenary.timezone)
        everyone = uow.speakers.of_plenary(plenary.id)
        delegations = {d: uow.delegations.get(d) for d in {s.delegation_id for s in everyone}}
        rows: list[list] = []
        for segment in plenary.segments:
            mine = [s for s in everyone if s.segment == segment["code"]]
            order = policy.positions(policy.Entry(s.id, s.delegation_id, s.category, s.received_at)
                                     for s in mine if s.status == policy.REGISTERED)
            for s in sorted(mine, key=lambda s: (s.status != policy.REGISTERED, order.get(s.id, 0), s.received_at)):
                delegation = delegations[s.delegation_id]
                rows.append([
                    segment["code"], order.get(s.id, ""),
                    reader.render(Msg("{name}", {"name": delegation_label(delegation.code)})),
                    reader.render(KINDS.get(delegation.kind) or Msg("{kind}", {"kind": delegation.kind})),
                    s.speaker_name,
                    s.speaker_title or "", reader.render(Msg("{language}", {"language": Language(s.language)})),
                    reader.render(_("Yes") if s.statement or s.statement_document_id else _("No")),
                    s.received_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"), reader.render(STATUS[s.status]),
                    reader.render(clock_of(s.spoke_seconds)) if s.spoke_seconds is not None else ""])
        headers = [reader.render(h) for h in HEADERS]
        return plenary.code, headers, rows


def speakers_table(core: Core, who, arg: str, reader: Reader) -> Table:
    """`/asp export speakers PLENARY`: the same table, for the Secretariat."""
    require_secretariat(who.secretariat, _("Only the Secretariat sees the whole speakers lists."))
    if not arg.strip():
        raise Refusal(_("Type /asp export speakers followed by the plenary’s code, for example /asp export speakers "
                        "COOP-23."))
    code, headers, rows = table(core, arg, reader)
    return Table(f"speakers-{code}", _("Speakers lists of {code}", code=code), headers, rows)
