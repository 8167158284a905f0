"""Report fixtures: media under a temporary directory, a fast stand-in for WeasyPrint, versions in each state.

pdftotext and pdffonts come from poppler-utils (installed by .ci/run).
"""

import subprocess

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from reports import rendering
from reports.models import Report, ReportStatus
from tests.reports.samples import full_doc

FAKE_PDF = b"%PDF-1.4\n% stand-in for WeasyPrint in tests that are not about rendering\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


@pytest.fixture
def fast_pdf(monkeypatch):
    """Replace WeasyPrint (about a second per document) by a stand-in; counts the renderings."""
    calls = []

    def fake(html, *, fetcher):
        calls.append(html)
        return FAKE_PDF, 3

    monkeypatch.setattr(rendering, "html_to_pdf", fake)
    return calls


def make_report(commune, *, number=1, status=ReportStatus.DONE, published=False, author=None, **fields) -> Report:
    report = Report.objects.create(
        commune=commune, number=number, language="fr", status=status, author=author, **fields
    )
    if status == ReportStatus.DONE:
        report.pdf.save("ignored.pdf", ContentFile(FAKE_PDF), save=False)
        report.finished_at = timezone.now()
        report.page_count = 3
        report.pdf_size = len(FAKE_PDF)
        report.snapshot = full_doc(sheets=1)
        if published:
            report.published_at = timezone.now()
        report.save()
    return report


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    command = ["pdftotext", "-layout", str(path), "-"]  # poppler-utils, installed by .ci/run
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def pdf_fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    command = ["pdffonts", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
