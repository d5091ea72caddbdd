"""`/asp status`: where things stand, for the Secretariat, in one message: every feature's summary groups (needs,
calls, speakers lists, providers, verification) and the health of deliveries, each with buttons to the lists."""
from __future__ import annotations

from bot.i18n import Msg, _
from bot.policy import require_secretariat
from bot.replies import Actions, Facts, Header, Message, Note
from bot.services.people import Who
from bot.services.ports import Core, Result

ROWS = 10  # rows of one group: one block of fields
GROUPS = 12  # with a header, fields and buttons each, well inside a message's 50 blocks
REASON = 150  # characters of a delivery error shown


def deliveries(core: Core, uow, who: Who) -> list:
    """Messages waiting to go, planned, and failed for good with the commonest reasons."""
    due, later, failed, reasons = uow.outbox.health(core.clock.now())
    rows: list[tuple] = [(_("Waiting to be sent"), due), (_("Planned for later"), later), (_("Failed"), failed)]
    rows += [(_("Failed: {reason}", reason=reason[:REASON]), count) for reason, count in reasons]
    return [(_("Deliveries"), rows, [])]


def groups(core: Core, uow, who: Who) -> list:
    """Every feature's groups, then deliveries: (title, rows, buttons)."""
    found = [group for section in core.features.desk for group in section(core, uow, who)]
    return [*found, *deliveries(core, uow, who)][:GROUPS]


def parts_of(found: list) -> list:
    parts: list = []
    for title, rows, buttons in found:
        parts += [Header(title), Facts(tuple((label, value if isinstance(value, Msg) else
                                               Msg("{count}", {"count": value})) for label, value in rows[:ROWS]))]
        if buttons:
            parts.append(Actions(tuple(buttons)))
    return parts


def status(core: Core, who: Who, args: str = "") -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat can use /asp {verb}.", verb="status"))
    with core.uow() as uow:
        found = groups(core, uow, who)
    return Result(reply=Message.of(Header(_("Where things stand")), *parts_of(found),
                                   Note(_("As of {when}. Each list is a click away; /asp help names the rest.",
                                          when=core.clock.now()))))
