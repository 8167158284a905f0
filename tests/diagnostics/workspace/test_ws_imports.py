"""The PST file parser (diagnostics.imports): plain functions, no database."""

import codecs
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from diagnostics import imports as I  # noqa: N812
from smartregion import spreadsheets

HEADER_FR = "type;code;parent;intitulé;responsable;budget;échéance;statut;axes;smart"
ROWS_FR = [
    "OS;OS1;;Commune proche;;;;;Gouvernance;",
    "OO;OO1.1;OS1;Simplifier les démarches;;;;;gouvernance | mobilité;",
    "action;A1;OO1.1;Guichet électronique;Service population;12 500,50 €;31/12/2026;en cours;;oui",
]


def csv_bytes(lines, encoding="utf-8", bom=False) -> bytes:
    data = "\r\n".join(lines).encode(encoding)
    return (codecs.BOM_UTF8 if bom else b"") + data


def check(lines, existing=None, encoding="utf-8"):
    data = csv_bytes(lines, encoding)
    return I.check_table(I.read_table(data, spreadsheets.file_format("pst.csv", data)), existing)


def messages(items):
    return [(e.line, e.column, e.message) for e in items]


class TestFileFormat:
    def test_csv_and_xlsx_by_extension_and_content(self):
        assert spreadsheets.file_format("PST.CSV", b"a;b") == "csv"
        assert spreadsheets.file_format("pst.txt", b"a;b") == "csv"
        assert spreadsheets.file_format("pst.xlsx", b"PK\x03\x04rest") == "xlsx"

    @pytest.mark.parametrize(
        ("name", "data", "error"),
        [
            ("pst.csv", b"", spreadsheets.ERROR_EMPTY_FILE),
            ("pst.pdf", b"%PDF", spreadsheets.ERROR_EXTENSION),
            ("pst", b"a;b", spreadsheets.ERROR_EXTENSION),
            ("pst.xls", b"\xd0\xcf\x11\xe0", spreadsheets.ERROR_OLD_EXCEL),
            ("pst.xlsx", b"\xd0\xcf\x11\xe0....", spreadsheets.ERROR_OLD_EXCEL),
            ("pst.xlsx", b"type;code", spreadsheets.ERROR_NOT_XLSX),
            ("pst.csv", b"PK\x03\x04....", spreadsheets.ERROR_XLSX_NAMED_CSV),
        ],
    )
    def test_refused_files(self, name, data, error):
        with pytest.raises(spreadsheets.TableFileError) as raised:
            spreadsheets.file_format(name, data)
        assert raised.value.message == error

    def test_size_limit(self):
        with pytest.raises(spreadsheets.TableFileError) as raised:
            spreadsheets.file_format("pst.csv", b"a" * (spreadsheets.MAX_UPLOAD_BYTES + 1))
        assert raised.value.message == spreadsheets.ERROR_TOO_BIG % {"max": 2}


class TestEncodings:
    @pytest.mark.parametrize(
        ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1252", False), ("latin-1", False)]
    )
    def test_accents_survive(self, encoding, bom):
        lines = [line.replace("€", "EUR") if encoding == "latin-1" else line for line in [HEADER_FR, *ROWS_FR]]
        data = csv_bytes(lines, encoding, bom)
        result = I.check_table(I.read_table(data, "csv"))
        assert result.is_clean, messages(result.errors)
        assert [r.title for r in result.rows][-1] == "Guichet électronique"
        assert result.columns["deadline"] == "échéance"

    def test_utf16_with_bom(self):
        data = ("\n".join([HEADER_FR, *ROWS_FR])).encode("utf-16")
        assert I.check_table(I.read_table(data, "csv")).is_clean

    def test_cp1252_euro_sign(self):
        data = csv_bytes([HEADER_FR, *ROWS_FR], "cp1252")
        assert b"\x80" in data  # € in Windows-1252
        rows = I.check_table(I.read_table(data, "csv")).rows
        assert rows[-1].budget == Decimal("12500.50")

    def test_bom_announcing_utf8_with_invalid_bytes(self):
        with pytest.raises(spreadsheets.TableFileError) as raised:
            I.read_table(codecs.BOM_UTF8 + b"type;code\n\xff\xfe", "csv")
        assert raised.value.message == spreadsheets.ERROR_BAD_ENCODING

    def test_binary_is_not_text(self):
        with pytest.raises(spreadsheets.TableFileError) as raised:
            I.read_table(b"\x00\x01\x02binary", "csv")
        assert raised.value.message == spreadsheets.ERROR_NOT_TEXT

    def test_comma_and_tab_separators(self):
        for separator in (",", "\t"):
            lines = [line.replace(";", separator) for line in [HEADER_FR, *ROWS_FR[:2]]]
            result = check(lines)
            assert result.is_clean, messages(result.errors)
            assert len(result.rows) == 2

    def test_malformed_csv_says_where(self):
        data = b'type;code;title\n"OS;"OS1;x\n' + b"a" * (200 * 1024) + b'\n"'
        with pytest.raises(spreadsheets.TableFileError):
            I.read_table(data, "csv")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class TestXlsx:
    def test_typed_cells(self):
        data = xlsx_bytes(
            [
                ["Type", "Code", "Parent", "Title", "Budget", "Deadline", "Smart"],
                ["OS", "OS1", None, "Strategic", None, None, None],
                ["OO", 1.1, "OS1", "Operational", None, None, None],
                ["action", 7, 1.1, "Action", 1250.5, date(2026, 12, 31), True],
            ]
        )
        table = I.read_table(data, spreadsheets.file_format("pst.xlsx", data))
        result = I.check_table(table)
        assert result.is_clean, messages(result.errors)
        action = result.rows[-1]
        assert (action.code, action.parent_code, action.budget, action.deadline, action.is_smart) == (
            "7",
            "1.1",
            Decimal("1250.50"),
            date(2026, 12, 31),
            True,
        )

    def test_zip_without_workbook_parts(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        with pytest.raises(spreadsheets.TableFileError) as raised:
            I.read_table(buffer.getvalue(), "xlsx")
        assert raised.value.message == spreadsheets.ERROR_NOT_XLSX

    def test_damaged_workbook(self):
        data = xlsx_bytes([["a"]])
        with pytest.raises(spreadsheets.TableFileError):
            I.read_table(data[:200] + b"\x00" * 50 + data[250:], "xlsx")


class TestColumns:
    def test_english_headers_and_inferred_levels(self):
        result = check(
            [
                "Code,Parent code,Title,Owner,Budget,Deadline,Status,Pillars,Smart",
                "S1,,Be close to citizens,,,,,Governance,",
                "O1,S1,Simplify,,,,,,",
                "X1,O1,Online counter,Population,1000,2026-06-30,done,,yes",
            ]
        )
        assert result.is_clean, messages(result.errors)
        assert [r.level for r in result.rows] == [I.STRATEGIC, I.OPERATIONAL, I.ACTION]
        assert result.rows[-1].status == I.DONE

    def test_missing_required_columns(self):
        result = check(["type;parent;budget", "OS;;"])
        columns = {e.column for e in result.errors if e.line is None}
        assert columns == {"code", "title"}
        assert not result.rows

    def test_type_without_parent_column(self):
        result = check(["type;code;title", "OS;OS1;x"])
        assert [e.column for e in result.errors] == ["parent"]

    def test_unknown_column_is_a_warning(self):
        result = check(["code;title;couleur", "OS1;x;bleu"])
        assert result.is_clean
        assert messages(result.warnings) == [(None, "couleur", I.WARNING_UNKNOWN_COLUMN % {"column": "couleur"})]

    def test_two_columns_meaning_the_same(self):
        result = check(["code;titre;intitulé", "OS1;x;y"])
        assert result.errors[0].column == "title"

    def test_header_only(self):
        result = check([HEADER_FR])
        assert messages(result.errors) == [(None, "", str(I.ERROR_NO_ROWS))]

    def test_empty_table(self):
        assert I.check_table([]).errors[0].message == str(spreadsheets.ERROR_EMPTY_FILE)
        assert I.check_table([["", None]]).errors[0].message == str(spreadsheets.ERROR_EMPTY_FILE)


class TestRows:
    def test_identical_rows_are_skipped_with_a_warning(self):
        result = check([HEADER_FR, *ROWS_FR, ROWS_FR[2]])
        assert result.is_clean
        assert len(result.rows) == 3
        assert messages(result.warnings) == [(5, "", I.WARNING_DUPLICATE_ROW % {"line": 4})]

    def test_same_code_other_content(self):
        result = check([HEADER_FR, *ROWS_FR, "action;A1;OO1.1;Autre chose;;;;;;"])
        assert messages(result.errors) == [(5, "code", I.ERROR_CODE_REUSED % {"code": "A1", "line": 4})]
        assert not result.is_clean

    def test_unknown_parent(self):
        result = check([HEADER_FR, *ROWS_FR, "action;A9;OO9;Orpheline;;;;;;"])
        assert messages(result.errors) == [(5, "parent", I.ERROR_UNKNOWN_PARENT % {"code": "OO9"})]

    def test_parent_known_in_the_saved_pst(self):
        result = check([HEADER_FR, "action;A9;OO7;Nouvelle;;;;;;"], existing={"OO7": (I.OPERATIONAL, "OS7")})
        assert result.is_clean
        assert result.rows[0].level == I.ACTION

    def test_parent_is_an_action(self):
        result = check([HEADER_FR, *ROWS_FR, ";A2;A1;Sous-action;;;;;;"])
        assert messages(result.errors) == [(5, "parent", I.ERROR_PARENT_IS_ACTION % {"code": "A1"})]

    def test_wrong_parent_level(self):
        with translation.override("en"):
            result = check([HEADER_FR, ROWS_FR[0], "action;A1;OS1;Action sous un OS;;;;;;"])
        assert result.errors[0].line == 3
        assert "must be" in result.errors[0].message

    def test_strategic_with_parent_and_operational_without(self):
        result = check([HEADER_FR, "OS;OS1;X;a;;;;;;", "OO;OO1;;b;;;;;;"])
        assert messages(result.errors) == [
            (2, "parent", str(I.ERROR_STRATEGIC_WITH_PARENT)),
            (3, "parent", str(I.ERROR_NEEDS_PARENT)),
        ]

    def test_cycle(self):
        result = check([HEADER_FR, ";B1;B2;a;;;;;;", ";B2;B1;b;;;;;;"])
        assert {e.line for e in result.errors} == {2, 3}
        assert all("B1, B2" in e.message for e in result.errors)

    def test_child_of_a_row_with_problems(self):
        result = check([HEADER_FR, ";OO2;OSX;a;;;;;;", ";A3;OO2;b;;;;;;"])
        assert messages(result.errors)[1] == (3, "parent", I.ERROR_PARENT_HAS_PROBLEMS % {"code": "OO2", "line": 2})

    def test_objective_without_code(self):
        result = check([HEADER_FR, "OS;;;Sans code;;;;;;"])
        assert messages(result.errors) == [(2, "code", str(I.ERROR_NO_CODE))]

    def test_action_without_code_is_a_warning(self):
        result = check([HEADER_FR, *ROWS_FR[:2], "action;;OO1.1;Sans code;;;;;;"])
        assert result.is_clean
        assert (4, "code", str(I.WARNING_NO_ACTION_CODE)) in messages(result.warnings)

    def test_bad_values_each_explained(self):
        result = check(
            [HEADER_FR, *ROWS_FR[:2], "action;A1;OO1.1;X;;abc;32/01/2026;bof;;peut-être", "zz;A2;OO1.1;Y;;;;;;"]
        )
        assert [(e.line, e.column) for e in result.errors] == [
            (4, "budget"),
            (4, "deadline"),
            (4, "status"),
            (4, "smart"),
            (5, "type"),
        ]
        assert {r.code for r in result.rows} == {"OS1", "OO1.1"}

    def test_too_long_values(self):
        result = check([HEADER_FR, "OS;" + "C" * 21 + ";;" + "T" * 301 + ";;;;;;"])
        assert {e.column for e in result.errors} == {"code", "title"}

    def test_fields_of_actions_on_objectives_are_ignored_with_a_warning(self):
        result = check([HEADER_FR, "OS;OS1;;a;Moi;100;;;;"])
        assert result.is_clean
        assert messages(result.warnings) == [(2, "", str(I.WARNING_ACTION_FIELDS_IGNORED))]

    def test_existing_codes_update_and_keep_their_level(self):
        existing = {"OS1": (I.STRATEGIC, ""), "OO1.1": (I.OPERATIONAL, "OS1"), "A1": (I.ACTION, "OO1.1")}
        result = check([HEADER_FR, *ROWS_FR], existing)
        assert result.is_clean
        assert all(r.exists for r in result.rows)
        assert result.counts()["updated"] == 3
        wrong = check([HEADER_FR, "action;OS1;OO1.1;x;;;;;;", *ROWS_FR[1:2]], existing)
        assert wrong.errors[0].column == "type"
        moved = check([HEADER_FR, "OO;OO1.1;OS2;x;;;;;;", "OS;OS2;;y;;;;;;"], existing)
        assert moved.errors[0].message == I.ERROR_PARENT_CHANGE % {"code": "OO1.1", "existing": "OS1"}

    def test_codes_match_without_regard_to_case(self):
        result = check([HEADER_FR, "OS;os1;;a;;;;;;", "OO;OO1;OS1;b;;;;;;"])
        assert result.is_clean
        assert result.rows[1].parent_code == "os1"


class TestCells:
    @pytest.mark.parametrize(
        ("text", "amount"),
        [
            ("12 500,50 €", "12500.50"),
            ("12\u00a0500,50\u00a0€", "12500.50"),
            ("12\u202f500 EUR", "12500.00"),
            ("12.500,50", "12500.50"),
            ("12,500.50", "12500.50"),
            ("12.500", "12500.00"),
            ("1.250.000", "1250000.00"),
            ("1,234,567", "1234567.00"),
            ("12,5", "12.50"),
            ("€ 3 000", "3000.00"),
            ("1250.5", "1250.50"),
            ("0", "0.00"),
            (1250, "1250.00"),
            (1.125, "1.13"),
        ],
    )
    def test_budgets(self, text, amount):
        assert I.parse_budget(text) == Decimal(amount)

    @pytest.mark.parametrize("text", ["abc", "12,50,3.4.5", "€", "1e5", "--5", True, float("nan")])
    def test_bad_budgets(self, text):
        with pytest.raises(I.CellError):
            I.parse_budget(text)

    def test_negative_and_huge_budgets(self):
        with pytest.raises(I.CellError) as raised:
            I.parse_budget("-5")
        assert raised.value.message == I.ERROR_BUDGET_NEGATIVE
        with pytest.raises(I.CellError) as raised:
            I.parse_budget("1" * 16)
        assert raised.value.message == I.ERROR_BUDGET_TOO_LARGE

    @pytest.mark.parametrize(
        ("text", "day"),
        [
            ("31/12/2026", date(2026, 12, 31)),
            ("1/2/2026", date(2026, 2, 1)),
            ("31-12-2026", date(2026, 12, 31)),
            ("31.12.26", date(2026, 12, 31)),
            ("2026-12-31", date(2026, 12, 31)),
            ("2026-12-31 00:00:00", date(2026, 12, 31)),
            ("02/2026", date(2026, 2, 28)),
            ("2027", date(2027, 12, 31)),
            (date(2026, 1, 5), date(2026, 1, 5)),
            ("", None),
        ],
    )
    def test_dates(self, text, day):
        assert I.parse_date(text) == day

    @pytest.mark.parametrize("text", ["31/02/2026", "2026-13-01", "demain", "12/31/2026", "1/1/0099", "13/2030"])
    def test_bad_dates(self, text):
        with pytest.raises(I.CellError):
            I.parse_date(text)

    def test_statuses_smart_and_pillars(self):
        assert I.parse_status("En cours") == I.IN_PROGRESS
        assert I.parse_status("Terminé") == I.DONE
        assert I.parse_status("") == I.PLANNED
        assert I.parse_smart("OUI") is True
        assert I.parse_smart("x") is True
        assert I.parse_smart("") is False
        assert I.parse_pillars("Mobilité; énergie | Smart citizens") == [
            "mobility",
            "energy_environment",
            "smart_citizens",
        ]
        with pytest.raises(I.CellError):
            I.parse_pillars("Sport")


def test_template_file_imports_cleanly():
    data = I.template_csv()
    assert data.startswith(codecs.BOM_UTF8)
    result = I.check_table(I.read_table(data, spreadsheets.file_format("template.csv", data)))
    assert result.is_clean, messages(result.errors)
    assert result.counts() == {"strategic": 1, "operational": 1, "action": 1, "new": 3, "updated": 0}


def test_problems_by_line_groups_errors_and_warnings():
    result = check([HEADER_FR, *ROWS_FR, ROWS_FR[2], ";A9;OO9;Orpheline;;;;;;"])
    grouped = result.problems_by_line()
    assert [severity for severity, _item in grouped[5]] == ["warning"]
    assert [severity for severity, _item in grouped[6]] == ["error"]


class TestColumnTitlesInBothLanguages:
    """Users see the PST columns in their language (issue 15: "deadline", "pillars" in the French page)."""

    def test_french_and_english_titles(self):
        titles = {t["column"]: (t["fr"], t["en"]) for t in I.column_titles()}
        assert titles["deadline"] == ("échéance", "deadline")
        assert titles["pillars"] == ("axes", "pillars")
        assert titles["title"] == ("intitulé", "title")
        assert list(titles) == list(I.COLUMNS)

    @pytest.mark.parametrize("language", ["fr", "en"])
    def test_a_file_titled_in_either_language_is_read(self, language):
        titles = [t[language] for t in I.column_titles()]
        row = ["action", "A1", "OO1.1", "Guichet", "", "Population", "1 000", "31/12/2026", "en cours", "", "oui"]
        result = check(
            [";".join(titles), "OS;OS1;;Commune;;;;;;gouvernance;", "OO;OO1.1;OS1;Simplifier;;;;;;;", ";".join(row)]
        )
        assert result.is_clean, messages(result.errors)
        assert set(result.columns) == set(I.COLUMNS)
        assert result.rows[-1].deadline == date(2026, 12, 31)

    def test_a_missing_column_is_named_in_french(self):
        with translation.override("fr"):
            result = check(["type;parent;budget", "OS;;"])
        labels = {e.column: e.column_label for e in result.errors}
        assert labels == {"code": "code", "title": "intitulé"}
        assert "« intitulé »" in result.errors[-1].message or "intitulé" in result.errors[-1].message

    def test_a_cell_problem_names_the_column_as_the_file_titles_it(self):
        with translation.override("fr"):
            french = check(
                [HEADER_FR, "action;A1;OO1.1;Guichet;;;demain;;;", "OO;OO1.1;OS1;x;;;;;;", "OS;OS1;;y;;;;;;"]
            )
            english = check(["type;code;parent;title;deadline", "OS;OS1;;y;demain"])
        assert [(e.column, e.column_label) for e in french.errors] == [("deadline", "échéance")]
        assert [(e.column, e.column_label) for e in english.errors] == [("deadline", "deadline")]
