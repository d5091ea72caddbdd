"""The Secretariat reads and exports what States sent, over signed HTTP: Plan-of-Action reports listed, filtered
and opened (confidential answers marked, for the Secretariat only), and the needs and reports as XLSX and CSV with
an answer per column, read back with openpyxl and csv."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.e2e.test_needs_slack import submitted_need, verified_focal_point
from tests.support.blocks import shown

pytestmark = pytest.mark.e2e

ANSWERS = ["Dualist system: a law is needed.", "skip", "skip", "A workshop in Nairobi, May.", "skip", "skip",
           "skip", "Ms K., Ministry of Foreign Affairs"]


def sent_report(slack, user: str = "UKEN", state: str = "kenya") -> None:
    verified_focal_point(slack, user, state)
    slack.client.command("report", user_id=user)
    slack.settle()
    for number, text in enumerate([*ANSWERS, "Mark confidential: (viii) National contact points", "submit"]):
        slack.client.dm(user, text, event_id=f"Ev-{user}-r{number}")
        slack.settle()
    assert slack.fake.messages_to(user)[-1].params["text"] == "Report received: POA-2024-0001"


def _rows(upload) -> list[tuple]:
    return list(load_workbook(io.BytesIO(upload["data"]), read_only=True).active.iter_rows(values_only=True))


def test_the_secretariat_lists_filters_opens_and_exports_the_reports(slack):
    sent_report(slack)
    _status, listed = slack.client.command("reports", user_id="USEC")
    assert listed["text"] == "Plan of Action reports"
    assert "*POA-2024-0001*\nKenya: sent on December 2, 2024" in shown(listed["blocks"])
    _status, none = slack.client.command("reports state=uganda", user_id="USEC")
    assert none["text"] == "No Plan of Action report matches."
    _status, wrong = slack.client.command("reports colour=blue", user_id="USEC")
    assert wrong["text"] == ("I do not know the filter “colour”. Use state= or call=, for example /asp reports "
                             "state=uganda.")
    _status, opened = slack.client.command("reports POA-2024-0001", user_id="USEC")
    text = shown(opened["blocks"])
    assert "Kenya answered the Plan of Action questionnaire." in text
    assert "(viii) National contact points*\nMs K., Ministry of Foreign Affairs (confidential)" in text
    _status, missing = slack.client.command("reports POA-2024-0099", user_id="USEC")
    assert missing["text"] == "There is no Plan of Action report POA-2024-0099."

    _status, said = slack.client.command("export reports", user_id="USEC")
    assert said["text"] == "I am sending you the files in a direct message."
    slack.settle()
    files = {f["name"]: f for f in slack.fake.uploads("DUSEC")}
    header, row = _rows(files["plan-of-action-reports.xlsx"])
    assert header[:4] == ("Reference", "State", "Sent (UTC)", "(i) Obstacles to ratification or implementation")
    assert header[-1] == "Confidential answers"
    assert row[:2] == ("POA-2024-0001", "Kenya") and row[3] == "Dualist system: a law is needed."
    assert row[-2:] == ("Ms K., Ministry of Foreign Affairs", "(viii) National contact points")
    lines = list(csv.reader(io.StringIO(files["plan-of-action-reports.csv"]["data"].decode("utf-8-sig"))))
    assert lines[1][0] == "POA-2024-0001" and len(lines) == 2


def test_the_needs_export_holds_the_current_answers_a_column_each(slack):
    submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    slack.client.command("export needs status=submitted", user_id="USEC")
    slack.settle()
    files = {f["name"]: f for f in slack.fake.uploads("DUSEC")}
    header, row = _rows(files["needs.xlsx"])
    assert header[:5] == ("Reference", "State", "Area", "Status", "Call")
    assert row[:5] == ("CP-2024-0001", "Uganda", "Forensics", "submitted", "DEMO-CALL")
    assert row[header.index("Title")] == "DNA lab"
    _status, wrong = slack.client.command("export needs status=lost", user_id="USEC")
    assert wrong["text"].startswith("“lost” is not a status.")


def test_reports_and_their_export_are_refused_to_a_state(slack):
    sent_report(slack)
    for args in ("reports", "reports POA-2024-0001", "export reports", "export needs"):
        _status, body = slack.client.command(args, user_id="UKEN")
        assert body["text"].startswith("Only the Secretariat"), args
    slack.settle()
    assert slack.fake.uploads("DUKEN") == []


def test_an_export_of_nothing_says_so_and_sends_no_file(slack):
    _status, empty = slack.client.command("export reports", user_id="USEC")
    assert empty["text"] == "Nothing to export: “Plan of Action reports” has no row yet."
    _status, none = slack.client.command("export needs state=kenya", user_id="USEC")
    assert none["text"] == "Nothing to export: no row of “Needs” matches state=kenya."
    slack.settle()
    assert slack.fake.uploads() == []
