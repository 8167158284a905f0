"""The specifications and the award report: DOCX read back with python-docx (every section and requirement
number), PDF through the report's fonts and fetcher, the grid's figures the same on the page and in both
documents, versions kept."""

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from docx import Document

from procurement import documents, selectors, services
from procurement.models import DocumentStatus
from reports.addresses import static_url
from reports.fetcher import ReportURLFetcher
from tests.procurement.conftest import add_bidder, score_all
from tests.reports.conftest import pdf_fonts, pdf_text


@pytest.fixture
def awarded(procurement, referent):
    alpha = add_bidder(procurement, referent, "Alpha SRL", 50000, company_number="0123456789")
    beta = add_bidder(procurement, referent, "Beta SA", 62500)
    gamma = add_bidder(procurement, referent, "Gamma SC", 58000, excluded=True, exclusion_reason="Dette sociale")
    score_all(procurement, referent, {alpha: 5, beta: 9})
    services.award_propose(
        actor=referent, procurement=procurement, bidder=beta, reasons="Meilleur rapport qualité-prix"
    )
    procurement.refresh_from_db()
    del gamma
    return procurement


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_specifications_docx_holds_every_section_and_requirement_number(procurement):
    doc = documents.snapshot(procurement, "specifications")
    text = _docx_text(documents.to_docx(doc))
    for section in selectors.specification_sections(procurement):
        assert f"{section['number']}. {section['title']}" in text
        for requirement in section["requirements"]:
            assert requirement["number"] in text
            assert requirement["text"] in text
    assert "Agenda culturel" in text


def test_award_report_figures_agree_with_the_page(awarded, client, referent, tmp_path):
    grid = selectors.procurement_grid(awarded)
    assert [row.total for row in grid.ranked] == [Decimal("86.00"), Decimal("70.00")]
    with translation.override("fr"):
        totals = [documents.points_text(row.total) for row in grid.ranked]
    assert totals == ["86,00", "70,00"]
    client.force_login(referent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(
        reverse("procurement:procurement-detail", args=[awarded.commune.slug, awarded.pk])
    ).content.decode()
    with translation.override("fr"):
        doc = documents.snapshot(awarded, "award_report")
        docx = _docx_text(documents.to_docx(doc))
        pdf = re.sub(r"\s+", " ", pdf_text(documents.to_pdf(doc), tmp_path))
    for total in totals:
        assert total in page and total in docx and total in pdf
    for text in ("Beta SA", "Dette sociale", "0123.456.789", "Meilleur rapport qualité-prix", "Motif Beta SA"):
        assert text in docx
    for text in ("Beta SA", "Dette", "Meilleur rapport qualité-prix", "Motif Beta SA"):  # table cells wrap in the PDF
        assert text in pdf


def test_pdf_uses_the_report_fonts_and_fetches_nothing_else(awarded, tmp_path):
    fetcher = ReportURLFetcher()
    pdf = documents.to_pdf(documents.snapshot(awarded, "award_report"), fetcher=fetcher)
    assert not fetcher.refused
    assert static_url("fonts/dejavu/DejaVuSans.ttf") in fetcher.fetched
    fonts = [line for line in pdf_fonts(pdf, tmp_path).splitlines()[2:] if line.strip()]
    assert fonts and all("DejaVu-Sans" in line for line in fonts)
    assert (settings.BASE_DIR / "static" / "fonts" / "dejavu" / "DejaVuSans.ttf").exists()


def test_versions_are_kept_and_rendered_by_the_task(awarded, client, referent, django_capture_on_commit_callbacks):
    client.force_login(referent)
    url = reverse("procurement:document-create", args=[awarded.commune.slug, awarded.pk])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, {"kind": "award_report"}).status_code == 302
    versions = list(awarded.documents.order_by("number"))
    assert [(d.number, d.status) for d in versions] == [(1, DocumentStatus.DONE), (2, DocumentStatus.DONE)]
    response = client.get(reverse("procurement:document-docx", args=[awarded.commune.slug, awarded.pk, versions[0].pk]))
    assert "Beta SA" in _docx_text(b"".join(response.streaming_content))
    response = client.get(reverse("procurement:document-pdf", args=[awarded.commune.slug, awarded.pk, versions[1].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_award_report_needs_an_award(procurement, referent):
    with pytest.raises(services.ServiceError, match="Propose the award"):
        services.document_request(actor=referent, procurement=procurement, kind="award_report")


def test_render_is_safe_to_run_twice(procurement, referent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(actor=referent, procurement=procurement, kind="specifications")
    assert services.procurement_document_render(document_id=document.pk) is False
    assert services.procurement_document_render(document_id=0) is False
