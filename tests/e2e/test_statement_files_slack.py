"""A statement sent as a file in the DM, over signed HTTP against the fake Slack: fetched with the bot token from
Slack's host only, kept, passed on to the interpreters' channel (or the Secretariat) and to nobody else; a file
that is not a document, too large, unasked for or on a foreign host is refused in the person's language."""
from __future__ import annotations

import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.e2e.test_needs_slack import verified_focal_point
from tests.e2e.test_onboarding_slack import blocks_text, buttons

pytestmark = pytest.mark.e2e

STATEMENT = b"%PDF-1.4 Madam President, Kenya thanks the co-facilitators."


def at_the_statement(slack, user: str = "UKIP", *, channel: str | None = "CINTERP", locale: str = "en-US") -> None:
    """A verified focal point of Kenya, registering for segment I, at the question asking for the statement."""
    slack.clock.set(datetime(2024, 12, 2, 10, tzinfo=UTC))
    slack.fake.set_user(user, tz="America/New_York", locale=locale, name="kip")
    verified_focal_point(slack, user, "kenya")
    with slack.parts.storage.uow() as uow:
        uow.plenaries.by_code("COOP-23").statements_to = channel
        uow.commit()
    _status, body = slack.client.command("speak", user_id=user)
    (chosen,) = [(e["action_id"], e["value"]) for block in body.get("blocks", []) for e in block.get("elements", [])
                 if e.get("type") == "button" and e["value"].split("|")[:2] == ["COOP-23", "I"]]
    slack.client.click(user, *chosen)
    slack.settle()
    for n, text in enumerate(("H.E. Kip", "skip", "english" if locale == "en-US" else "anglais")):
        slack.client.dm(user, text, event_id=f"Ev-st-{user}-{n}")
        slack.settle()
    assert "send it here as a file" in blocks_text(slack.fake.messages_to(user)[-1]) or locale != "en-US"


def send(slack, files: list[dict], event: str, user: str = "UKIP", **options) -> None:
    status, _body = slack.client.send_files(user, files, event_id=event, **options)
    assert status == 200
    slack.settle()


def submit(slack, user: str = "UKIP") -> None:
    review = slack.fake.messages_to(user)[-1]
    slack.client.click(user, *buttons(review)["Submit"])
    slack.settle()


def test_a_statement_file_reaches_the_interpreters_channel_once_and_nobody_else(slack):
    at_the_statement(slack)
    shared = slack.fake.share_file("Kenya statement.pdf", STATEMENT)
    send(slack, [shared], "Ev-file-1")
    (download,) = slack.fake.calls(f"download:{shared['id']}")
    assert download.headers["authorization"] == "Bearer xoxb-e2e"
    review = blocks_text(slack.fake.messages_to("UKIP")[-1])
    assert "Please check your answers" in review and "the file Kenya statement.pdf" in review
    send(slack, [shared], "Ev-file-1", retry_num=1)  # Slack's retry of the same event: one effect
    assert len(slack.fake.calls(f"download:{shared['id']}")) == 1
    submit(slack)
    assert "Kenya is number 1 on the list of segment I" in blocks_text(slack.fake.messages_to("UKIP")[-1])

    (passed_on,) = slack.fake.uploads("CINTERP")
    assert passed_on["data"] == STATEMENT and passed_on["name"] == "Kenya statement.pdf"
    assert passed_on["title"] == "Statement of Kenya"
    (posted,) = slack.fake.messages_to("CINTERP")
    assert "Statement for the interpreters" in blocks_text(posted) and "English" in blocks_text(posted)
    assert [f["name"] for f in slack.fake.uploads("DUKIP")] == ["COOP-23-I.ics"]  # only the invitation
    assert slack.fake.uploads("DUSEC") == []
    with slack.parts.storage.uow() as uow:
        (speaker,) = uow.speakers.of_plenary(uow.plenaries.by_code("COOP-23").id)
        assert speaker.statement is None and uow.documents.get(speaker.statement_document_id).content == STATEMENT


def test_without_an_interpreters_channel_the_file_goes_to_the_secretariat_asked_for_by_its_id(slack):
    at_the_statement(slack, channel=None)
    shared = slack.fake.share_file("statement.docx", b"PK docx bytes", "application/vnd.openxmlformats")
    send(slack, [{"id": shared["id"], "file_access": "check_file_info"}], "Ev-brief")  # the event held only the id
    assert len(slack.fake.calls("files.info")) == 1
    submit(slack)
    (passed_on,) = slack.fake.uploads("DUSEC")
    assert passed_on["data"] == b"PK docx bytes" and passed_on["title"] == "Statement of Kenya"
    assert "Statement for the interpreters" in blocks_text(slack.fake.messages_to("USEC")[-1])


def test_files_that_are_not_taken_are_refused_in_the_persons_language_and_the_question_stays(slack):
    at_the_statement(slack, locale="fr-FR")
    before = len(slack.fake.calls())
    photo = slack.fake.share_file("photo.png", b"\x89PNG", "image/png")
    send(slack, [photo], "Ev-png")
    assert "photo.png n’est pas un document que je peux transmettre" in slack.texts_to("UKIP")[-1]
    huge = {**slack.fake.share_file("long.pdf", b"%PDF"), "size": 12 * 1024 * 1024}
    send(slack, [huge], "Ev-huge")
    assert "long.pdf fait 12\xa0Mo" in slack.texts_to("UKIP")[-1]
    two = [slack.fake.share_file("a.pdf", b"%PDF a"), slack.fake.share_file("b.pdf", b"%PDF b")]
    send(slack, two, "Ev-two")
    assert "un fichier à la fois" in slack.texts_to("UKIP")[-1]
    assert not [c for c in slack.fake.calls()[before:] if c.method.startswith(("download:", "files.info"))]

    slack.client.dm("UKIP", "Madame la Présidente", event_id="Ev-typed")  # the question is still open
    slack.settle()
    assert "Madame la Présidente" in blocks_text(slack.fake.messages_to("UKIP")[-1])


def test_a_file_where_no_question_asks_for_one_is_refused_and_changes_nothing(slack):
    slack.fake.set_user("UKIP", tz="America/New_York", locale="en-US", name="kip")
    verified_focal_point(slack, "UKIP", "kenya")
    send(slack, [slack.fake.share_file("statement.pdf", b"%PDF")], "Ev-idle")
    assert "I keep a file only as the answer to a question that asks for one" in slack.texts_to("UKIP")[-1]
    _status, body = slack.client.command("speak", user_id="UKIP")
    (chosen,) = [(e["action_id"], e["value"]) for block in body.get("blocks", []) for e in block.get("elements", [])
                 if e.get("type") == "button" and e["value"].split("|")[:2] == ["COOP-23", "I"]]
    slack.client.click("UKIP", *chosen)
    slack.settle()
    send(slack, [slack.fake.share_file("name.pdf", b"%PDF")], "Ev-at-name")  # the speaker's name is typed
    assert "This question needs a typed answer" in slack.texts_to("UKIP")[-1]
    slack.client.dm("UKIP", "H.E. Kip", event_id="Ev-name")
    slack.settle()
    assert "Their title or function" in blocks_text(slack.fake.messages_to("UKIP")[-1])


class _Catcher(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        _Catcher.seen.append(dict(self.headers))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"%PDF stolen")

    def log_message(self, *args):
        pass


def test_a_file_on_a_host_that_is_not_slacks_is_not_fetched_and_the_token_stays_home(slack):
    at_the_statement(slack)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Catcher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/statement.pdf"
        forged = {"id": "FX1", "name": "statement.pdf", "size": 10, "url_private_download": url}
        send(slack, [forged], "Ev-forged")
    finally:
        server.shutdown()
        server.server_close()
    assert _Catcher.seen == []
    assert "I could not fetch statement.pdf. Please send it again." in slack.texts_to("UKIP")[-1]
