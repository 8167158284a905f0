"""Hostile workbooks (tests/hostile_xlsx.py) are refused quickly, with a clear message, by every XLSX import:
the shared reader (smartregion/spreadsheets.py), the barometer import and the PST import, and before
openpyxl reads any cell."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from barometer import importing as barometer_importing
from barometer.models import ResponseImport
from diagnostics import imports as pst_imports
from diagnostics.models import PstImport
from smartregion import spreadsheets
from smartregion.spreadsheets import TableFileError, check_xlsx, file_format, read_table
from tests import hostile_xlsx
from tests.barometer.conftest import make_edition
from tests.helpers import assert_message_in

# Fast enough for a web worker: the issue measured ~50 s for a 5 KB workbook.
BUDGET_SECONDS = 1.0


def expected(name: str, max_rows: int, max_columns: int):
    limits = {"max_rows": max_rows, "max_columns": max_columns}
    return {
        "far-cell": spreadsheets.ERROR_XLSX_DIMENSION % {"range": "A1:XFD2999", **limits},
        "lying-dimension": spreadsheets.ERROR_XLSX_CELL_OUTSIDE % {"cell": "XFD2999", **limits},
        "huge-dimension": spreadsheets.ERROR_XLSX_DIMENSION % {"range": "A1:XFD1048576", **limits},
        "bogus-dimension": spreadsheets.ERROR_NOT_XLSX,
        "bomb-sheet": spreadsheets.ERROR_XLSX_BOMB,
        "many-sheets": spreadsheets.ERROR_TOO_MANY_SHEETS % {"max": spreadsheets.MAX_XLSX_SHEETS},
        "shared-strings-bomb": spreadsheets.ERROR_XLSX_TOO_MUCH_TEXT % limits,
    }[name]


HOSTILE = {name: build() for name, build in hostile_xlsx.ALL.items()}


def refusal(function, *args, **kwargs):
    started = time.monotonic()
    with pytest.raises(TableFileError) as raised:
        function(*args, **kwargs)
    assert time.monotonic() - started < BUDGET_SECONDS
    return str(raised.value.message)


class TestSharedReader:
    @pytest.mark.parametrize("name", sorted(HOSTILE))
    def test_every_hostile_workbook_is_refused_quickly(self, name):
        data = HOSTILE[name]
        assert file_format("upload.xlsx", data) == "xlsx"  # small enough to pass the upload checks
        message = refusal(read_table, data, "xlsx", max_rows=2000, max_columns=200)
        assert message == str(expected(name, 2000, 200))

    @pytest.mark.parametrize("name", sorted(HOSTILE))
    def test_limits_are_checked_before_openpyxl_opens_the_workbook(self, name, monkeypatch):
        import openpyxl
        from openpyxl.worksheet import _read_only

        def forbidden(*args, **kwargs):
            raise AssertionError("openpyxl was reached")

        monkeypatch.setattr(openpyxl, "load_workbook", forbidden)
        monkeypatch.setattr(_read_only.ReadOnlyWorksheet, "_cells_by_row", forbidden)
        assert refusal(read_table, HOSTILE[name], "xlsx", max_rows=2000, max_columns=200)

    def test_a_harmless_workbook_is_still_read(self):
        data = hostile_xlsx.plain([["Lobbes", "3"], ["Thuin", "4"]])
        check_xlsx(data, max_rows=2, max_columns=2)
        assert read_table(data, "xlsx", max_rows=2, max_columns=2) == [
            ["commune", "smartness"],
            ["Lobbes", "3"],
            ["Thuin", "4"],
        ]

    def test_empty_styled_cells_beyond_the_limits_are_not_read(self):
        body = hostile_xlsx.row_xml(1, ["commune", "smartness"]) + '<row r="900000"><c r="XFD900000" s="1"/></row>'
        data = hostile_xlsx.workbook([hostile_xlsx.sheet_xml(body, None)])
        started = time.monotonic()
        assert read_table(data, "xlsx", max_rows=10, max_columns=5) == [["commune", "smartness"]]
        assert time.monotonic() - started < BUDGET_SECONDS

    def test_a_value_one_row_past_the_limit_is_refused(self):
        data = hostile_xlsx.lying_dimension("A4")
        assert refusal(read_table, data, "xlsx", max_rows=2, max_columns=2) == str(
            spreadsheets.ERROR_XLSX_CELL_OUTSIDE % {"cell": "A4", "max_rows": 2, "max_columns": 2}
        )
        assert read_table(data, "xlsx", max_rows=3, max_columns=2)[-1] == ["x"]

    def test_a_value_one_column_past_the_limit_is_refused(self):
        data = hostile_xlsx.lying_dimension("C2")
        assert refusal(read_table, data, "xlsx", max_rows=2, max_columns=2) == str(
            spreadsheets.ERROR_XLSX_CELL_OUTSIDE % {"cell": "C2", "max_rows": 2, "max_columns": 2}
        )

    def test_cells_without_references_are_counted_like_openpyxl(self):
        body = '<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>'
        data = hostile_xlsx.workbook([hostile_xlsx.sheet_xml(body, None)])
        assert refusal(read_table, data, "xlsx", max_rows=2, max_columns=1) == str(
            spreadsheets.ERROR_XLSX_CELL_OUTSIDE % {"cell": "B1", "max_rows": 2, "max_columns": 1}
        )


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_barometer_import_refuses(name):
    message = refusal(barometer_importing.read_table, HOSTILE[name], "xlsx")
    assert message == str(expected(name, barometer_importing.MAX_ROWS, barometer_importing.MAX_COLUMNS))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_pst_import_refuses(name):
    message = refusal(pst_imports.read_table, HOSTILE[name], "xlsx")
    assert message == str(expected(name, pst_imports.MAX_ROWS, pst_imports.MAX_COLUMNS))


@pytest.mark.django_db
class TestThroughTheViews:
    @pytest.mark.parametrize("name", ["lying-dimension", "bomb-sheet", "many-sheets"])
    def test_barometer_upload(self, referent_client, territory, name):
        edition = make_edition(territory)
        url = reverse("barometer:import-upload", args=[edition.pk])
        started = time.monotonic()
        response = referent_client.post(
            url, {"file": SimpleUploadedFile("answers.xlsx", HOSTILE[name])}, HTTP_HX_REQUEST="true"
        )
        assert time.monotonic() - started < BUDGET_SECONDS * 3
        assert response.status_code == 422
        assert_message_in(response, expected(name, barometer_importing.MAX_ROWS, barometer_importing.MAX_COLUMNS))
        assert not ResponseImport.objects.exists()

    @pytest.mark.parametrize("name", ["far-cell", "shared-strings-bomb", "huge-dimension"])
    def test_pst_upload(self, referent_client, commune_a, name):
        url = reverse("diagnostics:pst-import", args=[commune_a.slug])
        started = time.monotonic()
        response = referent_client.post(
            url, {"file": SimpleUploadedFile("pst.xlsx", HOSTILE[name])}, HTTP_HX_REQUEST="true"
        )
        assert time.monotonic() - started < BUDGET_SECONDS * 3
        assert response.status_code == 422
        assert_message_in(response, expected(name, pst_imports.MAX_ROWS, pst_imports.MAX_COLUMNS))
        assert not PstImport.objects.exists()
