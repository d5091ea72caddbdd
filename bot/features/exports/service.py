"""Builds the export a person asked for, through the feature that declared it, and sends its files to them."""
from __future__ import annotations

from bot.errors import Refusal
from bot.i18n import _, ngettext_
from bot.policy import require_secretariat
from bot.replies import Attachment, Header, Message, Text
from bot.services.notify import notify
from bot.services.people import Who
from bot.services.ports import Core, Result
from bot.services.tables import FORMATS, table_bytes


def export(core: Core, who: Who, args: str) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat exports tables."))
    what, _sep, rest = args.strip().partition(" ")
    found = core.features.exports.get(what.lower())
    if found is None:
        names = ", ".join(sorted(core.features.exports))
        raise Refusal(_("I cannot export “{what}”. I can export: {names}.", what=what, names=names)
                      if what else _("Type /asp export followed by what to export: {names}.", names=names))
    table = found.build(core, who, rest.strip(), who.reader)
    sheets = [(s.name, s.headers, s.rows) for s in table.sheets]
    files = [Attachment.of(f"{table.name}.{fmt}", table.title,
                           table_bytes(fmt, table.headers, table.rows, sheets, title=who.reader.render(table.title)))
             for fmt in FORMATS]
    with core.uow() as uow:
        notify(core, uow, who.member_id, Message.of(
            Header(table.title),
            Text(ngettext_("{count} row, as XLSX and CSV.", "{count} rows, as XLSX and CSV.", len(table.rows),
                           count=len(table.rows))), *files))
        uow.audit.record(core.clock.now(), who.member_id, "export", f"export:{found.name}:{table.name}", None,
                         {"rows": len(table.rows)})
        uow.commit()
    return Result(reply=Message.text(_("I am sending you the files in a direct message.")),
                  outbox=list(uow.outbox_ids))
