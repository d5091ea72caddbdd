"""Providers over signed HTTP against the fake Slack: a profile typed in the DM, a need shared by the Secretariat,
exactly the providers that fit told in their language with nothing confidential in any byte Slack received, the
provider's answer and question, a daily digest on a stepped clock, and a need taken back from sharing."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.test_needs_slack import fill_need_by_typing, verified_focal_point
from tests.e2e.test_onboarding_slack import blocks_text, buttons

pytestmark = pytest.mark.e2e

SECRET = "Only the Attorney General may know of this laboratory."  # the need's description, marked confidential


def verified_provider(slack, user: str, kind: str, name: str) -> None:
    for number, text in enumerate(("hello", kind, name, "3", "skip", "submit")):
        slack.client.dm(user, text, event_id=f"Ev-{user}-j{number}")
        slack.settle()
    request = slack.fake.messages_to("USEC")[-1]
    slack.client.click("USEC", *buttons(request)["Approve"])
    slack.settle()


def typed_profile(slack, user: str, answers: list[str]) -> None:
    slack.client.command("provider", user_id=user)
    slack.settle()
    for number, text in enumerate(answers):
        slack.client.dm(user, text, event_id=f"Ev-{user}-p{number}")
        slack.settle()


def shared_need_world(slack, *, idlo_delivery: str = "at once") -> None:
    """Uganda's forensics need, its description confidential; IDLO (English, Rome) and France (French) offer
    forensics help, the CICC only legislation; the Secretariat shares the need."""
    slack.clock.set(datetime(2024, 9, 2, 8, tzinfo=UTC))
    fake = slack.fake
    fake.set_user("UAMINA", tz="Africa/Kampala", locale="en-GB", name="amina")
    fake.set_user("UIDLO", tz="Europe/Rome", locale="en-US", name="jane")
    fake.set_user("UFR", tz="Europe/Paris", locale="fr-FR", name="luc")
    fake.set_user("UCICC", tz="America/New_York", locale="en-US", name="ana")
    verified_focal_point(slack, "UAMINA", "uganda")
    verified_provider(slack, "UIDLO", "3", "IDLO")
    verified_provider(slack, "UFR", "1", "France")
    verified_provider(slack, "UCICC", "4", "Coalition for the International Criminal Court")
    typed_profile(slack, "UIDLO", ["forensics, investigation", "training, expert advice", "English, French",
                                   "African States", "skip", "now", "Jane Roe <jane.roe@idlo.int>", idlo_delivery,
                                   "submit"])
    typed_profile(slack, "UFR", ["médecine légale", "formation", "français", "États d’Afrique", "Ouganda",
                                 "maintenant", "Luc Martin", "immédiatement", "envoyer"])
    typed_profile(slack, "UCICC", ["legislation", "expert advice", "English", "anywhere", "skip", "now", "Ana",
                                   "at once", "submit"])
    slack.client.command("need", user_id="UAMINA")
    slack.settle()
    events = iter(range(1000))
    fill_need_by_typing(slack, "UAMINA", "DNA laboratory <!channel>", events)
    for text in ("Mark confidential: Description", "submit"):
        slack.client.dm("UAMINA", text, event_id=f"Ev-UAMINA-x{next(events)}")
        slack.settle()
    # The description typed by fill_need_by_typing is "A laboratory."; make the confidential one unmistakable.
    with slack.parts.storage.uow() as uow:
        need = uow.needs.by_reference("CP-2024-0001")
        version = uow.needs.current(need)
        version.answers = {**version.answers, "description": SECRET}
        uow.commit()
    fake.reset()
    status, body = slack.client.command("need CP-2024-0001", user_id="USEC")
    assert status == 200
    (share,) = [(e["action_id"], e["value"]) for b in body["blocks"] for e in b.get("elements", [])
                if e.get("type") == "button" and e["text"]["text"] == "Share with providers"]
    slack.client.click("USEC", *share)
    slack.settle()


def received_by(fake, user: str) -> str:
    """Every byte Slack received for this person: messages (text and blocks), updates, files."""
    calls = [c for c in fake.calls() if c.params.get("channel") in (f"D{user}", user)
             or c.params.get("users") == user]
    return json.dumps([c.params for c in calls], ensure_ascii=False)


def test_a_shared_need_reaches_exactly_the_providers_that_fit_in_their_language_and_nothing_confidential(slack):
    shared_need_world(slack)
    fake = slack.fake
    (idlo,) = fake.messages_to("UIDLO")
    text = blocks_text(idlo)
    assert "CP-2024-0001: DNA laboratory &lt;!channel&gt;" in text
    assert "Matches on: Forensics, Training, English, African States, available now." in text
    assert sorted(buttons(idlo)) == ["Ask the Secretariat", "Interested", "Not for us"]
    (france,) = fake.messages_to("UFR")
    assert "Critères correspondants\u00a0: Criminalistique et médecine légale, Formation, Ouganda, disponible dès " \
           "maintenant." in blocks_text(france)
    assert sorted(buttons(france)) == ["Interroger le Secrétariat", "Intéressé", "Pas pour nous"]
    assert fake.messages_to("UCICC") == []
    for user in ("UIDLO", "UFR"):
        every_byte = received_by(fake, user)
        assert SECRET not in every_byte and "<!channel>" not in every_byte


def test_interested_goes_to_the_secretariat_once_and_a_question_never_reaches_the_state(slack):
    shared_need_world(slack)
    fake, client = slack.fake, slack.client
    (idlo,) = fake.messages_to("UIDLO")
    client.click("UIDLO", *buttons(idlo)["Interested"], response_url=fake.response_url("interested"))
    slack.settle()
    (replaced,) = fake.wait_for_calls("response_url:interested")
    assert replaced.params["text"] == ("Thank you. The Secretariat knows that International Development Law "
                                       "Organization is interested in CP-2024-0001 and will be in touch.")
    told = blocks_text(fake.messages_to("USEC")[-1])
    assert "International Development Law Organization is interested in CP-2024-0001" in told
    assert "Jane Roe &lt;jane.roe@idlo.int&gt;" in told  # typed text stays escaped
    sent_to_sec = len(fake.messages_to("USEC"))
    client.click("UIDLO", *buttons(idlo)["Interested"], response_url=fake.response_url("again"))
    slack.settle()
    (again,) = fake.wait_for_calls("response_url:again")
    assert again.params["text"] == "Your organisation already answered about CP-2024-0001: interested."
    assert len(fake.messages_to("USEC")) == sent_to_sec

    before = len(fake.messages_to("UAMINA"))
    client.dm("UIDLO", "Is an on-site visit possible?", event_id="Ev-idlo-q", thread_ts=idlo.response["ts"])
    slack.settle()
    assert "asks about CP-2024-0001: Is an on-site visit possible?" in blocks_text(fake.messages_to("USEC")[-1])
    assert fake.messages_to("UIDLO")[-1].params["text"] == "Your question about CP-2024-0001 was sent to the " \
        "Secretariat."
    assert len(fake.messages_to("UAMINA")) == before


def test_a_digest_provider_hears_at_nine_on_its_clock_through_the_scheduler_and_only_once(slack):
    from scheduler.jobs import tick
    shared_need_world(slack, idlo_delivery="in a daily digest")  # shared at 08:00 UTC, 10:00 in Rome
    fake = slack.fake
    assert fake.messages_to("UIDLO") == []  # not at once
    run_tick = tick(slack.parts.core, slack.parts.core.features.jobs, slack.parts.dispatcher.deliver)

    def at(when: datetime) -> list:
        before = len(fake.calls())
        slack.clock.set(when)
        run_tick()
        return [c for c in fake.calls()[before:] if c.method == "chat.postMessage"]

    (digest,) = at(datetime(2024, 9, 2, 8, 1, tzinfo=UTC))  # 10:01 in Rome: today's digest is due
    assert digest.params["channel"] == "UIDLO"
    text = blocks_text(digest)
    assert "1 shared need fits International Development Law Organization" in text
    assert "Matches on: Forensics, Training, English, African States, available now." in text
    assert SECRET not in json.dumps(digest.params, ensure_ascii=False)
    assert at(datetime(2024, 9, 2, 9, 5, tzinfo=UTC)) == []  # the same day: nothing again
    assert at(datetime(2024, 9, 3, 7, 5, tzinfo=UTC) + timedelta(minutes=1)) == []  # next day: nothing new
    slack.client.click("UIDLO", *buttons(digest)["Open CP-2024-0001"], response_url=fake.response_url("open"))
    slack.settle()
    (opened,) = fake.wait_for_calls("response_url:open")
    assert opened.params["text"] == "CP-2024-0001: DNA laboratory &lt;!channel&gt;"
    assert sorted(buttons(opened)) == ["Ask the Secretariat", "Interested", "Not for us"]
    assert SECRET not in json.dumps(opened.params, ensure_ascii=False)


def test_a_need_put_on_hold_tells_the_interested_provider_and_nobody_else(slack):
    shared_need_world(slack)
    fake, client = slack.fake, slack.client
    (idlo,) = fake.messages_to("UIDLO")
    client.click("UIDLO", *buttons(idlo)["Interested"])
    slack.settle()
    status, body = client.command("need CP-2024-0001", user_id="USEC")
    (hold,) = [(e["action_id"], e["value"]) for b in body["blocks"] for e in b.get("elements", [])
               if e.get("type") == "button" and e["text"]["text"] == "Put on hold"]
    client.click("USEC", *hold)
    slack.settle()
    assert fake.messages_to("UIDLO")[-1].params["text"] == (
        "CP-2024-0001 “DNA laboratory &lt;!channel&gt;” of Uganda, in which you were interested, is no longer "
        "available.")
    assert len(fake.messages_to("UFR")) == 1  # told of the need when it was shared, not of its hold
    status, body = client.command("matches CP-2024-0001", user_id="UFR")
    assert body["text"] == "Aucun besoin CP-2024-0001 n’est communiqué à votre organisation en ce moment."


def interested_idlo(slack) -> None:
    shared_need_world(slack)
    (idlo,) = slack.fake.messages_to("UIDLO")
    slack.client.click("UIDLO", *buttons(idlo)["Interested"])
    slack.settle()


def test_an_introduction_opens_one_group_conversation_of_the_state_the_provider_and_the_secretariat(slack):
    from tests.support.fake_slack import mpim_of
    interested_idlo(slack)
    fake, client = slack.fake, slack.client
    alert = fake.messages_to("USEC")[-1]
    client.click("USEC", *buttons(alert)["Introduce them"], response_url=fake.response_url("introduce"))
    slack.settle()
    (done,) = fake.wait_for_calls("response_url:introduce")
    assert done.params["text"] == ("Introduced: International Development Law Organization and Uganda about "
                                   "CP-2024-0001, in a conversation with you.")
    assert [c.params["users"] for c in fake.calls("conversations.open") if "," in c.params.get("users", "")] == \
        ["UAMINA,UIDLO,USEC"]
    (posted,) = fake.messages_to(mpim_of(["UAMINA", "UIDLO", "USEC"]))
    text = blocks_text(posted)
    assert posted.params["text"] == "Introduction: CP-2024-0001"
    intro = posted.params["blocks"][1]["elements"][0]["elements"]
    assert [e.get("user_id") or e["text"] for e in intro] == [
        "The Secretariat (", "USEC", ") introduces International Development Law Organization (", "UIDLO",
        ") to Uganda (", "UAMINA", ") about the need “DNA laboratory &lt;!channel&gt;”. Here is what International "
        "Development Law Organization has seen of it; please take it on from here."]
    assert "An assistance need of Uganda." in text
    assert SECRET not in json.dumps(posted.params, ensure_ascii=False)
    told = blocks_text(fake.messages_to("UAMINA")[-1])
    assert "has been matched with a provider of assistance" in told
    client.click("USEC", *buttons(alert)["Introduce them"], response_url=fake.response_url("twice"))
    slack.settle()
    (twice,) = fake.wait_for_calls("response_url:twice")
    assert twice.params["text"] == ("International Development Law Organization and CP-2024-0001: introduced; an "
                                    "introduction needs the provider’s interest.")
    assert len(fake.messages_to(mpim_of(["UAMINA", "UIDLO", "USEC"]))) == 1


def test_no_introduction_when_the_states_contact_has_left_the_workspace(slack):
    from tests.support.fake_slack import mpim_of
    interested_idlo(slack)
    fake, client = slack.fake, slack.client
    fake.set_user("UAMINA", tz="Africa/Kampala", locale="en-GB", name="amina", deleted=True)
    alert = fake.messages_to("USEC")[-1]
    client.click("USEC", *buttons(alert)["Introduce them"], response_url=fake.response_url("gone"))
    slack.settle()
    (refused,) = fake.wait_for_calls("response_url:gone")
    assert refused.params["text"] == \
        "<@UAMINA> is no longer in the workspace, so I cannot introduce them. Nothing was sent."
    assert fake.messages_to(mpim_of(["UAMINA", "UIDLO", "USEC"])) == []


def test_the_two_entry_table_is_exported_over_http_and_read_back(slack, tmp_path):
    from openpyxl import load_workbook
    interested_idlo(slack)
    fake, client = slack.fake, slack.client
    status, body = client.command("table", user_id="USEC")
    assert body["text"] == "Providers and recipients"
    assert "Pairs: 2; recipient States: 1; needs: 1; providers: 2." in json.dumps(body["blocks"], ensure_ascii=False)
    status, body = client.command("table", user_id="UIDLO")
    assert body["text"] == "Only the Secretariat can use /asp table."
    client.command("export table", user_id="USEC")
    slack.settle()
    files = {f["name"]: f for f in fake.uploads("DUSEC")}
    assert sorted(files) == ["providers-and-recipients.csv", "providers-and-recipients.xlsx"]
    path = tmp_path / "table.xlsx"
    path.write_bytes(files["providers-and-recipients.xlsx"]["data"])
    listed, matrix = load_workbook(path).worksheets
    assert listed.title == "Providers and recipients" and matrix.title == "Matrix"
    assert [tuple(r) for r in matrix.iter_rows(values_only=True)] == [
        ("State", "Need", "Title", "France", "International Development Law Organization"),
        ("Uganda", "CP-2024-0001", "DNA laboratory <!channel>", "notified", "interested")]
    assert all(SECRET not in f["data"].decode("utf-8", "ignore") for f in files.values())
