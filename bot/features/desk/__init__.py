"""The Secretariat's desk: where things stand (`/asp status`), the audit trail read and exported."""
from __future__ import annotations

from bot.features import Action, Export, Feature, Usage, Verb
from bot.features.desk import audit, status
from bot.i18n import _

FEATURE = Feature(
    name="desk",
    verbs=(Verb("status", "/asp status", _("Where things stand: needs, calls, speakers lists, providers, deliveries."),
                status.status, secretariat_only=True, reads_only=True),
           Verb("audit", "/asp audit", _("Who did what, and when: the audit trail, newest first."), audit.command,
                secretariat_only=True, reads_only=True, usages=(
                    Usage(_("/asp audit"), _("Who did what, and when: the audit trail, newest first.")),
                    Usage(_("/asp audit {reference}", reference=_("REFERENCE")),
                          _("What happened to one need, report, call or plenary.")),
                    Usage(_("/asp audit @{name}", name=_("NAME")), _("What one person did.")),
                    Usage(_("/asp audit {delegation}", delegation=_("DELEGATION")),
                          _("What concerns one delegation: its needs, reports, memberships and people.")))),),
    actions=(Action(audit.OLDER, audit.older),),
    exports=(Export("audit", audit.export),),
)
