"""The timekeeper on the day, over signed HTTP against the fake Slack and a stepped clock: `/asp floor start` in
the room's channel posts the speaker and the time left, the message is edited step by step (every 15 s, every
5 s in the last 30 s) to "time is up", `next` moves on and tells the speaker after next, the times are kept."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.jobs import paced
from tests.e2e.test_needs_slack import verified_focal_point
from tests.e2e.test_onboarding_slack import blocks_text, buttons
from tests.e2e.test_speakers_slack import register

pytestmark = pytest.mark.e2e

HALL = "CHALL"  # the plenary hall's channel
OPENING = datetime(2024, 12, 5, 14, tzinfo=UTC)  # 15:00 in The Hague


def floor_job(slack):
    job = next(j for j in slack.parts.core.features.jobs if j.name == "floor")
    return paced(slack.parts.core, job, slack.parts.dispatcher.deliver)


def at(slack, seconds: float) -> None:
    """The clock `seconds` after the opening, and the floor's job run as the scheduler runs it each second."""
    slack.clock.set(OPENING + timedelta(seconds=seconds))
    floor_job(slack)()
    slack.settle()


def in_hall(slack) -> list:
    return [c for c in slack.fake.calls() if c.method in ("chat.postMessage", "chat.update")
            and c.params.get("channel") == HALL]


def shown(call) -> str:
    return " ".join(b.get("text", {}).get("text", "") for b in call.params.get("blocks", []) if "text" in b) \
        + " " + blocks_text(call)


def countdown_of(call) -> str:
    return next(b["text"]["text"] for b in call.params.get("blocks", []) if b.get("type") == "section"
                and b["text"]["text"].startswith(("⏱", "⏹")))


def two_on_the_list(slack) -> None:
    slack.clock.set(datetime(2024, 12, 2, 10, tzinfo=UTC))
    slack.fake.set_user("UKIP", tz="America/New_York", locale="en-US", name="kip")
    slack.fake.set_user("UAMI", tz="Africa/Kampala", locale="fr-FR", name="ami")
    verified_focal_point(slack, "UKIP", "kenya")
    verified_focal_point(slack, "UAMI", "uganda")
    register(slack, "UKIP", "Register for segment I", ["H.E. Kip", "Ambassador", "english", "skip"], "kip")
    register(slack, "UAMI", "S’inscrire au segment I", ["Ami", "passer", "français", "passer"], "ami")


def test_the_countdown_runs_step_by_step_to_time_up_then_next_moves_on_and_the_times_are_kept(slack):
    two_on_the_list(slack)
    slack.clock.set(OPENING)
    status, body = slack.client.command("floor start COOP-23 I", user_id="USEC", channel_id=HALL)
    assert status == 200 and "Kenya has the floor" in json.dumps(body)
    slack.settle()
    # The speaker after Kenya's hears to get ready, in French, at once.
    assert "Préparez-vous" in blocks_text(slack.fake.messages_to("UAMI")[-1])

    at(slack, 0)
    posted = in_hall(slack)
    assert [c.method for c in posted] == ["chat.postMessage"]
    assert "Kenya" in shown(posted[0]) and "H.E. Kip, Ambassador" in shown(posted[0])
    assert "2:00 left of 2:00" in shown(posted[0]) and "Next: Uganda, Ami" in shown(posted[0])
    ts = slack.fake.calls("chat.postMessage")[-1].response["ts"]

    for second in range(1, 136):  # the job runs each second; the message is edited only when its step changes
        at(slack, second)
    edits = [c for c in in_hall(slack) if c.method == "chat.update"]
    assert all(c.params["ts"] == ts for c in edits)  # one message in the room, edited
    # every 15 s, then every 5 s in the last 30 s; time up at 2:00; overtime in 15 s steps
    assert [countdown_of(c) for c in edits] == [
        "⏱ 1:45 left of 2:00", "⏱ 1:30 left of 2:00", "⏱ 1:15 left of 2:00", "⏱ 1:00 left of 2:00",
        "⏱ 0:45 left of 2:00", "⏱ 0:30 left of 2:00", "⏱ 0:25 left of 2:00", "⏱ 0:20 left of 2:00",
        "⏱ 0:15 left of 2:00", "⏱ 0:10 left of 2:00", "⏱ 0:05 left of 2:00", "⏹ Time is up.",
        "⏹ Time is up: 0:15 over."]

    next_button = buttons(edits[-1])["Next speaker"]
    slack.client.click("USEC", *next_button, channel_id=HALL, message_ts=ts,
                       response_url=slack.fake.response_url("next"))
    slack.settle()
    at(slack, 136)
    card = in_hall(slack)[-1]
    assert card.method == "chat.update" and "Uganda" in shown(card) and "2:00 left of 2:00" in shown(card)
    assert "Kenya spoke for 2:15" in shown(card) and "This is the last speaker of the segment." in shown(card)

    # The same card's button clicked again does not skip Uganda.
    slack.client.click("USEC", *next_button, channel_id=HALL, message_ts=ts,
                       response_url=slack.fake.response_url("again"))
    slack.settle()
    again = slack.fake.calls("response_url:again")[-1]
    assert "already been moved on from" in json.dumps(again.params)

    slack.clock.set(OPENING + timedelta(seconds=236))
    status, body = slack.client.command("floor next COOP-23", user_id="USEC", channel_id=HALL)
    assert "last speaker of segment I" in json.dumps(body)
    at(slack, 237)
    end = in_hall(slack)[-1]
    assert "2 speakers heard in 3:56" in shown(end) and "Next speaker" not in buttons(end)
    at(slack, 300)
    assert in_hall(slack)[-1] is end  # the ended countdown is shown once

    # The record: the times are in the export the Secretariat receives.
    _status, body = slack.client.command("export speakers COOP-23", user_id="USEC")
    assert "sending you the files" in json.dumps(body)
    slack.settle()
    sheet = read_xlsx(next(f for f in slack.fake.uploads("DUSEC") if f["name"] == "speakers-COOP-23.xlsx"))
    spoken = {row[2]: row[sheet[0].index("Time spoken")] for row in sheet[1:]}
    assert spoken == {"Kenya": "2:15", "Uganda": "1:41"}


def read_xlsx(upload: dict) -> list[tuple]:
    import io

    from openpyxl import load_workbook
    return list(load_workbook(io.BytesIO(upload["data"])).active.iter_rows(values_only=True))


def test_bad_starts_and_nexts_are_refused_in_words_and_change_nothing(slack):
    two_on_the_list(slack)
    slack.clock.set(OPENING)
    _status, body = slack.client.command("floor next COOP-23", user_id="USEC", channel_id=HALL)
    assert "No countdown is running" in json.dumps(body)
    _status, body = slack.client.command("floor start COOP-99", user_id="USEC", channel_id=HALL)
    assert "no plenary with the code COOP-99" in json.dumps(body)
    _status, body = slack.client.command("floor start COOP-23 IV", user_id="USEC", channel_id=HALL)
    assert "has no segment IV" in json.dumps(body)
    _status, body = slack.client.command("floor start COOP-23 II", user_id="USEC", channel_id=HALL)
    assert "Nobody is left to hear on the list of segment II" in json.dumps(body)
    _status, body = slack.client.command("floor start COOP-23", user_id="UKIP", channel_id=HALL)
    assert "Only the Secretariat can use /asp floor." in json.dumps(body)
    _status, body = slack.client.command("floor", user_id="USEC", channel_id=HALL)
    assert "/asp floor start PLENARY [SEGMENT]" in json.dumps(body)
    at(slack, 1)
    assert in_hall(slack) == []

    slack.client.command("floor start COOP-23", user_id="USEC", channel_id=HALL)
    _status, body = slack.client.command("floor start COOP-23 I", user_id="USEC", channel_id="COTHER")
    assert "already running (segment I)" in json.dumps(body)
    at(slack, 2)
    assert len(in_hall(slack)) == 1 and not [c for c in slack.fake.calls("chat.postMessage")
                                             if c.params.get("channel") == "COTHER"]


def test_a_channel_the_bot_is_not_in_ends_the_countdown_and_tells_the_timekeeper_how_to_fix_it(slack):
    two_on_the_list(slack)
    slack.clock.set(OPENING)
    slack.client.command("floor start COOP-23", user_id="USEC", channel_id=HALL)
    slack.settle()  # the word to the speaker on deck has gone
    slack.fake.fail_next("chat.postMessage", error="not_in_channel")
    at(slack, 0)
    told = slack.fake.messages_to("USEC")[-1]
    assert "not_in_channel" in blocks_text(told) and "/invite @aspbot" in blocks_text(told)
    at(slack, 30)
    assert len(in_hall(slack)) == 1  # the refused post only: nothing more is tried there
    _status, body = slack.client.command("floor start COOP-23", user_id="USEC", channel_id=HALL)
    assert "Kenya has the floor" in json.dumps(body)  # and it can be started again once invited


def test_a_429_on_an_edit_waits_what_slack_asks_then_shows_the_step_it_is_at(slack):
    two_on_the_list(slack)
    slack.clock.set(OPENING)
    slack.client.command("floor start COOP-23", user_id="USEC", channel_id=HALL)
    at(slack, 0)
    slack.fake.fail_next("chat.update", retry_after=10)
    at(slack, 15)  # refused
    at(slack, 20)  # Slack's wait has not passed: not tried
    assert [c.method for c in in_hall(slack)] == ["chat.postMessage", "chat.update"]
    at(slack, 26)
    last = in_hall(slack)[-1]
    assert last.method == "chat.update" and last.response.get("ok") and "1:34" not in shown(last)
    assert "1:45" in shown(last)
