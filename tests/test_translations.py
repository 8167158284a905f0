"""The French catalogue is complete: every entry translated, none fuzzy, and the compiled file current.

The English interface needs no catalogue of its own: the source strings are English. `.ci/run` also
re-extracts the strings from the code and fails when one has no French translation yet.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def entries(text: str) -> list[str]:
    """The catalogue's entries (blank-line separated), without obsolete ones and the header."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    return [
        b for b in blocks if not b.lstrip().startswith("#~") and not re.search(r'^msgid ""\nmsgstr', b, re.MULTILINE)
    ]


def untranslated(block: str) -> bool:
    """An entry whose msgstr (or one of its msgstr[n]) is empty."""
    for match in re.finditer(r'^msgstr(?:\[\d+\])? ""\n?((?:"[^\n]*"\n?)*)', block, re.MULTILINE):
        continuation = match.group(1).strip()
        if not continuation or continuation == '""':
            return True
    return False


def test_every_french_entry_is_translated_and_none_is_fuzzy():
    blocks = entries(PO.read_text(encoding="utf-8"))
    assert len(blocks) > 250
    fuzzy = [b.splitlines()[-2:] for b in blocks if re.search(r"^#,.*\bfuzzy\b", b, re.MULTILINE)]
    missing = [b for b in blocks if untranslated(b)]
    assert not fuzzy, f"{len(fuzzy)} fuzzy French entries, e.g. {fuzzy[:3]}"
    assert not missing, f"{len(missing)} untranslated French entries, e.g. {missing[:3]}"


def test_french_punctuation_is_held_to_its_word_by_a_non_breaking_space():
    """« », : ; ? ! take a space in French, which must not break: a plain one lets a line start with ":"."""
    with MO.open("rb") as handle:
        translations = [value for value in gettext.GNUTranslations(handle)._catalog.values() if value]
    loose = [t for t in translations if re.search(r"\S [:;?!»]|« ", t)]
    assert not loose, f"{len(loose)} French entries with a breaking space around punctuation, e.g. {loose[:3]}"


def test_the_compiled_catalogue_holds_every_entry_of_its_source():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    source_ids = {
        ast.literal_eval('"' + re.search(r'^msgid "(.*)"$', b, re.MULTILINE).group(1) + '"')
        for b in entries(PO.read_text("utf-8"))
    }
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in catalogue}
    # Entries spread over several lines start with msgid "": compare the one-line ones.
    missing = {i for i in source_ids if i} - {i.split("\x04")[-1] for i in compiled_ids}
    assert not missing, f"run `make messages`: {len(missing)} entries are not compiled, e.g. {sorted(missing)[:3]}"


@pytest.mark.parametrize(
    ("source", "french"),
    [("Communes", "Communes"), ("Log in", "Se connecter"), ("Roadmap", "Feuille de route")],
)
def test_french_is_the_default_and_translates(source, french):
    assert settings.LANGUAGE_CODE == "fr"
    with translation.override("fr"):
        assert translation.gettext(source) == french
    with translation.override("en"):
        assert translation.gettext(source) == source
