"""`manage.py render_report COMMUNE --output FILE.pdf`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import CommuneFactory
from tests.reports.conftest import FAKE_PDF

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reference", ["courcelles", "Courcelles", "COURCELLES", " courcelles "])
def test_by_slug_or_name(reference, commune_a, tmp_path, fast_pdf):
    output = tmp_path / "out.pdf"
    out = StringIO()
    call_command("render_report", reference, output=str(output), stdout=out)
    assert output.read_bytes() == FAKE_PDF
    assert "Courcelles: 3 pages" in out.getvalue()
    assert "accompaniment" in out.getvalue()
    assert 'lang="fr"' in fast_pdf[0]


def test_accents_ignored_and_language(territory, tmp_path, fast_pdf):
    CommuneFactory(territory=territory, name="Châtelet", slug="chatelet")
    call_command("render_report", "CHATELET", output=str(tmp_path / "c.pdf"), language="en", stdout=StringIO())
    assert 'lang="en"' in fast_pdf[0]
    assert "Châtelet" in fast_pdf[0]


def test_real_pdf(commune_a, tmp_path):
    output = tmp_path / "real.pdf"
    call_command("render_report", "courcelles", output=str(output), stdout=StringIO())
    assert output.read_bytes().startswith(b"%PDF")


def test_unknown_commune(db, tmp_path):
    with pytest.raises(CommandError, match="No commune"):
        call_command("render_report", "atlantis", output=str(tmp_path / "x.pdf"))


def test_ambiguous_name(territory, other_territory, tmp_path):
    CommuneFactory(territory=territory, name="Anderlues", slug="anderlues-igretec")
    CommuneFactory(territory=other_territory, name="Anderlues", slug="anderlues-bep")
    with pytest.raises(CommandError, match="Several communes"):
        call_command("render_report", "Anderlues", output=str(tmp_path / "x.pdf"))


def test_missing_directory(commune_a, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("render_report", "courcelles", output=str(tmp_path / "nope" / "x.pdf"))
