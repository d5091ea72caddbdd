"""Issue #14 over signed HTTP: a French delegate types as they type — a plain apostrophe, a typo, a greeting
in the middle of the form — and a several-choice question says how to answer it."""
from __future__ import annotations

import pytest

from tests.e2e.test_onboarding_slack import buttons

pytestmark = pytest.mark.e2e


def at_the_delegation_question(slack, user: str, locale: str) -> None:
    """A newcomer who said hello and chose "State Party"."""
    slack.fake.set_user(user, tz="Africa/Abidjan", locale=locale, real_name=user)
    slack.client.dm(user, "hello", event_id=f"Ev{user}1")
    slack.client.dm(user, "1", event_id=f"Ev{user}2")
    slack.fake.wait_for_messages(user, 3)


def test_a_french_delegate_typing_as_they_type(slack):
    fake, client = slack.fake, slack.client
    at_the_delegation_question(slack, "UAMINA", "fr-FR")

    client.dm("UAMINA", "cote d'ivoira", event_id="Ev3")  # a typo and a plain apostrophe
    suggestion = fake.wait_for_messages("UAMINA", 4)[-1]
    assert suggestion.params["text"] == ("«\u00a0cote d'ivoira\u00a0» ne fait pas partie des options. "
                                         "Vouliez-vous dire Côte d’Ivoire\u202f?")
    client.click("UAMINA", *buttons(suggestion)["Côte d’Ivoire"])
    role = fake.wait_for_messages("UAMINA", 5)[-1]
    assert role.params["text"] == "À quel titre\u202f?"

    client.dm("UAMINA", "Bonjour !", event_id="Ev4")  # coming back: nothing is recorded
    again = fake.wait_for_messages("UAMINA", 7)
    assert again[-2].params["text"] == "Re-bonjour. Vos réponses sont conservées\u00a0; voici où nous en étions\u00a0:"
    assert again[-1].params["text"] == "À quel titre\u202f?"


def test_china_among_the_states_parties_is_told_its_kind(slack):
    fake, client = slack.fake, slack.client
    at_the_delegation_question(slack, "UCHEN", "en-US")
    client.dm("UCHEN", "<@U0BOSS> China", event_id="Ev3")  # also: what a person typed never pings anyone
    told = fake.wait_for_messages("UCHEN", 5)[-2]
    assert told.params["text"] == "“&lt;@U0BOSS&gt; China” is not one of the options. Please pick one of the options."
    client.dm("UCHEN", "China", event_id="Ev4")
    told = fake.wait_for_messages("UCHEN", 7)[-2]
    assert told.params["text"] == ("China is listed under “Observer State”, not under “State Party”. "
                                   "Type “back” and choose “Observer State”.")


def test_keep_an_overlong_answer_and_a_typed_yes_over_signed_http(slack):
    from tests.e2e.test_needs_slack import verified_focal_point

    fake, client = slack.fake, slack.client
    fake.set_user("UAMINA", tz="Africa/Kampala", locale="en-GB", real_name="Amina")
    verified_focal_point(slack, "UAMINA", "uganda")
    events = iter(range(100))

    def say(text: str) -> list[str]:
        client.dm("UAMINA", text, event_id=f"Ev-k{next(events)}")
        slack.settle()
        return [c.params["text"] for c in fake.messages_to("UAMINA")]

    client.command("need", user_id="UAMINA")
    slack.settle()
    say("forensics")
    say("DNA laboratory")
    assert say("back")[-1] == "A short title for the need (up to 120 characters)."
    assert say("keep")[-1].startswith("Describe the need")  # the title kept, on to the next question
    said = say("x" * 5000)  # an overlong description: the limit first, never the whole text back
    assert said[-2] == "That answer is 5,000 characters long; the limit is 2,500. Please shorten it."


def test_a_typed_no_answers_the_withdraw_question_in_the_dm(slack):
    from tests.e2e.test_needs_slack import verified_focal_point

    fake, client = slack.fake, slack.client
    fake.set_user("UAMINA", tz="Africa/Kampala", locale="fr-FR", real_name="Amina")
    verified_focal_point(slack, "UAMINA", "uganda")
    from bot.engine.runner import Picked
    from bot.services import conversations
    from bot.services.people import resolve
    from bot.services.ports import Person
    from tests.integration.test_needs import ANSWERS

    core = slack.parts.core
    amina = Person("slack", "T1", "UAMINA")
    client.command("need", user_id="UAMINA")
    slack.settle()
    for number, text in enumerate(ANSWERS):  # the whole intake typed in the DM, then the review's Submit
        client.dm("UAMINA", text, event_id=f"Ev-w{number}")
        slack.settle()
    with core.uow() as uow:
        token = str(uow.conversations.active(resolve(core, amina).member_id).state["version"])
    slack.parts.dispatcher.deliver(conversations.handle_input(core, resolve(core, amina), Picked(token, "cmd:submit"),
                                                              None).outbox)
    assert client.command("need CP-2024-0001 retirer", user_id="UAMINA")[0] == 200
    slack.settle()
    question = fake.messages_to("UAMINA")[-1]
    assert question.params["text"].startswith("Retirer CP-2024-0001")
    client.dm("UAMINA", "non", event_id="Ev-w-no")
    slack.settle()
    assert fake.messages_to("UAMINA")[-1].params["text"] == "Rien n’a changé\u00a0: CP-2024-0001 reste tel quel."
    with core.uow() as uow:
        assert uow.needs.by_reference("CP-2024-0001").status == "submitted"
