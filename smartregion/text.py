"""Comparing what people type: one normal form for names, column titles, codes and answer words."""

import unicodedata


class _Plain(dict):
    """What each character becomes, worked out the first time it is met: "" for a combining mark (an
    accent once decomposed), itself for a letter or digit, else a space. `str.translate` then does the
    whole text in C, where a generator over its characters cost a results page of free texts milliseconds."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        plain = "" if unicodedata.combining(char) else char if char.isalnum() else " "
        self[code] = plain
        return plain


_PLAIN = _Plain()


def normalise(text) -> str:
    """Lower case, no accents, words of letters and digits joined by one space.

    "Fontaine-l’Évêque" → "fontaine l eveque"; "Échéance (date)" → "echeance date"; "NIS_code" → "nis code".
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return " ".join(decomposed.translate(_PLAIN).split())


def normalise_key(text) -> str:
    """`normalise` with underscores, as codes and column titles are written: "Échéance (date)" → "echeance_date"."""
    return normalise(text).replace(" ", "_")
