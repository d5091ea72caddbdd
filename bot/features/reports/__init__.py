"""Plan-of-Action reports: a State's answers to the questionnaire on universality (`/asp report`); for the
Secretariat, the same verb with a session's number is the report to the Assembly (bot.features.desk.assembly)."""
from __future__ import annotations

from bot.features import Action, Export, Feature, Usage, Verb
from bot.features.desk import assembly
from bot.features.reports import listing, service
from bot.features.reports.form import FORM
from bot.i18n import _
from bot.services.people import Who
from bot.services.ports import Core, Result


def _secretariat(who: Who) -> bool:
    return who.secretariat


def _report(core: Core, who: Who, args: str = "") -> Result:
    # The Secretariat answers no questionnaire: its `/asp report` is the Assembly's.
    return assembly.report(core, who, args) if who.secretariat else service.start(core, who, args)


FEATURE = Feature(
    name="reports",
    forms=(FORM,),
    submit={FORM.key: service.submit},
    verbs=(Verb("report", "/asp report", _("Answer the Plan of Action questionnaire on universality."),
                _report, shown_to=lambda who: who.secretariat or service.answers_reports(who), usages=(
                    Usage(_("/asp report"), _("Answer the Plan of Action questionnaire on universality."),
                          service.answers_reports),
                    Usage(_("/asp report {session}", session=_("SESSION")),
                          _("The report to the Assembly for one session: needs, calls, providers and speakers, as "
                            "a message, an XLSX and a chart."), _secretariat))),
           Verb("reports", "/asp reports [state=…] [call=…]",
                _("Plan of Action reports, newest first; filter by State or call."), listing.listing,
                secretariat_only=True, reads_only=True, usages=(
                    Usage(_("/asp reports [state=…] [call=…]"),
                          _("Plan of Action reports, newest first; filter by State or call.")),
                    Usage(_("/asp reports {reference}", reference=_("REFERENCE")),
                          _("One report with every answer, the confidential ones marked."))))),
    actions=(Action(service.START, service.start),  # the button of a call for reports
             Action(listing.MORE, listing.more)),
    exports=(Export("reports", listing.export),),
)
