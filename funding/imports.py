"""Reading and checking a catalogue file of calls for projects: plain functions over plain data.

One row per round of a call; rows with the same programme and call title are one call with several rounds:

    funder ; funding body ; programme ; call ; link ; beneficiaries ; pillars ; kinds ; rate ; floor ; ceiling ;
    several communes ; opens ; closes ; documents ; notes

Column titles may be French or English (COLUMN_LABELS in both languages, and the codes). Lists are separated by
";" or ","; amounts accept Belgian formats ("12 500,50 €"), dates dd/mm/yyyy. A call already in the catalogue
(same programme and title) is updated, its rounds replaced. Nothing here touches the database.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communes.models import Pillar
from funding.models import Beneficiary, FunderKind
from roadmaps.models import FunctionCategory
from smartregion import spreadsheets
from smartregion.imports import ImportCheck, RowError
from smartregion.text import normalise

MAX_ROWS = 500
MAX_COLUMNS = 30
MAX_AMOUNT = Decimal("9999999999.99")  # the amounts' columns hold 12 digits, 2 after the point

COLUMN_LABELS = {
    "funder_kind": pgettext_lazy("funding import column", "funder"),
    "funder": pgettext_lazy("funding import column", "funding body"),
    "programme": pgettext_lazy("funding import column", "programme"),
    "title": pgettext_lazy("funding import column", "call"),
    "link": pgettext_lazy("funding import column", "link"),
    "beneficiaries": pgettext_lazy("funding import column", "beneficiaries"),
    "pillars": pgettext_lazy("funding import column", "pillars"),
    "function_categories": pgettext_lazy("funding import column", "kinds of project"),
    "cofunding_rate": pgettext_lazy("funding import column", "rate"),
    "floor": pgettext_lazy("funding import column", "floor"),
    "ceiling": pgettext_lazy("funding import column", "ceiling"),
    "requires_several_communes": pgettext_lazy("funding import column", "several communes"),
    "opens_on": pgettext_lazy("funding import column", "opens"),
    "closes_on": pgettext_lazy("funding import column", "closes"),
    "documents": pgettext_lazy("funding import column", "documents"),
    "notes": pgettext_lazy("funding import column", "notes"),
}
REQUIRED = ("funder_kind", "programme", "title")

ERROR_MISSING_COLUMN = _("The column “%(column)s” is missing.")
ERROR_REQUIRED = _("This cell is required.")
ERROR_UNKNOWN = _("“%(value)s” is not one of: %(choices)s.")
ERROR_AMOUNT = _("“%(value)s” is not an amount in euros.")
ERROR_RATE = _("The rate is a percentage between 0 and 100.")
ERROR_DATE = _("“%(value)s” is not a date (dd/mm/yyyy).")
ERROR_YES_NO = _("Answer yes or no.")
ERROR_LINK = _("Give the address of a web page (http:// or https://).")
ERROR_HALF_ROUND = _("Give both the opening and the closing date, or neither.")
ERROR_CLOSES_BEFORE = _("The round closes before it opens.")
ERROR_FLOOR_CEILING = _("The floor is above the ceiling.")
ERROR_DIFFERENT_TERMS = _("The rows of this call give different terms; only the dates may change between rounds.")
WARNING_UPDATE = _("This call is already in the catalogue: it will be updated and its rounds replaced.")

YES = {"yes", "oui", "y", "o", "1", "true", "vrai", "x"}
NO = {"no", "non", "n", "0", "false", "faux", ""}


def column_aliases() -> dict[str, str]:
    """Every accepted title (English and French label), normalised, → the column."""
    aliases = {}
    for column, label in COLUMN_LABELS.items():
        for language in ("en", "fr"):
            with translation.override(language):
                aliases[normalise(str(label))] = column
    return aliases


def choice_aliases(choices) -> dict[str, str]:
    aliases = {}
    for value, label in choices:
        aliases[normalise(value)] = value
        for language in ("en", "fr"):
            with translation.override(language):
                aliases[normalise(str(label))] = value
    return aliases


def read_table(data: bytes, fmt: str) -> list[list]:
    return spreadsheets.read_table(data, fmt, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)


@dataclass
class CallRow:
    line: int
    fields: dict
    rounds: list[tuple[date, date]] = field(default_factory=list)
    existing: bool = False


@dataclass
class CatalogueCheck(ImportCheck):
    """`rows` are CallRow, one per call (its rounds gathered from its rows)."""

    def counts(self) -> dict[str, int]:
        updated = sum(1 for row in self.rows if row.existing)
        return {"created": len(self.rows) - updated, "updated": updated}


def parse_amount(value) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).replace("€", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text)  # InvalidOperation when it is no number


def parse_date(value) -> date | None:
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar day, no time)
        except ValueError:
            continue
    raise ValueError(text)


class _Row:
    """Reads the cells of one line, recording each problem."""

    def __init__(self, line: int, cells: dict, errors: list[RowError]):
        self.line, self.cells, self.errors = line, cells, errors

    def error(self, column: str, message) -> None:
        self.errors.append(RowError(self.line, column, str(message), str(COLUMN_LABELS[column])))

    def text(self, column: str, limit: int = 200) -> str:
        value = str(self.cells.get(column) or "").strip()[:limit]
        if not value and column in REQUIRED:
            self.error(column, ERROR_REQUIRED)
        return value

    def choices(self, column: str, aliases: dict[str, str], *, single: bool = False):
        raw = str(self.cells.get(column) or "").replace(",", ";")
        found = []
        for word in (w.strip() for w in raw.split(";")):
            if not word:
                continue
            value = aliases.get(normalise(word))
            if value is None:
                names = ", ".join(sorted(set(aliases.values())))
                self.error(column, ERROR_UNKNOWN % {"value": word, "choices": names})
            elif value not in found:
                found.append(value)
        if single:
            if not raw.strip():
                self.error(column, ERROR_REQUIRED)
            return found[0] if found else ""
        return found

    def amount(self, column: str) -> Decimal | None:
        try:
            value = parse_amount(self.cells.get(column))
        except (InvalidOperation, ValueError):
            self.error(column, ERROR_AMOUNT % {"value": self.cells.get(column)})
            return None
        if value is not None and not (value.is_finite() and 0 <= value <= MAX_AMOUNT):
            self.error(column, ERROR_AMOUNT % {"value": self.cells.get(column)})
            return None
        return value.quantize(Decimal("0.01")) if value is not None else None

    def day(self, column: str) -> date | None:
        try:
            return parse_date(self.cells.get(column))
        except ValueError:
            self.error(column, ERROR_DATE % {"value": self.cells.get(column)})
            return None

    def yes_no(self, column: str) -> bool:
        word = normalise(self.cells.get(column) or "")
        if word not in YES | NO:
            self.error(column, ERROR_YES_NO)
        return word in YES


def valid_link(link: str) -> bool:
    """A web address the call's page may link to (never javascript: or data:)."""
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        return False
    return True


def _read_row(row: _Row, aliases: dict) -> tuple[dict, tuple[date, date] | None]:
    fields = {
        "funder_kind": row.choices("funder_kind", aliases["funder"], single=True),
        "funder": row.text("funder"),
        "programme": row.text("programme"),
        "title": row.text("title"),
        "link": row.text("link", 200),
        "beneficiaries": row.choices("beneficiaries", aliases["beneficiaries"]) or [Beneficiary.COMMUNE.value],
        "pillars": row.choices("pillars", aliases["pillars"]),
        "function_categories": row.choices("function_categories", aliases["kinds"]),
        "cofunding_rate": row.amount("cofunding_rate"),
        "floor": row.amount("floor"),
        "ceiling": row.amount("ceiling"),
        "requires_several_communes": row.yes_no("requires_several_communes"),
        "documents": row.text("documents", 5000),
        "notes": row.text("notes", 5000),
    }
    if fields["link"] and not valid_link(fields["link"]):
        row.error("link", ERROR_LINK)
    rate = fields["cofunding_rate"]
    if rate is not None and not (0 <= rate <= 100):
        row.error("cofunding_rate", ERROR_RATE)
    if None not in (fields["floor"], fields["ceiling"]) and fields["floor"] > fields["ceiling"]:
        row.error("floor", ERROR_FLOOR_CEILING)
    before = len(row.errors)
    opens, closes = row.day("opens_on"), row.day("closes_on")
    if len(row.errors) > before:
        return fields, None
    if (opens is None) != (closes is None):
        row.error("closes_on" if closes is None else "opens_on", ERROR_HALF_ROUND)
    elif opens and closes and closes < opens:
        row.error("closes_on", ERROR_CLOSES_BEFORE)
    return fields, ((opens, closes) if opens and closes else None)


def _header(table: list[list], errors: list[RowError]) -> dict[int, str]:
    aliases = column_aliases()
    columns = {i: aliases[normalise(title)] for i, title in enumerate(table[0]) if normalise(title) in aliases}
    for column in REQUIRED:
        if column not in columns.values():
            label = str(COLUMN_LABELS[column])
            errors.append(RowError(None, column, str(ERROR_MISSING_COLUMN % {"column": label}), label))
    return columns


def check_table(table: list[list], existing: set[tuple[str, str]]) -> CatalogueCheck:
    """Every problem row by row; the calls to save (rows of one programme and title gathered) when clean.

    `existing`: the (programme, title) pairs, normalised, already in the territory's catalogue.
    """
    check = CatalogueCheck()
    if not table:
        check.errors.append(RowError(None, "", str(spreadsheets.ERROR_EMPTY_FILE)))
        return check
    columns = _header(table, check.errors)
    if check.errors:
        return check
    aliases = {
        "funder": choice_aliases(FunderKind.choices),
        "beneficiaries": choice_aliases(Beneficiary.choices),
        "pillars": choice_aliases(Pillar.choices),
        "kinds": choice_aliases(FunctionCategory.choices),
    }
    calls: dict[tuple[str, str], CallRow] = {}
    for line, cells in enumerate(table[1:], start=2):
        if not any(str(c or "").strip() for c in cells):
            continue
        row = _Row(line, {columns[i]: v for i, v in enumerate(cells) if i in columns}, check.errors)
        fields, round_ = _read_row(row, aliases)
        key = (normalise(fields["programme"]), normalise(fields["title"]))
        call = calls.get(key)
        if call is None:
            call = calls[key] = CallRow(line=line, fields=fields, existing=key in existing)
            if call.existing:
                check.warnings.append(RowError(line, "title", str(WARNING_UPDATE), str(COLUMN_LABELS["title"])))
        elif call.fields != fields:
            check.errors.append(RowError(line, "title", str(ERROR_DIFFERENT_TERMS), str(COLUMN_LABELS["title"])))
        if round_:
            call.rounds.append(round_)
    check.rows = list(calls.values())
    return check


def template_csv() -> str:
    """An empty catalogue file with the column titles in the active language, and one example row."""
    titles = [str(label) for label in COLUMN_LABELS.values()]
    example = [
        "region", "SPW", "Smart Région", "Territoire intelligent 2027", "https://example.org", "commune, group",
        "mobility", "", "50", "10 000", "200 000", "non", "01/02/2027", "31/03/2027", "Délibération du Collège", "",
    ]  # fmt: skip
    return "\n".join(";".join(row) for row in (titles, example)) + "\n"
