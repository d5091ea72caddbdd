"""Assembling the features: what would fail a person later fails start-up instead, in one clear line."""
from __future__ import annotations

import io
from contextlib import redirect_stderr
from dataclasses import replace
from datetime import date

import pytest

from bot import app as composition
from bot import cli
from bot.app import FEATURES
from bot.engine.form import Field, Form, FormError, Kind
from bot.features import Action, Feature, FeatureError, Verb, assemble
from bot.i18n import SUPPORTED_LOCALES, Msg, _, has_translation

NEEDS = next(f for f in FEATURES if f.name == "needs")


def build(*features: Feature):
    return assemble(features, date.today, SUPPORTED_LOCALES, has_translation)


def noop(core, who, value):
    return None


def test_the_shipped_features_assemble_with_every_verb_and_button_in_one_place():
    features = build(*FEATURES)
    assert set(features.verbs) == {"help", "my", "lang", "join", "verify", "need", "needs", "report", "campaign", "quiet",
                                   "remind", "speak", "speakers", "plenary", "floor",
                                   "provider", "matches", "table", "audit", "export", "status", "reports"}
    assert {"membership:approve", "need:edit", "need:share", "home:need", "home:join"} <= set(features.actions)
    assert set(features.submit) == set(features.forms) == {"onboarding", "need", "plan_of_action", "campaign",
                                                                "campaign_edit", "speak", "plenary", "plenary_edit",
                                                                "provider"}
    assert [f.__qualname__ for f in features.events["need.moved"]] == ["need_moved"]  # the providers listen


def test_every_feature_listening_to_an_event_is_told_in_the_order_they_are_declared():
    heard = []
    first = Feature(name="first", events={"need.moved": lambda core, uow, need, before: heard.append(("1", need))})
    second = Feature(name="second", events={"need.moved": lambda core, uow, need, before: heard.append(("2", need))})
    features = build(*FEATURES, first, second)
    for listener in features.events["need.moved"][-2:]:
        listener(None, None, "CP-1", "submitted")
    assert heard == [("1", "CP-1"), ("2", "CP-1")] and len(features.events["need.moved"]) == 3


def test_a_form_without_a_submit_handler_stops_start_up():
    broken = replace(NEEDS, submit={})
    with pytest.raises(FeatureError, match=r"^form 'need' has no submit handler$"):
        build(*(broken if f is NEEDS else f for f in FEATURES))


def test_two_features_claiming_one_verb_or_one_button_stop_start_up():
    twin = Feature(name="twin", verbs=(Verb("need", "/asp need", _("This list."), noop),))
    with pytest.raises(FeatureError, match=r"^verb 'need' is declared by both 'needs' and 'twin'$"):
        build(*FEATURES, twin)
    clash = Feature(name="clash", actions=(Action("need:share", noop),))
    with pytest.raises(FeatureError, match=r"^action 'need:share' is declared by both 'needs' and 'clash'$"):
        build(*FEATURES, clash)


def test_an_untranslated_message_stops_start_up():
    form = Form(key="poll", title=Msg("A title nobody translated"), intro=_("This list."), done=_("Thank you."),
                fields=(Field("x", Kind.TEXT, _("Title"), _("This list.")),))
    with pytest.raises(FormError, match=r"^5 untranslated form messages: poll: fr: 'A title nobody translated'; "):
        build(*FEATURES, Feature(name="poll", forms=(form,), submit={"poll": noop}))
    summary = Feature(name="hush", verbs=(Verb("hush", "/asp hush", Msg("Mute me"), noop),))
    with pytest.raises(FeatureError, match=r"^untranslated verb summaries: hush: fr: 'Mute me'"):
        build(*FEATURES, summary)


def test_exactly_one_feature_greets_people_outside_a_form():
    with pytest.raises(FeatureError, match="exactly one feature must greet"):
        build(*(f for f in FEATURES if f.idle is None))


def test_the_command_line_refuses_to_start_with_one_line(monkeypatch, tmp_path):
    monkeypatch.setattr(composition, "FEATURES", tuple(replace(NEEDS, submit={}) if f is NEEDS else f
                                                       for f in FEATURES))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/aspbot.db")
    err = io.StringIO()
    with redirect_stderr(err):
        assert cli.main(["console"]) == 1
    assert err.getvalue() == "aspbot: cannot start: form 'need' has no submit handler\n"
