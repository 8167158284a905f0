"""The roadmap as an XLSX workbook or a CSV file, from selectors.export_table.

Cells starting with =, +, - or @ are written as plain text so that a spreadsheet never runs them as a
formula (CSV injection).
"""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from smartregion.spreadsheets import sheet_title as spreadsheet_title

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def xlsx_bytes(header: list[str], rows: list[list], *, sheet_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spreadsheet_title(sheet_title, fallback=_("Roadmap"))
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str):
                # openpyxl would store "=…" as a formula; force a string cell.
                cell.data_type = "s"
    sheet.freeze_panes = "C2"
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(title) + 2, 12), 40)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(header: list[str], rows: list[list]) -> str:
    """UTF-8 with a byte-order mark and semicolons, as Excel in French and Dutch locales expects."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _safe_text(v) if isinstance(v, str) else v for v in row])
    return buffer.getvalue()
