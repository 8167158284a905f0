"""Hostile workbooks, crafted part by part so that each one lies in exactly one way.

Each builder returns the bytes of an `.xlsx` whose first sheet starts with a header row
(`commune`, `smartness`) that an import would accept; the hostility lies elsewhere. Used by the
import tests of every app and by `bench/faults.py hostile-upload`.
"""

import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["commune", "smartness"]


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def row_xml(number: int, values: list[str]) -> str:
    cells = "".join(inline(f"{get_column_letter(i)}{number}", v) for i, v in enumerate(values, start=1))
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows: str, dimension: str | None = "A1:B2") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension is not None else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dim}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def workbook(sheets: list[str], *, shared_strings: str | None = None, extra: dict | None = None) -> bytes:
    """A workbook whose sheets are the given sheet XML texts (the first one is the one imported)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
    sheet_list = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(overrides=overrides))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheets>{sheet_list}</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, sheet in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", sheet)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def plain(rows: list[list[str]] | None = None) -> bytes:
    """A harmless workbook: the header and the given rows."""
    rows = rows if rows is not None else [["Lobbes", "3"]]
    body = "".join(row_xml(n, values) for n, values in enumerate([HEADER, *rows], start=1))
    return workbook([sheet_xml(body, f"A1:B{len(rows) + 1}")])


def far_cell(ref: str = "XFD2999") -> bytes:
    """The header, then one value in `ref` (by default the last column, row 2999); the dimension says so."""
    body = row_xml(1, HEADER) + f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">{inline(ref, "x")}</row>'
    return workbook([sheet_xml(body, f"A1:{ref}")])


def lying_dimension(ref: str = "XFD2999") -> bytes:
    """Like `far_cell` but the dimension tag claims A1:B2, so only a scan of the cells finds `ref`."""
    body = row_xml(1, HEADER) + f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">{inline(ref, "x")}</row>'
    return workbook([sheet_xml(body, "A1:B2")])


def huge_dimension() -> bytes:
    """Two harmless rows under a dimension tag declaring the whole grid (A1:XFD1048576)."""
    body = row_xml(1, HEADER) + row_xml(2, ["Lobbes", "3"])
    return workbook([sheet_xml(body, "A1:XFD1048576")])


def bogus_dimension() -> bytes:
    """A dimension tag that is not a range at all."""
    body = row_xml(1, HEADER) + row_xml(2, ["Lobbes", "3"])
    return workbook([sheet_xml(body, "A1:ZZZZZZ99999999999")])


def bomb_sheet(megabytes: int = 30) -> bytes:
    """A sheet of empty styled cells inflating to `megabytes` MB from a few dozen KB (ratio ~1000)."""
    filler = '<row r="3"><c r="A3" s="0"/></row>' * (megabytes * 1024 * 1024 // 32)
    return workbook([sheet_xml(row_xml(1, HEADER) + filler, "A1:B2")])


def many_sheets(count: int = 500) -> bytes:
    """The header sheet followed by `count` - 1 empty sheets."""
    body = row_xml(1, HEADER) + row_xml(2, ["Lobbes", "3"])
    return workbook([sheet_xml(body)] + [sheet_xml("", None)] * (count - 1))


def shared_strings_bomb(megabytes: int = 9) -> bytes:
    """A harmless sheet with a shared-strings part of `megabytes` MB of distinct-looking strings."""
    count = megabytes * 1024 * 1024 // 24
    strings = "".join(f"<si><t>s{n:012d}</t></si>" for n in range(count))
    table = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'
        f"{strings}</sst>"
    )
    body = row_xml(1, HEADER) + '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>3</v></c></row>'
    return workbook([sheet_xml(body)], shared_strings=table)


ALL = {
    "far-cell": far_cell,
    "lying-dimension": lying_dimension,
    "huge-dimension": huge_dimension,
    "bogus-dimension": bogus_dimension,
    "bomb-sheet": bomb_sheet,
    "many-sheets": many_sheets,
    "shared-strings-bomb": shared_strings_bomb,
}
