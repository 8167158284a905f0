"""Reading and checking a file of answers (barometer/importing.py): plain functions, no database."""

import codecs
import io
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from barometer import importing
from barometer.answers import ERROR_NOT_A_NUMBER, ERROR_OUT_OF_RANGE, ERROR_UNKNOWN_OPTION, OptionSpec, QuestionSpec
from barometer.importing import (
    MAX_COLUMNS,
    MAX_ROWS,
    CommuneRef,
    check_table,
    column_letter,
    read_table,
)
from smartregion import spreadsheets
from smartregion.spreadsheets import MAX_UPLOAD_BYTES, TableFileError, file_format, sniff_delimiter
from smartregion.spreadsheets import decode_text as decode

QUESTIONS = [
    QuestionSpec("smartness", "scale", scale_min=1, scale_max=10),
    QuestionSpec("themes", "multiple", options=(OptionSpec("mobility", "Mobilité"), OptionSpec("economy", "Économie"))),
    QuestionSpec("involved", "yes_no"),
    QuestionSpec("obstacles", "text"),
]
COMMUNES = [
    CommuneRef(1, "Courcelles", "52015"),
    CommuneRef(2, "Pont-à-Celles", "52055"),
    CommuneRef(3, "Fontaine-l'Évêque", "52022"),
    CommuneRef(4, "Lobbes", ""),
]


def xlsx(rows, *, sheets=1) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for index in range(1, sheets):
        workbook.create_sheet(f"Other {index}").append(["ignored"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_error(callable_, *args) -> str:
    with pytest.raises(TableFileError) as caught:
        callable_(*args)
    return str(caught.value.message)


def check(rows):
    return check_table(rows, QUESTIONS, COMMUNES)


def messages(result) -> list[tuple]:
    return [(e.line, e.column, e.message) for e in result.errors]


class TestFileFormat:
    def test_csv_and_xlsx(self):
        assert file_format("answers.CSV", b"commune;smartness\n") == "csv"
        assert file_format("réponses.txt", b"commune\n") == "csv"
        assert file_format("answers.xlsx", xlsx([["commune"]])) == "xlsx"

    def test_empty(self):
        assert file_error(file_format, "a.csv", b"") == spreadsheets.ERROR_EMPTY_FILE

    def test_too_big(self):
        too_big = b"x" * (MAX_UPLOAD_BYTES + 1)
        assert file_error(file_format, "a.csv", too_big) == spreadsheets.ERROR_TOO_BIG % {"max": 2}

    @pytest.mark.parametrize("name", ["answers.pdf", "answers", "answers.csv.exe", "../../etc/passwd"])
    def test_other_extensions(self, name):
        assert file_error(file_format, name, b"commune\n") == spreadsheets.ERROR_EXTENSION

    def test_old_excel(self):
        assert file_error(file_format, "a.xls", b"\xd0\xcf\x11\xe0rest") == spreadsheets.ERROR_OLD_EXCEL
        assert file_error(file_format, "a.xlsx", b"\xd0\xcf\x11\xe0rest") == spreadsheets.ERROR_OLD_EXCEL

    def test_content_must_match_the_extension(self):
        assert file_error(file_format, "a.xlsx", b"commune;smartness\n") == spreadsheets.ERROR_NOT_XLSX
        assert file_error(file_format, "a.csv", xlsx([["commune"]])) == spreadsheets.ERROR_XLSX_NAMED_CSV


class TestDecode:
    TEXT = "commune;obstacles\nFontaine-l'Évêque;Pas de budget € ni de temps\n"

    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
    def test_common_encodings(self, encoding):
        assert decode(self.TEXT.encode(encoding)) == self.TEXT

    def test_latin1_without_the_euro_sign(self):
        text = "commune\nFontaine-l'Évêque\n"
        assert decode(text.encode("latin-1")) == text

    def test_bytes_undefined_in_cp1252_fall_back_to_latin1(self):
        text = "commune;obstacles\n" + "Lobbes;aucun\n" * 20 + "Thuin;\x81\n"
        assert decode(text.encode("latin-1")) == text

    def test_many_control_characters_are_binary(self):
        assert file_error(decode, b"commune\n\x81\x8d") == spreadsheets.ERROR_NOT_TEXT

    def test_a_bom_announcing_utf8_over_invalid_bytes(self):
        assert file_error(decode, codecs.BOM_UTF8 + b"commune\n\xff\xfe\xfa") == spreadsheets.ERROR_BAD_ENCODING

    def test_binary_content(self):
        assert file_error(decode, b"commune\x00\x01\x02") == spreadsheets.ERROR_NOT_TEXT


class TestReadCsv:
    @pytest.mark.parametrize(
        "line, delimiter",
        [("commune;smartness;themes", ";"), ("commune,smartness", ","), ("commune\tsmartness", "\t"), ("commune", ",")],
    )
    def test_sniffs_the_separator(self, line, delimiter):
        assert sniff_delimiter(line, prefer=",") == delimiter

    def test_excel_french_csv(self):
        data = "commune;smartness;themes\r\nCourcelles;7;mobility;economy\r\n".encode("cp1252")
        assert read_table(data, "csv") == [
            ["commune", "smartness", "themes"],
            ["Courcelles", "7", "mobility", "economy"],
        ]

    def test_quoted_multiple_choice_keeps_its_semicolons(self):
        data = b'commune;themes\nCourcelles;"mobility;economy"\n'
        assert read_table(data, "csv")[1] == ["Courcelles", "mobility;economy"]

    def test_excel_sep_line(self):
        data = b"sep=,\ncommune,smartness\nLobbes,3\n"
        assert read_table(data, "csv") == [["commune", "smartness"], ["Lobbes", "3"]]

    def test_trailing_empty_cells_and_rows_are_dropped(self):
        data = b"commune,smartness,,\nLobbes,3,,\n,,,\n\n"
        assert read_table(data, "csv") == [["commune", "smartness"], ["Lobbes", "3"]]

    def test_too_many_rows(self):
        data = b"commune\n" + b"Lobbes\n" * (MAX_ROWS + 1)
        assert file_error(read_table, data, "csv") == spreadsheets.ERROR_TOO_MANY_ROWS % {"max": MAX_ROWS}

    def test_too_many_columns(self):
        data = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)).encode()
        assert file_error(read_table, data, "csv") == spreadsheets.ERROR_TOO_MANY_COLUMNS % {"max": MAX_COLUMNS}

    def test_malformed_csv(self):
        data = b'commune,obstacles\nLobbes,"' + b"x" * 200_000 + b'"\n'
        assert "CSV" in file_error(read_table, data, "csv")


class TestReadXlsx:
    def test_first_sheet_and_cell_types(self):
        data = xlsx(
            [
                ["commune", "smartness", "involved", "nis_code", "obstacles"],
                ["Courcelles", 7.0, True, 52015, date(2022, 2, 1)],
                ["Lobbes", 7.5, False, None, None],
            ],
            sheets=2,
        )
        assert read_table(data, "xlsx") == [
            ["commune", "smartness", "involved", "nis_code", "obstacles"],
            ["Courcelles", "7", "yes", "52015", "2022-02-01T00:00:00"],
            ["Lobbes", "7.5", "no"],
        ]

    def test_damaged_workbook(self):
        data = xlsx([["commune"]])
        assert file_error(read_table, data[:200], "xlsx") == spreadsheets.ERROR_NOT_XLSX

    def test_zip_that_is_not_a_workbook(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hello")
        assert file_error(read_table, buffer.getvalue(), "xlsx") == spreadsheets.ERROR_NOT_XLSX

    def test_zip_bomb_is_refused_before_opening(self, monkeypatch):
        monkeypatch.setattr(spreadsheets, "MAX_XLSX_UNCOMPRESSED_BYTES", 100)
        assert file_error(read_table, xlsx([["commune"]]), "xlsx") == spreadsheets.ERROR_TOO_BIG % {"max": 2}


class TestCheckTable:
    def test_clean_file(self):
        result = check(
            [
                ["Commune", "NIS code", "Respondent", "Échevin", "smartness", "themes", "involved", "obstacles"],
                ["courcelles", "", "Marc Lambert", "Jean Martin", "7", "mobility;Économie", "oui", "Budget"],
                ["PONT A CELLES", "52055", "", "", "3", "", "non", ""],
            ]
        )
        assert result.is_clean
        assert result.codes == ["smartness", "themes", "involved", "obstacles"]
        first, second = result.rows
        assert (first.line, first.commune_id, first.respondent_name, first.alderman_name) == (
            2,
            1,
            "Marc Lambert",
            "Jean Martin",
        )
        assert first.values == {
            "smartness": 7,
            "themes": ("mobility", "economy"),
            "involved": True,
            "obstacles": "Budget",
        }
        assert first.answered == 4
        assert (second.commune_id, second.values["themes"], second.answered) == (2, None, 2)

    def test_communes_by_nis_code_alone(self):
        result = check([["nis_code", "smartness"], ["52022", "5"]])
        assert result.rows[0].commune_name == "Fontaine-l'Évêque"

    def test_communes_by_name_whatever_the_accents_and_apostrophes(self):
        result = check([["commune", "smartness"], ["fontaine l’eveque", "5"]])
        assert result.rows[0].commune_id == 3

    def test_wrong_communes(self):
        result = check(
            [
                ["commune", "nis_code", "smartness"],
                ["Charleroi", "", "5"],
                ["", "99999", "5"],
                ["Lobbes", "52015", "5"],
                ["", "", "5"],
            ]
        )
        assert messages(result) == [
            (2, "commune", importing.ERROR_UNKNOWN_COMMUNE % {"name": "Charleroi"}),
            (3, "nis_code", importing.ERROR_UNKNOWN_NIS % {"nis": "99999"}),
            (4, "nis_code", importing.ERROR_NIS_MISMATCH % {"nis": "52015", "of_name": "de Lobbes"}),
            (5, "commune", importing.ERROR_NO_COMMUNE),
        ]
        assert result.rows == []

    def test_duplicated_communes(self):
        result = check([["commune", "smartness"], ["Lobbes", "5"], ["LOBBES", "6"]])
        assert messages(result) == [(3, "", importing.ERROR_DUPLICATE_COMMUNE % {"name": "Lobbes", "line": 2})]
        assert not result.is_clean

    def test_unknown_codes_and_duplicated_columns(self):
        result = check([["commune", "smartnes", "smartness", "Smartness"], ["Lobbes", "1", "2", "3"]])
        assert messages(result) == [
            (1, "smartnes", importing.ERROR_UNKNOWN_CODE % {"code": "smartnes"}),
            (1, "Smartness", importing.ERROR_DUPLICATE_COLUMN % {"code": "Smartness"}),
        ]
        assert result.rows[0].values == {"smartness": 2}

    def test_values_out_of_range_are_reported_row_by_row(self):
        result = check(
            [["commune", "smartness", "themes"], ["Lobbes", "11", "mobility"], ["Courcelles", "x", "culture"]]
        )
        assert messages(result) == [
            (2, "smartness", ERROR_OUT_OF_RANGE % {"value": 11, "min": 1, "max": 10}),
            (3, "smartness", ERROR_NOT_A_NUMBER % {"value": "x"}),
            (3, "themes", ERROR_UNKNOWN_OPTION % {"value": "culture", "options": "mobility, economy"}),
        ]

    def test_empty_rows_and_rows_without_answers(self):
        result = check([["commune", "smartness"], [], ["", ""], ["Lobbes", ""], ["Courcelles", "4"]])
        assert result.is_clean
        assert result.skipped_lines == [4]
        assert [r.line for r in result.rows] == [5]

    def test_no_answer_at_all(self):
        result = check([["commune", "smartness"], ["Lobbes", ""]])
        assert messages(result) == [(None, "", importing.ERROR_NO_ANSWERS)]

    @pytest.mark.parametrize("table", [[], [[]], [["", ""]]])
    def test_no_header(self, table):
        assert messages(check(table)) == [(1, "", importing.ERROR_NO_HEADER)]

    def test_no_commune_column(self):
        assert messages(check([["smartness"], ["5"]])) == [(1, "", importing.ERROR_NO_COMMUNE_COLUMN)]

    def test_untitled_column_holding_values(self):
        result = check([["commune", "", "smartness"], ["Lobbes", "oops", "5"]])
        assert messages(result) == [(1, "B", importing.ERROR_UNTITLED_COLUMN)]

    def test_untitled_empty_column_is_ignored(self):
        assert check([["commune", "", "smartness"], ["Lobbes", "", "5"]]).is_clean

    def test_values_beyond_the_header(self):
        result = check([["commune", "smartness"], ["Lobbes", "5", "stray"]])
        assert messages(result) == [(2, "C", importing.ERROR_BEYOND_HEADER)]

    def test_names_too_long(self):
        result = check([["commune", "respondent", "smartness"], ["Lobbes", "x" * 121, "5"]])
        assert messages(result) == [(2, "respondent", importing.ERROR_NAME_TOO_LONG % {"max": 120})]


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]
