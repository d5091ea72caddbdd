"""Calls for input: announced to their audience, reminded before each deadline; the Secretariat lists them and
moves their deadlines (`/asp campaign`)."""
from __future__ import annotations

from bot.features import Action, Feature, Job, Verb
from bot.features.campaigns import planner, service, views
from bot.i18n import _

FEATURE = Feature(
    name="campaigns",
    verbs=(Verb("campaign", _("/asp campaign [reopen {code} {day}]", code=_("CODE"), day=_("YYYY-MM-DD")),
                _("Calls for input and their deadlines; reopen a call."), service.command, secretariat_only=True),
           Verb("quiet", _("/asp quiet [{hours}|off]", hours="21:00-07:30"),
                _("The hours of your night, when no reminder reaches you."), service.quiet),),
    home=(service.deadlines,),
    actions=(Action(views.SNOOZE, service.snooze, replaces=True), Action(views.MUTE, service.mute, replaces=True),
             Action(views.UNMUTE, service.unmute, replaces=True)),
    jobs=(Job("reminders", planner.Planner()),),
)
