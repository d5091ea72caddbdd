"""`/asp export WHAT [ARG]`: any feature's declared table, as XLSX and CSV files sent to the caller's DM."""
from __future__ import annotations

from bot.features import Feature, Usage, Verb
from bot.features.exports import service
from bot.i18n import _

FEATURE = Feature(
    name="exports",
    verbs=(Verb("export", _("/asp export {what}", what=_("WHAT")),
                _("A table as XLSX and CSV files, in a direct message."), service.export, secretariat_only=True,
                usages=(Usage(_("/asp export speakers {plenary}", plenary=_("PLENARY")),
                              _("A plenary’s speakers lists: calling order, withdrawn and late requests, time "
                                "spoken.")),
                        Usage(_("/asp export table"),
                              _("The two-entry table of providers and recipients: a list of pairs and a matrix.")),
                        Usage(_("/asp export needs [state=…] [area=…] [status=…] [call=…]"),
                              _("Every State’s needs with their current answers, a column each.")),
                        Usage(_("/asp export reports [state=…] [call=…]"),
                              _("The Plan of Action reports, an answer per column.")),
                        Usage(_("/asp export audit [{filter}]", filter=_("REFERENCE|@NAME|DELEGATION")),
                              _("The audit trail with what each change was before and after.")))),),
)
