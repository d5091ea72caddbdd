"""Builds the export a person asked for, through the feature that declared it, and sends its files to them."""
from __future__ import annotations

import logging
import uuid

from bot.errors import Refusal
from bot.i18n import _, ngettext_
from bot.policy import require_secretariat
from bot.replies import Attachment, Header, Message, Text
from bot.services.notify import notify
from bot.services.people import Who
from bot.services.ports import Core, Result
from bot.services.tables import FORMATS, table_bytes

log = logging.getLogger(__name__)

LONG = 5000  # rows past which the answer says the files are being prepared (writing them takes seconds)


def export(core: Core, who: Who, args: str) -> Result:
    require_secretariat(who.secretariat, _("Only the Secretariat exports tables."))
    what, _sep, rest = args.strip().partition(" ")
    found = core.features.exports.get(what.lower())
    if found is None:
        names = ", ".join(sorted(core.features.exports))
        raise Refusal(_("I cannot export “{what}”. I can export: {names}.", what=what, names=names)
                      if what else _("Type /asp export followed by what to export: {names}.", names=names))
    table = found.build(core, who, rest.strip(), who.reader)
    if not table.rows:  # empty files would say less than a sentence
        return Result(reply=Message.text(_("Nothing to export: no row of “{title}” matches {filters}.",
                                           title=table.title, filters=rest.strip()) if rest.strip() else
                                         _("Nothing to export: “{title}” has no row yet.", title=table.title)))

    def files() -> list[int]:
        """The files, written after the answer: a large table takes longer than Slack waits for one."""
        with core.uow() as uow:
            try:
                sheets = [(s.name, s.headers, s.rows) for s in table.sheets]
                attached = [Attachment.of(f"{table.name}.{fmt}", table.title,
                                          table_bytes(fmt, table.headers, table.rows, sheets,
                                                      title=who.reader.render(table.title))) for fmt in FORMATS]
            except Exception:
                ref = uuid.uuid4().hex[:8].upper()
                log.exception("export %s failed [ref %s]", table.name, ref)
                notify(core, uow, who.member_id, Message.text(_(
                    "Sorry, the files of “{title}” could not be made. Please try again; if it happens again, give "
                    "the Secretariat this reference: {ref}.", title=table.title, ref=ref)))
                uow.commit()
                return list(uow.outbox_ids)
            notify(core, uow, who.member_id, Message.of(
                Header(table.title),
                Text(ngettext_("{count} row, as XLSX and CSV.", "{count} rows, as XLSX and CSV.", len(table.rows),
                               count=len(table.rows))), *attached))
            uow.audit.record(core.clock.now(), who.member_id, "export", f"export:{found.name}:{table.name}", None,
                             {"rows": len(table.rows)})
            uow.commit()
        return list(uow.outbox_ids)

    if len(table.rows) > LONG:
        said = ngettext_("I am preparing {count} row of “{title}”; the files will follow in a direct message in a "
                         "moment.", "I am preparing {count} rows of “{title}”; the files will follow in a direct "
                         "message in a moment.", len(table.rows), count=len(table.rows), title=table.title)
    else:
        said = _("I am sending you the files in a direct message.")
    return Result(reply=Message.text(said), later=files)
