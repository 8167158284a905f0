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


TRANSLATION_FUNCTIONS = {
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# The one conventional alias: `_` for gettext or gettext_lazy, which makemessages knows.
ALLOWED_ALIASES = {("gettext", "_"), ("gettext_lazy", "_")}
SKIPPED_DIRS = {".venv", "tests", "static", "var", "node_modules", "locale", "templates"}


def app_modules() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(p for p in base.rglob("*.py") if not SKIPPED_DIRS & set(p.relative_to(base).parts[:-1]))


def aliased_translations(source: str) -> list[str]:
    """Imports and assignments that rename a translation function, whose calls makemessages would then miss."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            found += [
                f"line {node.lineno}: {a.name} as {a.asname}"
                for a in node.names
                if a.asname and (a.name, a.asname) not in ALLOWED_ALIASES
            ]
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name} as {a.asname}"
                for a in node.names
                if a.asname and "translation" in a.name
            ]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = node.value
            name = value.id if isinstance(value, ast.Name) else getattr(value, "attr", None)
            if name in TRANSLATION_FUNCTIONS or name == "_":
                found.append(f"line {node.lineno}: assigns {name}")
    return found


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("from django.utils.translation import gettext as _gettext", True),
        ("from django.utils.translation import ngettext as n_", True),
        ("import django.utils.translation as tr", True),
        ("from django.utils.translation import gettext\nlabel = gettext", True),
        ("from django.utils import translation\nf: object = translation.pgettext", True),
        ("from django.utils.translation import gettext_lazy as _", False),
        ("from django.utils.translation import gettext, ngettext, pgettext_lazy", False),
        ("from django.utils import translation\nx = translation.gettext('Communes')", False),
    ],
    ids=[
        "renamed-import",
        "renamed-ngettext",
        "renamed-module",
        "assigned",
        "assigned-attribute",
        "underscore",
        "plain",
        "called",
    ],
)
def test_the_alias_check_tells_an_alias_from_a_call(source, flagged):
    assert bool(aliased_translations(source)) is flagged


def test_no_translation_function_is_aliased_in_app_code():
    """`_gettext("30 staff days")` escaped extraction and stayed English in French pages and reports."""
    modules = app_modules()
    assert len(modules) > 50
    found = {
        str(path.relative_to(settings.BASE_DIR)): hits
        for path in modules
        if (hits := aliased_translations(path.read_text(encoding="utf-8")))
    }
    assert not found, f"aliased translation functions (use gettext/ngettext/... or `_`): {found}"


def test_no_translation_call_hides_inside_an_f_string():
    """makemessages (xgettext) does not see `_("…")` inside an f-string: the text would never be translated."""
    names = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "npgettext", "ngettext_lazy", "pgettext_lazy"}
    hidden = []
    for path in app_modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in names:
                        hidden.append(f"{path}:{inner.lineno}")
    assert hidden == []
