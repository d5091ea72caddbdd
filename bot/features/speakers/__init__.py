"""Plenary speakers lists: a delegation registers for a segment, learns its place in protocol order and is told
when it moves; the list closes at its deadline; the Secretariat reads the lists in calling order."""
from __future__ import annotations

from bot.features import Action, Export, Feature, Job, Usage, Verb
from bot.features.speakers import (
    assembly,
    export,
    floor,
    floor_views,
    planner,
    plenary_form,
    plenary_setup,
    service,
    standing,
    swap,
    views,
)
from bot.features.speakers.form import FORM
from bot.i18n import _
from bot.services.planning import Every


def _plenary_usages() -> tuple[Usage, ...]:
    code = _("CODE")
    return (
        Usage(_("/asp plenary [list]"), _("The plenaries, with the state of their lists.")),
        Usage(_("/asp plenary new"), _("Set up a plenary: its day, segments, speaking time and registration.")),
        Usage(_("/asp plenary edit {code}", code=code), _("Change a plenary; its planned messages follow.")),
        Usage(_("/asp plenary open {code}", code=code), _("Open its speakers list now.")),
        Usage(_("/asp plenary close {code}", code=code), _("Close its speakers list now.")),
    )


FEATURE = Feature(
    name="speakers",
    forms=(FORM, plenary_form.build_new, plenary_form.build_edit),
    submit={FORM.key: service.submit, plenary_form.NEW: plenary_setup.submit, plenary_form.EDIT: plenary_setup.submit},
    verbs=(
        Verb("speak", "/asp speak", _("Put your delegation on a plenary’s speakers list; see its place."),
             service.command, usages=(
                 Usage(_("/asp speak"), _("The speakers lists open now, with a button per segment.")),
                 Usage(_("/asp speak status"), _("Your delegation’s places, with a button to withdraw.")),
                 Usage(_("/asp speak swap {plenary} {segment} {delegation}", plenary=_("PLENARY"),
                         segment=_("SEGMENT"), delegation=_("DELEGATION-CODE")),
                       _("Ask another delegation of your category to exchange places; it changes if they accept.")))),
        Verb("speakers", _("/asp speakers {plenary}", plenary=_("PLENARY")),
             _("A plenary’s speakers lists in calling order, and the requests that came too late."),
             service.speakers, secretariat_only=True, usages=(
                 Usage(_("/asp speakers {plenary}", plenary=_("PLENARY")),
                       _("A plenary’s speakers lists in calling order, and the requests that came too late.")),
                 Usage(_("/asp speakers {plenary} add {segment} {delegation} {reason}", plenary=_("PLENARY"),
                         segment=_("SEGMENT"), delegation=_("DELEGATION-CODE"), reason=_("REASON")),
                       _("Add a speaker on a delegation’s behalf (audited with the reason).")))),
        Verb("plenary", "/asp plenary", _("Plenaries with a speakers list: set them up, change, open or close them."),
             plenary_setup.command, secretariat_only=True, usages=_plenary_usages()),
        Verb("floor", _("/asp floor start {plenary}", plenary=_("PLENARY")),
             _("Keep the time at the floor: who speaks, the time left, the next speaker told."),
             floor.command, secretariat_only=True, usages=(
                 Usage(_("/asp floor start {plenary} [{segment}]", plenary=_("PLENARY"), segment=_("SEGMENT")),
                       _("Post the countdown in this channel, from the first speaker not yet heard.")),
                 Usage(_("/asp floor next {plenary}", plenary=_("PLENARY")),
                       _("The speaker’s time is recorded; the next one has the floor.")),
                 Usage(_("/asp floor stop {plenary}", plenary=_("PLENARY")), _("End the countdown.")))),
    ),
    actions=(Action(views.START, service.start), Action(views.WITHDRAW, service.withdraw),
             Action(views.WITHDRAW_SURE, service.withdraw_sure, replaces=True),
             Action(views.MUTE, service.mute, replaces=True), Action(views.UNMUTE, service.unmute, replaces=True),
             Action(swap.ACCEPT, swap.accept, replaces=True), Action(swap.DECLINE, swap.decline, replaces=True),
             Action(floor_views.NEXT, floor.next_clicked), Action(floor_views.STOP, floor.stop_clicked),
             Action(standing.LIST, standing.open_list)),
    desk=(standing.standing,),
    assembly=(assembly.figures,),
    mine=(service.mine,),
    home=(service.open_to_me,),
    exports=(Export("speakers", export.speakers_table),),
    jobs=(Job("speakers", Every(planner.plan_all, "speakers lists")), Job("floor", floor.tick, every_seconds=1.0)),
)
