"""Needs through the core on real databases: intake, deadline edges, visibility of confidential answers."""
from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import pytest

from bot.engine.runner import Picked, Typed
from bot.errors import Refusal
from bot.features.needs import policy, service, views
from bot.features.onboarding import service as onboarding
from bot.i18n import Reader
from bot.seed import seed_demo
from bot.services import actions, commands, conversations
from bot.services.people import resolve
from bot.services.ports import Person, Profile
from handlers.console import render_text
from handlers.slack.render import Renderer
from storage.models import CallForInput, Membership
from tests.integration.conftest import AMINA, SEC, say

BOB = Person("slack", "T1", "UBOB")
LAST_SECOND = datetime(2024, 10, 1, 21, 59, 59, tzinfo=UTC)  # 1 Oct 2024 23:59:59 in The Hague
TOO_LATE = datetime(2024, 10, 1, 22, 0, 1, tzinfo=UTC)  # 2 Oct 2024 00:00:01 in The Hague

ANSWERS = ["forensics", "DNA laboratory <!channel>", "We need a DNA laboratory for mass graves.",
           "Office of the Director of Public Prosecutions", "trial", "training, expert advice", "1, 4", "skip",
           "skip", "no fixed time", "skip", "yes"]


@pytest.fixture
def platform(world):
    core, dispatcher, sender, directory = world
    directory.profiles["UBOB"] = Profile("Bob", "en-GB", "Africa/Nairobi")
    with core.uow() as uow:
        seed_demo(uow, date(2024, 12, 2))  # the documents' call and plenaries, demo items around that day
        uow.commit()
    return world


def verified(world, person: Person, state: str) -> None:
    core, dispatcher, _, _ = world
    for text in ("hello", "1", state, "1", "skip", "submit"):
        say(world, person, text)
    with core.uow() as uow:
        request = uow.memberships.pending()[-1].id
    dispatcher.deliver(onboarding.decide(core, resolve(core, SEC), str(request), True).outbox)


def start_need(world, person: Person) -> None:
    core, dispatcher, _, _ = world
    dispatcher.deliver(commands.run(core, resolve(core, person), "need").outbox)


def fill(world, person: Person, answers=ANSWERS) -> None:
    for text in answers:
        say(world, person, text)


def test_need_intake_with_reprompt_back_confidential_mark_and_receipt(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "ouganda")
    start_need(platform, AMINA)
    assert sender.to("UAMINA")[-2].startswith("== Besoin d’assistance ==")
    fill(platform, AMINA, ANSWERS[:4])
    say(platform, AMINA, "retour")  # back to the institutions
    assert sender.to("UAMINA")[-1].startswith("Quelle institution nationale")
    say(platform, AMINA, "Parquet général")
    say(platform, AMINA, "pendant le procès")  # not an option: reprompted with the reason
    assert sender.to("UAMINA")[-2] == ("«\u00a0pendant le procès\u00a0» ne figure pas parmi les options. "
                                       "Veuillez choisir l’une des options.")
    fill(platform, AMINA, ANSWERS[4:])
    review = sender.to("UAMINA")[-1]
    assert "  Description\u00a0: We need a DNA laboratory for mass graves. (publique)" in review.splitlines()
    say(platform, AMINA, "Rendre la réponse confidentielle\u00a0: Description")
    assert "  Description\u00a0: We need a DNA laboratory for mass graves. (confidentielle)" in \
        sender.to("UAMINA")[-1].splitlines()
    say(platform, AMINA, "envoyer")
    receipt = sender.to("UAMINA")[-1]
    assert receipt.startswith("== Besoin enregistré\u00a0: CP-2024-0001 ==")
    assert "sous la référence CP-2024-0001, statut\u00a0: soumis." in receipt
    alert = sender.to("USEC")[-1]
    assert alert.startswith("== New assistance need CP-2024-0001 ==")
    assert "Uganda registered “DNA laboratory <!channel>” (Forensics)." in alert
    assert "  Description: We need a DNA laboratory for mass graves. (confidential)" in alert.splitlines()
    with core.uow() as uow:
        assert [e.action for e in uow.audit.for_subject("need:CP-2024-0001")] == ["need.submitted"]


def test_deadline_edges_of_1_october_2024(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    verified(platform, BOB, "kenya")
    core.clock.set(LAST_SECOND)
    start_need(platform, AMINA)
    fill(platform, AMINA)
    say(platform, AMINA, "envoyer")
    assert sender.to("UAMINA")[-1].startswith("== Besoin enregistré\u00a0: CP-2024-0001 ==")

    start_need(platform, BOB)
    fill(platform, BOB)
    core.clock.set(TOO_LATE)
    with pytest.raises(Refusal) as late:
        say(platform, BOB, "submit")
    text = Reader("en", "Africa/Nairobi").render(late.value.message)
    assert text == ("The call for input “Complementarity platform: technical assistance needs (2024)” closed on "
                    "October 2, 2024, 12:59\u202fAM East Africa Time. Your draft is kept: you can read and change it "
                    "here. For a late submission, please write to asp@icc-cpi.int.")
    # The draft is kept at the review; a new need cannot even be started.
    assert sender.to("UBOB")[-1].startswith("== Please check your answers ==")
    with pytest.raises(Refusal):
        commands.run(core, resolve(core, BOB), "need")
    with core.uow() as uow:
        assert [n.reference for n in uow.needs.of_delegation(uow.delegations.by_code("KE").id)] == []


def test_confidential_answers_never_reach_the_shared_view(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    start_need(platform, AMINA)
    fill(platform, AMINA)
    with core.uow() as uow:
        member_id = uow.members.find("slack", "T1", "UAMINA").id
        state = uow.conversations.active(member_id).state
    for key in ("description", "institutions"):
        token = str(state["version"])
        result = conversations.handle_input(core, resolve(core, AMINA), Picked(token, f"conf:{key}"), None)
        dispatcher.deliver(result.outbox)
        with core.uow() as uow:
            state = uow.conversations.active(member_id).state
    say(platform, AMINA, "envoyer")
    with core.uow() as uow:
        shared = service.shared_view(core, uow, uow.needs.by_reference("CP-2024-0001"))
    english = Reader("en")
    as_text = render_text(shared, english, [])
    as_blocks = json.dumps(Renderer(english).blocks(shared))
    assert as_text.splitlines() == [
        "== CP-2024-0001: DNA laboratory <!channel> ==",
        "An assistance need of Uganda.",
        "  Area of need: Forensics",
        "  Title: DNA laboratory <!channel>",
        "  Stage of proceedings: Trial",
        "  Kind of help sought: Training, Expert advice",
        "  Working languages: Arabic, French",
        "  Wanted from: (skipped)",
        "  Expected duration: (skipped)",
        "  Urgency: No fixed time",
        "  Assistance already received: (skipped)",
        "  Contact person: Amina",
        "  Sharing with providers: yes",
    ]
    for secret in ("mass graves", "Public Prosecutions"):
        assert secret not in as_text and secret not in as_blocks
    assert "&lt;!channel&gt;" in as_blocks and "<!channel>" not in as_blocks


def test_another_state_cannot_open_a_reference_and_a_second_submit_adds_nothing(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    verified(platform, BOB, "kenya")
    start_need(platform, AMINA)
    fill(platform, AMINA)
    with core.uow() as uow:
        token = str(uow.conversations.active(uow.members.find("slack", "T1", "UAMINA").id).state["version"])
    first = conversations.handle_input(core, resolve(core, AMINA), Picked(token, "cmd:submit"), None)
    again = conversations.handle_input(core, resolve(core, AMINA), Picked(token, "cmd:submit"), None)
    dispatcher.deliver(first.outbox + again.outbox)
    assert sender.to("UAMINA")[-1] == "Cette conversation est terminée. Tapez «\u00a0bonjour\u00a0» pour recommencer."
    with core.uow() as uow:
        assert len(uow.needs.of_delegation(uow.delegations.by_code("UG").id)) == 1
    with pytest.raises(Refusal) as refused:
        commands.run(core, resolve(core, BOB), "need CP-2024-0001")
    assert Reader("en").render(refused.value.message) == \
        "I cannot find a need with the reference CP-2024-0001 among yours."
    assert commands.run(core, resolve(core, SEC), "need cp-2024-0001").reply is not None
    mine = commands.run(core, resolve(core, AMINA), "my").reply
    assert "  CP-2024-0001\u00a0: «\u00a0DNA laboratory <!channel>\u00a0»\u00a0: soumis" in \
        render_text(mine, Reader("fr"), []).splitlines()


def submitted(world, person: Person) -> None:
    core, dispatcher, _, _ = world
    start_need(world, person)
    fill(world, person)
    with core.uow() as uow:
        token = str(uow.conversations.active(uow.members.find(person.channel, person.workspace, person.user).id).state["version"])
    dispatcher.deliver(conversations.handle_input(core, resolve(core, person), Picked(token, "cmd:submit"),
                                                  None).outbox)


def test_an_assistance_provider_of_the_same_state_neither_sees_nor_acts_on_its_needs(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    for text in ("hello", "1", "uganda", "3", "skip", "submit"):  # Bob: "Assistance provider" for Uganda
        say(platform, BOB, text)
    with core.uow() as uow:
        request = uow.memberships.pending()[-1].id
    dispatcher.deliver(onboarding.decide(core, resolve(core, SEC), str(request), True).outbox)
    submitted(platform, AMINA)
    heard_before = list(sender.to("UBOB"))
    bob = resolve(core, BOB)
    for verb in ("need CP-2024-0001", "need CP-2024-0001 v1", "need CP-2024-0001 edit",
                 "need CP-2024-0001 withdraw", "need CP-2024-0001 answer We can do it"):
        with pytest.raises(Refusal) as refused:
            commands.run(core, bob, verb)
        assert Reader("en").render(refused.value.message) == \
            "I cannot find a need with the reference CP-2024-0001 among yours.", verb
    with pytest.raises(Refusal):
        service.withdraw(core, bob, "CP-2024-0001", sure=True)
    assert "CP-2024-0001" not in render_text(commands.run(core, bob, "my").reply, Reader("en"), [])
    # The Secretariat asks Uganda a question and starts the review: Uganda's focal point hears; its provider not.
    dispatcher.deliver(commands.run(core, resolve(core, SEC), "need CP-2024-0001 ask Which region?").outbox)
    dispatcher.deliver(service.decide(core, resolve(core, SEC), policy.REVIEW, "CP-2024-0001").outbox)
    assert sender.to("UBOB") == heard_before
    assert any("Which region?" in text for text in sender.to("UAMINA"))
    with core.uow() as uow:
        assert uow.needs.by_reference("CP-2024-0001").status == policy.UNDER_REVIEW


def test_only_verified_people_of_states_parties_register_needs(platform):
    core, _, _, _ = platform
    with pytest.raises(Refusal) as stranger:
        commands.run(core, resolve(core, BOB), "need")
    assert Reader("en").render(stranger.value.message) == \
        "You do not represent any delegation yet. Type /asp join to register."
    for text in ("hello", "3", "united nations", "2", "skip", "submit"):
        say(platform, BOB, text)
    with core.uow() as uow:
        request = uow.memberships.pending()[-1].id
    onboarding.decide(core, resolve(core, SEC), str(request), True)
    with pytest.raises(Refusal) as organisation:
        commands.run(core, resolve(core, BOB), "need")
    assert Reader("en").render(organisation.value.message) == \
        "Needs for assistance are registered by the focal points and delegates of States Parties."


def test_edit_makes_version_two_and_keeps_version_one_for_the_secretariat(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    start_need(platform, AMINA)
    fill(platform, AMINA)
    say(platform, AMINA, "envoyer")
    dispatcher.deliver(commands.run(core, resolve(core, AMINA), "need CP-2024-0001 edit").outbox)
    assert sender.to("UAMINA")[-1].startswith("== Veuillez vérifier vos réponses ==")  # straight to the review
    say(platform, AMINA, "2")  # change: title
    say(platform, AMINA, "DNA laboratory and training")
    say(platform, AMINA, "envoyer")
    assert sender.to("UAMINA")[-1].startswith("== CP-2024-0001\u00a0: version 2 enregistrée ==")
    assert "Amina changed CP-2024-0001 “DNA laboratory and training”: this is now version 2." in \
        sender.to("USEC")[-1]
    english = Reader("en")
    current = render_text(commands.run(core, resolve(core, SEC), "need CP-2024-0001").reply, english, [])
    first = render_text(commands.run(core, resolve(core, SEC), "need CP-2024-0001 v1").reply, english, [])
    assert "Uganda, status: submitted, version 2 of 2." in current
    assert "  Title: DNA laboratory and training" in current.splitlines()
    assert "Uganda, status: submitted, version 1 of 2." in first
    assert "  Title: DNA laboratory <!channel>" in first.splitlines()
    with pytest.raises(Refusal, match="Earlier versions"):
        commands.run(core, resolve(core, AMINA), "need CP-2024-0001 v1")
    with core.uow() as uow:
        assert [e.action for e in uow.audit.for_subject("need:CP-2024-0001")] == ["need.submitted", "need.edited"]


def test_secretariat_review_share_needs_consent_and_every_step_is_explained_to_the_state(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    start_need(platform, AMINA)
    fill(platform, AMINA, ANSWERS[:-1] + ["no"])  # no consent to sharing
    say(platform, AMINA, "envoyer")
    with pytest.raises(Refusal, match="Only the Secretariat"):
        actions.click(core, resolve(core, AMINA), policy.REVIEW, "CP-2024-0001")
    dispatcher.deliver(actions.click(core, resolve(core, SEC), policy.REVIEW, "CP-2024-0001").outbox)
    assert sender.to("UAMINA")[-1] == ("Le Secrétariat a commencé l’examen de CP-2024-0001 «\u00a0DNA laboratory "
                                       "<!channel>\u00a0». Il pourra vous contacter pour des questions avant toute "
                                       "communication.")
    with pytest.raises(Refusal) as refused:
        actions.click(core, resolve(core, SEC), policy.SHARE, "CP-2024-0001")
    assert Reader("en").render(refused.value.message) == \
        "CP-2024-0001 cannot be shared: the State has not consented to sharing it with providers."
    dispatcher.deliver(actions.click(core, resolve(core, SEC), policy.HOLD, "CP-2024-0001").outbox)
    assert "en attente" in sender.to("UAMINA")[-1]
    # The State withdraws it after a confirmation; after that nothing changes it.
    dispatcher.deliver(actions.click(core, resolve(core, AMINA), views.WITHDRAW, "CP-2024-0001").outbox)
    assert sender.to("UAMINA")[-1].startswith("Retirer CP-2024-0001 «\u00a0DNA laboratory")
    dispatcher.deliver(actions.click(core, resolve(core, AMINA), views.WITHDRAW_SURE, "CP-2024-0001").outbox)
    assert sender.to("UAMINA")[-1].startswith("CP-2024-0001 «\u00a0DNA laboratory <!channel>\u00a0» a été retiré par Amina")
    assert sender.to("USEC")[-1].startswith("CP-2024-0001 “DNA laboratory <!channel>” was withdrawn by Amina")
    with pytest.raises(Refusal, match="can no longer be changed"):
        commands.run(core, resolve(core, AMINA), "need CP-2024-0001 edit")
    with pytest.raises(Refusal, match="not possible now"):
        actions.click(core, resolve(core, SEC), policy.REVIEW, "CP-2024-0001")
    with core.uow() as uow:
        assert [e.action for e in uow.audit.for_subject("need:CP-2024-0001")] == [
            "need.submitted", "need.under_review", "need.on_hold", "need.withdrawn"]


def test_plan_of_action_questionnaire_runs_on_the_same_engine(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    dispatcher.deliver(commands.run(core, resolve(core, AMINA), "report").outbox)
    assert sender.to("UAMINA")[-2].startswith("== Rapport sur le Plan d’action ==")
    fill(platform, AMINA, ["Dualist system: a law is needed.", "passer", "passer", "A workshop in Kampala, May.",
                           "passer", "passer", "passer", "Ms N., Ministry of Foreign Affairs"])
    say(platform, AMINA, "1")  # the review: change (i)
    say(platform, AMINA, "Dualist system: an implementing law is needed.")
    review = sender.to("UAMINA")[-1]
    marks = [line for line in review.splitlines() if "Rendre la réponse confidentielle" in line]
    number = marks[-1].split(".")[0].strip()  # the contact points' line
    say(platform, AMINA, number)
    say(platform, AMINA, "envoyer")
    assert sender.to("UAMINA")[-1].startswith("== Rapport reçu\u00a0: POA-2024-0001 ==")
    alert = sender.to("USEC")[-1].splitlines()
    assert alert[0] == "== Plan of Action report POA-2024-0001 =="
    assert "  (i) Obstacles to ratification or implementation: Dualist system: an implementing law is needed. " \
           "(public)" in alert
    assert "  (viii) National contact points: Ms N., Ministry of Foreign Affairs (confidential)" in alert


def test_secretariat_reopens_a_closed_call_and_the_draft_can_then_be_sent(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, BOB, "kenya")
    core.clock.set(LAST_SECOND)
    start_need(platform, BOB)
    fill(platform, BOB)
    core.clock.set(TOO_LATE)
    with pytest.raises(Refusal):
        say(platform, BOB, "submit")
    with pytest.raises(Refusal, match="Only the Secretariat"):
        commands.run(core, resolve(core, BOB), "campaign reopen CP-2024 2024-10-15")
    with pytest.raises(Refusal, match="must be in the future"):
        commands.run(core, resolve(core, SEC), "campaign reopen CP-2024 2024-09-30")
    reopened = commands.run(core, resolve(core, SEC), "campaign reopen cp-2024 2024-10-15").reply
    assert render_text(reopened, Reader("en", "Europe/Amsterdam"), []) == (
        "“Complementarity platform: technical assistance needs (2024)” is open until October 15, 2024, "
        "11:59\u202fPM Central European Summer Time.")
    say(platform, BOB, "submit")  # the same draft, kept at its review
    assert sender.to("UBOB")[-1].startswith("== Need registered: CP-2024-0001 ==")
    listing = render_text(commands.run(core, resolve(core, SEC), "campaign").reply, Reader("en"), [])
    assert "  CP-2024: “Complementarity platform: technical assistance needs (2024)”: open until October 15, 2024, " \
           "11:59\u202fPM Central European Summer Time" in listing.splitlines()


def test_the_secretariats_table_and_the_rest_of_the_lifecycle(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    start_need(platform, AMINA)
    fill(platform, AMINA)
    say(platform, AMINA, "envoyer")
    english = Reader("en")

    def buttons_of(result):
        return [english.render(b.label) for p in result.reply.parts if hasattr(p, "buttons") for b in p.buttons]

    assert buttons_of(commands.run(core, resolve(core, SEC), "need CP-2024-0001")) == [
        "Start review", "Share with providers", "Put on hold", "Close", "Ask a question"]
    shared = actions.click(core, resolve(core, SEC), policy.SHARE, "CP-2024-0001")
    assert buttons_of(shared) == ["Put on hold", "Matched with a provider", "Close", "Ask a question"]
    dispatcher.deliver(shared.outbox)
    dispatcher.deliver(actions.click(core, resolve(core, SEC), policy.MARK_MATCHED, "CP-2024-0001").outbox)
    dispatcher.deliver(actions.click(core, resolve(core, SEC), policy.UNDER_WAY, "CP-2024-0001").outbox)
    table = render_text(commands.run(core, resolve(core, SEC), "needs in_progress").reply, english, [])
    assert table.splitlines() == ["== Needs ==", "  CP-2024-0001: Uganda: “DNA laboratory <!channel>” (assistance under way)",
                                  "  (Open one with /asp need REFERENCE.)"]
    closed = actions.click(core, resolve(core, SEC), policy.CLOSE, "CP-2024-0001")
    dispatcher.deliver(closed.outbox)
    assert buttons_of(closed) == ["Ask a question"]
    told = sender.to("UAMINA")[-4:]
    assert [t.split("«")[0] for t in told] == ["CP-2024-0001 ", "CP-2024-0001 ", "L’assistance pour CP-2024-0001 ",
                                               "Le Secrétariat a clos CP-2024-0001 "]
    assert render_text(commands.run(core, resolve(core, SEC), "needs shared").reply, english, []) == "No need matches."
    with pytest.raises(Refusal, match="is not a status"):
        commands.run(core, resolve(core, SEC), "needs everything")
    with pytest.raises(Refusal, match="Only the Secretariat"):
        commands.run(core, resolve(core, AMINA), "needs")


def test_starting_a_need_names_the_call_and_its_deadlines_in_the_readers_time(platform):
    core, dispatcher, sender, directory = platform
    directory.profiles["UBOB"] = Profile("Bob", "en-US", "America/New_York")
    verified(platform, BOB, "kenya")
    core.clock.set(datetime(2024, 6, 1, 9, 0, tzinfo=UTC))
    start_need(platform, BOB)
    assert sender.to("UBOB")[-3] == (
        "This need goes to the call for input “Complementarity platform: technical assistance needs (2024)”: "
        "preliminary answers by June 10, 2024, 5:59\u202fPM Eastern Daylight Time; the call closes on October 1, "
        "2024, 5:59\u202fPM Eastern Daylight Time.")


def test_the_secretariats_home_counts_what_waits_for_it(platform):
    from bot.features.account.service import home
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    for text in ("hello", "1", "kenya", "2", "skip", "submit"):
        say(platform, BOB, text)
    start_need(platform, AMINA)
    fill(platform, AMINA)
    say(platform, AMINA, "envoyer")
    lines = render_text(home(core, resolve(core, SEC)), Reader("en"), []).splitlines()
    desk = lines.index("== Secretariat ==")
    assert lines[desk:desk + 8] == ["== Secretariat ==", "== Who speaks for which delegation ==",
                                    "  Requests waiting: 1", "  [!2] Decide", "== Needs ==", "  Waiting for review: 1",
                                    "  submitted: 1", "  [!3] New needs  [!4] All needs"]


def test_asking_for_a_new_need_with_a_draft_open_resumes_the_draft(platform):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    start_need(platform, AMINA)
    fill(platform, AMINA, ANSWERS[:3])
    start_need(platform, AMINA)
    assert sender.to("UAMINA")[-2] == "Vous avez un «\u00a0Besoin d’assistance\u00a0» inachevé\u00a0; voici où nous en étions."
    assert sender.to("UAMINA")[-1].startswith("Quelle institution nationale")
    fill(platform, AMINA, ANSWERS[3:])
    say(platform, AMINA, "envoyer")
    assert "Titre\u00a0: DNA laboratory <!channel>" in sender.to("UAMINA")[-1]


def test_references_never_collide_across_two_calls_opened_in_the_same_year(platform):
    """The bug: CP-{year the call opened}-{count in that call + 1} gave the second call's first need CP-2024-0001."""
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    verified(platform, BOB, "kenya")
    core.clock.set(datetime(2024, 9, 1, 9, 0, tzinfo=UTC))
    start_need(platform, AMINA)
    fill(platform, AMINA)
    say(platform, AMINA, "envoyer")
    with core.uow() as uow:  # a second call of 2024 opens as the first one closes
        first = uow.calls.by_code("CP-2024")
        uow.calls.add(CallForInput(code="CP-2024-B", title="Second call of 2024", opens_at=first.final_deadline,
                                   final_deadline=datetime(2024, 12, 31, 22, 59, tzinfo=UTC),
                                   timezone="Europe/Amsterdam"))
        uow.commit()
    core.clock.set(datetime(2024, 11, 1, 9, 0, tzinfo=UTC))
    start_need(platform, BOB)
    fill(platform, BOB)
    say(platform, BOB, "submit")
    assert sender.to("UBOB")[-1].startswith("== Need registered: CP-2024-0002 ==")
    with core.uow() as uow:
        assert uow.needs.by_reference("CP-2024-0002").call_id != uow.needs.by_reference("CP-2024-0001").call_id


STATES = ["UG", "KE", "SN", "FR", "DE", "IT", "ES", "JP", "CA", "BR", "MX", "AR", "CL", "PE", "CO", "GH", "NG",
          "TN", "JO", "GE"]


def test_twenty_states_submitting_at_the_same_moment_get_twenty_references(platform):
    core, dispatcher, sender, _ = platform
    people = [Person("slack", "T1", f"U{code}") for code in STATES]
    with core.uow() as uow:  # twenty verified focal points, one per State Party
        for person, code in zip(people, STATES, strict=True):
            member = uow.members.ensure(person.channel, person.workspace, person.user, core.clock.now())
            uow.memberships.add(Membership(member_id=member.id, delegation_id=uow.delegations.by_code(code).id,
                                           role="focal_point", status="approved", requested_at=core.clock.now()))
        uow.commit()
    for person in people:
        start_need(platform, person)
        fill(platform, person)
    barrier = threading.Barrier(len(people))

    def submit(person):
        who = resolve(core, person)
        barrier.wait()
        return conversations.handle_input(core, who, Typed("submit"), f"Ev-submit-{person.user}")

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        results = list(pool.map(submit, people))
    assert all(r.outbox for r in results), "nobody was refused"
    with core.uow() as uow:
        references = sorted(n.reference for code in STATES
                            for n in uow.needs.of_delegation(uow.delegations.by_code(code).id))
    assert references == [f"CP-2024-{n:04d}" for n in range(1, 21)]
