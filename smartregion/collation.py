"""Names sorted the French way: Châtelet before Chimay, accents and case ignored at first.

The database sorts, so that paginated lists stay right: `order_by(french("name"))`. On PostgreSQL the
collation is an ICU one created by migration (smartregion 0002); SQLite has no ICU, so the same name
is registered on every SQLite connection as a Python comparison (accents stripped, case folded, the
exact text breaking ties), which gives the same order for the names we hold.
"""

import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

FRENCH = "smartregion_fr"


def french_key(text: str) -> tuple[str, str]:
    """Sort key: the text without accents and case first, the text itself to break ties."""
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return base, text


def _sqlite_compare(left: str, right: str) -> int:
    a, b = french_key(left), french_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite learns the collation PostgreSQL gets from the migration."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(FRENCH, _sqlite_compare)


def french(field: str) -> Collate:
    return Collate(F(field), FRENCH)
