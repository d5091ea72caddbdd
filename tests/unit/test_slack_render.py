"""Block Kit rendering: Slack's limits hold, user text is escaped, choices become buttons or a select."""
from __future__ import annotations

import json

from bot.engine import runner
from bot.features.onboarding.form import FORM
from bot.i18n import Mention, Msg, Reader, _
from bot.replies import Actions, Button, Choice, Facts, Message, Question, Text
from handlers.slack import payloads
from handlers.slack.render import Renderer, escape
from tests.support.blocks import shown

EN = Reader("en", "Europe/Amsterdam")


def test_escape_neutralises_mentions_and_links():
    assert escape("<!channel> & <@U123|bob>") == "&lt;!channel&gt; &amp; &lt;@U123|bob&gt;"


def test_user_text_in_parameters_is_escaped_everywhere_it_lands():
    hostile = "<!channel> <@U999>"
    message = Message.of(Text(_("“{answer}” is not one of the options. Please pick one of the options.",
                                answer=hostile)),
                         Facts(((Msg("Title"), hostile),)))
    renderer = Renderer(EN)
    dumped = json.dumps(renderer.blocks(message)) + renderer.fallback(message)
    assert "<!channel>" not in dumped and "<@U999>" not in dumped
    assert "&lt;!channel&gt; &lt;@U999&gt;" in dumped


def test_mentions_of_slack_users_stay_mentions():
    text = Renderer(EN).md(_("{person} asks to act for {delegation} ({kind}) as {role}.",
                             person=Mention("U1", "Ann"), delegation="X", kind="Y", role="Z"))
    assert text == "<@U1> asks to act for X (Y) as Z."


def test_few_choices_are_buttons_many_are_a_select():
    few = Question(Msg("Pick"), "3", tuple(Choice(str(i), f"Option {i}") for i in range(4)))
    blocks = Renderer(EN).blocks(Message.of(few))
    assert [e["type"] for e in blocks[-1]["elements"]] == ["button"] * 4
    assert blocks[-1]["elements"][2]["value"] == "3|2"
    many = Question(Msg("Pick"), "3", tuple(Choice(str(i), f"Option {i}") for i in range(30)))
    select = Renderer(EN).blocks(Message.of(many))[-1]["elements"][0]
    assert select["type"] == "static_select" and len(select["options"]) == 30
    assert select["options"][29]["value"] == "3|29"


def test_long_labels_and_texts_are_cut_to_slacks_limits():
    label = "L" * 200
    message = Message.of(Text(Msg("{x}", {"x": "y" * 5000})),
                         Actions((Button(Msg("{x}", {"x": label}), "a", "v"),)))
    blocks = Renderer(EN).blocks(message)
    assert len(shown(blocks[:1])) == 3000
    assert len(blocks[1]["elements"][0]["text"]["text"]) == 75


def test_onboarding_question_renders_valid_blocks():
    outcome = runner.start(FORM, EN)
    for message in outcome.messages:
        blocks = Renderer(EN).blocks(message)
        assert 0 < len(blocks) <= 50
    question = Renderer(EN).blocks(outcome.messages[-1])
    labels = [e["text"]["text"] for e in question[1]["elements"]]
    assert labels == ["State Party", "Observer State", "Intergovernmental organisation",
                      "Civil society organisation"]


def test_slack_offers_the_whole_form_as_a_modal_and_the_console_does_not():
    from handlers.console import render_text
    intro = runner.start(FORM, EN).messages[0]
    offer = Renderer(EN).blocks(intro)[-1]
    assert offer["type"] == "actions"
    assert [(e["text"]["text"], e["action_id"], e["value"]) for e in offer["elements"]] == [
        ("Use a form instead", "form:modal:0", "onboarding")]
    buttons: list = []
    assert "Use a form instead" not in render_text(intro, EN, buttons) and buttons == []


def test_payload_predicates_on_recorded_shapes():
    assert payloads.is_direct_message_from_person(
        {"type": "message", "channel_type": "im", "user": "U1", "text": "hi", "ts": "1.0"})
    assert not payloads.is_direct_message_from_person(
        {"type": "message", "channel_type": "im", "bot_id": "B1", "text": "echo", "ts": "1.0"})
    assert not payloads.is_direct_message_from_person(
        {"type": "message", "channel_type": "im", "subtype": "message_changed", "ts": "1.0"})
    assert not payloads.is_direct_message_from_person(
        {"type": "message", "channel_type": "channel", "user": "U1", "text": "hi", "ts": "1.0"})
    assert payloads.action_name("form:pick:3") == "form:pick"
    assert payloads.action_name("form:pick:select") == "form:pick"
    assert payloads.action_name("need:withdraw-confirm:0") == "need:withdraw-confirm"
    assert payloads.action_name("home:join") == "home:join"


def test_formatting_characters_typed_by_a_person_are_shown_as_typed():
    typed = "*bold* _italic_ ~struck~ `code` <!channel>"
    message = Message.of(Text(_("“{answer}” is not one of the options. Please pick one of the options.",
                                answer=typed)),
                         Facts(((Msg("Title"), typed), (Msg("Stage"), Msg("Trial")))),
                         Question(_("Several options match “{answer}”. Which one?", answer=typed), "4",
                                  (Choice("a", "A"), Choice("b", "B"))))
    blocks = Renderer(EN).blocks(message)
    # Rich text, where mrkdwn markers are characters: nothing a person typed is in a mrkdwn object.
    for block in blocks:
        for obj in [block.get("text", {}), *block.get("fields", []), *block.get("elements", [])]:
            if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
                assert "bold" not in obj["text"], obj
    text = shown(blocks)
    assert "“*bold* _italic_ ~struck~ `code` &lt;!channel&gt;” is not one of the options." in text
    assert "*Title*\n*bold* _italic_ ~struck~ `code` &lt;!channel&gt;" in text
    assert "Several options match “*bold* _italic_" in text
    assert [b["type"] for b in blocks] == ["rich_text", "rich_text", "rich_text", "actions"]


def test_mentions_in_rich_text_are_user_elements_and_only_for_slack_ids():
    message = Message.of(Text(_("{reference} “{title}” was withdrawn by {person}. Nothing more will be shared.",
                                reference="CP-1", title="*x*", person=Mention("U1", "Ann"))),
                         Text(_("{reference} “{title}” was withdrawn by {person}. Nothing more will be shared.",
                                reference="CP-1", title="*x*", person=Mention("amina", "Amina"))))
    first, second = Renderer(EN).blocks(message)
    assert {"type": "user", "user_id": "U1"} in first["elements"][0]["elements"]
    assert shown([second]) == "CP-1 “*x*” was withdrawn by Amina. Nothing more will be shared."


def test_several_choices_are_checkboxes_or_a_multi_select_in_one_block_that_carries_the_token():
    few = Question(Msg("Pick"), "7", tuple(Choice(str(i), f"Option {i}") for i in range(4)), True, ("2",))
    block = [b for b in Renderer(EN).blocks(Message.of(few)) if b["type"] == "actions"][0]
    assert block["block_id"] == "form:tick|7"
    element = block["elements"][0]
    assert element["type"] == "checkboxes" and [o["value"] for o in element["options"]] == ["0", "1", "2", "3"]
    assert [o["value"] for o in element["initial_options"]] == ["2"]
    many = Question(Msg("Pick"), "7", tuple(Choice(str(i), f"Option {i}") for i in range(12)), True, ())
    element = [b for b in Renderer(EN).blocks(Message.of(many)) if b["type"] == "actions"][0]["elements"][0]
    assert element["type"] == "multi_static_select" and len(element["options"]) == 12
    assert "initial_options" not in element
