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
                              _("The two-entry table of providers and recipients: a list of pairs and a matrix.")))),),
)
