"""Answers typed the way people type them (issue #14): apostrophes, list separators and digits of every
script, typos, greetings in the middle of a form, keeping an answer, and `back` on every real form."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import runner
from bot.engine.form import Kind
from bot.engine.parsing import Invalid, date_example, parse_day, parse_number
from bot.engine.runner import Picked, Typed
from bot.engine.state import REVIEW, State
from bot.features.needs.form import build as build_needs
from bot.features.onboarding.form import FORM as ONBOARDING
from bot.features.reports.form import FORM as REPORT
from bot.i18n import SUPPORTED_LOCALES, Reader
from bot.replies import Question, Text
from tests.unit.test_engine import drive as engine_drive

EN, FR, AR, ZH = Reader("en", "UTC"), Reader("fr", "Europe/Paris"), Reader("ar", "Asia/Riyadh"), Reader("zh", "UTC")
NEEDS = build_needs(lambda: date(2026, 12, 2))


def drive(form, reader, *inputs):
    return engine_drive(*inputs, reader=reader, form=form)  # each step through JSON, as through the database


def said(outcome, reader) -> list[str]:
    out = []
    for message in outcome.messages:
        for part in message.parts:
            if isinstance(part, Text):
                out.append(reader.render(part.msg))
            elif isinstance(part, Question):
                out.append(reader.render(part.prompt))
    return out


def to_area(reader, *more):
    """The needs form up to (and including) `more`, from its first question."""
    return drive(NEEDS, reader, *more)


# --- 1. apostrophes ----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["cote d'ivoire", "Côte d’Ivoire", "COTE D‘IVOIRE", "côte dʼivoire",
                                   "  cote d`ivoire  "])
def test_every_apostrophe_finds_cote_d_ivoire(typed):
    outcome = drive(ONBOARDING, FR, "1", typed)
    assert outcome.state.answers["delegation"] == "CI"


def test_a_french_choice_with_a_typographic_apostrophe_is_found_typed_with_a_plain_one():
    urgency = [f for f in NEEDS.fields if f.key == "urgency"][0]
    from bot.engine.parsing import match_choice
    assert match_choice("dans l'annee", urgency.choices_for({}), [], FR).value == "year"


# --- 2. separators -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["1, 3", "1،3", "1，3", "1、3", "1;3", "1；3", "1 3", "١، ٣"])
def test_several_choices_are_separated_the_way_each_keyboard_separates_them(typed):
    field = [f for f in NEEDS.fields if f.key == "help_kinds"][0]
    from bot.engine.parsing import parse_answer
    choices = field.choices_for({})
    values = parse_answer(field, typed, choices, [c.value for c in choices], EN)
    assert values == [choices[0].value, choices[2].value]


def test_a_name_with_spaces_is_not_split_into_words():
    field = [f for f in NEEDS.fields if f.key == "help_kinds"][0]
    from bot.engine.parsing import parse_answer
    choices = field.choices_for({})
    spaced = [c for c in choices if " " in EN.render(c.label)][0]
    assert parse_answer(field, EN.render(spaced.label), choices, [], EN) == [spaced.value]


# --- 3. digits ---------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["٢٠٢٧-٠٣-٠١", "۲۰۲۷-۰۳-۰۱", "２０２７－０３－０１", "2027-03-01"])
def test_dates_are_read_from_any_scripts_digits(typed):
    assert parse_day(typed, AR) == date(2027, 3, 1)


def test_numbers_are_read_from_any_scripts_digits():
    assert parse_number("٣", AR) == 3
    assert parse_number("１２", ZH) == 12


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_date_hint_is_the_readers_own_format_a_future_example_that_reads_back(locale):
    reader = Reader(locale, "UTC")
    with pytest.raises(Invalid) as refused:
        parse_day("sometime", reader)
    text = reader.render(refused.value.reason)
    example = date_example()
    assert example > date.today()
    assert reader.short_date(example) in text and example.isoformat() in text
    assert parse_day(reader.short_date(example), reader) == example  # what we show, we read


def test_french_date_hint_reads_day_first():
    with pytest.raises(Invalid) as refused:
        parse_day("demain", FR)
    year = date_example().year
    assert FR.render(refused.value.reason) == (f"Je ne peux pas lire «\u00a0demain\u00a0» comme une date. Veuillez "
                                              f"l’écrire ainsi\u00a0: 31/03/{year} ou {year}-03-31.")


# --- 4. the closest options, and the right category ---------------------------------------------

def test_a_typo_offers_the_closest_option_to_pick():
    outcome = drive(ONBOARDING, EN, "1", "fronce")
    assert said(outcome, EN) == ["“fronce” is not one of the options. Did you mean France?"]
    assert outcome.state.step == "delegation"
    assert drive(ONBOARDING, EN, "1", "fronce", "1").state.answers["delegation"] == "FR"


def test_a_typo_in_french_is_answered_in_french():
    outcome = drive(ONBOARDING, FR, "1", "ougnada")
    assert said(outcome, FR)[0].startswith("«\u00a0ougnada\u00a0» ne fait pas partie des options. Vouliez-vous dire Ouganda")


def test_a_state_typed_under_the_wrong_kind_is_told_where_it_is():
    outcome = drive(ONBOARDING, EN, "1", "China")
    assert said(outcome, EN)[0] == ("China is listed under “Observer State”, not under “State Party”. "
                                    "Type “back” and choose “Observer State”.")
    assert "delegation" not in outcome.state.answers
    assert drive(ONBOARDING, EN, "1", "China", "back", "2", "China").state.answers["delegation"] == "CN"


# --- 5. greetings ------------------------------------------------------------------------------

@pytest.mark.parametrize(("reader", "greeting"), [(EN, "hello"), (EN, "Hi!"), (FR, "Bonjour"), (AR, "مرحبا"),
                                                  (ZH, "你好")])
def test_a_greeting_at_a_free_text_question_shows_the_question_again_and_records_nothing(reader, greeting):
    outcome = to_area(reader, "1", greeting)
    title = [f for f in NEEDS.fields if f.key == "title"][0]
    assert outcome.state.step == "title" and "title" not in outcome.state.answers
    assert said(outcome, reader)[-1] == reader.render(title.prompt)


# --- 6, 8. several choices and keeping an answer -----------------------------------------------

def test_done_after_back_keeps_the_current_several_choices():
    outcome = runner.start(NEEDS, EN)
    steps = ["1", "A title", "A description", "The police", "1", "1, 3"]
    outcome = drive(NEEDS, EN, *steps)
    assert outcome.state.step == "languages"
    back = drive(NEEDS, EN, *steps, "back")
    assert back.state.step == "help_kinds" and back.state.pending == back.state.answers["help_kinds"]
    kept = drive(NEEDS, EN, *steps, "back", "done")
    assert kept.state.step == "languages" and kept.state.answers["help_kinds"] == outcome.state.answers["help_kinds"]


@pytest.mark.parametrize("keep", ["keep", "", "garder"])
def test_keep_or_an_empty_line_keeps_the_answer_shown_after_back(keep):
    reader = FR if keep == "garder" else EN
    steps = ["1", "A title", "A description"]
    outcome = drive(NEEDS, reader, *steps, "back", keep)
    assert outcome.state.step == "institutions"
    assert outcome.state.answers["description"] == "A description"


def test_keep_where_nothing_was_answered_says_so():
    outcome = drive(NEEDS, EN, "1", "keep")
    assert said(outcome, EN)[0] == "There is no earlier answer to keep here. Please answer the question."
    assert outcome.state.step == "title"


# --- 7. back, on every real form ---------------------------------------------------------------

FORMS = [ONBOARDING, NEEDS, REPORT]


def _answer(form, state: State, draw) -> runner.Input:
    """A valid answer to the current question, as a click where there are choices."""
    f = form.field(state.step)
    token = str(state.version)
    if f.kind is Kind.CHOICE:
        return Picked(token, draw(st.sampled_from([c.value for c in f.choices_for(state.answers)])))
    if f.kind is Kind.MULTI_CHOICE:
        return Picked(token, f.choices_for(state.answers)[0].value)
    if f.kind is Kind.YES_NO:
        return Picked(token, draw(st.sampled_from(["yes", "no"])))
    if f.kind is Kind.DATE:
        return Typed("2030-01-31")
    if f.kind is Kind.NUMBER:
        return Typed(str(int(f.minimum or 1)))
    if f.kind is Kind.EMAIL:
        return Typed("focal.point@example.org")
    return Typed("An answer")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), form_index=st.integers(0, len(FORMS) - 1))
def test_back_from_any_question_returns_to_the_question_asked_before_it(data, form_index):
    form = FORMS[form_index]
    outcome = runner.start(form, EN)
    asked = [outcome.state.step]
    while outcome.state.step != REVIEW:
        state = outcome.state
        inp = _answer(form, state, data.draw)
        outcome = runner.advance(form, state, inp, EN)
        if isinstance(inp, Picked) and form.field(state.step).kind is Kind.MULTI_CHOICE:
            outcome = runner.advance(form, outcome.state, Picked(str(outcome.state.version), ""), EN)  # Done
        if outcome.state.step != asked[-1]:
            asked.append(outcome.state.step)
    # From the review, `back` walks every question asked, in reverse, to the first.
    state = outcome.state
    for previous in reversed(asked[:-1]):
        outcome = runner.advance(form, state, Typed("back"), EN)
        assert outcome.state.step == previous
        state = outcome.state
    assert said(runner.advance(form, state, Typed("back"), EN), EN)[0] == "This is the first question."


# --- 13. an overlong answer --------------------------------------------------------------------

def test_an_overlong_refused_answer_is_quoted_short_so_the_reason_is_read():
    typed = "not an address " * 400  # 6,000 characters
    outcome = drive(ONBOARDING, EN, "1", "uganda", "1", typed)
    refusal = said(outcome, EN)[0]
    assert refusal.endswith("” is not an e-mail address. Please write one like name@example.org.")
    assert len(refusal) < 200 and refusal.startswith("“not an address not an address")
    assert "…”" in refusal


def test_an_overlong_text_answer_says_the_limit_first():
    outcome = drive(NEEDS, EN, "1", "x" * 500)
    assert said(outcome, EN)[0] == "That answer is 500 characters long; the limit is 120. Please shorten it."


def test_ticks_are_remembered_without_a_new_version_and_stale_ticks_change_nothing():
    steps = ["1", "A title", "A description", "The police", "1"]
    at_kinds = drive(NEEDS, EN, *steps)
    token = str(at_kinds.state.version)
    ticked = runner.tick(NEEDS, at_kinds.state, token, ["nope", "training", "advice"])
    kinds = [f for f in NEEDS.fields if f.key == "help_kinds"][0].choices_for({})
    assert ticked.messages == [] and ticked.state.version == at_kinds.state.version
    assert ticked.state.pending == [c.value for c in kinds if c.value in ("training", "advice")]
    done = runner.advance(NEEDS, ticked.state, Picked(token, ""), EN)
    assert done.state.answers["help_kinds"] == ticked.state.pending and done.state.step == "languages"
    assert runner.tick(NEEDS, done.state, token, ["training"]).changed is False  # the question was answered
