"""Comparing what people type: one normal form for names, column titles, codes and answer words."""

import unicodedata


def normalise(text) -> str:
    """Lower case, no accents, words of letters and digits joined by one space.

    "Fontaine-l’Évêque" → "fontaine l eveque"; "Échéance (date)" → "echeance date"; "NIS_code" → "nis code".
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def normalise_key(text) -> str:
    """`normalise` with underscores, as codes and column titles are written: "Échéance (date)" → "echeance_date"."""
    return normalise(text).replace(" ", "_")
