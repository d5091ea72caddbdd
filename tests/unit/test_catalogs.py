"""The Babel catalogs: the template matches the code, French is complete, compiled files are current."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, SUPPORTED_LOCALES

ROOT = Path(__file__).resolve().parents[2]


def ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_template_lists_exactly_the_messages_in_the_code(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "ngettext_:1,2", "--no-wrap", "-o", str(fresh), "."],
                   cwd=ROOT, check=True, capture_output=True)
    committed = read_po(open(LOCALES_DIR / "messages.pot", "rb"))
    assert ids(read_po(open(fresh, "rb"))) == ids(committed), \
        "locales/messages.pot is stale: run the extract/update/compile steps in the README"


@pytest.mark.parametrize("locale", [loc for loc in SUPPORTED_LOCALES if loc != "en"])
def test_every_message_is_translated_with_the_same_placeholders(locale):
    template = read_po(open(LOCALES_DIR / "messages.pot", "rb"))
    catalog = read_po(open(LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po", "rb"))
    missing, broken = [], []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = [] if found is None else ([found.string] if isinstance(found.string, str) else list(found.string))
        if not strings or not all(strings):
            missing.append(message.id)
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        wanted = set(re.findall(r"\{(\w+)\}", source))
        for text in strings:
            # A translation may add its grammar to a name: {delegation:de}, {role:l} (bot.i18n's _Formatter).
            found_names = set(re.findall(r"\{(\w+)(?::(?:le|Le|de|à|l))?\}", text))
            if isinstance(message.id, str) and found_names != wanted:
                broken.append(source)
            # A plural form may say its number in words (Arabic's "one row", "two rows"): only the count may go.
            elif not isinstance(message.id, str) and not (wanted - {"count", "n"} <= found_names <= wanted):
                broken.append(source)
    assert missing == [] and broken == []


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_compiled_catalog_matches_its_source(locale):
    folder = LOCALES_DIR / locale / "LC_MESSAGES"
    source = read_po(open(folder / "messages.po", "rb"))
    compiled = read_mo(open(folder / "messages.mo", "rb"))
    def key(value):  # a plural entry's ids and strings come as tuples from one reader, lists from the other
        return value if isinstance(value, str) else tuple(value)

    expected = {key(m.id): key(m.string) for m in source if m.id and m.string and not m.fuzzy}
    got = {key(m.id): key(m.string) for m in compiled if m.id}
    assert got == expected, f"run: pybabel compile -d locales -l {locale}"


def test_every_feature_is_translated_in_every_language():
    from datetime import date

    from bot.app import FEATURES
    from bot.features import assemble
    from bot.i18n import has_translation
    assert set(assemble(FEATURES, date.today, SUPPORTED_LOCALES, has_translation).forms) == {
        "onboarding", "need", "plan_of_action", "campaign", "campaign_edit", "speak", "plenary",
        "plenary_edit", "provider"}


def test_every_counted_message_is_extracted_with_its_plural():
    """Babel's extractor drops the plural of an `ngettext_` whose arguments hold another `_()`: caught here."""
    template = read_po(open(LOCALES_DIR / "messages.pot", "rb"))
    plurals = [m.id[0] for m in template if m.id and not isinstance(m.id, str)]
    starts = [match for path in (ROOT / "bot").rglob("*.py")
              for match in re.findall(r'ngettext_\(\s*"([^"]+)"', path.read_text(encoding="utf-8"))]
    assert starts, "no ngettext_ call found: the search is wrong"
    assert [s for s in starts if not any(p.startswith(s) for p in plurals)] == []
