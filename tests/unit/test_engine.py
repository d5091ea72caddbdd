"""The conversation engine on a form with every field kind: answers, bad answers, commands, review."""
from __future__ import annotations

import json

import pytest

from bot.engine import runner
from bot.engine.form import Field, Form, FormError, Kind, check_translated
from bot.engine.runner import Picked, Typed
from bot.engine.state import State
from bot.i18n import Msg, Reader, _
from bot.replies import Choice, Facts, Question, Text, decode_message, encode_message

EN = Reader("en", "Europe/Amsterdam")
FR = Reader("fr", "Europe/Paris")


def not_before_2024(value, answers):
    return _("The date must be in 2024 or later.") if value < "2024-01-01" else None


FORM = Form(
    key="everything", title=Msg("Everything"), intro=Msg("Intro"), done=Msg("Done"),
    fields=(
        Field("title", Kind.TEXT, Msg("Title"), Msg("Title?"), max_length=10),
        Field("story", Kind.LONG_TEXT, Msg("Story"), Msg("Story?"), required=False, confidential_allowed=True),
        Field("colour", Kind.CHOICE, Msg("Colour"), Msg("Colour?"),
              choices=[Choice("r", Msg("Red")), Choice("g", Msg("Green")), Choice("b", Msg("Blue"))]),
        Field("tools", Kind.MULTI_CHOICE, Msg("Tools"), Msg("Tools?"),
              choices=[Choice("saw", Msg("Saw")), Choice("drill", Msg("Drill")), Choice("hammer", Msg("Hammer"))]),
        Field("when", Kind.DATE, Msg("When"), Msg("When?"), validators=[not_before_2024]),
        Field("ok", Kind.YES_NO, Msg("OK"), Msg("OK?")),
        Field("mail", Kind.EMAIL, Msg("Mail"), Msg("Mail?"), required=False),
        Field("count", Kind.NUMBER, Msg("Count"), Msg("Count?"), minimum=1, maximum=10,
              confidential_allowed=True),
    ),
)


def texts(outcome, reader=EN) -> list[str]:
    out = []
    for message in outcome.messages:
        for part in message.parts:
            if isinstance(part, Text):
                out.append(reader.render(part.msg))
            if isinstance(part, Question):
                out.append(reader.render(part.prompt))
    return out


def drive(*inputs, reader=EN, form=FORM):
    outcome = runner.start(form, reader)
    for inp in inputs:
        inp = Typed(inp) if isinstance(inp, str) else inp
        # Each step goes through JSON, as it does through the database.
        state = State.from_dict(json.loads(json.dumps(outcome.state.to_dict())))
        outcome = runner.advance(form, state, inp, reader)
    return outcome


def test_start_asks_first_question():
    outcome = runner.start(FORM, EN)
    assert outcome.state.step == "title"
    assert texts(outcome)[-1] == "Title?"


def test_happy_path_reaches_review_with_typed_values():
    outcome = drive("Workshop", "A story", "green", "1, 3", "2024-06-10", "yes", "a@example.org", "3")
    assert outcome.state.step == "review"
    assert outcome.state.answers == {"title": "Workshop", "story": "A story", "colour": "g",
                                     "tools": ["saw", "hammer"], "when": "2024-06-10", "ok": True,
                                     "mail": "a@example.org", "count": 3}
    facts = [p for m in outcome.messages for p in m.parts if isinstance(p, Facts)][0]
    rendered = [(EN.render(a), EN.param(b)) for a, b in facts.rows]
    assert rendered[0] == ("Title", "Workshop")
    assert rendered[1] == ("Story", "A story (public)")
    assert rendered[2] == ("Colour", "Green")
    assert rendered[3] == ("Tools", "Saw, Hammer")
    assert rendered[4] == ("When", "June 10, 2024")
    assert rendered[5] == ("OK", "yes")
    assert rendered[7] == ("Count", "3 (public)")


@pytest.mark.parametrize("answer, reason", [
    ("", "An answer is needed here."),
    ("x" * 11, "That answer is 11 characters long; the limit is 10. Please shorten it."),
])
def test_bad_text(answer, reason):
    outcome = drive(answer)
    assert texts(outcome)[0] == reason
    assert outcome.state.step == "title" and "title" not in outcome.state.answers


def test_bad_choice_email_date_number_yes_no_are_reprompted_with_reason():
    base = ["T", "skip"]
    assert texts(drive(*base, "purple"))[0] == "“purple” is not one of the options. Please pick one of the options."
    assert texts(drive(*base, "7"))[0] == "There is no option 7. Please pick one of the options."
    at_date = base + ["red", "drill"]
    assert texts(drive(*at_date, "31/02/2024"))[0].startswith("“31/02/2024” is not a date I can read.")
    assert texts(drive(*at_date, "2023-12-31"))[0] == "The date must be in 2024 or later."
    assert texts(drive(*at_date, "2024-01-01", "perhaps"))[0] == "Please answer yes or no."
    assert texts(drive(*at_date, "2024-01-01", "no", "not-an-email"))[0].startswith("“not-an-email” is not an e-mail")
    assert texts(drive(*at_date, "2024-01-01", "no", "skip", "eleven"))[0] == "“eleven” is not a number."
    assert texts(drive(*at_date, "2024-01-01", "no", "skip", "11"))[0] == "The number must be at most 10."
    assert drive(*at_date, "2024-01-01", "no", "skip", "11").state.step == "count"


def test_french_reader_types_french_words_and_dates():
    outcome = drive("Titre", "passer", "2", "2", "10/06/2024", "oui", "passer", "2", reader=FR)
    assert outcome.state.step == "review", texts(outcome, FR)
    assert outcome.state.answers["when"] == "2024-06-10"
    assert outcome.state.answers["ok"] is True
    assert outcome.state.answers["colour"] == "g"
    assert outcome.state.answers["tools"] == ["drill"]


def test_back_returns_to_previous_question_keeping_answer_as_hint():
    outcome = drive("Workshop", "skip", "back")
    assert outcome.state.step == "story"
    question = [p for m in outcome.messages for p in m.parts if isinstance(p, Question)][0]
    assert EN.render(question.hint) == "Current answer: (skipped). Type “keep” to keep it."
    assert texts(drive("back"))[0] == "This is the first question."


def test_skip_only_optional():
    assert texts(drive("skip"))[0] == "This question needs an answer; it cannot be skipped."
    assert drive("Workshop", "skip").state.answers["story"] is None


def test_cancel_ends_and_further_input_is_refused():
    outcome = drive("Workshop", "cancel")
    assert outcome.cancelled and outcome.state.step == "cancelled"
    assert texts(outcome) == ["Cancelled. Nothing was sent."]
    assert texts(runner.advance(FORM, outcome.state, Typed("hi"), EN)) == ["This conversation has ended."]


def test_help_shows_field_help_or_generic():
    assert texts(drive("help"))[0].startswith("Answer the question, or type")


def test_multi_choice_by_clicks_toggles_then_done():
    outcome = drive("T", "skip", "red")
    token = str(outcome.state.version)
    outcome = runner.advance(FORM, outcome.state, Picked(token, "drill"), EN)
    outcome = runner.advance(FORM, outcome.state, Picked(str(outcome.state.version), "saw"), EN)
    outcome = runner.advance(FORM, outcome.state, Picked(str(outcome.state.version), "drill"), EN)
    assert outcome.state.pending == ["saw"]
    outcome = runner.advance(FORM, outcome.state, Picked(str(outcome.state.version), ""), EN)
    assert outcome.state.answers["tools"] == ["saw"] and outcome.state.step == "when"


def test_stale_click_changes_nothing():
    outcome = drive("T", "skip")
    stale = str(outcome.state.version - 1)
    again = runner.advance(FORM, outcome.state, Picked(stale, "r"), EN)
    assert not again.changed and again.state.step == "colour"
    assert texts(again)[0] == "That question was already answered. Here is where we are now:"


def test_review_change_answer_and_mark_confidential_then_submit():
    outcome = drive("Workshop", "A story", "green", "1", "2024-06-10", "no", "skip", "3")
    shown = outcome.state.shown
    # Change the colour from the review, then come straight back to the review.
    outcome = runner.advance(FORM, outcome.state, Typed(str(shown.index("edit:colour") + 1)), EN)
    assert outcome.state.step == "colour"
    outcome = runner.advance(FORM, outcome.state, Typed("blue"), EN)
    assert outcome.state.step == "review" and outcome.state.answers["colour"] == "b"
    token = str(outcome.state.version)
    outcome = runner.advance(FORM, outcome.state, Picked(token, "conf:story"), EN)
    assert outcome.state.confidential == ["story"]
    facts = [p for m in outcome.messages for p in m.parts if isinstance(p, Facts)][0]
    assert EN.param(facts.rows[1][1]) == "A story (confidential)"
    outcome = runner.advance(FORM, outcome.state, Typed("submit"), EN)
    assert outcome.submitted and outcome.state.step == "done"


def test_submit_before_review_is_refused():
    assert texts(drive("Workshop", "submit"))[0] == "Please answer the remaining questions first."


def test_dependent_choices_forget_stale_answer_after_edit():
    form = Form(key="dep", title=Msg("t"), intro=Msg("i"), done=Msg("d"), fields=(
        Field("kind", Kind.CHOICE, Msg("Kind"), Msg("Kind?"), choices=[Choice("a", "A"), Choice("b", "B")]),
        Field("item", Kind.CHOICE, Msg("Item"), Msg("Item?"),
              choices=lambda ans: [Choice("a1", "Apple"), Choice("a2", "Apricot")] if ans.get("kind") == "a"
              else [Choice("b1", "Banana")], searchable=True),
    ))
    outcome = drive("A", "ap", form=form)  # ambiguous: both start with "ap"
    assert texts(outcome)[0] == "Several options match “ap”. Which one?"
    outcome = runner.advance(form, outcome.state, Typed("2"), EN)
    assert outcome.state.answers["item"] == "a2" and outcome.state.step == "review"
    outcome = runner.advance(form, outcome.state, Typed("1"), EN)  # change: kind
    outcome = runner.advance(form, outcome.state, Typed("B"), EN)
    assert outcome.state.step == "item" and "item" not in outcome.state.answers
    outcome = runner.advance(form, outcome.state, Typed("banana"), EN)
    assert outcome.state.step == "review" and outcome.state.answers == {"kind": "b", "item": "b1"}


def test_form_declaration_errors_fail_at_build():
    with pytest.raises(FormError, match="duplicate field"):
        Form(key="x", title=Msg("t"), intro=Msg("i"), done=Msg("d"),
             fields=(Field("a", Kind.TEXT, Msg("A"), Msg("A?")), Field("a", Kind.TEXT, Msg("A"), Msg("A?"))))
    with pytest.raises(FormError, match="needs choices"):
        Form(key="x", title=Msg("t"), intro=Msg("i"), done=Msg("d"),
             fields=(Field("a", Kind.CHOICE, Msg("A"), Msg("A?")),))
    with pytest.raises(FormError, match="untranslated form messages"):
        check_translated([FORM], ["fr"], lambda locale, msgid: msgid != "Title?")


def test_messages_survive_the_outbox_codec():
    outcome = drive("Workshop", "A story", "green", "1", "2024-06-10", "no", "skip", "3")
    for message in outcome.messages:
        again = decode_message(encode_message(message))
        assert again == message


def test_fill_whole_form_reports_every_error_by_field_then_goes_to_review():
    state = runner.start(FORM, EN).state
    same, errors = runner.fill(FORM, state, {"title": "x" * 11, "colour": "purple", "tools": ["saw"],
                                             "when": "2023-05-01", "ok": "yes", "count": "3"}, EN)
    assert same is state
    assert {k: EN.render(v) for k, v in errors.items()} == {
        "title": "That answer is 11 characters long; the limit is 10. Please shorten it.",
        "colour": "Please pick one of the options.",
        "when": "The date must be in 2024 or later."}
    filled, errors = runner.fill(FORM, state, {"title": "Hi", "colour": "g", "tools": ["saw", "drill"],
                                               "when": "2024-06-10", "ok": "no", "count": "3"}, EN)
    assert errors == {}
    assert filled.step == "review" and filled.version == state.version + 1
    assert filled.answers == {"title": "Hi", "story": None, "colour": "g", "tools": ["saw", "drill"],
                              "when": "2024-06-10", "ok": False, "mail": None, "count": 3}
    # From the review, "back" returns to the last question, as in the conversation.
    back = runner.advance(FORM, filled, Typed("back"), EN)
    assert back.state.step == "count"


def test_done_outside_a_multiple_choice_explains_instead_of_refusing_an_option():
    outcome = drive("Workshop", "done")
    assert texts(outcome)[0] == ("Answer the question, or type “back”, “skip” (for optional questions) or "
                                 "“cancel”.")
    assert outcome.state.step == "story"


def test_a_clicked_question_is_echoed_with_its_answer_and_without_buttons():
    outcome = drive("T", "skip")
    clicked = runner.advance(FORM, outcome.state, Picked(str(outcome.state.version), "g"), EN)
    assert [type(p).__name__ for p in clicked.echo.parts] == ["Text", "Note"]
    assert EN.render(clicked.echo.parts[0].msg) == "Colour?"
    assert EN.render(clicked.echo.parts[1].msg) == "Your answer: Green"
    back = runner.advance(FORM, clicked.state, Picked(str(clicked.state.version), "cmd:back"), EN)
    assert EN.render(back.echo.parts[1].msg) == "You chose: Back"
    refused = runner.advance(FORM, back.state, Picked(str(back.state.version), "purple"), EN)
    assert refused.echo is None  # the question stays clickable
    stale = runner.advance(FORM, back.state, Picked("1", "g"), EN)
    assert stale.echo is None
