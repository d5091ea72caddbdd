"""Plenary speakers lists: a delegation registers for a segment, learns its place in protocol order and is told
when it moves; the list closes at its deadline; the Secretariat reads the lists in calling order."""
from __future__ import annotations

from bot.features import Action, Feature, Job, Usage, Verb
from bot.features.speakers import planner, service, views
from bot.features.speakers.form import FORM
from bot.i18n import _
from bot.services.planning import Every

FEATURE = Feature(
    name="speakers",
    forms=(FORM,),
    submit={FORM.key: service.submit},
    verbs=(
        Verb("speak", "/asp speak", _("Put your delegation on a plenary’s speakers list; see its place."),
             service.command, usages=(
                 Usage(_("/asp speak"), _("The speakers lists open now, with a button per segment.")),
                 Usage(_("/asp speak status"), _("Your delegation’s places, with a button to withdraw.")))),
        Verb("speakers", _("/asp speakers {plenary}", plenary=_("PLENARY")),
             _("A plenary’s speakers lists in calling order, and the requests that came too late."),
             service.speakers, secretariat_only=True, usages=(
                 Usage(_("/asp speakers {plenary}", plenary=_("PLENARY")),
                       _("A plenary’s speakers lists in calling order, and the requests that came too late.")),
                 Usage(_("/asp speakers {plenary} add {segment} {delegation} {reason}", plenary=_("PLENARY"),
                         segment=_("SEGMENT"), delegation=_("DELEGATION-CODE"), reason=_("REASON")),
                       _("Add a speaker on a delegation’s behalf (audited with the reason).")))),
    ),
    actions=(Action(views.START, service.start), Action(views.WITHDRAW, service.withdraw),
             Action(views.WITHDRAW_SURE, service.withdraw_sure, replaces=True)),
    mine=(service.mine,),
    jobs=(Job("speakers", Every(planner.plan_all, "speakers lists")),),
)
