"""Reading an uploaded table — a CSV file or the first sheet of an XLSX workbook — into rows of cells.

The PST import (diagnostics) and the barometer import share this part; each then checks the rows
against its own columns. Plain functions over bytes: nothing touches the file system, and the user's
file name only gives its extension. Anything that cannot be read raises `TableFileError` with a
translatable message for the user; nothing else escapes.

- `file_format` checks the size and that the extension matches the content (an `.xls`, a workbook
  named `.csv`, a text named `.xlsx` are refused with a message saying what to do);
- `decode_text` reads CSV text in UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252, else
  Latin-1, and refuses binary content;
- `read_table` gives the rows, trailing empty cells removed, within limits of rows and columns;
- `check_xlsx` refuses, before openpyxl reads a single cell, a workbook whose archive or first sheet
  exceeds the limits (sizes, compression ratios, number of sheets, declared dimension, cells found by a
  streamed scan of the sheet XML); `read_xlsx` then reads only the allowed rows and columns, so that
  any upload is accepted or refused in well under a second whatever it declares;
- `sheet_title` makes a text a valid, unique worksheet title for every XLSX the site writes.
"""

import codecs
import csv
import io
import math
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Generic, TypeVar
from xml.parsers import expat

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
# One member of the archive may not inflate more than this many times (a real sheet: 5 to 30 times)...
MAX_XLSX_RATIO = 100
# ...unless it stays this small once inflated.
XLSX_RATIO_FLOOR = 1024 * 1024
MAX_XLSX_SHEETS = 50
# Bytes of sheet XML allowed per cell the limits admit (a cell of text is ~40 bytes), and the members
# openpyxl parses whole when it opens a workbook.
XLSX_SHEET_BYTES_PER_CELL = 120
MAX_XLSX_SHARED_STRINGS_BYTES = 8 * 1024 * 1024
MAX_XLSX_STYLES_BYTES = 4 * 1024 * 1024
SHEET_TITLE_MAX = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")
CSV = "csv"
XLSX = "xlsx"

ERROR_EMPTY_FILE = _("The file is empty.")
ERROR_TOO_BIG = _("The file is larger than %(max)s MB.")
ERROR_EXTENSION = _("Send a .csv or .xlsx file.")
ERROR_OLD_EXCEL = _("Old Excel files (.xls) cannot be read: save the file as .xlsx or .csv first.")
ERROR_NOT_XLSX = _("This file is not a readable Excel workbook (.xlsx).")
ERROR_XLSX_NAMED_CSV = _("This file is an Excel workbook named .csv: rename it to .xlsx or save it as CSV.")
ERROR_NOT_TEXT = _("This file is not a text (CSV) file.")
ERROR_BAD_ENCODING = _("The file announces UTF-8 but holds invalid characters: save it again as “CSV UTF-8”.")
ERROR_MALFORMED_CSV = _("The file cannot be read as CSV near row %(line)s.")
ERROR_TOO_MANY_ROWS = _("The file has more than %(max)s rows.")
ERROR_TOO_MANY_COLUMNS = _("The file has more than %(max)s columns.")
ERROR_XLSX_BOMB = _(
    "This workbook is compressed in a way no spreadsheet does (it would inflate to far more than its size): "
    "save it again from your spreadsheet, or as CSV."
)
ERROR_TOO_MANY_SHEETS = _("The workbook has more than %(max)s sheets: keep only the sheet to import.")
ERROR_XLSX_DIMENSION = _(
    "The first sheet declares the range %(range)s, beyond the %(max_rows)s rows and %(max_columns)s columns "
    "allowed: delete the rows and columns after the table, or copy the table into a new workbook."
)
ERROR_XLSX_CELL_OUTSIDE = _(
    "The first sheet has a value in cell %(cell)s, beyond the %(max_rows)s rows and %(max_columns)s columns "
    "allowed: delete the rows and columns after the table, or copy the table into a new workbook."
)
ERROR_XLSX_TOO_MUCH_TEXT = _(
    "The workbook holds far more text than a table of %(max_rows)s rows and %(max_columns)s columns: "
    "copy the table into a new workbook, or save it as CSV."
)

# Share of control characters above which a "CSV" is taken for a binary file.
MAX_CONTROL_SHARE = 0.01

# A cell made plain (`xlsx_value`); a `cell` function given to `read_xlsx` may shape values otherwise.
Cell = str | int | float | bool | None
CellReader = Callable[[Any], Any]
_Value = TypeVar("_Value")


class TableFileError(Exception):
    """The file cannot be read at all (size, type, encoding, limits); `message` is for the user."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


def too_big_message() -> str:
    return str(ERROR_TOO_BIG % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)})


def file_format(filename: str, data: bytes) -> str:
    """`CSV` or `XLSX`, from the name's extension checked against the content; TableFileError otherwise."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not data:
        raise TableFileError(ERROR_EMPTY_FILE)
    if len(data) > MAX_UPLOAD_BYTES:
        raise TableFileError(too_big_message())
    is_zip = data.startswith(b"PK\x03\x04")
    is_ole = data.startswith(b"\xd0\xcf\x11\xe0")
    if extension == "xls" or (is_ole and extension in ("csv", "xlsx", "txt")):
        raise TableFileError(ERROR_OLD_EXCEL)
    if extension == XLSX:
        if not is_zip:
            raise TableFileError(ERROR_NOT_XLSX)
        return XLSX
    if extension in ("csv", "txt"):
        if is_zip:
            raise TableFileError(ERROR_XLSX_NAMED_CSV)
        return CSV
    raise TableFileError(ERROR_EXTENSION)


def decode_text(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252, else Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            raise TableFileError(ERROR_BAD_ENCODING) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise TableFileError(ERROR_NOT_TEXT) from None
    elif b"\x00" in data:
        raise TableFileError(ERROR_NOT_TEXT)
    else:
        text = _decode_8bit(data)
    if "\x00" in text or _control_share(text) > MAX_CONTROL_SHARE:
        raise TableFileError(ERROR_NOT_TEXT)
    return text


def _decode_8bit(data: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # every byte is a Latin-1 character


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\r\n\f")
    return controls / len(text)


def sniff_delimiter(first_line: str, *, prefer: str = ";") -> str:
    """`;` (Excel in French), `,` or a tab: whichever the header line holds most often, `prefer` on a tie."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", "\t", ",")}
    best = max(counts, key=lambda d: (counts[d], d == prefer))
    return best if counts[best] else prefer


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def trim(row: Sequence[_Value]) -> list[_Value]:
    """The row without its trailing empty cells (None or blank text)."""
    end = len(row)
    while end and _blank(row[end - 1]):
        end -= 1
    return list(row[:end])


class _Rows(Generic[_Value]):
    """Collects rows, refusing more than `max_rows` below the header or more than `max_columns` cells."""

    def __init__(self, max_rows: int, max_columns: int) -> None:
        self.max_rows, self.max_columns = max_rows, max_columns
        self.rows: list[list[_Value]] = []

    def add(self, row: Sequence[_Value]) -> None:
        if len(self.rows) > self.max_rows:
            raise TableFileError(ERROR_TOO_MANY_ROWS % {"max": self.max_rows})
        trimmed = trim(row)
        if len(trimmed) > self.max_columns:
            raise TableFileError(ERROR_TOO_MANY_COLUMNS % {"max": self.max_columns})
        self.rows.append(trimmed)


def read_csv(data: bytes, *, max_rows: int, max_columns: int, prefer: str = ";") -> list[list[str]]:
    """Rows of a CSV file; an Excel `sep=;` first line names the separator."""
    text = decode_text(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    explicit = re.match(r"^\s*sep=(.)\s*$", first)
    if explicit:
        delimiter = explicit.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = sniff_delimiter(first, prefer=prefer)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: _Rows[str] = _Rows(max_rows, max_columns)
    try:
        for row in reader:
            rows.add(row)
    except csv.Error:
        raise TableFileError(ERROR_MALFORMED_CSV % {"line": reader.line_num}) from None
    return rows.rows


def xlsx_value(value: object) -> Cell:
    """A cell as openpyxl gives it, made plain: text, number, boolean or None; dates become ISO text."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


_CELL_REF = re.compile(r"^([A-Z]{1,3})?([0-9]{1,7})?$")
_RANGE_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _parse_member(
    archive: zipfile.ZipFile,
    name: str,
    start: Callable[[str, dict[str, str]], None] | None = None,
    end: Callable[[str], None] | None = None,
    *,
    limit: int,
) -> None:
    """Streams the XML of one member through expat (namespaces resolved), at most `limit` bytes of it."""
    parser = expat.ParserCreate(namespace_separator=" ")
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    read = 0
    with archive.open(name) as stream:
        while chunk := stream.read(64 * 1024):
            read += len(chunk)
            if read > limit:
                raise TableFileError(ERROR_XLSX_BOMB)
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _first_sheet_path(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The member holding the workbook's first sheet (the one openpyxl gives first); checks the sheet count."""
    sheets: list[str] = []
    targets: dict[str, str] = {}

    def on_sheet(tag: str, attributes: dict[str, str]) -> None:
        if tag == f"{_MAIN} sheet":
            sheets.append(attributes.get(f"{_REL} id", ""))
            if len(sheets) > MAX_XLSX_SHEETS:
                raise TableFileError(ERROR_TOO_MANY_SHEETS % {"max": MAX_XLSX_SHEETS})

    def on_relationship(tag: str, attributes: dict[str, str]) -> None:
        if tag == f"{_PKG_REL} Relationship":
            targets[attributes.get("Id", "")] = attributes.get("Target", "")

    _parse_member(archive, "xl/workbook.xml", on_sheet, limit=MAX_XLSX_STYLES_BYTES)
    if not sheets:
        return None
    if "xl/_rels/workbook.xml.rels" in names:
        _parse_member(archive, "xl/_rels/workbook.xml.rels", on_relationship, limit=MAX_XLSX_STYLES_BYTES)
    target = targets.get(sheets[0], "")
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return path if path in names else None


@dataclass
class _SheetCursor:
    """Where the sheet's XML stream is: the row and column of the last cell, the cell being read, whether
    it holds a value."""

    row: int = 0
    column: int = 0
    cell: tuple[int, int] | None = None
    value: bool = False


def _check_sheet(archive: zipfile.ZipFile, path: str, *, max_rows: int, max_columns: int) -> None:
    """Streams the sheet XML: its declared dimension and every cell holding a value stay within the limits.

    Rows and cells without an `r` attribute follow the previous one, as in openpyxl. Empty cells (a
    style only) may lie anywhere: they are never read.
    """
    last_row = max_rows + 1  # the header, then max_rows rows
    state = _SheetCursor()

    def outside(row: int, column: int) -> bool:
        return row > last_row or column > max_columns

    def start(tag: str, attributes: dict[str, str]) -> None:
        name = tag.rsplit(" ", 1)[-1]
        if name == "c":
            match = _CELL_REF.match(attributes.get("r", ""))
            if not match:
                raise TableFileError(ERROR_NOT_XLSX)
            letters, digits = match.groups()
            state.column = _column_number(letters) if letters else state.column + 1
            row = int(digits) if digits else state.row
            state.cell, state.value = (row, state.column), False
        elif name in ("v", "is", "f") and state.cell:
            state.value = True
        elif name == "row":
            digits = attributes.get("r")
            if digits is not None and not digits.isdigit():
                raise TableFileError(ERROR_NOT_XLSX)
            state.row = int(digits) if digits else state.row + 1
            state.column = 0
        elif name == "dimension":
            _check_dimension(attributes.get("ref", ""), max_rows=max_rows, max_columns=max_columns)

    def end(tag: str) -> None:
        if tag.endswith(" c") and state.cell:
            row, column = state.cell
            if state.value and outside(row, column):
                raise TableFileError(
                    ERROR_XLSX_CELL_OUTSIDE
                    % {"cell": _cell_name(row, column), "max_rows": max_rows, "max_columns": max_columns}
                )
            state.cell = None

    _parse_member(archive, path, start, end, limit=(last_row * max_columns + 1000) * XLSX_SHEET_BYTES_PER_CELL)


def _cell_name(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column) if column <= 18278 else '?'}{row}"


def _check_dimension(ref: str, *, max_rows: int, max_columns: int) -> None:
    match = _RANGE_REF.match(ref.upper())
    if not match:
        raise TableFileError(ERROR_NOT_XLSX)
    last_letters, last_digits = match.group(3) or match.group(1), match.group(4) or match.group(2)
    if int(last_digits) > max_rows + 1 or _column_number(last_letters) > max_columns:
        raise TableFileError(
            ERROR_XLSX_DIMENSION % {"range": ref[:40], "max_rows": max_rows, "max_columns": max_columns}
        )


def check_xlsx(data: bytes, *, max_rows: int, max_columns: int) -> None:
    """Refuses, before any cell is read, a workbook that would cost more than its limits allow.

    1. the archive's directory: the members a workbook needs, the total inflated size, each member's
       compression ratio (nothing is inflated yet);
    2. the workbook part: at most MAX_XLSX_SHEETS sheets, and which member is the first sheet;
    3. the shared strings and styles, parsed whole by openpyxl, within their own sizes;
    4. the first sheet, streamed: a declared dimension and cells with values within the rows and columns
       allowed, and no more XML than such a table needs.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {info.filename for info in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise TableFileError(ERROR_NOT_XLSX)
            if sum(info.file_size for info in members) > MAX_XLSX_UNCOMPRESSED_BYTES:
                raise TableFileError(too_big_message())
            for info in members:
                if info.file_size > XLSX_RATIO_FLOOR and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
                    raise TableFileError(ERROR_XLSX_BOMB)
            sheet = _first_sheet_path(archive, names)
            if sheet is None:
                raise TableFileError(ERROR_NOT_XLSX)
            too_much_text = ERROR_XLSX_TOO_MUCH_TEXT % {"max_rows": max_rows, "max_columns": max_columns}
            for name, limit in (
                ("xl/sharedStrings.xml", MAX_XLSX_SHARED_STRINGS_BYTES),
                ("xl/styles.xml", MAX_XLSX_STYLES_BYTES),
            ):
                if name in names and archive.getinfo(name).file_size > limit:
                    raise TableFileError(too_much_text)
            _check_sheet(archive, sheet, max_rows=max_rows, max_columns=max_columns)
    except TableFileError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, expat.ExpatError, KeyError, RuntimeError):
        raise TableFileError(ERROR_NOT_XLSX) from None


def read_xlsx(data: bytes, *, max_rows: int, max_columns: int, cell: CellReader = xlsx_value) -> list[list[Any]]:
    """Rows of the first sheet of a workbook checked by `check_xlsx`, each value passed through `cell`."""
    check_xlsx(data, max_rows=max_rows, max_columns=max_columns)
    from openpyxl import load_workbook

    rows: _Rows[Any] = _Rows(max_rows, max_columns)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise TableFileError(ERROR_NOT_XLSX)
                sheet = workbook.worksheets[0]
                for values in sheet.iter_rows(max_row=max_rows + 1, max_col=max_columns, values_only=True):
                    rows.add([cell(value) for value in values])
            finally:
                workbook.close()
    except TableFileError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        raise TableFileError(ERROR_NOT_XLSX) from None
    while rows.rows and not rows.rows[-1]:  # openpyxl pads up to max_row when the sheet goes further
        rows.rows.pop()
    return rows.rows


def sheet_title(text: str, *, taken: Iterable[str] = (), fallback: str = "Sheet") -> str:
    """A worksheet title Excel accepts: `/\\?*[]:` replaced, at most 31 characters, not starting or ending
    with an apostrophe, and unique (case-insensitively) among `taken` by a numbered suffix."""
    title = SHEET_TITLE_FORBIDDEN.sub("-", str(text or "")).strip().strip("'").strip()
    title = title[:SHEET_TITLE_MAX].strip() or str(fallback)[:SHEET_TITLE_MAX]
    used = {str(name).casefold() for name in taken}
    candidate, number = title, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = title[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
    return candidate


def read_table(
    data: bytes, fmt: str, *, max_rows: int, max_columns: int, prefer: str = ";", cell: CellReader = xlsx_value
) -> list[list[Any]]:
    """Rows of a file checked by `file_format`: `prefer` is the CSV separator on a tie, `cell` shapes XLSX values."""
    if fmt == XLSX:
        return read_xlsx(data, max_rows=max_rows, max_columns=max_columns, cell=cell)
    return read_csv(data, max_rows=max_rows, max_columns=max_columns, prefer=prefer)
