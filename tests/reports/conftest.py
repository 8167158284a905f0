"""Report fixtures: media under a temporary directory, a fast stand-in for WeasyPrint, versions in each state.

pdftotext and pdffonts come from poppler-utils (installed by .ci/run).
"""

import io
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from reports import assembly
from reports.assembly import Assembly, PartPdf
from reports.models import Report, ReportStatus
from reports.rendering import Rendered
from tests.reports.samples import full_doc

FAKE_PDF = b"%PDF-1.4\n% stand-in for WeasyPrint in tests that are not about rendering\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


def blank_pdf(pages: int = 1) -> bytes:
    """A valid PDF of blank pages, for stand-ins that the assembly (pypdf) must be able to join."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(595, 842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def blank_part(html: str = "") -> PartPdf:
    """A stand-in for a rendered part: one blank page, or one per page of a page-number layer."""
    pages = html.count('class="stamp-page"') or 1
    return PartPdf(blank_pdf(pages), pages, {})


@pytest.fixture(autouse=True)
def _one_process(settings):
    """Parts rendered here, one by one, unless a test asks for a pool (and stand-ins seen by every call)."""
    settings.REPORT_RENDER_PROCESSES = 1


@pytest.fixture
def fast_pdf(monkeypatch):
    """Replace the PDF rendering (WeasyPrint, seconds per report) by a stand-in; records each report
    rendered (its cover's HTML)."""
    calls = []

    def fake(doc, *, version=None, on_step=None, cache=None):
        step = on_step or (lambda _name: None)
        step("html")
        calls.append(assembly.part_htmls(doc, version=version)[0][1])
        step("pdf")
        return Rendered(FAKE_PDF, 3, calls[-1], 0.0, 0.0), Assembly()

    monkeypatch.setattr(assembly, "render_assembled", fake)
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
