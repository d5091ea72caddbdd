"""Everyone's Home tab over signed HTTP: each role finds its own work (a State's needs and the calls still waiting
for its answer, a provider's profile, the Secretariat's summary), valid as slack_sdk's View; and the Secretariat
revoking a verification: asked once, the person told, the Home and the verbs following at once."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from slack_sdk.models.views import View

from tests.e2e.test_needs_slack import submitted_need, verified_focal_point
from tests.e2e.test_onboarding_slack import buttons
from tests.e2e.test_providers_slack import typed_profile, verified_provider
from tests.support.blocks import shown

pytestmark = pytest.mark.e2e

CALL = "Demo: call for assistance needs (open now)"


def home_of(slack, user: str) -> tuple[str, list[str]]:
    """What the person reads on their Home tab, and its buttons; the view is checked against Slack's limits."""
    before = len(slack.fake.calls("views.publish"))
    slack.client.home(user, event_id=f"Ev-home-{user}-{before}")
    slack.settle()
    published = slack.fake.wait_for_calls("views.publish", count=before + 1)[-1].params
    assert published["user_id"] == user
    view = published["view"]
    View(**view).validate_json()
    assert len(view["blocks"]) <= 100
    labels = [e["text"]["text"] for b in view["blocks"] for e in b.get("elements", []) if e.get("type") == "button"]
    return shown(view["blocks"]), labels


def test_each_role_finds_its_own_work_on_the_home_tab(slack):
    submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    verified_focal_point(slack, "UKEN", "kenya")
    verified_provider(slack, "UIDLO", "3", "IDLO")
    typed_profile(slack, "UIDLO", ["forensics", "training", "English", "anywhere", "skip", "now", "Jane Roe",
                                   "at once", "submit"])

    uganda, uganda_buttons = home_of(slack, "UAMINA")
    assert "*CP-2024-0001*\n“DNA lab”: submitted" in uganda
    assert CALL not in uganda.split("Calls for input waiting for your answer")[-1]  # Uganda has answered
    assert "*Plenary on cooperation, 23rd session*\nSpeakers list closes:" in uganda
    assert "Register a need" in uganda_buttons

    kenya, _ = home_of(slack, "UKEN")
    assert f"Calls for input waiting for your answer\n*{CALL}*\nFinal deadline:" in kenya
    assert "CP-2024-0001" not in kenya  # another State's need

    provider, provider_buttons = home_of(slack, "UIDLO")
    assert "Your provider profile" in provider and "*Areas*\nForensics" in provider
    assert CALL not in provider and "Speakers list closes" not in provider  # neither asked nor a speaker
    assert "Register a need" not in provider_buttons

    secretariat, secretariat_buttons = home_of(slack, "USEC")
    assert "Where things stand" not in secretariat and "*Waiting for review*\n1" in secretariat
    assert f"Open calls for input\n*{CALL}*\n1 of 125 answered" in secretariat
    assert {"New needs", "Details: DEMO-CALL"} <= set(secretariat_buttons)

    _status, opened = slack.client.command("need CP-2024-0001", user_id="USEC")  # shared: IDLO's profile fits
    slack.client.click("USEC", *buttons(SimpleNamespace(params=opened))["Share with providers"])
    slack.settle()
    provider, provider_buttons = home_of(slack, "UIDLO")
    assert "Shared needs that fit your profile\n*CP-2024-0001*\n“DNA lab”: notified" in provider
    assert "*Needs that fit*\n1" in provider and "Open CP-2024-0001" in provider_buttons

    stranger, stranger_buttons = home_of(slack, "UNEW")
    assert "You do not represent any delegation yet. Register to get started." in stranger
    assert CALL not in stranger and "Waiting for review" not in stranger
    assert stranger_buttons == ["Register a delegation"]


def test_the_secretariat_revokes_a_verification_and_the_person_is_told(slack):
    slack.fake.set_user("UAMINA", locale="fr-FR", tz="Africa/Kampala", name="amina")
    verified_focal_point(slack, "UAMINA", "uganda")
    _status, listed = slack.client.command("verify uganda", user_id="USEC")
    assert listed["text"] == "Who acts for Uganda"
    assert "<@UAMINA> acts for Uganda as National focal point, verified on" in shown(listed["blocks"])
    revoke = buttons(SimpleNamespace(params=listed))["Revoke"]

    slack.client.click("UAMINA", *revoke, response_url=slack.fake.response_url("self"))  # not hers to click
    slack.settle()
    assert slack.fake.wait_for_calls("response_url:self")[0].params["text"] == \
        "Seul le Secrétariat peut vérifier les délégations."

    slack.client.click("USEC", *revoke, response_url=slack.fake.response_url("ask"))
    slack.settle()
    (asked,) = slack.fake.wait_for_calls("response_url:ask")
    assert asked.params["text"].startswith("End the verification of <@UAMINA> as National focal point of Uganda?")
    sure = buttons(asked)["Yes, revoke"]
    slack.client.click("USEC", *sure, response_url=slack.fake.response_url("sure"))
    slack.settle()
    (done,) = slack.fake.wait_for_calls("response_url:sure")
    assert done.params["replace_original"] is True
    assert done.params["text"].startswith("Revoked: <@UAMINA> no longer acts for Uganda as National focal point.")
    told = slack.fake.messages_to("UAMINA")[-1].params["text"]
    assert told.startswith("Le Secrétariat a retiré votre habilitation à agir pour l’Ouganda en tant que point focal national.")

    slack.client.click("USEC", *sure, response_url=slack.fake.response_url("again"))  # a second click changes nothing
    slack.settle()
    assert "nothing to revoke" in slack.fake.wait_for_calls("response_url:again")[0].params["text"]
    assert sum("retiré votre habilitation" in c.params.get("text", "") for c in slack.fake.messages_to("UAMINA")) == 1

    _status, refused = slack.client.command("need", user_id="UAMINA")
    assert refused["text"].startswith("Vous ne représentez encore aucune délégation")
    home, labels = home_of(slack, "UAMINA")
    assert "retirée par le Secrétariat" in home and "Enregistrer un besoin" not in labels
    _status, audit = slack.client.command("audit uganda", user_id="USEC")
    assert "membership ended by the Secretariat" in shown(audit["blocks"])
