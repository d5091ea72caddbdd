"""Names and roles inside sentences (issue #14 item 17): French articles before States, roles in lower case,
and lists joined with each language's own punctuation."""
from __future__ import annotations

import pytest

from bot.articles import ARTICLES, NO_ARTICLE, with_article
from bot.delegations_data import OBSERVER_STATES, STATES_PARTIES
from bot.features.onboarding.form import ROLES
from bot.i18n import Msg, Reader, Territory, _

FR = Reader("fr", "Europe/Paris")
WAITING = ("Your request to act for {delegation} as {role} is waiting for the Secretariat. I will tell you here as "
           "soon as it is decided.")


def test_every_state_has_its_french_article_decided():
    decided = set(ARTICLES) | set(NO_ARTICLE)
    assert set(STATES_PARTIES) | set(OBSERVER_STATES) <= decided
    assert not set(ARTICLES) & set(NO_ARTICLE)


@pytest.mark.parametrize(("code", "le", "de"), [
    ("FR", "la France", "de la France"), ("SN", "le Sénégal", "du Sénégal"), ("UG", "l’Ouganda", "de l’Ouganda"),
    ("KM", "les Comores", "des Comores"), ("MG", "Madagascar", "de Madagascar"), ("IL", "Israël", "d’Israël"),
    ("PS", "l’État de Palestine", "de l’État de Palestine"), ("US", "les États-Unis", "des États-Unis"),
])
def test_french_articles(code, le, de):
    name = FR.territory(code)
    assert with_article(code, name, "le") == le and with_article(code, name, "de") == de
    assert with_article(code, name, "Le") == le[:1].upper() + le[1:]


def test_french_to_a_state_contracts_its_article():
    assert [with_article(c, FR.territory(c), "à") for c in ("FR", "SN", "UG", "KM", "MG")] == \
        ["à la France", "au Sénégal", "à l’Ouganda", "aux Comores", "à Madagascar"]


def test_a_french_sentence_reads_as_french_is_written():
    text = FR.render(_(WAITING, delegation=Territory("FR"), role=ROLES["focal_point"]))
    assert text.startswith("Votre demande d’agir pour la France en tant que point focal national est en attente")
    need = FR.render(_("An assistance need of {delegation}.", delegation=Territory("SN")))
    assert need == "Un besoin d’assistance du Sénégal."


def test_other_languages_keep_their_own_forms():
    spanish = Reader("es").render(_(WAITING, delegation=Territory("FR"), role=ROLES["delegate"]))
    assert "en nombre de Francia en calidad de delegado" in spanish
    english = Reader("en").render(_(WAITING, delegation=Territory("FR"), role=ROLES["delegate"]))
    assert english.startswith("Your request to act for France as Delegate")  # English titles keep their case


@pytest.mark.parametrize(("locale", "joined"), [("en", "A, B, C"), ("zh", "A、B、C"), ("ar", "A، B، C")])
def test_lists_use_each_languages_punctuation(locale, joined):
    assert Reader(locale).render(Msg("{items}", {"items": ["A", "B", "C"]})) == joined
