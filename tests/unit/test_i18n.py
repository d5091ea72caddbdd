"""Rendering messages for a reader: language, timezone, escaping of untrusted text, official names."""
from __future__ import annotations

from datetime import UTC, datetime

from bot.i18n import Mention, Reader, Territory, _, normalize_locale


def test_dates_in_the_readers_timezone_and_language():
    deadline = datetime(2024, 10, 1, 21, 59, 59, tzinfo=UTC)  # 23:59:59 in The Hague
    assert Reader("en", "Europe/Amsterdam").datetime(deadline) == \
        "October 1, 2024, 11:59\u202fPM Central European Summer Time"
    assert Reader("fr", "Europe/Paris").datetime(deadline) == "1 octobre 2024, 23:59 heure d’été d’Europe centrale"
    assert Reader("en", "Africa/Kampala").datetime(deadline) == "October 2, 2024, 12:59\u202fAM East Africa Time"


def test_untrusted_parameters_are_escaped_but_the_template_is_not():
    reader = Reader("en")
    text = reader.render(_("Thank you, {name}.", name="<!channel> & co"), escape=lambda s: s.replace("<", "&lt;"))
    assert text == "Thank you, &lt;!channel> & co."


def test_mentions_use_the_channels_form():
    reader = Reader("en")
    message = _("{person} asks to act for {delegation} ({kind}) as {role}.", person=Mention("U1", "Ann"),
                delegation=Territory("UG"), kind=_("State Party"), role=_("Delegate"))
    assert reader.render(message) == "Ann asks to act for Uganda (State Party) as Delegate."
    assert reader.render(message, mention=lambda m: f"<@{m.user}>").startswith("<@U1> asks")


def test_official_names_in_french():
    assert Reader("fr").territory("PS") == "État de Palestine"
    assert Reader("en").territory("PS") == "State of Palestine"
    assert Reader("fr").territory("UG") == "Ouganda"


def test_slack_locales_map_to_supported_languages():
    assert normalize_locale("fr-FR") == "fr"
    assert normalize_locale("en-GB") == "en"
    assert normalize_locale("FR") == "fr"
    assert normalize_locale("de-DE") is None
    assert normalize_locale(None) is None
