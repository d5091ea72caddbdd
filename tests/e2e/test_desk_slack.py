"""The Secretariat's desk over signed HTTP: `/asp status` counts what is stored and opens each list with a click;
everyone else is refused every Secretariat verb, politely, in their language, and the refusal is audited."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from tests.e2e.test_needs_slack import submitted_need
from tests.e2e.test_onboarding_slack import buttons
from tests.support.blocks import shown

pytestmark = pytest.mark.e2e


def _seed_the_rest(slack) -> None:
    """What other flows would have left: a speaker on COOP-23, a provider's profile and its interested pair, and
    a message Slack refused for good."""
    from storage.models import Match, OutboxMessage, ProviderProfile, Speaker
    at = datetime(2024, 12, 1, 9, 0, tzinfo=UTC)
    with slack.parts.storage.uow() as uow:
        coop = uow.plenaries.by_code("COOP-23")
        kenya, france = uow.delegations.by_code("KE"), uow.delegations.by_code("FR")
        need = uow.needs.by_reference("CP-2024-0001")
        uow.speakers.add(Speaker(plenary_id=coop.id, segment=coop.segments[0]["code"], delegation_id=kenya.id,
                                 registered_by_id=need.created_by_id, slot=f"COOP-23:I:{kenya.code}",
                                 status="registered", category=0, received_at=at, speaker_name="H.E. Kenya",
                                 language="en"))
        uow.session.add(ProviderProfile(delegation_id=france.id, answers={}, availability="now", delivery="at_once",
                                        updated_by_id=need.created_by_id, created_at=at, updated_at=at))
        uow.session.add(Match(need_id=need.id, provider_id=france.id, state="interested", score=90, reasons=[],
                              tell=True, updated_at=at))
        uow.session.add(OutboxMessage(recipient_id=need.created_by_id, body="{}", status="failed", attempts=5,
                                      not_before=at, last_error="channel_not_found", created_at=at))
        uow.commit()


def test_status_counts_what_is_stored_and_each_list_is_a_click_away(slack):
    submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    for number, text in enumerate(("hello", "1", "kenya", "1", "skip", "submit")):  # waits for verification
        slack.client.dm("UKEN", text, event_id=f"Ev-UKEN-{number}")
        slack.settle()
    _seed_the_rest(slack)
    status, body = slack.client.command("status", user_id="USEC")
    assert status == 200 and body["response_type"] == "ephemeral" and body["text"] == "Where things stand"
    assert len(body["blocks"]) <= 50
    lines = shown(body["blocks"]).split("\n")
    text = "\n".join(lines)
    for expected in ("*Requests waiting*\n1", "*Waiting for review*\n1", "*submitted*\n1", "*Forensics*\n1",
                     "*Demo: call for assistance needs (open now)*\n1 of 125 answered; 61 days left",
                     "*Plenary on cooperation, 23rd session, segment I*\n1 of",
                     "*Providers with a profile*\n1", "*interested*\n1", "*introduced*\n0",
                     "*Failed*\n1", "*Failed: channel_not_found*\n1"):
        assert expected in text, expected
    offered = buttons(SimpleNamespace(params=body))  # the command's answer, read as a message
    assert {"New needs", "All needs", "Decide", "Details: DEMO-CALL", "List: COOP-23", "Two-entry table"} <= set(offered)

    def open_(label: str) -> str:
        name = label.replace(" ", "-").replace(":", "")
        slack.client.click("USEC", *offered[label], response_url=slack.fake.response_url(name))
        slack.settle()
        (answer,) = slack.fake.wait_for_calls(f"response_url:{name}")
        return answer.params["text"] + "\n" + shown(answer.params.get("blocks", []))

    assert "CP-2024-0001" in open_("New needs") and "“DNA lab”" in open_("All needs")
    assert "Verification requests waiting" in open_("Decide")
    assert open_("Details: DEMO-CALL").startswith("Where “Demo: call for assistance needs (open now)” stands")
    assert "H.E. Kenya" in open_("List: COOP-23")
    assert open_("Two-entry table").startswith("Providers and recipients")


def test_the_status_reads_in_the_secretariats_language(slack):
    slack.fake.set_user("USEC", locale="fr-FR", tz="Europe/Paris", name="sec")
    _status, body = slack.client.command("status", user_id="USEC")
    assert body["text"] == "Où en sont les choses"
    assert "*En attente d’examen*\n0" in shown(body["blocks"])


SECRETARIAT_VERBS = ("status", "audit", "needs", "verify", "campaign", "remind", "plenary", "speakers", "floor",
                     "table", "export", "reports")


@pytest.mark.parametrize("verb", SECRETARIAT_VERBS)
def test_every_secretariat_verb_is_refused_to_others_translated_and_audited(slack, verb):
    slack.fake.set_user("UNEW", locale="es-ES", tz="Europe/Madrid", name="nuevo")
    status, body = slack.client.command(verb, user_id="UNEW")
    assert status == 200 and body["response_type"] == "ephemeral"
    assert body["text"] == f"Solo la Secretaría puede utilizar /asp {verb}."
    slack.settle()
    assert slack.fake.messages_to("UNEW") == []
    with slack.parts.storage.uow() as uow:
        refused = uow.audit.by_action("refused")
    assert [r.subject for r in refused] == [f"command:{verb}"]


def test_the_secretariat_verbs_listed_here_are_every_one_the_app_has(slack):
    declared = {name for name, verb in slack.parts.core.features.verbs.items() if verb.secretariat_only}
    assert declared == set(SECRETARIAT_VERBS)


@pytest.mark.parametrize("action", ["membership:list", "campaign:status", "speakers:list", "table:open",
                                    "needs:more"])
def test_a_status_button_clicked_by_someone_else_is_refused(slack, action):
    slack.client.click("UNEW", f"{action}:0", "COOP-23" if action == "speakers:list" else "0|",
                       response_url=slack.fake.response_url("refused"))
    slack.settle()
    (answer,) = slack.fake.wait_for_calls("response_url:refused")
    assert answer.params["text"].startswith("Only the Secretariat")
    assert json.dumps(answer.params).count("COOP-23") == 0 or action == "speakers:list"


def test_verification_requests_come_twenty_at_a_time_with_more(slack):
    from storage.models import Member, Membership
    at = datetime(2024, 12, 1, 9, 0, tzinfo=UTC)
    with slack.parts.storage.uow() as uow:
        kenya = uow.delegations.by_code("KE")
        for n in range(25):
            member = uow.members.add(Member(channel="slack", workspace="T1", user_key=f"UQ{n:02d}", created_at=at))
            uow.memberships.add(Membership(member_id=member.id, delegation_id=kenya.id, role="delegate",
                                           status="pending", requested_at=at))
        uow.commit()
    _status, first = slack.client.command("verify", user_id="USEC")
    assert len(first["blocks"]) <= 50
    assert shown(first["blocks"]).count("asks to act for Kenya") == 20 and "<@UQ19>" in shown(first["blocks"])
    more = buttons(SimpleNamespace(params=first))["More"]
    slack.client.click("USEC", *more, response_url=slack.fake.response_url("more"))
    slack.settle()
    (rest,) = slack.fake.wait_for_calls("response_url:more")
    text = shown(rest.params["blocks"])
    assert text.count("asks to act for Kenya") == 5 and "<@UQ20>" in text and "<@UQ19>" not in text
    assert "More" not in buttons(rest)
