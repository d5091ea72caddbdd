"""The console as a person meets it: `python -m bot console` in a subprocess, driven through stdin."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_console(database_url: str, script: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASPBOT_"))}
    env.update(DATABASE_URL=database_url, PYTHONIOENCODING="utf-8",
               ASPBOT_KEY_FILE=os.environ["ASPBOT_KEY_FILE"])  # one key for every process of the test
    done = subprocess.run([sys.executable, "-m", "bot", "console", *args], input=script, capture_output=True,
                          text=True, env=env, cwd=tempfile.mkdtemp(), timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


def test_onboarding_and_approval_in_the_console(database_url):
    transcript = run_console(database_url, "\n".join([
        "hello", "1", "domin", "2", "1", "ann@example.org", "submit",
        "/as secretariat", "!1",
        "/as delegate", "/asp my",
    ]) + "\n")
    lines = transcript.splitlines()
    assert lines[0].startswith("aspbot console. You are delegate.")
    assert "What kind of delegation do you represent?" in lines
    assert "Several options match “domin”. Which one?" in lines
    assert "  1. Dominica" in lines and "  2. Dominican Republic" in lines
    assert "  Delegation: Dominican Republic" in lines
    assert "[to secretariat] delegate asks to act for Dominican Republic (State Party) as National " \
           "focal point." in lines
    assert ("Thank you. Your request to act for Dominican Republic as National focal point has gone "
            "to the Secretariat. I will tell you here as soon as it is decided.") in lines
    approved = [line for line in lines if line.startswith("Approved: delegate acts for")]
    assert len(approved) == 1 and "Decided by secretariat on" in approved[0]
    assert ("[to delegate] Good news: the Secretariat has confirmed that you act for Dominican Republic "
            "as National focal point. Type /asp help to see what you can do.") in lines
    assert "  Dominican Republic: National focal point: approved" in lines


def test_a_form_left_half_way_continues_in_a_new_process(database_url):
    first = run_console(database_url, "hello\n1\nuganda\n", "--as", "amina")
    assert "In which role?" in first.splitlines()
    second = run_console(database_url, "/asp lang fr\n2\n", "--as", "amina")
    lines = second.splitlines()
    # The new console shows the unfinished question before anything typed is taken for its answer.
    typed_first = lines.index("amina> /asp lang fr")
    assert "You have an unfinished “Welcome to aspbot”; here is where we were." in lines[:typed_first]
    assert "In which role?" in lines[:typed_first]
    assert "From now on I will write to you in français." not in lines  # said in the new language
    assert "Désormais, je vous écrirai en français." in lines
    # The role question was the pending one: "2" answers it, and the e-mail question follows in French.
    assert any(line.startswith("Votre adresse électronique professionnelle") for line in lines)


def test_unknown_input_is_answered_never_silent(database_url):
    transcript = run_console(database_url, "/asp hlep\n!9\n")
    assert "I do not know “hlep”. Did you mean /asp help? Type /asp help for the list." in transcript
    assert "There is no button 9 here." in transcript


def test_a_need_left_half_way_is_a_draft_and_is_finished_in_a_new_process(database_url):
    run_console(database_url, "hello\n1\nuganda\n1\nskip\nsubmit\n/as secretariat\n!1\n", "--as", "amina")
    first = run_console(database_url, "/asp need\nforensics\nDNA laboratory\nA lab for mass graves.\n", "--as", "amina")
    assert "Which national institution or institutions are concerned?" in first.splitlines()
    # The process is gone; the draft is in the database and shows in /asp my.
    second = run_console(database_url, "\n".join([
        "/asp my", "Police", "investigation", "training", "English", "skip", "skip", "1", "skip",
        "yes", "submit", "/asp my"]) + "\n", "--as", "amina")
    lines = second.splitlines()
    assert "  Draft: “DNA laboratory”: not yet submitted; write to me to continue." in lines
    assert any(line.startswith("== Need registered: CP-") for line in lines)
    mine = lines[max(i for i, line in enumerate(lines) if line.startswith("== Your delegation’s needs")):]
    assert any(line.startswith("  CP-") and line.endswith(": “DNA laboratory”: submitted") for line in mine)
    before = lines[:next(i for i, line in enumerate(lines) if line.startswith("== Need registered: CP-"))]
    assert "== Reminders ==" in before  # asked and not yet answered: her say over the call's reminders
    assert "== Reminders ==" not in mine  # answered: no reminder of the call is coming any more


def test_console_commands_typed_wrong_are_told_what_was_wrong(database_url):
    lines = run_console(database_url, "/as\n/foo\n/ASP HELP\n/As amina\n").splitlines()
    assert "Type /as followed by a name, for example /as amina." in lines
    assert "I do not know the console command “/foo”. Type /asp help, /home, /as NAME, /file PATH, /time or /quit." in lines
    assert any(line.startswith("== What you can ask me") for line in lines)  # /ASP HELP is /asp help
    assert "You are now amina." in lines


def test_a_button_number_is_never_reused_so_pressing_it_twice_repeats_the_same_step(database_url):
    """In one console session: the Secretariat presses the need's "Start review" number twice."""
    import io

    from bot.app import build_console, build_storage
    from bot.seed import seed_demo
    from bot.settings import Settings
    from storage.migrate import upgrade

    upgrade(database_url)
    out = io.StringIO()
    settings = Settings(database_url=database_url)
    storage = build_storage(settings)
    console, _dispatcher = build_console(settings, "amina", storage=storage)
    console.out = out
    with console.core.uow() as uow:
        seed_demo(uow, console.core.clock.now().date())
        uow.commit()
    for line in ["hello", "1", "uganda", "1", "skip", "submit", "/as secretariat", "!1", "/as amina",
                 "/asp need", "forensics", "DNA laboratory", "A lab for mass graves.", "Police", "investigation",
                 "training", "English", "skip", "skip", "1", "skip", "yes", "submit", "/as secretariat"]:
        console.handle(line)
    review = [line for line in out.getvalue().splitlines() if "Start review" in line][-1]
    start = review.split("] Start review")[0].rsplit("[!", 1)[1]
    assert start == "3"  # numbered on from the verification request's [!1] Approve [!2] Decline
    before = len(out.getvalue().splitlines())
    console.handle(f"!{start}")
    console.handle(f"!{start}")
    said = out.getvalue().splitlines()[before:]
    reference = next(line.split("== Need registered: ")[1].rstrip(" =") for line in out.getvalue().splitlines()
                     if line.startswith("== Need registered: "))
    assert said[0].startswith(f"{reference} “DNA laboratory”: under review by the Secretariat")
    assert said[-1] == f"{reference} is under review by the Secretariat; that step is not possible now."
    storage.engine.dispose()


def test_moving_the_console_clock_brings_the_demo_call_reminder_in_the_persons_language(database_url):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    # The demo call's preliminary deadline is 14 days from today: its 7-day reminder goes at 9:00 in 7 days.
    week = (datetime.now(ZoneInfo("Europe/Amsterdam")).date() + timedelta(days=7)).isoformat()
    transcript = run_console(database_url, "\n".join([
        "hello", "1", "uganda", "1", "ann@example.org", "submit", "/as secretariat", "!1", "/as delegate",
        f"/time {week} 08:59", f"/time {week} 10:00", "/time +2h", "/time tomorrow", "/asp lang fr", "!14",
    ]) + "\n")
    lines = transcript.splitlines()
    reminder = "== Reminder: preliminary answers to “Demo: call for assistance needs (open now)” =="
    assert lines.count(reminder) == 1
    assert lines.index(reminder) > lines.index(f"delegate> /time {week} 10:00")  # not at 08:59: it was not due
    assert "Uganda has not begun its preliminary answers to “Demo: call for assistance needs (open now)” yet. " \
           "You can start now; a draft is kept at every step." in lines
    assert any(line.startswith("The console's clock reads ") for line in lines)
    assert "Type /time +3d (or +5h, +30m, -1d) to move the clock, or /time 2024-06-03 09:00 to set it." in lines
    assert "  [!12] Register a need  [!13] Remind me tomorrow  [!14] In 3 days  [!15] Stop these reminders" in lines
    assert lines.count(reminder) == 1  # two hours later, nothing again
    # "!14" is the reminder's "In 3 days", answered in French now, on the person's clock.
    assert lines[-1].startswith("Rappel reporté\xa0: je vous enverrai un nouveau rappel concernant «\xa0Démo") \
        and lines[-1].endswith(" 09:00 heure normale d’Europe centrale."), lines[-1]


def test_a_newcomer_walks_the_demo_plenarys_speakers_list_in_the_console(database_url, tmp_path):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    held = (datetime.now(ZoneInfo("Europe/Amsterdam")).date() + timedelta(days=21)).isoformat()
    (tmp_path / "statement.pdf").write_bytes(b"%PDF Madam President")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    transcript = run_console(database_url, "\n".join([
        "hello", "1", "uganda", "1", "skip", "submit", "/as secretariat", "!1", "/as amina",
        "/asp speak", "!12", "Ms A. Nakato", "Minister of Justice", "english",
        f"/file {tmp_path / 'photo.png'}", f"/file {tmp_path / 'nowhere.pdf'}", f"/file {tmp_path / 'statement.pdf'}",
        "submit",
        "/asp speak status", "/as secretariat", "/asp speakers DEMO-PLENARY", f"/time {held} 15:00",
        "/asp floor start DEMO-PLENARY", "/time +45s", "/asp floor next DEMO-PLENARY"]) + "\n", "--as", "amina")
    lines = transcript.splitlines()
    assert "== Speakers list: Demo: plenary on cooperation (a few weeks ahead) ==" in lines
    assert "  [!12] Register for segment I" in lines
    assert "== On the speakers list: number 1 ==" in lines
    assert "Uganda is number 1 on the list of segment I of “Demo: plenary on cooperation (a few weeks ahead)”." in lines
    assert "  Demo: plenary on cooperation (a few weeks ahead), segment I: Uganda: number 1 of 1; Ms A. Nakato " \
           "speaking" in lines
    assert "  1. Uganda (State Party): Ms A. Nakato, in English" in lines
    assert "  [file] Calendar invitation: Demo: plenary on cooperation (a few weeks ahead): DEMO-PLENARY-I.ics" \
        in lines and any(line.startswith("  (saved as aspbot-files/amina-DEMO-PLENARY-I.ics") for line in lines)
    # On the day, the timekeeper's countdown is printed for the room, step by step, then its end.
    assert "[in the room] == At the floor: Demo: plenary on cooperation (a few weeks ahead), segment I ==" in lines
    assert "[in the room] ⏱ 2:00 left of 2:00" in lines and "[in the room] ⏱ 1:15 left of 2:00" in lines
    assert "[in the room] The countdown has ended: 1 speaker heard in 0:45." in lines
    # The statement sent as a file: refused as a picture or a missing path, then taken, and the Secretariat has it.
    assert "photo.png is not a document I can pass on. Please send a PDF, Word, OpenDocument, RTF or plain-text " \
           "file, or paste the text." in lines
    assert f"There is no file at {tmp_path / 'nowhere.pdf'}." in lines
    assert "  Statement for the interpreters: the file statement.pdf" in lines
    assert "[to secretariat]   [file] Statement of Uganda: statement.pdf" in lines
