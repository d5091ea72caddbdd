"""Reminders over real Slack plumbing: the scheduler's tick posts them through the fake Web API, a focal point
snoozes one with its button over signed HTTP, and a stretch of 429s delays them without doubling any."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from scheduler.jobs import tick
from tests.e2e.test_needs_slack import verified_focal_point
from tests.e2e.test_onboarding_slack import blocks_text, buttons

pytestmark = pytest.mark.e2e


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def call_2024(slack):
    """The 2024 call; a French focal point of Uganda in Kampala and an English one of Kenya in Nairobi."""
    slack.clock.set(utc(2024, 4, 2, 9))  # verified before the call opened (its demo data is seeded with them)
    slack.fake.set_user("UAMINA", tz="Africa/Kampala", locale="fr-FR", name="amina")
    slack.fake.set_user("UKIP", tz="Africa/Nairobi", locale="en-GB", name="kip")
    verified_focal_point(slack, "UAMINA", "uganda")
    verified_focal_point(slack, "UKIP", "kenya")
    parts = slack.parts
    slack.run_tick = tick(parts.core, parts.core.features.jobs, parts.dispatcher.deliver)
    return slack


def at(slack, when: datetime) -> list:
    """The clock moves on and the scheduler ticks: what the fake Slack received from it."""
    before = len(slack.fake.calls())
    slack.clock.set(when)
    slack.run_tick()
    return [c for c in slack.fake.calls()[before:] if c.method == "chat.postMessage"]


def test_a_reminder_reaches_each_person_at_9_local_with_both_clocks_and_its_snooze_button_works(call_2024):
    slack = call_2024
    fake = slack.fake
    assert {c.params["channel"] for c in at(slack, utc(2024, 4, 22, 8))} == {"UAMINA", "UKIP"}  # announced
    assert at(slack, utc(2024, 6, 4, 5, 59)) == []
    posted = at(slack, utc(2024, 6, 4, 6))  # 09:00 in Kampala and Nairobi
    assert sorted(c.params["channel"] for c in posted) == ["UAMINA", "UKIP"]
    to_kip = next(c for c in posted if c.params["channel"] == "UKIP")
    shown = blocks_text(to_kip)
    assert "Kenya has not begun its preliminary answers" in shown
    assert "June 11, 2024, 12:59\u202fAM East Africa Time" in shown  # Kip's clock
    assert "June 10, 2024, 11:59\u202fPM Central European Summer Time" in shown  # the venue's
    assert set(buttons(to_kip)) >= {"Register a need", "Remind me tomorrow", "In 3 days", "Stop these reminders"}

    slack.clock.set(utc(2024, 6, 4, 7))
    hook = fake.response_url("snooze")
    assert slack.client.click("UKIP", *buttons(to_kip)["In 3 days"], response_url=hook)[0] == 200
    answer = fake.wait_for_calls("response_url:snooze")[0].params["text"]
    assert answer.startswith("Snoozed: I will remind you about") and "June 7, 2024, 9:00\u202fAM East Africa Time" in answer
    assert at(slack, utc(2024, 6, 7, 5, 59)) == []
    again = at(slack, utc(2024, 6, 7, 6))
    assert [c.params["channel"] for c in again] == ["UKIP"]


def test_a_429_on_one_dm_holds_that_dm_for_its_retry_after_while_the_others_go(call_2024):
    slack = call_2024
    at(slack, utc(2024, 4, 22, 8))
    slack.fake.fail_next("chat.postMessage", status=429, retry_after=30, times=1)
    first = at(slack, utc(2024, 6, 4, 6))
    assert [c.response.get("ok") for c in first] == [False, True]  # the first DM refused, the other sent
    refused = first[0].params["channel"]
    assert at(slack, utc(2024, 6, 4, 6, 0, 20)) == []  # Retry-After (30 s) is honoured on the core's clock
    later = at(slack, utc(2024, 6, 4, 6, 1))
    assert [(c.params["channel"], c.response.get("ok")) for c in later] == [(refused, True)]
    assert at(slack, utc(2024, 6, 4, 7)) == []  # none twice


def test_a_stretch_of_429s_across_dms_holds_the_whole_workspace_and_doubles_none(call_2024):
    slack = call_2024
    at(slack, utc(2024, 4, 22, 8))
    slack.fake.fail_next("chat.postMessage", status=429, retry_after=30, times=3)
    first = at(slack, utc(2024, 6, 4, 6))
    assert len(first) == 2 and not any(c.response.get("ok") for c in first)  # two DMs refused: all wait
    assert at(slack, utc(2024, 6, 4, 6, 0, 20)) == []
    later = at(slack, utc(2024, 6, 4, 6, 1)) + at(slack, utc(2024, 6, 4, 6, 2)) + at(slack, utc(2024, 6, 4, 6, 3))
    delivered = [c.params["channel"] for c in later if c.response.get("ok")]
    assert sorted(delivered) == ["UAMINA", "UKIP"]
    assert at(slack, utc(2024, 6, 4, 7)) == []


def test_a_person_slack_cannot_reach_is_marked_failed_with_the_reason_once_and_the_secretariat_sees_it(call_2024):
    slack = call_2024
    at(slack, utc(2024, 4, 22, 8))
    slack.fake.fail_next("chat.postMessage", error="user_not_found", times=1)
    first = at(slack, utc(2024, 6, 4, 6))
    assert [c.response.get("error") for c in first] == ["user_not_found", None]
    refused = first[0].params["channel"]
    for later in (utc(2024, 6, 4, 6, 1), utc(2024, 6, 4, 6, 20), utc(2024, 6, 4, 8)):  # never retried
        assert at(slack, later) == []
    status, body = slack.client.command("campaign status CP-2024", user_id="USEC")
    assert status == 200
    text = "\n".join(field["text"] for block in body["blocks"] for field in block.get("fields", []))
    assert "*Deliveries failed*\n1" in text
    name = {"UAMINA": "Uganda", "UKIP": "Kenya"}[refused]
    assert f"*{name}*\nNot begun; not reminded yet" in text
    # Slack's reason is shown as text from outside (rich text, never mrkdwn): the delegation, then the reason.
    failures = [block for block in body["blocks"] if block["type"] == "rich_text"]
    shown = json.dumps(failures, ensure_ascii=False)
    assert name in shown and "Not delivered: user_not_found" in shown
