"""Tables of barometer figures and their CSV/XLSX bytes: plain functions, no database.

Exported figures are unrounded (a share of 10 communes out of 14 is 71.42857142857143); pages round.
Text cells that a spreadsheet would take for a formula are neutralised.
"""

import csv
import io

from barometer.answers import cell_value
from barometer.importing import ALDERMAN_COLUMN, COMMUNE_COLUMN, NIS_COLUMN, RESPONDENT_COLUMN, CommuneRef
from barometer.kinds import barometer_kind
from barometer.results import Comparison, EditionResults, QuestionInfo

RESULTS_HEADER = [
    "year",
    "question_code",
    "question",
    "kind",
    "option_code",
    "option",
    "respondents",
    "communes",
    "answered",
    "count",
    "mean",
    "percent_of_respondents",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """A cell that cannot run as a formula when the file is opened in a spreadsheet."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def results_rows(results: EditionResults) -> list[list]:
    """One row per scale (its mean), per option and yes/no answer (count and share), per free-text question."""
    edition = results.edition
    rows = [RESULTS_HEADER]
    for q in results.questions:
        base = [edition.year, q.code, q.label, q.kind]
        counts = [edition.respondents, edition.communes_total, q.answered]
        if barometer_kind(q.kind).has_scale:
            rows.append([*base, "", "", *counts, "", q.mean, ""])
        elif q.shares:
            for share in q.shares:
                rows.append([*base, share.code, share.label, *counts, share.count, "", share.percent])
        else:
            rows.append([*base, "", "", *counts, "", "", ""])
    return rows


def comparison_rows(comparisons: list[Comparison]) -> list[list]:
    years = sorted({year for c in comparisons for year in c.years})
    rows = [["question_code", "question", "unit", "option_code", "option", *[str(y) for y in years]]]
    for comparison in comparisons:
        for series in comparison.series:
            by_year = {p.year: p.value for p in series.points}
            option_code = "" if comparison.unit == "mean" else series.code
            option = "" if comparison.unit == "mean" else series.label
            rows.append(
                [
                    comparison.code,
                    comparison.label,
                    comparison.unit,
                    option_code,
                    option,
                    *[by_year.get(y, "") if by_year.get(y) is not None else "" for y in years],
                ]
            )
    return rows


def text_rows(results: EditionResults) -> list[list]:
    rows = [["question_code", "question", "commune", "answer"]]
    for q in results.questions:
        rows.extend([q.code, q.label, t.commune, t.text] for t in q.texts)
    return rows


def template_rows(
    questions: list[QuestionInfo],
    communes: list[CommuneRef],
    filled: dict[int, tuple[str, str, dict[str, object]]] | None = None,
) -> list[list]:
    """The import file: a row per commune, a column per question code.

    `filled` maps a commune id to (respondent, alderman, answers by code) to export the answers in the
    very format the import reads back.
    """
    ordered = sorted(questions, key=lambda q: (q.position, q.id))
    specs = [q.spec() for q in ordered]
    rows = [[COMMUNE_COLUMN, NIS_COLUMN, RESPONDENT_COLUMN, ALDERMAN_COLUMN, *[q.code for q in ordered]]]
    for commune in communes:
        respondent, alderman, answers = (filled or {}).get(commune.id, ("", "", {}))
        rows.append(
            [
                commune.name,
                commune.nis_code,
                respondent,
                alderman,
                *[cell_value(spec, answers.get(spec.code)) for spec in specs],
            ]
        )
    return rows


def questions_rows(questions: list[QuestionInfo]) -> list[list]:
    """What each column of the import file accepts."""
    rows = [["code", "question", "kind", "accepted_values"]]
    for q in sorted(questions, key=lambda q: (q.position, q.id)):
        rows.append([q.code, q.label, q.kind, accepted_values(q)])
    return rows


def accepted_values(question: QuestionInfo) -> str:
    return barometer_kind(question.kind).accepted_values(question)


def csv_bytes(rows: list[list], *, bom: bool = True) -> bytes:
    """UTF-8 CSV; the byte order mark makes Excel read the accents right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else safe(value) for value in row])
    text = buffer.getvalue()
    return ("\ufeff" + text if bom else text).encode("utf-8")


def xlsx_bytes(sheets: list[tuple[str, list[list]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from smartregion.spreadsheets import sheet_title

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=sheet_title(title, taken=workbook.sheetnames))
        for index, row in enumerate(rows):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=None if value == "" else safe(value))
                if index == 0:
                    cell.font = bold
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
