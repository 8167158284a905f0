"""The table reader shared by the PST and barometer imports (smartregion/spreadsheets.py): no database."""

import math
from datetime import date, datetime, time

import pytest

from smartregion import spreadsheets
from smartregion.spreadsheets import TableFileError, read_csv, read_table, sniff_delimiter, trim, xlsx_value


def error_of(fn, *args, **kwargs) -> str:
    with pytest.raises(TableFileError) as raised:
        fn(*args, **kwargs)
    return str(raised.value.message)


class TestDelimiter:
    def test_the_most_frequent_separator_wins(self):
        assert sniff_delimiter("a,b,c;d") == ","

    def test_a_tie_goes_to_the_preferred_separator(self):
        assert sniff_delimiter("a;b,c", prefer=",") == ","
        assert sniff_delimiter("a;b,c", prefer=";") == ";"

    def test_a_single_column_uses_the_preferred_separator(self):
        assert sniff_delimiter("commune", prefer=",") == ","

    def test_excel_sep_line_names_the_separator_and_is_not_a_row(self):
        data = b"sep=|\ncode|title\nOS1|Commune proche\n"
        assert read_csv(data, max_rows=10, max_columns=5) == [["code", "title"], ["OS1", "Commune proche"]]


class TestLimits:
    def test_rows_are_counted_below_the_header(self):
        data = b"code\n" + b"x\n" * 3
        assert len(read_csv(data, max_rows=3, max_columns=5)) == 4
        assert error_of(read_csv, data + b"y\n", max_rows=3, max_columns=5) == spreadsheets.ERROR_TOO_MANY_ROWS % {
            "max": 3
        }

    def test_trailing_empty_cells_do_not_count_as_columns(self):
        assert read_csv(b"a;b;;;;\n", max_rows=1, max_columns=2) == [["a", "b"]]
        message = error_of(read_csv, b"a;b;c\n", max_rows=1, max_columns=2)
        assert message == spreadsheets.ERROR_TOO_MANY_COLUMNS % {"max": 2}

    def test_read_table_dispatches_on_the_format(self):
        assert read_table(b"a,b\n", "csv", max_rows=1, max_columns=2, prefer=",") == [["a", "b"]]
        assert error_of(read_table, b"a,b\n", "xlsx", max_rows=1, max_columns=2) == spreadsheets.ERROR_NOT_XLSX


class TestCells:
    def test_trim_keeps_inner_blanks(self):
        assert trim(["a", None, "b", " ", None]) == ["a", None, "b"]

    @pytest.mark.parametrize(
        ("value", "plain"),
        [
            (datetime(2026, 12, 31, 10, 30), "2026-12-31"),  # noqa: DTZ001 - openpyxl gives naive datetimes
            (date(2026, 12, 31), "2026-12-31"),
            (time(9, 15), "09:15:00"),
            (True, True),
            (7, 7),
            (1250.5, 1250.5),
            (math.inf, "inf"),
            (None, None),
        ],
    )
    def test_xlsx_values_become_plain(self, value, plain):
        assert xlsx_value(value) == plain
