"""The report to the Assembly over signed HTTP: the Secretariat's `/asp report 23` counts what the session's year
holds (needs by status, area and regional group, calls answered, providers engaged, speakers registered and heard),
then sends an XLSX read back with openpyxl and a PNG chart; bad sessions, empty sessions and others are told."""
from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from tests.e2e.test_desk_slack import _seed_the_rest
from tests.e2e.test_needs_slack import submitted_need
from tests.support.blocks import shown

pytestmark = pytest.mark.e2e


def _sheets(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_secretariat_reports_a_session_as_a_message_an_xlsx_and_a_chart(slack):
    submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    _seed_the_rest(slack)  # Kenya on COOP-23's list, France's profile interested in the need, a failed message
    with slack.parts.storage.uow() as uow:
        speaker = uow.speakers.of_plenary(uow.plenaries.by_code("COOP-23").id)[0]
        speaker.heard_at = datetime(2024, 12, 5, 10, tzinfo=UTC)
        uow.commit()
    status, body = slack.client.command("report 23", user_id="USEC")
    assert status == 200 and body["text"] == "Report to the Assembly, session 23"
    text = shown(body["blocks"])
    for expected in ("From January 1, 2024 to December 31, 2024.", "*Needs received*\n1",
                     "*States that sent needs*\n1", "*submitted*\n1", "*Forensics*\n1", "*African States*\n1",
                     "*Complementarity platform: technical assistance needs (2024)*\n0 of 125 answered",
                     "*Providers engaged*\n1", "*interested*\n1",
                     "*Plenary on cooperation, 23rd session*\n1 registered, 1 heard"):
        assert expected in text, expected
    assert "Demo:" not in text  # demo items are not the Assembly's
    slack.settle()
    files = {f["name"]: f for f in slack.fake.uploads("DUSEC")}
    assert set(files) == {"assembly-report-23.xlsx", "assembly-report-23.png"}
    sheets = _sheets(files["assembly-report-23.xlsx"]["data"])
    assert list(sheets) == ["Needs received", "Needs by area", "Needs by regional group", "Calls for input",
                            "Speakers lists", "Assistance providers"]
    assert sheets["Needs by area"] == [("Area", "submitted", "Total"), ("Forensics", 1, 1)]
    assert sheets["Speakers lists"][1][:2] == ("Plenary on cooperation, 23rd session", "COOP-23")
    assert sheets["Speakers lists"][1][3:] == (1, 1, 0, 0)
    assert files["assembly-report-23.png"]["data"].startswith(b"\x89PNG\r\n\x1a\n")
    with slack.parts.storage.uow() as uow:
        assert [e.subject for e in uow.audit.by_action("export")] == ["export:assembly:23"]


def test_a_reader_whose_script_the_chart_cannot_draw_is_told_it_is_in_english(slack):
    submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    slack.client.command("lang zh", user_id="USEC")
    _status, body = slack.client.command("report 23", user_id="USEC")
    assert body["text"] == "提交大会的报告，第 23 届会"
    slack.settle()
    sent = [c for c in slack.fake.messages_to("USEC") if "图表以英文标注" in shown(c.params.get("blocks", []))]
    assert len(sent) == 1
    files = {f["name"] for f in slack.fake.uploads("DUSEC")}
    assert "assembly-report-23.png" in files


@pytest.mark.parametrize("args, said", [
    ("report", "Type /asp report followed by the session’s number, for example /asp report 23."),
    ("report twenty", "Type /asp report followed by the session’s number, for example /asp report 23."),
    ("report 3", "Nothing was recorded for session 3 (from January 1, 2004 to December 31, 2004): no need, call "
                 "for input, provider or speakers list."),
])
def test_a_session_that_is_none_or_empty_is_said_so(slack, args, said):
    _status, body = slack.client.command(args, user_id="USEC")
    assert body["text"] == said
    slack.settle()
    assert slack.fake.uploads() == []


def test_someone_else_asking_for_the_report_gets_no_figures(slack):
    _status, body = slack.client.command("report 23", user_id="UNEW")
    assert body["text"] == "You do not represent any delegation yet. Type /asp join to register."
    slack.settle()
    assert slack.fake.uploads() == []
