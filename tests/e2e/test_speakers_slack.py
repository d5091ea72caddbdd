"""A speakers list over signed HTTP against the fake Slack: `/asp speak`, the segment's button, the request in
the DM, the place; a delegation pushed down by one that speaks earlier by protocol is told in its language."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.e2e.test_needs_slack import verified_focal_point
from tests.e2e.test_onboarding_slack import blocks_text, buttons

pytestmark = pytest.mark.e2e


def command_buttons(body: dict) -> dict[str, tuple[str, str]]:
    return {e["text"]["text"]: (e["action_id"], e["value"]) for block in body.get("blocks", [])
            for e in block.get("elements", []) if e.get("type") == "button"}


def register(slack, user: str, label: str, answers: list[str], event: str, plenary: str = "COOP-23") -> dict:
    """`/asp speak`, the button `label` of `plenary` (the demo plenary is open too), the request typed, sent."""
    status, body = slack.client.command("speak", user_id=user)
    assert status == 200
    (chosen,) = [(e["action_id"], e["value"]) for block in body.get("blocks", []) for e in block.get("elements", [])
                 if e.get("type") == "button" and e["text"]["text"] == label and e["value"].startswith(plenary + "|")]
    slack.client.click(user, *chosen)
    slack.settle()
    for n, text in enumerate(answers):
        slack.client.dm(user, text, event_id=f"Ev-speak-{event}-{n}")
        slack.settle()
    review = slack.fake.messages_to(user)[-1]
    slack.client.click(user, *buttons(review)[next(k for k in buttons(review) if k in ("Submit", "Envoyer"))])
    slack.settle()
    return body


def test_register_over_slack_then_a_state_party_pushes_an_observer_down_and_it_is_told(slack):
    slack.clock.set(datetime(2024, 12, 2, 10, tzinfo=UTC))
    slack.fake.set_user("UANA", tz="Africa/Luanda", locale="fr-FR", name="ana")
    slack.fake.set_user("UKIP", tz="America/New_York", locale="en-US", name="kip")
    verified_focal_point(slack, "UKIP", "kenya")
    for n, text in enumerate(("hello", "2", "angola", "1", "skip", "submit")):  # an observer State's focal point
        slack.client.dm("UANA", text, event_id=f"Ev-ana-{n}")
        slack.settle()
    slack.client.click("USEC", *buttons(slack.fake.messages_to("USEC")[-1])["Approve"])
    slack.settle()

    listing = register(slack, "UANA", "S’inscrire au segment I", ["Ana", "passer", "français", "passer"], "ana")
    shown = json.dumps(listing.get("blocks", []), ensure_ascii=False)
    assert "La coopération est vitale pour la Cour" in shown
    placed = slack.fake.messages_to("UANA")[-1]
    assert "L’Angola figure en position 1 sur la liste du segment I" in blocks_text(placed)

    register(slack, "UKIP", "Register for segment I", ["H.E. Kip", "skip", "english", "Madam President <!channel>"], "kip")
    to_kip = slack.fake.messages_to("UKIP")[-1]
    assert "Kenya is number 1 on the list of segment I" in blocks_text(to_kip)
    assert "Registration closes" in blocks_text(to_kip) and "Eastern Standard Time" in blocks_text(to_kip)
    told = slack.fake.messages_to("UANA")[-1]
    assert "L’Angola passe en position 2 sur la liste du segment I" in blocks_text(told)
    assert "Kenya" in blocks_text(told)
    assert "<!channel>" not in json_of(slack)  # the statement goes to nobody's list


def json_of(slack) -> str:
    return "".join(blocks_text(c) for c in slack.fake.calls("chat.postMessage") if c.params.get("channel") != "UKIP")


def test_the_place_comes_with_a_calendar_invitation_on_the_venues_clock(slack):
    from icalendar import Calendar

    slack.clock.set(datetime(2024, 12, 2, 10, tzinfo=UTC))
    slack.fake.set_user("UKIP", tz="America/New_York", locale="en-US", name="kip")
    verified_focal_point(slack, "UKIP", "kenya")
    register(slack, "UKIP", "Register for segment II", ["H.E. Kip", "skip", "english", "skip"], "kip")
    placed = slack.fake.messages_to("UKIP")[-1]
    assert "Kenya is number 1 on the list of segment II" in blocks_text(placed)
    (invitation,) = slack.fake.uploads("DUKIP")
    assert invitation["name"] == "COOP-23-II.ics"
    assert invitation["title"] == "Calendar invitation: Plenary on cooperation, 23rd session"
    # The file went first, then the message naming the place.
    calls = [c.method for c in slack.fake.calls() if c.method in ("files.completeUploadExternal", "chat.postMessage")
             and (c.params.get("channel_id") == "DUKIP" or c.params.get("channel") == "UKIP")]
    assert calls[-2:] == ["files.completeUploadExternal", "chat.postMessage"]
    event = next(c for c in Calendar.from_ical(invitation["data"]).walk("VEVENT"))
    starts = event.decoded("dtstart")
    assert starts.isoformat() == "2024-12-05T15:00:00+01:00" and str(starts.tzinfo) == "Europe/Amsterdam"
    assert event.decoded("dtend").hour == 17
    assert str(event["summary"]) == "Plenary on cooperation, 23rd session: Kenya speaks in segment II"
    assert "at most 2 minutes" in str(event["description"])
    assert b"BEGIN:VTIMEZONE" in invitation["data"] and b"TZID:Europe/Amsterdam" in invitation["data"]


def test_the_export_reaches_the_secretariat_as_two_files_and_nobody_else_may_have_it(slack):
    import csv
    import io

    from openpyxl import load_workbook

    slack.clock.set(datetime(2024, 12, 2, 10, tzinfo=UTC))
    slack.fake.set_user("UKIP", tz="America/New_York", locale="en-US", name="kip")
    verified_focal_point(slack, "UKIP", "kenya")
    register(slack, "UKIP", "Register for segment I", ["=HYPERLINK(\"x\")", "skip", "english", "skip"], "kip")
    _status, body = slack.client.command("export speakers coop-23", user_id="USEC")
    assert "sending you the files" in json.dumps(body)
    slack.settle()
    files = {f["name"]: f for f in slack.fake.uploads("DUSEC")}
    assert set(files) == {"speakers-COOP-23.xlsx", "speakers-COOP-23.csv"}
    rows = list(load_workbook(io.BytesIO(files["speakers-COOP-23.xlsx"]["data"])).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Segment", "Position", "Delegation") and rows[1][:3] == ("I", 1, "Kenya")
    assert rows[1][4] == "'=HYPERLINK(\"x\")"  # typed text never runs as a formula
    text = files["speakers-COOP-23.csv"]["data"].decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][:3] == ["I", "1", "Kenya"]
    told = slack.fake.messages_to("USEC")[-1]
    assert "Speakers lists of COOP-23" in blocks_text(told) and "1 row, as XLSX and CSV." in blocks_text(told)

    for user, text, refusal in (("UKIP", "export speakers COOP-23", "Only the Secretariat can use /asp export."),
                                ("USEC", "export speakers", "followed by the plenary’s code"),
                                ("USEC", "export speakers NOPE", "There is no plenary with the code NOPE"),
                                ("USEC", "export minutes", "I cannot export “minutes”. I can export: audit, needs, reports, speakers, table.")):
        _status, body = slack.client.command(text, user_id=user)
        assert refusal in json.dumps(body, ensure_ascii=False), text
    slack.settle()
    assert len(slack.fake.uploads()) == 2 + 1  # the two files, and Kenya's invitation: nothing more


def test_a_plenary_with_an_interpreters_channel_gets_the_statement_there_and_the_secretariat_does_not(slack):
    slack.clock.set(datetime(2024, 12, 2, 10, tzinfo=UTC))
    slack.fake.set_user("UKIP", tz="America/New_York", locale="en-US", name="kip")
    verified_focal_point(slack, "UKIP", "kenya")
    with slack.parts.storage.uow() as uow:
        uow.plenaries.by_code("COOP-23").statements_to = "CINTERP"
        uow.commit()
    register(slack, "UKIP", "Register for segment I", ["H.E. Kip", "skip", "french", "Madame la Présidente <!here>"],
             "kip")
    (posted,) = slack.fake.messages_to("CINTERP")
    shown = blocks_text(posted)
    assert "Statement for the interpreters" in shown and "Madame la Présidente" in shown and "French" in shown
    assert "<!here>" not in shown  # escaped: it pings nobody in the interpreters' channel
    assert not any("Madame la Présidente" in blocks_text(c) for c in slack.fake.messages_to("USEC"))
