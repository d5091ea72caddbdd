"""Assistance providers: a profile of what they offer, the shared needs that fit it (ranked and explained), told
of them with the public answers only, and their answers (interested, not for us, a question to the Secretariat)."""
from __future__ import annotations

from bot.features import Action, Export, Feature, Job, Usage, Verb
from bot.features.providers import assembly, digest, introduce, service, table, views
from bot.features.providers.form import FORM
from bot.i18n import _
from bot.services.planning import Every


def _secretariat(who) -> bool:
    return who.secretariat


def _matches_usages() -> tuple[Usage, ...]:
    ref = _("REFERENCE")
    return (
        Usage(_("/asp matches"), _("The shared needs that fit your profile, best first."), service.provides),
        Usage(_("/asp matches {reference}", reference=ref), _("One of them, with its public answers."),
              service.provides),
        Usage(_("/asp matches {reference} ask {text}", reference=ref, text=_("TEXT")),
              _("Ask the Secretariat about it (the State does not see it)."), service.provides),
        Usage(_("/asp matches {reference}", reference=ref),
              _("The providers that fit a need, best first, with why and what they answered."), _secretariat),
    )


FEATURE = Feature(
    name="providers",
    forms=(FORM,),
    submit={FORM.key: service.submit},
    verbs=(
        Verb("provider", "/asp provider", _("Your organisation’s provider profile: what you offer, where, when."),
             service.command, shown_to=service.provides, usages=(
                 Usage(_("/asp provider"), _("Your organisation’s provider profile: what you offer, where, when."),
                       service.provides),
                 Usage(_("/asp provider edit"), _("Change it; the needs that fit are found again."),
                       service.provides))),
        Verb("matches", "/asp matches", _("Shared needs and the providers they fit."), service.matches,
             shown_to=lambda who: _secretariat(who) or service.provides(who), usages=_matches_usages()),
        Verb("table", "/asp table", _("The two-entry table: which provider stands where with which State’s need."),
             table.summary, secretariat_only=True, reads_only=True),
    ),
    actions=(Action(views.EDIT, service.edit), Action(views.INTERESTED, service.interested, replaces=True),
             Action(views.NOT_FOR_US, service.not_for_us, replaces=True), Action(views.ASK, service.how_to_ask),
             Action(views.OPEN, service.open_clicked),
             Action(introduce.INTRODUCE, introduce.introduce, replaces=True),
             Action(introduce.UNDER_WAY, introduce.under_way, replaces=True),
             Action(introduce.COMPLETED, introduce.completed, replaces=True),
             Action(table.OPEN, table.summary)),
    desk=(table.standing,),
    assembly=(assembly.figures,),
    mine=(service.mine,),
    exports=(Export("table", table.export),),
    replies={"match": service.thread_reply},
    events={"need.moved": service.need_moved},
    jobs=(Job("provider digests", Every(digest.run, "provider digests")),),
)
