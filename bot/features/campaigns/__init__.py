"""Calls for input: set up by the Secretariat (`/asp campaign`), announced to their audience, reminded before
each deadline at a decent hour on each person's clock."""
from __future__ import annotations

from bot.features import Action, Feature, Job, Usage, Verb
from bot.features.campaigns import assembly, form, nudge, planner, service, setup, status, views
from bot.i18n import _
from bot.services.planning import Every


def _campaign_usages() -> tuple[Usage, ...]:
    code, day = _("CODE"), _("YYYY-MM-DD")
    return (
        Usage(_("/asp campaign [list]"), _("The calls for input, open, coming and closed.")),
        Usage(_("/asp campaign new"), _("Set up a call for input: its form, audience, deadlines and reminders.")),
        Usage(_("/asp campaign edit {code}", code=code), _("Change a call; its planned reminders follow.")),
        Usage(_("/asp campaign status {code}", code=code),
              _("Per delegation: answered or not, reminded when, deliveries that failed.")),
        Usage(_("/asp campaign close {code}", code=code), _("End a call now; its pending reminders are cancelled.")),
        Usage(_("/asp campaign reopen {code} {day}", code=code, day=day), _("Open a call again until that day.")),
    )


FEATURE = Feature(
    name="campaigns",
    forms=(form.build_new, form.build_edit),
    submit={form.NEW: setup.submit, form.EDIT: setup.submit},
    verbs=(Verb("campaign", "/asp campaign", _("Calls for input: set them up, change, close or reopen them."),
                service.command, secretariat_only=True, usages=_campaign_usages()),
           Verb("remind", _("/asp remind {code}", code=_("CODE")),
                _("Remind now those who have not answered a call (after a confirmation)."), nudge.remind,
                secretariat_only=True),
           Verb("quiet", _("/asp quiet [{hours}|off]", hours="21:00-07:30"),
                _("The hours of your night, when no reminder reaches you."), service.quiet),),
    mine=(service.mine,),
    home=(service.deadlines,),
    actions=(Action(views.SNOOZE, service.snooze, replaces=True), Action(views.MUTE, service.mute, replaces=True),
             Action(views.UNMUTE, service.unmute, replaces=True),
             Action(nudge.SURE, lambda core, who, value: nudge.send(core, who, value), replaces=True),
             Action(nudge.NOT, lambda core, who, value: nudge.cancel(core, who, value), replaces=True),
             Action(status.DETAILS, status.status)),
    desk=(status.standing,),
    assembly=(assembly.figures,),
    confirms={nudge.CONFIRM: nudge.answered},
    jobs=(Job("reminders", Every(planner.plan_all, "reminders")),),
)
