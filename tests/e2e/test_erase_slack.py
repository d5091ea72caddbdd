"""A State asks for one of its needs to be erased, over signed HTTP: the Secretariat decides with a button, and
afterwards no stored copy holds what was written (versions, exchanges, audit values, messages), while the audit
trail keeps who asked, who erased and when."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from storage.models import AuditEvent, NeedMessage, NeedVersion, OutboxMessage
from tests.e2e.test_needs_slack import submitted_need
from tests.e2e.test_onboarding_slack import buttons
from tests.support.blocks import shown

pytestmark = pytest.mark.e2e

WRITTEN = ("DNA lab", "A laboratory.", "The High Court in Gulu")


def everything_stored(slack) -> str:
    """Every sealed column as the app reads it: if a sentence is nowhere here, it is nowhere."""
    with slack.parts.storage.uow() as uow:
        s = uow.session
        parts = [json.dumps(v.answers, ensure_ascii=False) for v in s.scalars(select(NeedVersion))]
        parts += [m.text for m in s.scalars(select(NeedMessage))]
        parts += [json.dumps([e.before, e.after], ensure_ascii=False) for e in s.scalars(select(AuditEvent))]
        parts += list(s.scalars(select(OutboxMessage.body)))
    return "\n".join(parts)


def test_a_need_erased_at_the_states_request_leaves_no_copy_and_the_trail_keeps_who_and_when(slack):
    submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    slack.client.command("need CP-2024-0001 ask Which court?", user_id="USEC")
    slack.client.command("need CP-2024-0001 answer The High Court in Gulu", user_id="UAMINA")
    slack.settle()
    assert all(text in everything_stored(slack) for text in WRITTEN)  # the check below can fail

    _status, asked = slack.client.command("need CP-2024-0001 erase", user_id="UAMINA")
    assert asked["text"] == ("Your request to erase CP-2024-0001 has gone to the Secretariat. I will tell you here "
                             "when it is decided.")
    slack.settle()
    request = slack.fake.messages_to("USEC")[-1]
    assert request.params["text"].startswith("<@UAMINA> asks, for Uganda, that CP-2024-0001 be erased")
    erase = buttons(request)["Erase it"]
    slack.client.click("UAMINA", *erase, response_url=slack.fake.response_url("hers"))
    slack.settle()
    assert slack.fake.wait_for_calls("response_url:hers")[0].params["text"] == "Only the Secretariat can review needs."

    slack.client.click("USEC", *erase, response_url=slack.fake.response_url("erase"))
    slack.settle()
    (done,) = slack.fake.wait_for_calls("response_url:erase")
    assert done.params["replace_original"] is True
    assert done.params["text"].startswith("Erased: CP-2024-0001. Decided by <@USEC> on")
    assert slack.fake.messages_to("UAMINA")[-1].params["text"].startswith(
        "CP-2024-0001 is erased at your delegation’s request")

    stored = everything_stored(slack)
    assert not any(text in stored for text in WRITTEN)
    with slack.parts.storage.uow() as uow:
        trail = [e.action for e in uow.audit.for_subject("need:CP-2024-0001")]
    assert {"need.submitted", "need.question", "need.answer", "need.erase_asked", "need.erased"} <= set(trail)
    _status, shown_need = slack.client.command("need CP-2024-0001", user_id="USEC")
    assert "erased at the State’s request" in shown(shown_need["blocks"])
    _status, audit = slack.client.command("audit CP-2024-0001", user_id="USEC")
    assert "need erased (need:CP-2024-0001)" in shown(audit["blocks"])

    _status, again = slack.client.command("need CP-2024-0001 erase", user_id="UAMINA")
    assert again["text"] == "CP-2024-0001 is already erased."
    slack.client.click("USEC", *erase, response_url=slack.fake.response_url("twice"))
    slack.settle()
    assert slack.fake.wait_for_calls("response_url:twice")[0].params["text"] == "CP-2024-0001 is already erased."


def test_the_secretariat_may_keep_a_need_and_the_state_is_told(slack):
    submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    slack.client.command("need CP-2024-0001 erase", user_id="UAMINA")
    slack.settle()
    keep = buttons(slack.fake.messages_to("USEC")[-1])["Keep it"]
    slack.client.click("USEC", *keep, response_url=slack.fake.response_url("keep"))
    slack.settle()
    assert slack.fake.wait_for_calls("response_url:keep")[0].params["text"].startswith("Kept: CP-2024-0001.")
    assert slack.fake.messages_to("UAMINA")[-1].params["text"] == (
        "The Secretariat has kept CP-2024-0001 (submitted); it will contact you about your request to erase it.")
    assert "DNA lab" in everything_stored(slack)


def test_another_states_need_cannot_be_asked_to_be_erased(slack):
    submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    from tests.e2e.test_needs_slack import verified_focal_point
    verified_focal_point(slack, "UKEN", "kenya")
    _status, body = slack.client.command("need CP-2024-0001 erase", user_id="UKEN")
    assert body["text"] == "I cannot find a need with the reference CP-2024-0001 among yours."
    slack.settle()
    assert "erased" not in json.dumps([c.params for c in slack.fake.messages_to("USEC")])
