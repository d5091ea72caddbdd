"""Onboarding: whom a person represents, verified by the Secretariat (`/asp join`, `/asp verify`)."""
from __future__ import annotations

from bot.features import Action, Feature, Verb
from bot.features.onboarding import service
from bot.features.onboarding.form import FORM
from bot.i18n import _

FEATURE = Feature(
    name="onboarding",
    forms=(FORM,),
    submit={FORM.key: service.submit_request},
    verbs=(
        Verb("join", "/asp join", _("Register as the representative of a delegation."), service.join),
        Verb("verify", "/asp verify", _("Requests from people to act for a delegation, to approve or decline."),
             service.verify, secretariat_only=True, reads_only=True),
    ),
    actions=(
        Action(service.APPROVE, lambda core, who, value: service.decide(core, who, value, True), replaces=True),
        Action(service.DECLINE, lambda core, who, value: service.decide(core, who, value, False), replaces=True),
        Action(service.JOIN, service.join),
        Action(service.LIST, service.verify),
    ),
    mine=(service.delegations,),
    desk=(service.waiting,),
    idle=service.greet,
)
