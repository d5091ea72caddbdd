"""The 2024 plenary on cooperation's speakers lists, as delegations and the Secretariat meet them: a place in
protocol order, moves told, the deadline in The Hague read from New York, withdrawals, one slot per
delegation."""
from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest

from bot.engine.runner import Picked
from bot.errors import Refusal
from bot.i18n import Reader
from bot.replies import Actions
from bot.seed import seed_demo
from bot.services import actions, commands, conversations
from bot.services.people import resolve
from bot.services.ports import Person, Profile
from handlers.console import render_text
from tests.integration.conftest import AMINA, SEC, say

BOB = Person("slack", "T1", "UBOB")  # Kenya, English, Nairobi
ANA = Person("slack", "T1", "UANA")  # Angola (an observer State), Portuguese profile, Luanda
CICC = Person("slack", "T1", "UCICC")  # the Coalition for the ICC (civil society), New York
NOW = datetime(2024, 12, 2, 10, tzinfo=UTC)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def verified_as(world, person: Person, kind: str, name: str, role: str = "1") -> None:
    """Onboarding typed in the DM (kind 1 State Party, 2 observer State, 4 civil society), approved."""
    from bot.features.onboarding import service as onboarding
    core, dispatcher, _sender, _directory = world
    for text in ("hello", kind, name, role, "skip", "submit"):
        say(world, person, text)
    with core.uow() as uow:
        request = uow.memberships.pending()[-1].id
    dispatcher.deliver(onboarding.decide(core, resolve(core, SEC), str(request), True).outbox)


@pytest.fixture
def plenary(world):
    core, dispatcher, sender, directory = world
    directory.profiles.update({"UBOB": Profile("Bob", "en-GB", "Africa/Nairobi"),
                               "UANA": Profile("Ana", "pt-PT", "Africa/Luanda"),
                               "UCICC": Profile("Coalition", "en-US", "America/New_York")})
    core.clock.set(NOW)
    with core.uow() as uow:
        seed_demo(uow, date(2024, 12, 2))
        uow.commit()
    verified_as(world, BOB, "1", "kenya")
    verified_as(world, AMINA, "1", "uganda")
    verified_as(world, ANA, "2", "angola")
    verified_as(world, CICC, "4", "coalition")
    sender.sent.clear()
    return world


def buttons(message) -> dict[str, tuple[str, str]]:
    return {Reader("en").render(b.label): (b.action, b.value)
            for part in message.parts if isinstance(part, Actions) for b in part.buttons}


def register(world, person: Person, segment: str = "I", answers=None, plenary_code: str = "COOP-23") -> str:
    """`/asp speak`, the segment's button, the request typed in the DM (by default the person speaks, in English,
    with no title or statement), submitted: the bot's last words."""
    core, dispatcher, sender, directory = world
    answers = answers or (directory.profiles[person.user].display_name, "skip", "english", "skip")
    listing = commands.run(core, resolve(core, person), "speak").reply
    offered = [(b.action, b.value) for part in listing.parts if isinstance(part, Actions) for b in part.buttons
               if b.value.startswith(f"{plenary_code}|{segment}|")]
    assert len(offered) == 1, offered  # one delegation: one button per segment of each open list
    dispatcher.deliver(actions.click(core, resolve(core, person), *offered[0]).outbox)
    for text in answers:
        say(world, person, text)
    with core.uow() as uow:
        token = str(uow.conversations.active(uow.members.find(*person_key(person)).id).state["version"])
    dispatcher.deliver(conversations.handle_input(core, resolve(core, person), Picked(token, "cmd:submit"),
                                                  None).outbox)
    return sender.to(person.user)[-1]


def person_key(person: Person) -> tuple[str, str, str]:
    return person.channel, person.workspace, person.user


def test_a_focal_point_registers_and_reads_its_place_and_the_limit(plenary):
    core, _dispatcher, sender, _ = plenary
    listing = commands.run(core, resolve(core, BOB), "speak").reply
    shown = render_text(listing, Reader("en", "Africa/Nairobi"), [])
    assert "== Speakers list: Plenary on cooperation, 23rd session ==" in shown
    assert "Segment I: “Cooperation is vital for the Court”" in shown
    assert "Segment II: “How can States Parties strengthen their support for the Court with existing tools?”" \
        in shown
    assert "Speaking time: at most 2 minutes" in shown
    assert "Registration closes: December 4, 2024, 8:00\u202fPM East Africa Time" in shown
    assert "At the venue: December 4, 2024, 6:00\u202fPM Central European Standard Time" in shown
    assert register(plenary, BOB).startswith("== On the speakers list: number 1 ==")
    assert "Kenya is number 1 on the list of segment I of “Plenary on cooperation, 23rd session”." in \
        sender.to("UBOB")[-1]
    assert "Each intervention is at most 2 minutes." in sender.to("UBOB")[-1]
    said = register(plenary, AMINA, answers=("Amina", "passer", "français", "Madame la Présidente…"))
    assert said.splitlines()[:2] == [
        "== Sur la liste des orateurs\u00a0: position 2 ==",
        "L’Ouganda figure en position 2 sur la liste du segment I de «\u00a0Séance plénière sur la coopération, "
        "vingt-troisième session\u00a0»."]
    assert "Madame la Présidente" not in "".join(sender.to("UBOB"))  # her statement reaches no other delegation


def test_protocol_order_puts_states_parties_first_and_tells_those_moved_down(plenary):
    core, _dispatcher, sender, _ = plenary
    register(plenary, CICC)  # civil society first
    core.clock.set(utc(2024, 12, 2, 11))
    register(plenary, ANA)  # an observer State
    core.clock.set(utc(2024, 12, 2, 12))
    assert register(plenary, BOB).startswith("== On the speakers list: number 1 ==")
    assert sender.to("UCICC")[-1] == (
        "Coalition for the International Criminal Court moves down to number 3 on the list of segment I of "
        "“Plenary on cooperation, 23rd session” (it was 2): Kenya, which speaks earlier by protocol, has registered.")
    assert "(it was 1)" in sender.to("UANA")[-1] and "number 2" in sender.to("UANA")[-1]
    listed = render_text(commands.run(core, resolve(core, SEC), "speakers COOP-23").reply, Reader("en"), [])
    order = [line.split(":")[0].strip() for line in listed.splitlines() if line.strip()[:2] in ("1.", "2.", "3.")]
    assert order == ["1. Kenya (State Party)", "2. Angola (Observer State)",
                     "3. Coalition for the International Criminal Court (Civil society organisation)"]


def test_the_deadline_in_the_hague_read_from_new_york_refuses_a_second_late_and_keeps_it(plenary):
    core, _dispatcher, sender, _ = plenary
    core.clock.set(utc(2024, 12, 4, 16, 59, 59))  # 17:59:59 in The Hague
    assert register(plenary, CICC).startswith("== On the speakers list: number 1 ==")
    core.clock.set(utc(2024, 12, 4, 17, 0, 0))  # 18:00 in The Hague, noon in New York: closed
    listing = commands.run(core, resolve(core, BOB), "speak")
    assert listing.reply is None or "Speakers list: Plenary on cooperation, 23rd session" not in \
        render_text(listing.reply, Reader("en"), [])
    with pytest.raises(Refusal) as refused:
        actions.click(core, resolve(core, CICC), "speak:start", "COOP-23|II|CICC")
    text = Reader("en-US", "America/New_York").render(refused.value.message)
    assert text == ("The speakers list of “Plenary on cooperation, 23rd session” closed on December 4, 2024, "
                    "12:00\u202fPM Eastern Standard Time (at the venue: December 4, 2024, 6:00\u202fPM Central "
                    "European Standard Time). Later requests are not considered; yours is kept for the chair.")
    listed = render_text(commands.run(core, resolve(core, SEC), "speakers COOP-23").reply, Reader("en"), [])
    assert "Requests received after the close (not on the list):" in listed
    assert "Coalition for the International Criminal Court: on December 4, 2024" in listed


def test_withdrawing_moves_the_others_up_and_tells_them_and_only_ones_own_place_can_be_withdrawn(plenary):
    core, dispatcher, sender, _ = plenary
    register(plenary, BOB)
    core.clock.set(utc(2024, 12, 2, 11))
    register(plenary, AMINA, answers=("Amina", "passer", "anglais", "passer"))
    mine = commands.run(core, resolve(core, BOB), "speak status").reply
    shown = render_text(mine, Reader("en"), [])
    assert "Plenary on cooperation, 23rd session, segment I: Kenya: number 1 of 2; Bob speaking" in shown
    action, value = buttons(mine)["Withdraw from segment I"]
    with pytest.raises(Refusal):  # Uganda's focal point cannot withdraw Kenya
        actions.click(core, resolve(core, AMINA), action, value)
    asked = actions.click(core, resolve(core, BOB), action, value).reply
    sure = buttons(asked)["Yes, withdraw"]
    result = actions.click(core, resolve(core, BOB), *sure)
    dispatcher.deliver(result.outbox)
    assert render_text(result.reply, Reader("en"), []) == "Kenya is off the list of segment I."
    assert sender.to("UAMINA")[-1] == (
        "L’Ouganda passe en position 1 sur la liste du segment I de «\u00a0Séance plénière sur la coopération, "
        "vingt-troisième session\u00a0» (précédemment 2)\u00a0: une délégation mieux placée s’est retirée.")
    with pytest.raises(Refusal):  # the same withdrawal clicked again
        actions.click(core, resolve(core, BOB), *sure)
    assert register(plenary, BOB).startswith("== On the speakers list: number 2 ==")  # at the end of its category


def test_one_place_per_delegation_and_segment_a_second_attempt_says_where_the_first_stands(plenary):
    core, _dispatcher, _sender, _ = plenary
    register(plenary, BOB)
    with pytest.raises(Refusal) as refused:
        actions.click(core, resolve(core, BOB), "speak:start", "COOP-23|I|KE")
    assert Reader("en").render(refused.value.message) == \
        "Kenya is already on the list of segment I: number 1, Bob speaking."
    assert register(plenary, BOB, segment="II").startswith("== On the speakers list: number 1 ==")


def test_two_members_of_one_delegation_submitting_at_once_make_one_registration(plenary):
    core, dispatcher, sender, directory = plenary
    kip = Person("slack", "T1", "UKIP")
    directory.profiles["UKIP"] = Profile("Kip", "en-GB", "Africa/Nairobi")
    verified_as(plenary, kip, "1", "kenya", role="2")  # a delegate of Kenya too
    tokens = {}
    for person in (BOB, kip):
        dispatcher.deliver(actions.click(core, resolve(core, person), "speak:start", "COOP-23|I|KE").outbox)
        for text in (person.user.title(), "skip", "english", "skip"):
            say(plenary, person, text)
        with core.uow() as uow:
            tokens[person.user] = str(uow.conversations.active(uow.members.find(*person_key(person)).id)
                                      .state["version"])
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def submit(person: Person) -> None:
        try:
            start.wait()
            dispatcher.deliver(conversations.handle_input(core, resolve(core, person),
                                                          Picked(tokens[person.user], "cmd:submit"), None).outbox)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(p,)) for p in (BOB, kip)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with core.uow() as uow:
        standing = uow.speakers.of_delegations([uow.delegations.by_code("KE").id])
    assert len(standing) == 1
    answers = [sender.to(u)[-1] for u in ("UBOB", "UKIP")]
    assert sorted(a.startswith("== On the speakers list: number 1 ==") for a in answers) == [False, True]
    assert any(a.startswith("Kenya is already on the list of segment I: number 1") for a in answers), answers


def test_bad_requests_are_refused_with_a_reason(plenary):
    core, *_ = plenary
    provider = Person("slack", "T1", "UPROV")
    verified_as(plenary, provider, "1", "kenya", role="3")  # an assistance provider of Kenya
    for person, value in ((BOB, "NOPE|I|KE"), (BOB, "COOP-23|IX|KE"), (BOB, "COOP-23|I|UG"),
                          (provider, "COOP-23|I|KE")):
        with pytest.raises(Refusal):
            actions.click(core, resolve(core, person), "speak:start", value)
    with pytest.raises(Refusal):
        commands.run(core, resolve(core, BOB), "speakers COOP-23")  # the Secretariat's list
    with pytest.raises(Refusal):
        commands.run(core, resolve(core, BOB), "speak sideways")


def test_a_list_longer_than_its_time_tells_those_beyond_and_warns_the_secretariat_once(plenary):
    core, _dispatcher, sender, directory = plenary
    with core.uow() as uow:  # a ten-minute segment at 2 minutes each and 30 s between: four fit
        short = uow.plenaries.by_code("COOP-23")
        short.duration_minutes, short.segments = 10, [short.segments[0]]
        uow.commit()
    people = [CICC, ANA]
    for n, state in enumerate(("ghana", "senegal", "france")):
        person = Person("slack", "T1", f"UEXTRA{n}")
        directory.profiles[person.user] = Profile(state.title(), "en-GB", "Europe/Amsterdam")
        verified_as(plenary, person, "1", state)
        people.append(person)
    for n, person in enumerate(people[:4]):
        core.clock.set(utc(2024, 12, 2, 11, n))
        assert "may not be reached" not in register(plenary, person)
    warnings = [t for t in sender.to("USEC") if t.startswith("== A speakers list overflows")]
    assert warnings == []
    core.clock.set(utc(2024, 12, 2, 12))
    fifth = register(plenary, people[4])  # France, a State Party: fourth by protocol, pushes civil society out
    assert "may not be reached" not in fifth
    assert sender.to("UCICC")[-1].endswith("At number 5, Coalition for the International Criminal Court may not be "
                                           "reached: about 4 interventions fit in this segment.")
    warnings = [t for t in sender.to("USEC") if t.startswith("== A speakers list overflows")]
    assert len(warnings) == 1 and "has 5 speakers registered; about 4 interventions fit" in warnings[0]
    listed = render_text(commands.run(core, resolve(core, SEC), "speakers COOP-23").reply, Reader("en"), [])
    assert "About 4 interventions fit in this segment: 1 beyond them may not be reached." in listed


def test_the_export_reads_back_in_calling_order_with_the_withdrawn_and_the_late_and_no_formula(plenary, tmp_path):
    import csv

    from openpyxl import load_workbook

    from bot.features.speakers import export
    from handlers.files import write_table

    core, dispatcher, _sender, _ = plenary
    register(plenary, CICC, answers=("=HYPERLINK(\"http://x\")", "skip", "english", "A statement."))
    core.clock.set(utc(2024, 12, 2, 11))
    register(plenary, BOB)
    core.clock.set(utc(2024, 12, 2, 12))
    register(plenary, AMINA, answers=("Amina", "passer", "français", "passer"))
    mine = commands.run(core, resolve(core, AMINA), "speak status").reply
    asked = actions.click(core, resolve(core, AMINA), *buttons(mine)["Withdraw from segment I"]).reply
    dispatcher.deliver(actions.click(core, resolve(core, AMINA), *buttons(asked)["Yes, withdraw"]).outbox)
    core.clock.set(utc(2024, 12, 4, 17))
    with pytest.raises(Refusal):
        actions.click(core, resolve(core, BOB), "speak:start", "COOP-23|II|KE")
    code, headers, rows = export.table(core, "coop-23", Reader("en"))
    for name in ("speakers.xlsx", "speakers.csv"):
        write_table(tmp_path / name, headers, rows)
    book = load_workbook(tmp_path / "speakers.xlsx")
    read = [[("" if c is None else c) for c in row] for row in book.active.iter_rows(values_only=True)]
    with (tmp_path / "speakers.csv").open(encoding="utf-8-sig", newline="") as f:
        from_csv = list(csv.reader(f))
    assert read[0] == from_csv[0] == ["Segment", "Position", "Delegation", "Category", "Speaker", "Title or function",
                                      "Language of delivery", "Statement received", "Received at the venue", "Status",
                                      "Time spoken"]
    summary = [(r[0], r[1], r[2], r[4], r[7], r[8], r[9]) for r in read[1:]]
    assert summary == [
        ("I", 1, "Kenya", "Bob", "No", "2024-12-02 12:00:00", "On the list"),
        ("I", 2, "Coalition for the International Criminal Court", "'=HYPERLINK(\"http://x\")", "Yes",
         "2024-12-02 11:00:00", "On the list"),
        ("I", "", "Uganda", "Amina", "No", "2024-12-02 13:00:00", "Withdrawn"),
        ("II", "", "Kenya", "Bob", "No", "2024-12-04 18:00:00", "After the close"),
    ]
    assert [r[1] for r in from_csv[1:3]] == ["1", "2"] and code == "COOP-23"


def test_the_secretariat_adds_a_speaker_on_a_delegations_behalf_after_the_close_with_a_reason(plenary):
    core, dispatcher, sender, _ = plenary
    register(plenary, BOB, segment="II")
    core.clock.set(utc(2024, 12, 4, 20))  # the list has closed
    with pytest.raises(Refusal):
        commands.run(core, resolve(core, BOB), "speakers COOP-23 add II UN a statement")  # not the Secretariat
    with pytest.raises(Refusal):
        commands.run(core, resolve(core, SEC), "speakers COOP-23 add II KE again")  # Kenya is on it already
    reply = commands.run(core, resolve(core, SEC), "speakers COOP-23 add ii un the Court's Registrar speaks for it")
    dispatcher.deliver(reply.outbox)
    assert render_text(reply.reply, Reader("en"), []) == \
        "I have sent you the request for United Nations in a direct message."
    for text in ("Mr P. Registrar", "Registrar of the Court", "english", "skip", "submit"):
        say(plenary, SEC, text)
    assert sender.to("USEC")[-1].startswith("== On the speakers list: number 2 ==")  # after Kenya, by protocol
    with core.uow() as uow:
        from sqlalchemy import select

        from storage.models import AuditEvent
        added = uow.session.scalars(select(AuditEvent).where(AuditEvent.action == "speaker.added")).one()
    assert added.after["reason"] == "the Court's Registrar speaks for it" and added.after["delegation"] == "UN"
    listed = render_text(commands.run(core, resolve(core, SEC), "speakers COOP-23").reply, Reader("en"), [])
    assert "  2. United Nations (Intergovernmental organisation): Mr P. Registrar, in English" in listed


def test_a_list_that_opens_is_announced_then_reminds_those_not_on_it_and_then_its_speakers(plenary):
    from bot.features.speakers import planner

    core, dispatcher, sender, _ = plenary
    with core.uow() as uow:
        uow.plenaries.by_code("COOP-23").registration_opens_at = utc(2024, 12, 2, 12)
        uow.plenaries.by_code("DEMO-PLENARY").open_to = ["igo"]  # out of the way: nobody here may register
        uow.commit()

    def step(when: datetime) -> list:
        core.clock.set(when)
        before = len(sender.sent)
        planner.plan_all(core)
        dispatcher.deliver()
        return [(s.to, s.text.splitlines()[0]) for s in sender.sent[before:]]

    assert step(utc(2024, 12, 2, 11)) == []  # not open yet
    opened = step(utc(2024, 12, 2, 12))
    assert sorted(opened) == [
        ("UAMINA", "== Liste des orateurs ouverte\u00a0: Séance plénière sur la coopération, vingt-troisième session =="),
        ("UANA", "== Speakers list open: Plenary on cooperation, 23rd session =="),
        ("UBOB", "== Speakers list open: Plenary on cooperation, 23rd session ==")]
    # 07:00 in New York is inside the Coalition's night: its announcement waits for 08:00 there.
    assert step(utc(2024, 12, 2, 13)) == [("UCICC", "== Speakers list open: Plenary on cooperation, 23rd session ==")]
    assert step(utc(2024, 12, 2, 14)) == []  # announced once
    register(plenary, BOB)
    # 24 hours before the close (18:00 in The Hague on 4 December) is 20:00 in Nairobi and Kampala: quiet, so the
    # reminder comes at 19:59 their time instead; New York's and Luanda's come at the hour itself.
    assert sorted(step(utc(2024, 12, 3, 16, 59))) == [
        ("UAMINA", "== La liste des orateurs de «\u00a0Séance plénière sur la coopération, vingt-troisième "
                   "session\u00a0» sera bientôt close ==")]
    assert sorted(step(utc(2024, 12, 3, 17))) == [
        ("UANA", "== The speakers list of “Plenary on cooperation, 23rd session” closes soon =="),
        ("UCICC", "== The speakers list of “Plenary on cooperation, 23rd session” closes soon ==")]
    register(plenary, CICC)
    # 14:00 UTC on 4 December: 3 hours before the close (to those still not on it: Uganda, Angola), and a day
    # before the plenary's 15:00 in The Hague (to those who registered their speakers: Kenya, the Coalition).
    assert sorted(step(utc(2024, 12, 4, 14))) == [
        ("UAMINA", "== La liste des orateurs de «\u00a0Séance plénière sur la coopération, vingt-troisième "
                   "session\u00a0» sera bientôt close =="),
        ("UANA", "== The speakers list of “Plenary on cooperation, 23rd session” closes soon =="),
        ("UBOB", "== Speaking soon: Plenary on cooperation, 23rd session =="),
        ("UCICC", "== Speaking soon: Plenary on cooperation, 23rd session ==")]
    assert step(utc(2024, 12, 4, 14, 30)) == []
    assert "Bob speaks for Kenya in segment I, number 1 on the list." in sender.to("UBOB")[-1]
    assert [who for who, _h in step(utc(2024, 12, 5, 13))] == ["UBOB", "UCICC"]  # an hour before the start
    assert step(utc(2024, 12, 5, 16)) == []


def test_a_statement_reaches_the_secretariat_for_the_interpreters_and_nobody_else(plenary):
    core, _dispatcher, sender, _ = plenary
    register(plenary, AMINA, answers=("Amina", "passer", "français", "Madame la Présidente <!channel>, la Cour…"))
    core.clock.set(utc(2024, 12, 2, 11))
    register(plenary, BOB)  # Uganda moves down: told, without the statement
    statement = [t for t in sender.to("USEC") if t.startswith("== Statement for the interpreters")]
    assert len(statement) == 1
    assert "  Position: 1" in statement[0].splitlines()  # her place when it was sent
    assert "Madame la Présidente <!channel>, la Cour…" in statement[0]
    assert "  Language of delivery: French" in statement[0].splitlines()
    others = [s for s in sender.sent if s.to not in ("USEC", "UAMINA")]  # she read her own answers back
    assert others and not any("Madame la Présidente" in s.text for s in others)
    listed = render_text(commands.run(core, resolve(core, SEC), "speakers COOP-23").reply, Reader("en"), [])
    assert "Madame la Présidente" not in listed and "Statements received for the interpreters: 1 of 2." in listed


def test_asp_my_shows_the_delegations_places_and_a_late_click_is_kept_once(plenary):
    core, *_ = plenary
    register(plenary, BOB)
    shown = render_text(commands.run(core, resolve(core, BOB), "my").reply, Reader("en"), [])
    assert "== Your places on the speakers lists ==" in shown
    assert "  Plenary on cooperation, 23rd session, segment I: Kenya: number 1 of 1; Bob speaking" in shown
    core.clock.set(utc(2024, 12, 4, 18))
    for _ in range(3):
        with pytest.raises(Refusal):
            actions.click(core, resolve(core, CICC), "speak:start", "COOP-23|I|CICC")
    with core.uow() as uow:
        late = [s for s in uow.speakers.of_plenary(uow.plenaries.by_code("COOP-23").id) if s.status == "late"]
    assert len(late) == 1


def test_two_delegations_exchange_places_only_when_both_agree_and_only_within_their_category(plenary):
    core, dispatcher, sender, _ = plenary
    register(plenary, BOB)
    core.clock.set(utc(2024, 12, 2, 11))
    register(plenary, AMINA, answers=("Amina", "passer", "anglais", "passer"))
    core.clock.set(utc(2024, 12, 2, 12))
    register(plenary, CICC, answers=("Coalition", "skip", "english", "skip"))

    def speak(person, text):
        result = commands.run(core, resolve(core, person), text)
        dispatcher.deliver(result.outbox)
        return render_text(result.reply, Reader("en"), [])

    assert speak(AMINA, "speak swap COOP-23 I KE") == "I have asked Kenya; the places change only if they accept."
    asked = [s for s in sender.sent if s.to == "UBOB"][-1]
    assert asked.text.startswith("Uganda (number 2) asks Kenya (number 1) to exchange places on the list of segment I")
    yes = buttons(asked.message)["Accept the swap"]
    no = buttons(asked.message)["Decline"]
    with pytest.raises(Refusal):  # only Kenya's own answer counts
        actions.click(core, resolve(core, AMINA), *yes)
    assert positions_now(core) == {"KE": 1, "UG": 2, "CICC": 3}  # nothing changes before the answer

    result = actions.click(core, resolve(core, BOB), *yes)
    dispatcher.deliver(result.outbox)
    assert render_text(result.reply, Reader("en"), []).startswith("Uganda is now number 1 and Kenya number 2")
    assert sender.to("UAMINA")[-1].startswith("L’Ouganda est désormais en position 1")
    assert positions_now(core) == {"UG": 1, "KE": 2, "CICC": 3}
    with pytest.raises(Refusal):  # the same button again: answered already
        actions.click(core, resolve(core, BOB), *yes)
    with pytest.raises(Refusal):
        actions.click(core, resolve(core, BOB), *no)
    assert positions_now(core) == {"UG": 1, "KE": 2, "CICC": 3}

    for person, text, refusal in (
            (CICC, "speak swap COOP-23 I KE", "Only delegations of the same protocol category can exchange places"),
            (ANA, "speak swap COOP-23 I KE", "Your delegation is not on the list of segment I."),
            (AMINA, "speak swap COOP-23 I FR", "France is not on the list of segment I."),
            (AMINA, "speak swap COOP-23 III KE", "“Plenary on cooperation, 23rd session” has no segment III.")):
        with pytest.raises(Refusal) as refused:
            speak(person, text)
        assert Reader("en").render(refused.value.message).startswith(refusal), text
    from storage.models import AuditEvent
    with core.uow() as uow:
        logged = [(e.action, e.after) for e in uow.session.query(AuditEvent).filter(
            AuditEvent.action.like("speaker.swap%")).order_by(AuditEvent.id)]
    assert logged == [("speaker.swap_asked", {"from": "UG", "to": "KE"}), ("speaker.swapped", {"UG": 1, "KE": 2})]


def test_a_declined_swap_cannot_be_accepted_afterwards_and_is_audited(plenary):
    core, dispatcher, sender, _ = plenary
    register(plenary, BOB)
    core.clock.set(utc(2024, 12, 2, 11))
    register(plenary, AMINA, answers=("Amina", "passer", "anglais", "passer"))
    result = commands.run(core, resolve(core, AMINA), "speak swap COOP-23 I KE")
    dispatcher.deliver(result.outbox)
    asked = [s for s in sender.sent if s.to == "UBOB"][-1]
    result = actions.click(core, resolve(core, BOB), *buttons(asked.message)["Decline"])
    dispatcher.deliver(result.outbox)
    assert sender.to("UAMINA")[-1].startswith("Le Kenya")  # told, in French, that the list stays as it was
    with pytest.raises(Refusal) as refused:  # the same message's other button, clicked after the decline
        actions.click(core, resolve(core, BOB), *buttons(asked.message)["Accept the swap"])
    assert Reader("en").render(refused.value.message) == \
        "This swap has already been answered, or one of the places has changed."
    assert positions_now(core) == {"KE": 1, "UG": 2}
    from storage.models import AuditEvent
    with core.uow() as uow:
        logged = [(e.action, e.subject) for e in uow.session.query(AuditEvent).filter(
            AuditEvent.action.like("speaker.swap%")).order_by(AuditEvent.id)]
    assert logged == [("speaker.swap_asked", "plenary:COOP-23:I"), ("speaker.swap_declined", "plenary:COOP-23:I")]


def positions_now(core) -> dict[str, int]:
    from bot.features.speakers.service import entries
    with core.uow() as uow:
        plenary = uow.plenaries.by_code("COOP-23")
        places = entries(uow, plenary.id, "I")
        return {uow.delegations.get(s.delegation_id).code: places[s.id] for s in uow.speakers.of_segment(plenary.id, "I")}


def test_stop_these_reminders_on_a_closing_reminder_stops_that_persons_next_and_remind_me_again_restores_it(plenary):
    from bot.features.speakers import planner

    core, dispatcher, sender, _ = plenary
    with core.uow() as uow:
        uow.plenaries.by_code("COOP-23").registration_opens_at = utc(2024, 12, 2, 12)
        uow.plenaries.by_code("DEMO-PLENARY").open_to = ["igo"]
        uow.commit()

    def step(when: datetime) -> list[str]:
        core.clock.set(when)
        before = len(sender.sent)
        planner.plan_all(core)
        dispatcher.deliver()
        return sorted(s.to for s in sender.sent[before:])

    step(utc(2024, 12, 2, 13))
    assert "UANA" in step(utc(2024, 12, 3, 17))  # 24 hours before the close
    closing = [s for s in sender.sent if s.to == "UANA"][-1]
    stop = buttons(closing.message)["Stop these reminders"]
    stopped = actions.click(core, resolve(core, ANA), *stop)
    assert render_text(stopped.reply, Reader("en"), []).startswith(
        "You will get no more reminders about the speakers list of “Plenary on cooperation, 23rd session”.")
    assert step(utc(2024, 12, 4, 14)) == ["UAMINA", "UBOB", "UCICC"]  # 3 hours before: all but Angola
    again = buttons(stopped.reply)["Remind me again"]
    restored = actions.click(core, resolve(core, ANA), *again)
    assert render_text(restored.reply, Reader("en"), []) == \
        "Reminders about the speakers list of “Plenary on cooperation, 23rd session” are on again."
    assert step(utc(2024, 12, 4, 14, 5)) == ["UANA"]  # still before the close, within its grace: it goes now
    with pytest.raises(Refusal):
        actions.click(core, resolve(core, ANA), "speak:mute", "NOPE")
