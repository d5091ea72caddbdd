"""The audit trail over signed HTTP: the Secretariat reads one need's history and pages a long trail; others are
refused."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from tests.e2e.test_needs_slack import submitted_need
from tests.e2e.test_onboarding_slack import buttons

pytestmark = pytest.mark.e2e


def test_the_secretariat_reads_a_needs_history_and_pages_the_trail_others_are_refused(slack):
    slack.fake.set_user("USEC", tz="America/New_York", locale="en-US", name="sec")
    submitted_need(slack, "UAMINA", "uganda", "DNA lab")
    status, body = slack.client.command("audit CP-2024-0001", user_id="USEC")
    assert status == 200 and body["text"] == "Audit trail: CP-2024-0001"
    shown = json.dumps(body["blocks"], ensure_ascii=False)
    assert "need registered (need:CP-2024-0001)" in shown and "membership" not in shown
    _status, refused = slack.client.command("audit", user_id="UAMINA")
    assert refused["text"] == "Only the Secretariat can use /asp audit."
    with slack.parts.storage.uow() as uow:
        for n in range(25):
            uow.audit.record(datetime(2024, 9, 4, tzinfo=UTC) + timedelta(minutes=n), None, "export",
                             f"export:speakers:COOP-{n}")
        uow.commit()
    _status, first = slack.client.command("audit", user_id="USEC")
    older_button = buttons(SimpleNamespace(params=first))["Older"]  # the command's answer, read as a message
    slack.client.click("USEC", *older_button, response_url=slack.fake.response_url("older"))
    slack.settle()
    (older,) = slack.fake.wait_for_calls("response_url:older")
    assert "(export:speakers:COOP-4)" in json.dumps(older.params["blocks"], ensure_ascii=False)
    assert "(export:speakers:COOP-5)" not in json.dumps(older.params["blocks"], ensure_ascii=False)
