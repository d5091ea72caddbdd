"""The complementarity platform: a State's needs for technical legal assistance, from intake to sharing."""
from __future__ import annotations

from bot.features import Action, Export, Feature, Usage, Verb
from bot.features.needs import assembly, erase, form, listing, policy, service, views
from bot.i18n import _
from bot.replies import Message
from bot.services.ports import Result


def _need_usages() -> tuple[Usage, ...]:
    """`/asp need` as each reader may use it, in their words: the State's steps, then the Secretariat's."""
    state, secretariat = service.registers_needs, (lambda who: who.secretariat)
    ref, text, sub = _("REFERENCE"), _("TEXT"), service.SUBVERBS
    return (
        Usage(_("/asp need"), _("Register a need for technical legal assistance (in a direct message)."), state),
        Usage(_("/asp need {reference}", reference=ref), _("Show one of your delegation’s needs."), state),
        Usage(_("/asp need {reference} {edit}", reference=ref, edit=sub["edit"]),
              _("Change its answers (a new version is kept)."), state),
        Usage(_("/asp need {reference} {withdraw}", reference=ref, withdraw=sub["withdraw"]),
              _("Withdraw it, after a confirmation."), state),
        Usage(_("/asp need {reference} {erase}", reference=ref, erase=sub["erase"]),
              _("Ask the Secretariat to erase it: its answers and exchanges removed for good."), state),
        Usage(_("/asp need {reference} {answer} {text}", reference=ref, answer=sub["answer"], text=text),
              _("Answer the Secretariat’s question about it."), state),
        Usage(_("/asp need {reference}", reference=ref), _("Any State’s need, with its review buttons."),
              secretariat),
        Usage(_("/asp need {reference} v{number}", reference=ref, number="N"), _("Its earlier version N."),
              secretariat),
        Usage(_("/asp need {reference} {ask} {text}", reference=ref, ask=sub["ask"], text=text),
              _("Ask the State a question about it."), secretariat),
    )


def _secretariat_step(step: str) -> Action:
    return Action(step, lambda core, who, value: service.decide(core, who, step, value), replaces=True)


def _how_to_ask(core, who, value: str) -> Result:
    # Channels with forms (Slack) ask in a modal; elsewhere the person is told how to ask.
    return Result(reply=Message.text(_("Type /asp need {reference} ask followed by your question.",
                                       reference=value)))


FEATURE = Feature(
    name="needs",
    forms=(form.build,),
    submit={service.FORM: service.submit},
    verbs=(
        Verb("need", "/asp need", _("Register a need for technical legal assistance; show, change or withdraw one."),
             service.command, shown_to=lambda who: who.secretariat or service.registers_needs(who),
             usages=_need_usages()),
        Verb("needs", "/asp needs [state=…] [area=…] [status=…] [call=…]",
             _("Every State’s needs, newest change first; filter by State, area, status or call."),
             listing.listing, secretariat_only=True, reads_only=True),
    ),
    actions=(
        Action(views.START, service.start),
        Action(views.EDIT, service.edit),
        Action(views.WITHDRAW, lambda core, who, value: service.withdraw(core, who, value, sure=False)),
        Action(views.WITHDRAW_SURE, lambda core, who, value: service.withdraw(core, who, value, sure=True),
               replaces=True),
        Action(views.WITHDRAW_NOT, service.keep),
        Action(views.ASK, _how_to_ask),
        Action(views.OPEN, lambda core, who, value: service.view(core, who, value)),
        Action(listing.MORE, listing.more),
        Action(erase.SURE, lambda core, who, value: erase.erase(core, who, value), replaces=True),
        Action(erase.KEEP, erase.keep, replaces=True),
        *(_secretariat_step(step) for step in policy.SECRETARIAT_MOVES),
    ),
    mine=(service.mine,),
    desk=(listing.standing,),
    assembly=(assembly.figures,),
    exports=(Export("needs", listing.export),),
    shortcuts=service.offers,
    replies={"need": service.answer},
    answered={service.FORM: service.answered},
    confirms={service.CONFIRM_WITHDRAW: service.withdraw_answered},
)
