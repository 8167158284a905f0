"""smartregion.text.normalise: one normal form for what people type (str.translate with a table filled as
characters are met, checked against the plain definition)."""

import random
import unicodedata

from smartregion.text import normalise, normalise_key


def by_definition(text) -> str:
    """Lower case, accents dropped, every character other than a letter or a digit a space."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def test_examples():
    assert normalise("Fontaine-l’Évêque") == "fontaine l eveque"
    assert normalise("Échéance (date)") == "echeance date"
    assert normalise("NIS_code") == "nis code"
    assert normalise("  Straße\tﬁn ½ ") == "strasse fin 1 2"
    assert normalise(12) == "12"
    assert normalise_key("Échéance (date)") == "echeance_date"


def test_same_as_the_definition_on_random_text():
    rng = random.Random(22)  # noqa: S311 - test data
    alphabet = [chr(c) for c in range(0x20, 0x2FFF) if not 0xD800 <= c <= 0xDFFF]
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 16)))
        assert normalise(text) == by_definition(text), ascii(text)
