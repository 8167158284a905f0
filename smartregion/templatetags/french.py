"""French typography the catalogue cannot express alone: elision before a name, "1er" for the first day.

Both are no-ops in other languages, so an English page reads exactly as its msgid.

`de`: "de IGRETEC" is wrong French, "d'IGRETEC" right. The filter gives the whole phrase in French
("de Charleroi", "d'Aiseau-Presles") and the bare name elsewhere, for use as a blocktranslate variable
named `of_...`: `{% blocktranslate with of_name=commune.name|de %}Roadmap of {{ of_name }}{% endblocktranslate %}`,
whose French msgstr is "Feuille de route %(of_name)s" (the translator leaves the preposition out).
Names starting with H are taken as aspirated (Hannut, Herstal, Huy, Hastière: "de Huy"), the rule for
Walloon place names; the few with a mute h are listed in MUTE_H.

`long_date`: a date in the given format, with "1er" for the first day of a month in French
("du 1er décembre", never "du 1 décembre").
"""

import unicodedata

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import translation
from django.utils.translation import gettext

register = template.Library()

VOWELS = set("aeiouy")
MUTE_H: set[str] = {"hôpital", "hôtel"}


def elides(name: str) -> bool:
    """Whether French writes d' (not "de ") before this name."""
    stripped = unicodedata.normalize("NFKD", name.strip()).encode("ascii", "ignore").decode().lower()
    if not stripped:
        return False
    if stripped[0] in VOWELS:
        return True
    return any(stripped.startswith(word) for word in MUTE_H)


def of_name(name: object) -> str:
    """'de X' or 'd'X' in French (with a typographic apostrophe), the name alone in any other language."""
    text = str(name)
    if not (translation.get_language() or "").startswith("fr"):
        return text
    return f"d’{text}" if elides(text) else f"de {text}"


@register.filter(name="de")
def de(value) -> str:
    return of_name(value)


def first_day(value, formatted: str) -> str:
    """'1 décembre 2026' becomes '1er décembre 2026' in French; anything else is left as it is."""
    day = getattr(value, "day", None)
    if day != 1 or not (translation.get_language() or "").startswith("fr") or not formatted.startswith("1 "):
        return formatted
    return "1er" + formatted[1:]


@register.filter(expects_localtime=True)
def long_date(value, arg: str = "DATE_FORMAT") -> str:
    """Like `date`, with the French ordinal for the first of the month."""
    formatted = date_filter(value, arg)
    return first_day(value, formatted) if formatted else formatted


def quoted(text: object) -> str:
    """Text between the quotation marks of the active language: “…” in English, « … » in French."""
    # Translators: quotation marks around a title; French uses « » with no-break spaces inside.
    return gettext("“%(text)s”") % {"text": text}


@register.filter(name="quoted")
def quoted_filter(value) -> str:
    return quoted(value)
