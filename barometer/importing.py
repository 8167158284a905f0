"""Reading and checking a file of barometer answers: plain functions over bytes and plain data.

The file holds one row per commune and one column per question code, plus `commune` (its name) and/or
`nis_code`, and optionally `respondent` (the administration member) and `alderman`. Multiple choices
are separated by `;`. Reading the file is `smartregion.spreadsheets` (shared with the PST import);
`read_table` here turns its cells into stripped strings; `check_table` reports every problem row by
row and, when there is none, the answers to save. Nothing here touches the database or the file system.
"""

import re
import string
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext_lazy as _

from barometer.answers import AnswerError, QuestionSpec, clean_text, parse_cell
from smartregion import imports, spreadsheets
from smartregion.imports import RowError
from smartregion.text import normalise, normalise_key
from smartregion.typography import of_name

MAX_ROWS = 2000
MAX_COLUMNS = 200
MAX_NAME_LENGTH = 120

COMMUNE_COLUMN = "commune"
NIS_COLUMN = "nis_code"
RESPONDENT_COLUMN = "respondent"
ALDERMAN_COLUMN = "alderman"
FIXED_COLUMNS = (COMMUNE_COLUMN, NIS_COLUMN, RESPONDENT_COLUMN, ALDERMAN_COLUMN)
COLUMN_ALIASES = {
    COMMUNE_COLUMN: {"commune", "municipality", "name", "nom", "commune_name", "nom_commune", "municipalite"},
    NIS_COLUMN: {"nis_code", "nis", "code_nis", "ins", "code_ins", "refnis", "nis_commune"},
    RESPONDENT_COLUMN: {"respondent", "respondent_name", "administration_member", "admin_member"},
    ALDERMAN_COLUMN: {"alderman", "alderman_name", "echevin", "echevin_en_charge"},
}
RESERVED_CODES = frozenset(alias for aliases in COLUMN_ALIASES.values() for alias in aliases)

ERROR_NO_HEADER = _("The first row must hold the column titles: commune, nis_code and the question codes.")
ERROR_NO_COMMUNE_COLUMN = _("A “commune” or “nis_code” column is needed to know which commune answered.")
ERROR_UNKNOWN_CODE = _("“%(code)s” is not a question code of this edition.")
ERROR_DUPLICATE_COLUMN = _("The column “%(code)s” appears twice.")
ERROR_UNTITLED_COLUMN = _("This column holds values but has no title.")
ERROR_BEYOND_HEADER = _("This row holds values beyond the last titled column.")
ERROR_NO_COMMUNE = _("The row names no commune.")
ERROR_UNKNOWN_COMMUNE = _("No commune of the territory is called “%(name)s”.")
ERROR_UNKNOWN_NIS = _("No commune of the territory has the NIS code “%(nis)s”.")
ERROR_NIS_MISMATCH = _("The NIS code %(nis)s is not the code of %(of_name)s.")
ERROR_DUPLICATE_COMMUNE = _("%(name)s already appears on row %(line)s.")
ERROR_NAME_TOO_LONG = _("The name is longer than %(max)s characters.")
ERROR_NO_ANSWERS = _("The file holds no answers.")


@dataclass(frozen=True)
class CommuneRef:
    id: int
    name: str
    nis_code: str = ""


@dataclass
class ImportRow:
    line: int
    commune_id: int
    commune_name: str
    respondent_name: str
    alderman_name: str
    values: dict[str, object]

    @property
    def answered(self) -> int:
        return sum(1 for value in self.values.values() if value is not None)


@dataclass
class ImportCheck(imports.ImportCheck):
    rows: list[ImportRow] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


# Reading the file ---------------------------------------------------------------------------------


def read_table(data: bytes, fmt: str) -> list[list[str]]:
    """Rows of stripped strings, trailing empty cells and rows removed; TableFileError when unreadable."""
    rows = spreadsheets.read_table(data, fmt, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS, prefer=",", cell=_cell_text)
    table = [spreadsheets.trim([clean_text(cell) for cell in row]) for row in rows]
    while table and not table[-1]:
        table.pop()
    return table


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


# Checking the rows --------------------------------------------------------------------------------


def header_key(title: str) -> str:
    """A column title as a code: "NIS code" → "nis_code", "Priority_Themes " → "priority_themes"."""
    return normalise_key(title)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters


def check_table(table: list[list[str]], questions: list[QuestionSpec], communes: list[CommuneRef]) -> ImportCheck:
    """Every problem of the table, row by row; the answers to save when there is none.

    Rows are numbered as a spreadsheet shows them (the titles are row 1). A row naming a commune but
    holding no answer (a row of the blank template left empty) is skipped, not an error. Required
    questions are not enforced here: a file from another tool may leave them empty.
    """
    check = ImportCheck()
    if not table or not any(table[0]):
        check.errors.append(RowError(1, "", str(ERROR_NO_HEADER)))
        return check
    header = table[0]
    specs = {spec.code: spec for spec in questions}
    columns, fixed = _read_header(header, table, specs, check)
    if COMMUNE_COLUMN not in fixed and NIS_COLUMN not in fixed:
        check.errors.append(RowError(1, "", str(ERROR_NO_COMMUNE_COLUMN)))
        return check
    check.codes = [code for _index, code in columns]
    by_name = {normalise(c.name): c for c in communes}
    by_nis = {c.nis_code: c for c in communes if c.nis_code}
    seen: dict[int, int] = {}
    for line, row in enumerate(table[1:], start=2):
        if not any(row):
            continue
        if len(row) > len(header) and any(row[len(header) :]):
            check.errors.append(RowError(line, column_letter(len(header)), str(ERROR_BEYOND_HEADER)))
        cells = row + [""] * (len(header) - len(row))
        commune = _commune(cells, fixed, by_name, by_nis, line, check)
        if commune is not None:
            if commune.id in seen:
                check.errors.append(
                    RowError(line, "", str(ERROR_DUPLICATE_COMMUNE % {"name": commune.name, "line": seen[commune.id]}))
                )
            else:
                seen[commune.id] = line
        names = _names(cells, header, fixed, line, check)
        values = _values(cells, header, columns, specs, line, check)
        if commune is None:
            continue
        if all(value is None for value in values.values()):
            check.skipped_lines.append(line)
            continue
        check.rows.append(
            ImportRow(line, commune.id, commune.name, names[RESPONDENT_COLUMN], names[ALDERMAN_COLUMN], values)
        )
    if not check.rows and not check.errors:
        check.errors.append(RowError(None, "", str(ERROR_NO_ANSWERS)))
    return check


def _names(cells, header, fixed, line, check) -> dict[str, str]:
    """The respondent's and the alderman's names of a row (too long: an error, and shortened)."""
    names = {}
    for column in (RESPONDENT_COLUMN, ALDERMAN_COLUMN):
        value = cells[fixed[column]] if column in fixed else ""
        if len(value) > MAX_NAME_LENGTH:
            message = str(ERROR_NAME_TOO_LONG % {"max": MAX_NAME_LENGTH})
            check.errors.append(RowError(line, header[fixed[column]], message))
        names[column] = value[:MAX_NAME_LENGTH]
    return names


def _values(cells, header, columns, specs, line, check) -> dict[str, object]:
    """A row's answers by question code; a cell that does not fit its question is an error of that column."""
    values = {}
    for index, code in columns:
        try:
            values[code] = parse_cell(specs[code], cells[index])
        except AnswerError as error:
            check.errors.append(RowError(line, header[index], str(error.message)))
    return values


def _read_header(header, table, specs, check) -> tuple[list[tuple[int, str]], dict[str, int]]:
    """The question columns as (index, code) and the fixed columns by name; header errors go to `check`."""
    columns: list[tuple[int, str]] = []
    fixed: dict[str, int] = {}
    used: set[str] = set()
    for index, title in enumerate(header):
        key = header_key(title)
        if not key:
            if any(len(row) > index and row[index] for row in table[1:]):
                check.errors.append(RowError(1, column_letter(index), str(ERROR_UNTITLED_COLUMN)))
            continue
        name = next((column for column, aliases in COLUMN_ALIASES.items() if key in aliases), None)
        name = name or (key if key in specs else None)
        if name is None:
            check.errors.append(RowError(1, title, str(ERROR_UNKNOWN_CODE % {"code": title[:60]})))
            continue
        if name in used:
            check.errors.append(RowError(1, title, str(ERROR_DUPLICATE_COLUMN % {"code": title[:60]})))
            continue
        used.add(name)
        if name in FIXED_COLUMNS:
            fixed[name] = index
        else:
            columns.append((index, name))
    return columns, fixed


def _commune(cells, fixed, by_name, by_nis, line, check) -> CommuneRef | None:
    name = cells[fixed[COMMUNE_COLUMN]] if COMMUNE_COLUMN in fixed else ""
    nis = re.sub(r"\s+", "", cells[fixed[NIS_COLUMN]]) if NIS_COLUMN in fixed else ""
    by_code = named = None
    if nis:
        by_code = by_nis.get(nis)
        if by_code is None:
            check.errors.append(RowError(line, NIS_COLUMN, str(ERROR_UNKNOWN_NIS % {"nis": nis[:20]})))
            return None
    if name:
        named = by_name.get(normalise(name))
        if named is None:
            check.errors.append(RowError(line, COMMUNE_COLUMN, str(ERROR_UNKNOWN_COMMUNE % {"name": name[:80]})))
            return None
    if by_code and named and by_code.id != named.id:
        check.errors.append(
            RowError(line, NIS_COLUMN, str(ERROR_NIS_MISMATCH % {"nis": nis, "of_name": of_name(named.name)}))
        )
        return None
    if by_code is None and named is None:
        check.errors.append(RowError(line, COMMUNE_COLUMN, str(ERROR_NO_COMMUNE)))
        return None
    return by_code or named
