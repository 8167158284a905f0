"""From the report's plain data to HTML (same templates for the PDF and the browser) and to PDF."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from reports.addresses import REPORT_BASE_URL
from reports.fetcher import ReportURLFetcher

DOCUMENT_TEMPLATE = "reports/document/pdf.html"


@dataclass
class Rendered:
    pdf: bytes
    page_count: int
    html: str
    seconds_html: float
    seconds_pdf: float
    # The digests of the cached parts an assembled PDF was made of (reports/assembly.py).
    part_digests: list[str] = field(default_factory=list)


def document_html(doc: dict, *, version: dict | None = None) -> str:
    """The standalone HTML document WeasyPrint turns into the PDF (print stylesheet, cover, parts)."""
    with translation.override(doc["language"]):
        context = {"doc": doc, "version": version or {}, "for_print": True}
        # Groups of sheets start a page as they do in the assembled PDF (reports/assembly.py).
        context["sheets_per_part"] = settings.REPORT_SHEETS_PER_PART
        return render_to_string(DOCUMENT_TEMPLATE, context)


def html_to_pdf(html: str, *, fetcher: ReportURLFetcher) -> tuple[bytes, int]:
    """WeasyPrint on `html`; every resource goes through `fetcher`. Returns the PDF and its page count."""
    document = HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=fetcher).render()
    return document.write_pdf(), len(document.pages)


def fetcher_for(doc: dict) -> ReportURLFetcher:
    """A fetcher allowed to read the territory's logo, and nothing else of the media files."""
    return ReportURLFetcher(media_names=[doc["territory"]["logo"]])


def render_pdf(doc: dict, *, version: dict | None = None, on_step: Callable[[str], None] | None = None) -> Rendered:
    """The HTML, then the PDF; `on_step("html")` and `on_step("pdf")` are called as each begins."""
    step = on_step or (lambda _name: None)
    started = time.perf_counter()
    step("html")
    html = document_html(doc, version=version)
    middle = time.perf_counter()
    step("pdf")
    pdf, pages = html_to_pdf(html, fetcher=fetcher_for(doc))
    return Rendered(pdf, pages, html, middle - started, time.perf_counter() - middle)
