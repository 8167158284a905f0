"""`manage.py import_barometer` and `manage.py export_barometer`."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from barometer.models import Response
from tests.barometer.conftest import answer

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def reference(edition):
    return f"{edition.territory.slug}:{edition.year}"


class TestImportBarometer:
    def test_imports_a_clean_csv(self, tmp_path, reference, commune_a, commune_b):
        path = tmp_path / "answers.csv"
        path.write_bytes("commune;smartness;themes\nCourcelles;7;mobility\nLobbes;;\n".encode("cp1252"))
        out, _err = run("import_barometer", reference, str(path))
        assert "1 responses imported" in out
        assert "1 empty rows skipped" in out
        assert Response.objects.get().source == "import"

    def test_imports_an_xlsx_by_edition_id(self, tmp_path, edition, commune_a):
        workbook = Workbook()
        workbook.active.append(["nis_code", "involved"])
        workbook.active.append([52015, "oui"])
        path = tmp_path / "answers.xlsx"
        workbook.save(path)
        run("import_barometer", str(edition.pk), str(path))
        assert Response.objects.get().answers.get().boolean is True

    def test_reports_every_problem_and_saves_nothing(self, tmp_path, reference, commune_a):
        path = tmp_path / "answers.csv"
        path.write_text("commune,smartness,nope\nCourcelles,12,\nNowhere,3,\n", encoding="utf-8")
        err = io.StringIO()
        with pytest.raises(CommandError, match="3 problem"):
            call_command("import_barometer", reference, str(path), stderr=err, stdout=io.StringIO())
        lines = err.getvalue().splitlines()
        assert lines[0].startswith("row 1, column nope:")
        assert lines[1].startswith("row 2, column smartness:")
        assert lines[2].startswith("row 3, column commune:")
        assert not Response.objects.exists()

    def test_dry_run(self, tmp_path, reference, commune_a):
        path = tmp_path / "answers.csv"
        path.write_text("commune,smartness\nCourcelles,4\n", encoding="utf-8")
        out, _err = run("import_barometer", reference, str(path), "--dry-run")
        assert "is clean: 1" in out
        assert not Response.objects.exists()

    def test_unreadable_file(self, tmp_path, reference):
        path = tmp_path / "answers.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0")
        with pytest.raises(CommandError, match="xls"):
            run("import_barometer", reference, str(path))

    def test_unknown_edition_or_file(self, tmp_path, reference):
        with pytest.raises(CommandError, match="No barometer edition"):
            run("import_barometer", "nowhere:2020", str(tmp_path / "a.csv"))
        with pytest.raises(CommandError, match="No file"):
            run("import_barometer", reference, str(tmp_path / "missing.csv"))


class TestExportBarometer:
    def test_csv_to_stdout_unrounded(self, reference, edition, commune_a, commune_b):
        answer(edition, commune_a, smartness=5)
        answer(edition, commune_b, smartness=6, themes=["mobility"])
        out, _err = run("export_barometer", reference, "--format", "csv", "--language", "en")
        lines = out.splitlines()
        assert lines[0].startswith("year,question_code,question,kind")
        assert "2025,smartness,Is your commune smart?,scale,,,2,2,2,,5.5," in lines
        assert "2025,involved,Citizens involved?,yes_no,yes,Yes,2,2,0,0,,0.0" in lines

    def test_csv_to_a_file(self, tmp_path, reference, edition, commune_a):
        answer(edition, commune_a, smartness=5)
        path = tmp_path / "results.csv"
        _out, err = run("export_barometer", reference, "--output", str(path))
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        assert "written" in err

    def test_xlsx(self, tmp_path, reference, edition, commune_a):
        answer(edition, commune_a, smartness=5, obstacles="Rien")
        path = tmp_path / "results.xlsx"
        run("export_barometer", reference, "--format", "xlsx", "--output", str(path))
        assert load_workbook(path).sheetnames == ["Results", "Comparison", "Free text"]

    def test_xlsx_needs_an_output(self, reference):
        with pytest.raises(CommandError, match="--output"):
            run("export_barometer", reference, "--format", "xlsx")

    def test_unknown_edition(self):
        with pytest.raises(CommandError, match="No barometer edition"):
            run("export_barometer", "nowhere:2020")
