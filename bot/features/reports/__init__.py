"""Plan-of-Action reports: a State's answers to the questionnaire on universality (`/asp report`)."""
from __future__ import annotations

from bot.features import Action, Feature, Verb
from bot.features.reports import service
from bot.features.reports.form import FORM
from bot.i18n import _

FEATURE = Feature(
    name="reports",
    forms=(FORM,),
    submit={FORM.key: service.submit},
    verbs=(Verb("report", "/asp report", _("Answer the Plan of Action questionnaire on universality."),
                service.start, shown_to=service.answers_reports),),
    actions=(Action(service.START, service.start),),  # the button of a call for reports
)
