"""Reading and checking a PST file: plain functions over bytes and plain data.

A PST file is one table, one row per strategic objective, operational objective or action:

    type ; code ; parent ; title ; description ; owner ; budget ; deadline ; status ; pillars ; smart

Column titles may be French or English (see COLUMN_ALIASES). `type` may be left out: a row without a
parent is a strategic objective, a row under a strategic objective is an operational objective, a row
under an operational objective is an action. `parent` holds the code of the objective above, in the
file or already in the portal. Budgets accept Belgian formats ("12 500,50 €"), dates dd/mm/yyyy.

Reading the file is `smartregion.spreadsheets` (shared with the barometer import): `file_format` checks
the upload, `read_table` here gives its rows of cells within the PST's limits; `check_table` explains
every problem row by row and, when there is none, gives the rows to save. Nothing here touches the
database or the file system. Nothing raises but TableFileError (a file that cannot be read at all).
"""

import calendar
import codecs
import csv
import io
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communes.models import Pillar
from smartregion import imports, spreadsheets
from smartregion.imports import RowError
from smartregion.spreadsheets import ERROR_EMPTY_FILE
from smartregion.text import normalise_key

MAX_ROWS = 3000
MAX_COLUMNS = 60
MAX_CELL_LENGTH = 5000
MAX_BUDGET = Decimal("999999999999.99")
CODE_MAX = 20
TITLE_MAX = 300
OWNER_MAX = 150

STRATEGIC = "strategic"
OPERATIONAL = "operational"
ACTION = "action"
LEVEL_RANK = {STRATEGIC: 1, OPERATIONAL: 2, ACTION: 3}

PLANNED, IN_PROGRESS, DONE, ON_HOLD, ABANDONED = "planned", "in_progress", "done", "on_hold", "abandoned"

COLUMNS = (
    "type",
    "code",
    "parent",
    "title",
    "description",
    "owner",
    "budget",
    "deadline",
    "status",
    "pillars",
    "smart",
)
# The titles users see (the template file, error messages, the import page); both languages are accepted.
COLUMN_LABELS = {
    "type": pgettext_lazy("PST import column", "type"),
    "code": pgettext_lazy("PST import column", "code"),
    "parent": pgettext_lazy("PST import column", "parent"),
    "title": pgettext_lazy("PST import column", "title"),
    "description": pgettext_lazy("PST import column", "description"),
    "owner": pgettext_lazy("PST import column", "owner"),
    "budget": pgettext_lazy("PST import column", "budget"),
    "deadline": pgettext_lazy("PST import column", "deadline"),
    "status": pgettext_lazy("PST import column", "status"),
    "pillars": pgettext_lazy("PST import column", "pillars"),
    "smart": pgettext_lazy("PST import column", "smart"),
}
COLUMN_HELP = {
    "type": _("Strategic objective (OS), operational objective (OO) or action; may be left out."),
    "code": _("The row's code, e.g. OS1, OO1.1, A1.1.1 (required for objectives)."),
    "parent": _("The code of the objective above: in the file or already in the PST."),
    "title": _("The objective's or action's title (required)."),
    "description": _("A longer description (optional)."),
    "owner": _("The department or person in charge of an action."),
    "budget": _("The action's budget in euros, e.g. 12 500,50 €."),
    "deadline": _("The action's deadline, dd/mm/yyyy."),
    "status": _("Planned, in progress, done, on hold or abandoned."),
    "pillars": _("The objective's pillars, separated by “;”."),
    "smart": _("Whether the action is a smart (digital) action: yes or no."),
}
COLUMN_ALIASES = {
    "type": {"type", "niveau", "level", "kind", "nature", "type_de_ligne", "row_type"},
    "code": {"code", "reference", "ref", "numero", "num", "no", "n", "id", "identifiant", "code_pst"},
    "parent": {
        "parent",
        "code_parent",
        "parent_code",
        "objectif_parent",
        "rattachement",
        "parent_objective",
        "objective_code",
        "code_objectif",
        "objectif",
        "sous",
    },
    "title": {"title", "titre", "intitule", "libelle", "nom", "name", "label", "intitule_de_l_action", "objet"},
    "description": {"description", "detail", "details", "commentaire", "commentaires", "comment", "remarques"},
    "owner": {
        "owner",
        "responsable",
        "porteur",
        "pilote",
        "service",
        "service_responsable",
        "gestionnaire",
        "in_charge",
    },
    "budget": {"budget", "montant", "cout", "cost", "budget_eur", "budget_estime", "estimated_budget", "budget_euros"},
    "deadline": {
        "deadline",
        "echeance",
        "date_limite",
        "date_de_fin",
        "end_date",
        "due_date",
        "echeancier",
        "delai",
        "due",
        "date_d_echeance",
    },
    "status": {"status", "statut", "etat", "state", "avancement", "etat_d_avancement"},
    "pillars": {"pillars", "pillar", "axes", "axe", "piliers", "pilier", "axes_strategiques", "axe_strategique"},
    "smart": {"smart", "numerique", "digital", "smart_digital", "action_smart", "action_numerique", "is_smart"},
}
LEVEL_ALIASES = {
    STRATEGIC: {"strategic", "strategique", "os", "objectif_strategique", "strategic_objective", "so", "1"},
    OPERATIONAL: {"operational", "operationnel", "oo", "objectif_operationnel", "operational_objective", "2"},
    ACTION: {"action", "a", "act", "actions", "3"},
}
STATUS_ALIASES = {
    PLANNED: {"planned", "prevu", "planifie", "a_faire", "to_do", "todo", "not_started", "non_commence", "a_venir"},
    IN_PROGRESS: {"in_progress", "en_cours", "ongoing", "started", "commence", "en_cours_de_realisation"},
    DONE: {"done", "termine", "realise", "fait", "completed", "complete", "acheve", "finished", "cloture"},
    ON_HOLD: {"on_hold", "suspendu", "en_attente", "reporte", "postponed", "paused", "en_pause"},
    ABANDONED: {"abandoned", "abandonne", "annule", "cancelled", "canceled", "supprime"},
}
TRUE_WORDS = {"oui", "yes", "y", "o", "x", "1", "true", "vrai", "smart", "numerique", "digital"}
FALSE_WORDS = {"non", "no", "n", "0", "false", "faux", "-"}
PILLAR_ALIASES = {
    Pillar.MOBILITY: {"mobility", "mobilite"},
    Pillar.QUALITY_OF_LIFE: {"quality_of_life", "qualite_de_vie", "cadre_de_vie", "qualite_de_vie_cadre_de_vie"},
    Pillar.ECONOMY: {"economy", "economie"},
    Pillar.ENERGY_ENVIRONMENT: {
        "energy_environment",
        "energy_and_environment",
        "energie_environnement",
        "energie_et_environnement",
        "energie",
        "environnement",
        "energy",
        "environment",
    },
    Pillar.GOVERNANCE: {"governance", "gouvernance"},
    Pillar.SMART_CITIZENS: {"smart_citizens", "smart_citizen", "citoyens", "citizens", "citoyennete", "participation"},
}


ERROR_NO_ROWS = _("The file holds no row under its column titles.")
ERROR_NO_HEADER = _("The first row must hold the column titles, e.g. type, code, parent, title, budget, deadline.")
ERROR_MISSING_COLUMN = _("The column “%(column)s” is missing (it may also be called: %(aliases)s).")
ERROR_DUPLICATE_COLUMN = _("The columns “%(first)s” and “%(second)s” both mean “%(column)s”.")
ERROR_CELL_TOO_LONG = _("This cell holds more than %(max)s characters.")
ERROR_NO_CODE = _("The row has no code: every objective needs one, so that rows below can refer to it.")
ERROR_CODE_TOO_LONG = _("The code is longer than %(max)s characters.")
ERROR_NO_TITLE = _("The row has no title.")
ERROR_TITLE_TOO_LONG = _("The title is longer than %(max)s characters.")
ERROR_OWNER_TOO_LONG = _("The owner is longer than %(max)s characters.")
ERROR_UNKNOWN_TYPE = _(
    "“%(value)s” is not a type: write strategic objective (OS), operational objective (OO) or action."
)
ERROR_CODE_REUSED = _("The code “%(code)s” is already used on row %(line)s with other content.")
ERROR_UNKNOWN_PARENT = _("No objective has the code “%(code)s”, neither in the file nor in the PST already saved.")
ERROR_PARENT_IS_ACTION = _("“%(code)s” is an action: an action cannot have rows below it.")
ERROR_STRATEGIC_WITH_PARENT = _("A strategic objective is at the top: it has no parent.")
ERROR_NEEDS_PARENT = _("An operational objective or an action needs a parent code.")
ERROR_WRONG_PARENT = _("The parent of %(what)s must be %(expected)s, but “%(code)s” is %(actual)s.")
ERROR_LEVEL_CHANGE = _("“%(code)s” is already %(existing)s in the PST; this row would make it %(new)s.")
ERROR_PARENT_CHANGE = _("“%(code)s” already sits under “%(existing)s” in the PST; move it by hand if needed.")
ERROR_BUDGET = _("“%(value)s” is not an amount in euros (e.g. 12 500,50 €).")
ERROR_BUDGET_NEGATIVE = _("A budget cannot be negative.")
ERROR_BUDGET_TOO_LARGE = _("The budget is too large.")
ERROR_DATE = _("“%(value)s” is not a date: write it as dd/mm/yyyy.")
ERROR_STATUS = _("“%(value)s” is not a status: write planned, in progress, done, on hold or abandoned.")
ERROR_SMART = _("“%(value)s” is neither yes nor no.")
ERROR_PILLAR = _("“%(value)s” is not a pillar: %(pillars)s.")
ERROR_PARENT_HAS_PROBLEMS = _("The row of “%(code)s” (row %(line)s) has problems: fix it first.")
ERROR_CYCLE = _("The rows with codes %(codes)s refer to one another in a loop.")

WARNING_UNKNOWN_COLUMN = _("The column “%(column)s” is not used.")
WARNING_DUPLICATE_ROW = _("Same as row %(line)s: this row is ignored.")
WARNING_NO_ACTION_CODE = _("This action has no code: importing the file again will add it again.")
WARNING_ACTION_FIELDS_IGNORED = _("Owner, budget, deadline, status and smart apply to actions only: ignored here.")
WARNING_PILLARS_IGNORED = _("Pillars apply to objectives only: ignored for an action.")


@dataclass
class ParsedRow:
    line: int
    level: str
    code: str
    parent_code: str
    title: str
    description: str = ""
    owner: str = ""
    budget: Decimal | None = None
    deadline: date | None = None
    status: str = PLANNED
    is_smart: bool = False
    pillars: list[str] = field(default_factory=list)
    exists: bool = False
    has_action_fields: bool = False

    @property
    def is_action(self) -> bool:
        return self.level == ACTION


@dataclass
class ImportCheck(imports.ImportCheck):
    rows: list[ParsedRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            STRATEGIC: sum(1 for r in self.rows if r.level == STRATEGIC),
            OPERATIONAL: sum(1 for r in self.rows if r.level == OPERATIONAL),
            ACTION: sum(1 for r in self.rows if r.level == ACTION),
            "new": sum(1 for r in self.rows if not r.exists),
            "updated": sum(1 for r in self.rows if r.exists),
        }


# Reading the file ---------------------------------------------------------------------------------


def read_table(data: bytes, fmt: str) -> list[list]:
    """The rows of cells of a checked file (`fmt` from `file_format`); XLSX cells keep their types."""
    return spreadsheets.read_table(data, fmt, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)


# Cells ---------------------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as trimmed text; whole numbers without ".0" (Excel stores codes like 1 as 1.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return " ".join(str(value).replace("\xa0", " ").replace("\u202f", " ").split())


class CellError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def parse_budget(value) -> Decimal | None:
    """An amount in euros: 12500, 12 500,50 €, 12.500,50, 12,500.50, EUR 1.250 …; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(ERROR_BUDGET % {"value": value})
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(ERROR_BUDGET % {"value": value})
        amount = Decimal(str(value))
    else:
        amount = _parse_amount_text(str(value))
    if amount < 0:
        raise CellError(ERROR_BUDGET_NEGATIVE)
    if amount > MAX_BUDGET:
        raise CellError(ERROR_BUDGET_TOO_LARGE)
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _parse_amount_text(raw: str) -> Decimal:
    text = raw.strip()
    cleaned = re.sub(r"(?i)\s*(€|eur(os?)?|euro)\s*", "", text)
    cleaned = re.sub(r"[\s\u00a0\u202f'’]", "", cleaned)
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("+-")
    if not cleaned or not re.fullmatch(r"[0-9.,]+", cleaned) or not cleaned[0].isdigit():
        raise CellError(ERROR_BUDGET % {"value": raw[:60]})
    commas, dots = cleaned.count(","), cleaned.count(".")
    if commas and dots:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        if cleaned.count(decimal_mark) > 1:
            raise CellError(ERROR_BUDGET % {"value": raw[:60]})
        number = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif commas:
        # Belgian decimal comma; several commas can only separate thousands.
        number = cleaned.replace(",", "") if commas > 1 else cleaned.replace(",", ".")
    elif dots > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", cleaned):
        # 12.500 or 1.250.000: dots separate thousands in Belgium.
        number = cleaned.replace(".", "")
    else:
        number = cleaned
    if not re.fullmatch(r"\d+(\.\d+)?", number):
        raise CellError(ERROR_BUDGET % {"value": raw[:60]})
    try:
        amount = Decimal(number)
    except InvalidOperation:
        raise CellError(ERROR_BUDGET % {"value": raw[:60]}) from None
    return -amount if negative else amount


def parse_date(value) -> date | None:
    """dd/mm/yyyy (also with - or .), d/m/yy, yyyy-mm-dd, mm/yyyy (end of month), yyyy (31 December)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    try:
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            year = year + 2000 if len(match.group(3)) == 2 else year
            return _valid_date(year, month, day, text)
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+)?", text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return _valid_date(year, month, day, text)
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{4})", text)
        if match:
            month, year = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12 and 1900 <= year <= 2200:
                return date(year, month, calendar.monthrange(year, month)[1])
        match = re.fullmatch(r"(\d{4})", text)
        if match and 1900 <= int(text) <= 2200:
            return date(int(text), 12, 31)
    except (ValueError, OverflowError):
        pass
    raise CellError(ERROR_DATE % {"value": text[:60]})


def _valid_date(year: int, month: int, day: int, text: str) -> date:
    if not 1900 <= year <= 2200:
        raise CellError(ERROR_DATE % {"value": text[:60]})
    return date(year, month, day)


def _lookup(value: str, aliases: dict[str, set[str]]) -> str | None:
    key = normalise_key(value)
    for target, words in aliases.items():
        if key in words or key == normalise_key(target):
            return target
    return None


def parse_level(value) -> str | None:
    text = cell_text(value)
    if not text:
        return None
    level = _lookup(text, LEVEL_ALIASES)
    if level is None:
        raise CellError(ERROR_UNKNOWN_TYPE % {"value": text[:60]})
    return level


def parse_status(value) -> str:
    text = cell_text(value)
    if not text:
        return PLANNED
    status = _lookup(text, STATUS_ALIASES)
    if status is None:
        raise CellError(ERROR_STATUS % {"value": text[:60]})
    return status


def parse_smart(value) -> bool:
    if isinstance(value, bool):
        return value
    key = normalise_key(cell_text(value))
    if not key or key in FALSE_WORDS:
        return False
    if key in TRUE_WORDS:
        return True
    raise CellError(ERROR_SMART % {"value": cell_text(value)[:60]})


def parse_pillars(value) -> list[str]:
    text = cell_text(value)
    found = []
    for part in re.split(r"[;,|/+\n]", text):
        if not part.strip():
            continue
        pillar = _lookup(part, PILLAR_ALIASES)
        if pillar is None:
            names = ", ".join(str(label) for label in Pillar.labels)
            raise CellError(ERROR_PILLAR % {"value": part.strip()[:60], "pillars": names})
        if pillar not in found:
            found.append(pillar)
    return [p for p in Pillar.values if p in found]


# Checking the table --------------------------------------------------------------------------------


def _level_label(level: str) -> str:
    return str(
        {
            STRATEGIC: _("a strategic objective"),
            OPERATIONAL: _("an operational objective"),
            ACTION: _("an action"),
        }[level]
    )


def column_label(column: str) -> str:
    """A column's title in the current language ("échéance" in French, "deadline" in English)."""
    return str(COLUMN_LABELS[column]) if column in COLUMN_LABELS else column


def column_titles() -> list[dict[str, str]]:
    """Each column's title in French and in English (both are accepted) and what it holds, for the import page."""
    titles = []
    for column in COLUMNS:
        with translation.override("fr"):
            french = str(COLUMN_LABELS[column])
        with translation.override("en"):
            english = str(COLUMN_LABELS[column])
        titles.append({"column": column, "fr": french, "en": english, "help": str(COLUMN_HELP[column])})
    return titles


def _missing_column(column: str) -> RowError:
    aliases = ", ".join(sorted(COLUMN_ALIASES[column])[:6])
    label = column_label(column)
    return RowError(None, column, str(ERROR_MISSING_COLUMN % {"column": label, "aliases": aliases}))


def _header(table: list[list], check: ImportCheck) -> tuple[int, dict[str, int]] | None:
    """The index of the header row and the column of each known field; errors in `check` otherwise."""
    header_index = next((i for i, row in enumerate(table) if any(cell_text(c) for c in row)), None)
    if header_index is None:
        check.errors.append(RowError(None, "", str(ERROR_EMPTY_FILE)))
        return None
    positions = _header_positions(table[header_index], check)
    if not positions:
        check.errors.append(RowError(None, "", str(ERROR_NO_HEADER)))
        return None
    check.errors.extend(_missing_column(required) for required in ("code", "title") if required not in positions)
    if "parent" not in positions and "type" in positions:
        check.errors.append(_missing_column("parent"))
    if check.errors:
        return None
    return header_index, positions


def _header_positions(header: list, check: ImportCheck) -> dict[str, int]:
    """The column of each known field in the header row; unknown and doubled titles go to `check`."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        title = cell_text(cell)
        if not title:
            continue
        column = _lookup(title, COLUMN_ALIASES)
        if column is None:
            check.warnings.append(RowError(None, title[:60], str(WARNING_UNKNOWN_COLUMN % {"column": title[:60]})))
            continue
        if column in positions:
            first = cell_text(header[positions[column]])
            names = {"first": first[:60], "second": title[:60], "column": column_label(column)}
            check.errors.append(RowError(None, column, str(ERROR_DUPLICATE_COLUMN % names)))
            continue
        positions[column] = index
        check.columns[column] = title
    return positions


def check_table(table: list[list], existing: dict[str, tuple[str, str]] | None = None) -> ImportCheck:
    """Every problem of a PST table, row by row, and the rows to save when there is none.

    `existing` maps the codes already in the commune's PST to (level, parent code).
    Rows are numbered as a spreadsheet shows them (the header is usually row 1).
    """
    check = ImportCheck()
    header = _header(table, check)
    if header is None:
        return _labelled(check)
    raw_rows = _raw_rows(table, *header, check)
    parsed, by_code = _parse_rows(raw_rows, check)
    existing_folded = {code.casefold(): (code, level, parent) for code, (level, parent) in (existing or {}).items()}
    tree = _Tree(by_code, existing_folded, _resolve_levels(parsed, by_code, existing_folded, check))
    for row in parsed:
        level = tree.levels.get(row.line)
        if level is None:
            _explain_unresolved(row, tree, check)
            continue
        row.level = level
        _check_structure(row, tree, check)
    failed = {e.line for e in check.errors}
    check.rows = [row for row in parsed if row.line not in failed and row.level]
    if not raw_rows and not check.errors:
        check.errors.append(RowError(None, "", str(ERROR_NO_ROWS)))
    check.rows.sort(key=lambda r: (LEVEL_RANK[r.level], r.line))
    return _labelled(check)


def _labelled(check: ImportCheck) -> ImportCheck:
    """Each problem names its column as the file titles it, or by its title in the current language."""

    def label(item: RowError) -> RowError:
        if item.column in COLUMN_LABELS:
            return replace(item, label=check.columns.get(item.column) or column_label(item.column))
        return item

    check.errors = [label(item) for item in check.errors]
    check.warnings = [label(item) for item in check.warnings]
    return check


def _raw_rows(table: list[list], header_index: int, positions: dict[str, int], check: ImportCheck):
    """The rows under the header as (line, cells by field): empty rows skipped, repeated rows warned."""
    raw_rows: list[tuple[int, dict]] = []
    seen_rows: dict[tuple, int] = {}
    for index in range(header_index + 1, len(table)):
        line = index + 1
        row = table[index] if isinstance(table[index], list) else []
        cells = {name: (row[pos] if pos < len(row) else None) for name, pos in positions.items()}
        if not any(cell_text(v) for v in cells.values()):
            continue
        too_long = [name for name, value in cells.items() if len(cell_text(value)) > MAX_CELL_LENGTH]
        if too_long:
            for name in too_long:
                check.errors.append(RowError(line, name, str(ERROR_CELL_TOO_LONG % {"max": MAX_CELL_LENGTH})))
            continue
        signature = tuple(normalise_key(cell_text(cells.get(name))) for name in COLUMNS)
        if signature in seen_rows:
            check.warnings.append(RowError(line, "", str(WARNING_DUPLICATE_ROW % {"line": seen_rows[signature]})))
            continue
        seen_rows[signature] = line
        raw_rows.append((line, cells))
    return raw_rows


def _parse_rows(raw_rows, check: ImportCheck) -> tuple[list[ParsedRow], dict[str, ParsedRow]]:
    """Every row's values, and the rows by folded code (a code used twice is an error on the second row)."""
    parsed: list[ParsedRow] = []
    by_code: dict[str, ParsedRow] = {}
    for line, cells in raw_rows:
        row = _parse_row(line, cells, check)
        if row.code:
            key = row.code.casefold()
            if key in by_code:
                names = {"code": row.code, "line": by_code[key].line}
                check.errors.append(RowError(line, "code", str(ERROR_CODE_REUSED % names)))
                continue
            by_code[key] = row
        parsed.append(row)
    return parsed, by_code


def _parse_row(line: int, cells: dict, check: ImportCheck) -> ParsedRow:
    """The row's values; its problems go to `check` (a row with errors still names its code, so that
    rows below it are not reported as orphans too)."""
    code = cell_text(cells.get("code"))
    title = cell_text(cells.get("title"))
    parent = cell_text(cells.get("parent"))
    row = ParsedRow(line=line, level="", code=code, parent_code=parent, title=title)
    if len(code) > CODE_MAX:
        check.errors.append(RowError(line, "code", str(ERROR_CODE_TOO_LONG % {"max": CODE_MAX})))
    if not title:
        check.errors.append(RowError(line, "title", str(ERROR_NO_TITLE)))
    elif len(title) > TITLE_MAX:
        check.errors.append(RowError(line, "title", str(ERROR_TITLE_TOO_LONG % {"max": TITLE_MAX})))
    description = cells.get("description")
    row.description = description.strip() if isinstance(description, str) else cell_text(description)
    row.owner = cell_text(cells.get("owner"))
    if len(row.owner) > OWNER_MAX:
        check.errors.append(RowError(line, "owner", str(ERROR_OWNER_TOO_LONG % {"max": OWNER_MAX})))
    parsers = (
        ("type", parse_level, "level"),
        ("budget", parse_budget, "budget"),
        ("deadline", parse_date, "deadline"),
        ("status", parse_status, "status"),
        ("smart", parse_smart, "is_smart"),
        ("pillars", parse_pillars, "pillars"),
    )
    for column, parser, attribute in parsers:
        if column not in cells:
            continue
        try:
            value = parser(cells[column])
        except CellError as error:
            check.errors.append(RowError(line, column, str(error.message)))
            continue
        if attribute == "level":
            row.level = value or ""
        else:
            setattr(row, attribute, value)
    row.has_action_fields = any(
        cell_text(cells.get(c)) for c in ("owner", "budget", "deadline", "status", "smart") if c in cells
    )
    return row


def _resolve_levels(parsed, by_code, existing_folded, check) -> dict[int, str]:
    """The level of each row: as written, or inferred from its parent's level (top rows are strategic)."""
    levels: dict[int, str] = {}

    def level_of(row: ParsedRow, trail: tuple[int, ...]) -> str | None:
        if row.line in levels:
            return levels[row.line]
        if row.level:
            levels[row.line] = row.level
            return row.level
        if not row.parent_code:
            levels[row.line] = STRATEGIC
            return STRATEGIC
        key = row.parent_code.casefold()
        parent = by_code.get(key)
        if parent is not None:
            if parent.line in trail:
                codes = ", ".join(sorted({p.code for p in parsed if p.line in trail} | {row.code}))
                check.errors.append(RowError(row.line, "parent", str(ERROR_CYCLE % {"codes": codes})))
                return None
            parent_level = level_of(parent, (*trail, row.line))
        elif key in existing_folded:
            parent_level = existing_folded[key][1]
        else:
            return None  # reported by _check_structure
        if parent_level is None:
            return None
        inferred = {STRATEGIC: OPERATIONAL, OPERATIONAL: ACTION}.get(parent_level)
        if inferred is None:
            return None
        levels[row.line] = inferred
        return inferred

    for row in parsed:
        level_of(row, (row.line,))
    return levels


@dataclass
class _Tree:
    """The rows of the file by folded code, the PST already saved, and the level of each row."""

    by_code: dict[str, ParsedRow]
    existing: dict[str, tuple[str, str, str]]  # folded code → (code, level, parent code)
    levels: dict[int, str]

    def parent_of(self, row: ParsedRow) -> tuple[ParsedRow | None, str, str | None] | None:
        """The parent's row in the file (or None), its code as written and its level; None when unknown."""
        key = row.parent_code.casefold()
        parent = self.by_code.get(key)
        if parent is not None:
            return parent, parent.code, self.levels.get(parent.line)
        if key in self.existing:
            code, level, _grand = self.existing[key]
            return None, code, level
        return None


def _explain_unresolved(row: ParsedRow, tree: _Tree, check: ImportCheck) -> None:
    """Why a row without a type has no level: its parent is unknown or is an action."""
    if any(e.line == row.line and e.column == "parent" for e in check.errors):
        return
    found = tree.parent_of(row)
    if found is None:
        check.errors.append(RowError(row.line, "parent", str(ERROR_UNKNOWN_PARENT % {"code": row.parent_code})))
        return
    parent, parent_code, parent_level = found
    if parent_level == ACTION:
        check.errors.append(RowError(row.line, "parent", str(ERROR_PARENT_IS_ACTION % {"code": parent_code})))
    elif parent is not None:
        names = {"code": parent_code, "line": parent.line}
        check.errors.append(RowError(row.line, "parent", str(ERROR_PARENT_HAS_PROBLEMS % names)))


def _check_structure(row: ParsedRow, tree: _Tree, check: ImportCheck) -> None:
    """A row whose level is known: the fields its level uses, its parent, and the PST already saved."""
    _check_level_fields(row, check)
    if _check_parent(row, tree, check):
        _match_existing(row, tree, check)


def _check_level_fields(row: ParsedRow, check: ImportCheck) -> None:
    line, is_action = row.line, row.level == ACTION
    if not row.code:
        if is_action:
            check.warnings.append(RowError(line, "code", str(WARNING_NO_ACTION_CODE)))
        else:
            check.errors.append(RowError(line, "code", str(ERROR_NO_CODE)))
    if not is_action and row.has_action_fields:
        check.warnings.append(RowError(line, "", str(WARNING_ACTION_FIELDS_IGNORED)))
    if is_action and row.pillars:
        check.warnings.append(RowError(line, "pillars", str(WARNING_PILLARS_IGNORED)))
        row.pillars = []


def _check_parent(row: ParsedRow, tree: _Tree, check: ImportCheck) -> bool:
    """Whether the row's parent fits its level (the parent's code then as saved); False stops the row's checks."""
    line = row.line
    if row.level == STRATEGIC:
        if row.parent_code:
            check.errors.append(RowError(line, "parent", str(ERROR_STRATEGIC_WITH_PARENT)))
        return True
    if not row.parent_code:
        check.errors.append(RowError(line, "parent", str(ERROR_NEEDS_PARENT)))
        return True
    found = tree.parent_of(row)
    if found is None:
        check.errors.append(RowError(line, "parent", str(ERROR_UNKNOWN_PARENT % {"code": row.parent_code})))
        return False
    _parent, parent_code, parent_level = found
    if parent_level is None:
        return False
    if parent_level == ACTION:
        check.errors.append(RowError(line, "parent", str(ERROR_PARENT_IS_ACTION % {"code": parent_code})))
        return False
    expected = {OPERATIONAL: STRATEGIC, ACTION: OPERATIONAL}[row.level]
    if parent_level != expected:
        names = {
            "what": _level_label(row.level),
            "expected": _level_label(expected),
            "code": parent_code,
            "actual": _level_label(parent_level),
        }
        check.errors.append(RowError(line, "parent", str(ERROR_WRONG_PARENT % names)))
        return False
    row.parent_code = parent_code
    return True


def _match_existing(row: ParsedRow, tree: _Tree, check: ImportCheck) -> None:
    """A code already in the PST updates that objective or action, at the same level and under the same parent."""
    if not row.code or row.code.casefold() not in tree.existing:
        return
    code, level, parent = tree.existing[row.code.casefold()]
    if level != row.level:
        names = {"code": code, "existing": _level_label(level), "new": _level_label(row.level)}
        check.errors.append(RowError(row.line, "type", str(ERROR_LEVEL_CHANGE % names)))
        return
    if (parent or "").casefold() != (row.parent_code or "").casefold():
        check.errors.append(RowError(row.line, "parent", str(ERROR_PARENT_CHANGE % {"code": code, "existing": parent})))
        return
    row.code = code
    row.exists = True


# A template to start from --------------------------------------------------------------------------

TEMPLATE_HEADER = [
    "type",
    "code",
    "parent",
    "intitulé",
    "description",
    "responsable",
    "budget",
    "échéance",
    "statut",
    "axes",
    "smart",
]
TEMPLATE_ROWS = [
    ["OS", "OS1", "", "Être une commune proche de ses citoyens", "", "", "", "", "", "Gouvernance", ""],
    ["OO", "OO1.1", "OS1", "Simplifier les démarches administratives", "", "", "", "", "", "Gouvernance", ""],
    [
        "action",
        "A1.1.1",
        "OO1.1",
        "Mettre en place un guichet en ligne",
        "",
        "Service population",
        "25 000,00 €",
        "31/12/2026",
        "en cours",
        "",
        "oui",
    ],
]


def template_csv() -> bytes:
    """A small PST file to start from: UTF-8 with BOM and `;`, as Excel in French expects."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADER)
    writer.writerows(TEMPLATE_ROWS)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
