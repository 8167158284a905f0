"""XLSX and CSV writers: readable by spreadsheets, never running a formula from a cell."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from roadmaps import exports

HEADER = ["Rank", "Title", "Investment (€)"]
ROWS = [[1, '=HYPERLINK("http://evil")', Decimal("40000.50")], [None, "+cmd", None], [2, "Plain", 3]]


def test_xlsx_keeps_values_and_writes_formulas_as_text():
    workbook = load_workbook(io.BytesIO(exports.xlsx_bytes(HEADER, ROWS, sheet_title="Courcelles")))
    sheet = workbook.active
    assert sheet.title == "Courcelles"
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["B2"].value == '=HYPERLINK("http://evil")' and sheet["B2"].data_type == "s"
    assert sheet["C2"].value == 40000.5
    assert sheet.freeze_panes == "C2"


def test_csv_for_excel_with_bom_semicolons_and_no_formulas():
    text = exports.csv_text(HEADER, ROWS)
    assert text.startswith("\ufeffRank;Title;Investment (€)\r\n")
    lines = text.splitlines()
    assert lines[1].startswith('1;"\'=HYPERLINK(""http://evil"")";40000.50')
    assert lines[2] == ";'+cmd;"
    assert lines[3] == "2;Plain;3"
