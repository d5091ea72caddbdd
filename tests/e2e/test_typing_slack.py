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
