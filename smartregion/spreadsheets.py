"""Reading an uploaded table — a CSV file or the first sheet of an XLSX workbook — into rows of cells.

The PST import (diagnostics) and the barometer import share this part; each then checks the rows
against its own columns. Plain functions over bytes: nothing touches the file system, and the user's
file name only gives its extension. Anything that cannot be read raises `TableFileError` with a
translatable message for the user; nothing else escapes.

- `file_format` checks the size and that the extension matches the content (an `.xls`, a workbook
  named `.csv`, a text named `.xlsx` are refused with a message saying what to do);
- `decode_text` reads CSV text in UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252, else
  Latin-1, and refuses binary content;
- `read_table` gives the rows, trailing empty cells removed, within limits of rows and columns; XLSX
  archives are checked against zip bombs before openpyxl opens them.
"""

import codecs
import csv
import io
import math
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time

from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
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

# Share of control characters above which a "CSV" is taken for a binary file.
MAX_CONTROL_SHARE = 0.01


class TableFileError(Exception):
    """The file cannot be read at all (size, type, encoding, limits); `message` is for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def too_big_message() -> str:
    return ERROR_TOO_BIG % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}


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


def trim(row: list) -> list:
    """The row without its trailing empty cells (None or blank text)."""
    end = len(row)
    while end and (row[end - 1] is None or (isinstance(row[end - 1], str) and not row[end - 1].strip())):
        end -= 1
    return list(row[:end])


class _Rows:
    """Collects rows, refusing more than `max_rows` below the header or more than `max_columns` cells."""

    def __init__(self, max_rows: int, max_columns: int):
        self.max_rows, self.max_columns = max_rows, max_columns
        self.rows: list[list] = []

    def add(self, row: list) -> None:
        if len(self.rows) > self.max_rows:
            raise TableFileError(ERROR_TOO_MANY_ROWS % {"max": self.max_rows})
        row = trim(row)
        if len(row) > self.max_columns:
            raise TableFileError(ERROR_TOO_MANY_COLUMNS % {"max": self.max_columns})
        self.rows.append(row)


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
    rows = _Rows(max_rows, max_columns)
    try:
        for row in reader:
            rows.add(row)
    except csv.Error:
        raise TableFileError(ERROR_MALFORMED_CSV % {"line": reader.line_num}) from None
    return rows.rows


def xlsx_value(value):
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


def read_xlsx(data: bytes, *, max_rows: int, max_columns: int, cell: Callable = xlsx_value) -> list[list]:
    """Rows of the first sheet of a workbook, each value passed through `cell`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            uncompressed = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):  # only the directory is read here, nothing decompressed
        raise TableFileError(ERROR_NOT_XLSX) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise TableFileError(ERROR_NOT_XLSX)
    if uncompressed > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise TableFileError(too_big_message())
    from openpyxl import load_workbook

    rows = _Rows(max_rows, max_columns)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise TableFileError(ERROR_NOT_XLSX)
                for values in workbook.worksheets[0].iter_rows(values_only=True):
                    rows.add([cell(value) for value in values])
            finally:
                workbook.close()
    except TableFileError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        raise TableFileError(ERROR_NOT_XLSX) from None
    return rows.rows


def read_table(
    data: bytes, fmt: str, *, max_rows: int, max_columns: int, prefer: str = ";", cell: Callable = xlsx_value
) -> list[list]:
    """Rows of a file checked by `file_format`: `prefer` is the CSV separator on a tie, `cell` shapes XLSX values."""
    if fmt == XLSX:
        return read_xlsx(data, max_rows=max_rows, max_columns=max_columns, cell=cell)
    return read_csv(data, max_rows=max_rows, max_columns=max_columns, prefer=prefer)
