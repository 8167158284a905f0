"""French typography the catalogue cannot express alone: elision before a name, "1er", quotation marks.

Each is a no-op in other languages (or gives the English form), so an English page reads as its msgid.
Templates use them through the builtin filters of `smartregion.templatetags.french`; Python code that
builds a message calls them directly.

`of_name`: "de IGRETEC" is wrong French, "d’IGRETEC" right. It gives the whole phrase in French
("de Charleroi", "d’Aiseau-Presles") and the bare name elsewhere, for a message variable named
`of_...`: `_("Roadmap of %(of_name)s")`, whose French msgstr is "Feuille de route %(of_name)s" (the
translator leaves the preposition out). Names starting with H are taken as aspirated (Hannut, Herstal,
Huy, Hastière: "de Huy"), the rule for Walloon place names; the few with a mute h are in MUTE_H.

`first_day`: "1 décembre 2026" becomes "1er décembre 2026" in French ("du 1er décembre").

`quoted`: a title between the active language's quotation marks, « » with no-break spaces in French.
"""

import unicodedata
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext

VOWELS = set("aeiouy")
# Written without accents, as compared: l’Hôpital, l’Hôtel de ville.
MUTE_H: set[str] = {"hopital", "hotel"}


def _french() -> bool:
    return (translation.get_language() or "").startswith("fr")


@lru_cache(maxsize=4096)  # a page names the same few hundred communes on every request
def elides(name: str) -> bool:
    """Whether French writes d’ (not "de ") before this name."""
    stripped = unicodedata.normalize("NFKD", name.strip()).encode("ascii", "ignore").decode().lower()
    if not stripped:
        return False
    if stripped[0] in VOWELS:
        return True
    return any(stripped.startswith(word) for word in MUTE_H)


def of_name(name: object) -> str:
    """'de X' or 'd’X' in French (with a typographic apostrophe), the name alone in any other language."""
    text = str(name)
    if not _french():
        return text
    return f"d’{text}" if elides(text) else f"de {text}"


def first_day(value, formatted: str) -> str:
    """'1 décembre 2026' becomes '1er décembre 2026' in French; anything else is left as it is."""
    if getattr(value, "day", None) != 1 or not _french() or not formatted.startswith("1 "):
        return formatted
    return "1er" + formatted[1:]


def quoted(text: object) -> str:
    """Text between the quotation marks of the active language: “…” in English, « … » in French."""
    # Translators: quotation marks around a title; French uses « » with no-break spaces inside.
    return gettext("“%(text)s”") % {"text": text}
