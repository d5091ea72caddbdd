"""A delegate's first hour on the real core and database (issue #14): coming back to a form after a pause,
and changing one's mind about withdrawing a need."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.features.needs import views
from bot.services import actions
from bot.services.people import resolve
from handlers.console import render_text
from tests.integration.conftest import AMINA, say
from tests.integration.test_needs import ANSWERS, fill, platform, start_need, submitted, verified  # noqa: F401


def test_what_is_typed_after_a_long_pause_is_not_taken_for_a_question_not_in_view(world, clock):
    core, _dispatcher, sender, _ = world
    for text in ("hello", "1", "ouganda"):
        say(world, AMINA, text)
    assert sender.to("UAMINA")[-1].startswith("À quel titre\u202f?")
    clock.set(clock.now() + timedelta(hours=3))
    say(world, AMINA, "2")  # meant for something else, hours later: shown the question, nothing recorded
    assert sender.to("UAMINA")[-2] == "Vous avez un «\u00a0Bienvenue sur aspbot\u00a0» inachevé\u00a0; voici où nous en étions."
    assert sender.to("UAMINA")[-1].startswith("À quel titre\u202f?")
    with core.uow() as uow:
        assert "role" not in uow.conversations.active(resolve(core, AMINA).member_id).state["answers"]
    say(world, AMINA, "2")  # now the question is in view: it is the answer
    assert sender.to("UAMINA")[-1].startswith("Votre adresse électronique professionnelle")
    with core.uow() as uow:
        assert uow.conversations.active(resolve(core, AMINA).member_id).state["answers"]["role"] == "delegate"


def test_back_and_cancel_after_a_pause_still_do_what_they_say(world, clock):
    _core, _dispatcher, sender, _ = world
    for text in ("hello", "1", "ouganda"):
        say(world, AMINA, text)
    clock.set(clock.now() + timedelta(hours=3))
    say(world, AMINA, "retour")
    assert sender.to("UAMINA")[-1].startswith("Laquelle\u202f?")


def test_a_greeting_in_the_middle_of_onboarding_shows_where_we_were(world):
    _core, _dispatcher, sender, _ = world
    for text in ("hello", "1", "ouganda", "bonjour"):
        say(world, AMINA, text)
    assert sender.to("UAMINA")[-2] == "Re-bonjour. Vos réponses sont conservées\u00a0; voici où nous en étions\u00a0:"
    assert sender.to("UAMINA")[-1].startswith("À quel titre\u202f?")


def test_no_keep_it_leaves_the_need_as_it_was(platform):  # noqa: F811 — the fixture from test_needs
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "ouganda")
    submitted(platform, AMINA)
    dispatcher.deliver(actions.click(core, resolve(core, AMINA), views.WITHDRAW, "CP-2024-0001").outbox)
    confirm = sender.to("UAMINA")[-1]
    assert confirm.startswith("Retirer CP-2024-0001")
    assert "Oui, retirer" in confirm and "Non, la garder" in confirm
    dispatcher.deliver(actions.click(core, resolve(core, AMINA), views.WITHDRAW_NOT, "CP-2024-0001").outbox)
    assert sender.to("UAMINA")[-1] == "Rien n’a changé\u00a0: CP-2024-0001 reste tel quel."
    say(platform, AMINA, "oui")  # the question was answered: a later "yes" withdraws nothing
    with core.uow() as uow:
        assert uow.needs.by_reference("CP-2024-0001").status == "submitted"


@pytest.mark.parametrize(("typed", "status"), [("non", "submitted"), ("No", "submitted"), ("oui", "withdrawn"),
                                               ("yes", "withdrawn")])
def test_a_typed_yes_or_no_answers_the_withdraw_question(platform, typed, status):  # noqa: F811
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "ouganda")
    submitted(platform, AMINA)
    dispatcher.deliver(actions.click(core, resolve(core, AMINA), views.WITHDRAW, "CP-2024-0001").outbox)
    result = say(platform, AMINA, typed)
    dispatcher.deliver(result.outbox)
    with core.uow() as uow:
        assert uow.needs.by_reference("CP-2024-0001").status == status
    if status == "submitted":
        assert sender.to("UAMINA")[-1] == "Rien n’a changé\u00a0: CP-2024-0001 reste tel quel."


def test_a_yes_long_after_the_question_is_not_taken_for_its_answer(platform, clock):  # noqa: F811
    core, dispatcher, _sender, _ = platform
    verified(platform, AMINA, "ouganda")
    submitted(platform, AMINA)
    dispatcher.deliver(actions.click(core, resolve(core, AMINA), views.WITHDRAW, "CP-2024-0001").outbox)
    clock.set(clock.now() + timedelta(hours=2))
    say(platform, AMINA, "oui")
    with core.uow() as uow:
        assert uow.needs.by_reference("CP-2024-0001").status == "submitted"


def test_the_secretariat_asks_answers_come_back_and_both_read_the_exchange(platform):  # noqa: F811
    import pytest

    from bot.errors import Refusal
    from bot.i18n import Reader
    from bot.services import commands
    from tests.integration.conftest import SEC

    core, dispatcher, _sender, _ = platform
    verified(platform, AMINA, "ouganda")
    submitted(platform, AMINA)
    sec, english = resolve(core, SEC), Reader("en", "Europe/Amsterdam")

    def refused(who, text) -> str:
        with pytest.raises(Refusal) as exc:
            commands.run(core, who, text)
        return who.reader.render(exc.value.message)

    assert refused(sec, "need CP-2024-0001 ask") == ("Write your question after the word “ask”, for example: "
                                                    "/asp need CP-2024-0001 ask Which court is concerned?")
    assert refused(sec, "need CP-2024-0001 share") == (
        "I do not know “share” after /asp need CP-2024-0001. You can add edit, withdraw or answer (the "
        "Secretariat: ask, or vN for an earlier version).")
    assert refused(resolve(core, AMINA), "need CP-2024-0001 answer").startswith("Écrivez votre réponse après")
    dispatcher.deliver(commands.run(core, sec, "need CP-2024-0001 ask Which region?").outbox)
    dispatcher.deliver(commands.run(core, resolve(core, AMINA), "need CP-2024-0001 answer The north *only*").outbox)
    shown = render_text(commands.run(core, sec, "need CP-2024-0001").reply, english, []).splitlines()
    assert any(line.startswith("  Question of the Secretariat, ") and line.endswith(": Which region?")
               for line in shown)
    assert any(line.startswith("  Answer of Amina, ") and line.endswith(": The north *only*") for line in shown)
    mine = render_text(commands.run(core, resolve(core, AMINA), "need CP-2024-0001").reply,
                       resolve(core, AMINA).reader, []).splitlines()
    assert any(line.endswith("\u00a0: Which region?") for line in mine)  # the State reads it back too

    dispatcher.deliver(actions.click(core, resolve(core, AMINA), views.WITHDRAW_SURE, "CP-2024-0001").outbox)
    assert refused(sec, "need CP-2024-0001 ask Still there?") == \
        "CP-2024-0001 is withdrawn: there is nobody to ask about it any more."


def test_a_likely_duplicate_is_told_where_the_area_is_chosen_and_a_second_need_in_it_is_welcome(platform):  # noqa: F811
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "ouganda")
    submitted(platform, AMINA)  # CP-2024-0001 “DNA laboratory <!channel>”, in forensics
    start_need(platform, AMINA)
    say(platform, AMINA, "forensics")
    warning, question = sender.to("UAMINA")[-2:]
    assert warning.splitlines()[0] == (
        "Votre délégation a déjà 1 besoin ouvert dans le domaine «\u00a0Criminalistique et médecine légale\u00a0»"
        "\u00a0: CP-2024-0001 «\u00a0DNA laboratory <!channel>\u00a0». S’il s’agit du même besoin, ouvrez-le "
        "plutôt\u00a0; sinon, continuez.")
    assert "[!" in warning.splitlines()[1] and "Ouvrir CP-2024-0001" in warning.splitlines()[1]
    assert question.startswith("Un titre court")
    opened = actions.click(core, resolve(core, AMINA), views.OPEN, "CP-2024-0001")
    assert render_text(opened.reply, resolve(core, AMINA).reader, []).startswith("== CP-2024-0001")
    # Going on: a second need in the same area is registered, not refused at the end.
    fill(platform, AMINA, ["Training of forensic teams"] + ANSWERS[2:])
    with core.uow() as uow:
        token = str(uow.conversations.active(resolve(core, AMINA).member_id).state["version"])
    from bot.engine.runner import Picked
    from bot.services import conversations
    dispatcher.deliver(conversations.handle_input(core, resolve(core, AMINA), Picked(token, "cmd:submit"),
                                                  None).outbox)
    assert any(line.startswith("== Besoin enregistré\u00a0: CP-2024-0002") for line in sender.to("UAMINA"))


def test_help_lists_each_readers_verbs_with_their_arguments_in_their_words(platform):  # noqa: F811
    from bot.i18n import Reader
    from bot.services import commands
    from tests.integration.conftest import SEC

    core, _dispatcher, _sender, directory = platform

    def help_lines(person, reader=None):
        who = resolve(core, person)
        return render_text(commands.run(core, who, "help").reply, reader or who.reader, []).splitlines()

    from bot.services.ports import Person, Profile
    newcomer = Person("slack", "T1", "UNEW")
    directory.profiles["UNEW"] = Profile("New", "es-ES", "Europe/Madrid")
    assert not any("/asp need" in line for line in help_lines(newcomer))  # not theirs yet
    assert "  /asp lang CÓDIGO: Elegir el idioma en que le escribo: en, fr, es, ar, zh o ru." in help_lines(newcomer)
    verified(platform, AMINA, "ouganda")
    mine = help_lines(AMINA)
    assert "  /asp need RÉFÉRENCE répondre TEXTE\u00a0: Répondre à la question du Secrétariat à son sujet." in mine
    assert not any("demander TEXTE" in line for line in mine)  # the Secretariat's ask is not hers
    secretariat = help_lines(SEC, Reader("en"))
    assert "  /asp need REFERENCE ask TEXT: Ask the State a question about it." in secretariat
    assert "  /asp need REFERENCE vN: Its earlier version N." in secretariat
    assert not any("answer TEXT" in line for line in secretariat)


def test_the_words_after_a_reference_work_in_every_language(platform):  # noqa: F811
    from bot.services import commands

    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "ouganda")
    submitted(platform, AMINA)
    for word in ("withdraw", "retirer", "retirar", "отозвать", "سحب", "撤回", "RETIRER"):
        dispatcher.deliver(commands.run(core, resolve(core, AMINA), f"need CP-2024-0001 {word}").outbox)
        assert sender.to("UAMINA")[-1].startswith("Retirer CP-2024-0001"), word


def test_a_retried_yes_has_one_effect(platform):  # noqa: F811
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "ouganda")
    submitted(platform, AMINA)
    dispatcher.deliver(actions.click(core, resolve(core, AMINA), views.WITHDRAW, "CP-2024-0001").outbox)
    before = len(sender.to("UAMINA"))
    say(platform, AMINA, "oui", key="slack:event:Ev-yes")
    say(platform, AMINA, "oui", key="slack:event:Ev-yes")  # Slack's retry of the same event
    told = sender.to("UAMINA")[before:]
    assert len(told) == 1 and "retiré" in told[0]
    with core.uow() as uow:
        assert [e.action for e in uow.audit.for_subject("need:CP-2024-0001")].count("need.withdrawn") == 1
