"""Calls for input: the Secretariat lists them and moves their deadlines (`/asp campaign`)."""
from __future__ import annotations

from bot.features import Feature, Verb
from bot.features.campaigns import service
from bot.i18n import _

FEATURE = Feature(
    name="campaigns",
    verbs=(Verb("campaign", _("/asp campaign [reopen {code} {day}]", code=_("CODE"), day=_("YYYY-MM-DD")),
                _("Calls for input and their deadlines; reopen a call."), service.command, secretariat_only=True),),
    home=(service.deadlines,),
)
