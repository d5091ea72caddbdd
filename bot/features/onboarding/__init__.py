"""Onboarding: whom a person represents, verified by the Secretariat (`/asp join`, `/asp verify`)."""
from __future__ import annotations

from bot.features import Action, Feature, Usage, Verb
from bot.features.onboarding import revoke, service
from bot.features.onboarding.form import FORM
from bot.i18n import _

FEATURE = Feature(
    name="onboarding",
    forms=(FORM,),
    submit={FORM.key: service.submit_request},
    verbs=(
        Verb("join", "/asp join", _("Register as the representative of a delegation."), service.join),
        Verb("verify", "/asp verify", _("Requests from people to act for a delegation, to approve or decline."),
             service.verify, secretariat_only=True, reads_only=True, usages=(
                 Usage(_("/asp verify"), _("Requests from people to act for a delegation, to approve or decline.")),
                 Usage(_("/asp verify {delegation}", delegation=_("DELEGATION")),
                       _("Who acts for one delegation, with a button to revoke a verification.")))),
    ),
    actions=(
        Action(service.APPROVE, lambda core, who, value: service.decide(core, who, value, True), replaces=True),
        Action(service.DECLINE, lambda core, who, value: service.decide(core, who, value, False), replaces=True),
        Action(service.JOIN, service.join),
        Action(service.LIST, service.verify),
        Action(revoke.REVOKE, revoke.ask),
        Action(revoke.REVOKE_SURE, revoke.revoke, replaces=True),
    ),
    mine=(service.delegations,),
    desk=(service.waiting,),
    idle=service.greet,
)
