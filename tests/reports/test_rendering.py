"""The pipeline from plain data to PDF: content, fonts, languages, and a renderer that fetches nothing foreign."""

import copy
import re
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from reports import rendering
from reports.addresses import static_url
from reports.fetcher import ReportURLFetcher
from reports.rendering import document_html, html_to_pdf, render_pdf
from tests.reports.conftest import pdf_fonts, pdf_text
from tests.reports.samples import full_doc

PARTS = [
    "Context of the approach",
    "The smart diagnostic",
    "Project sheets",
    "Ranking of the projects by priority",
]


def tr(text: str, language: str = "fr") -> str:
    with translation.override(language):
        return gettext(text)


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).hits.append(self.path)
        self.send_response(302)
        self.send_header("Location", "file:///etc/passwd")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_trap():
    """A local server that answers every request with a redirect to a local file, and records the hits."""
    _Recorder.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Recorder.hits
    server.shutdown()


@pytest.fixture
def no_connections(monkeypatch):
    """Record every attempt to open a network connection during the test (and block it)."""
    attempts = []
    real_connect = socket.socket.connect

    def connect(self, address):
        if isinstance(address, tuple):
            attempts.append(address)
            raise OSError("network refused in this test")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.fixture
def spy(monkeypatch):
    """The pipeline's fetcher, kept for inspection."""
    holder = {}

    def make(doc):
        holder["fetcher"] = ReportURLFetcher(media_names=[doc["territory"]["logo"]])
        return holder["fetcher"]

    monkeypatch.setattr(rendering, "fetcher_for", make)
    return holder


@dataclass
class Sample:
    pdf: bytes
    pages: int
    text: str
    fetcher: ReportURLFetcher
    fonts: str


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Sample:
    """One rendering of a report with every part filled, shared by the tests that only read it."""
    tmp_path = tmp_path_factory.mktemp("sample")
    doc = full_doc(sheets=3)
    fetcher = ReportURLFetcher()
    pdf, pages = html_to_pdf(document_html(doc, version={"number": 4, "author": "Claire Dubois"}), fetcher=fetcher)
    return Sample(pdf, pages, pdf_text(pdf, tmp_path), fetcher, pdf_fonts(pdf, tmp_path))


class TestContent:
    def test_four_parts_and_key_figures(self, sample):
        for title in PARTS:
            assert sample.text.count(tr(title)) >= 2, title  # in the contents and as the part's title
        for figure in [
            "Courcelles",
            "IGRETEC",
            "Claire Dubois",
            "Diagnostic smart 2026",
            "Parkings saturés",
            "Projet numéro 3",
            "75 000",
            "Wi-Fi public",
            "Budget du court terme dépassé",
            "Manque de temps",
        ]:
            assert figure in sample.text, figure
        assert sample.pages == len(sample.text.split("\f")) - 1
        assert sample.pages >= 8

    def test_table_of_contents_has_page_numbers(self, sample):
        contents = sample.text.split("\f")[1]
        lines = [line for line in contents.splitlines() if tr("Project sheets") in line]
        assert lines and lines[0].rstrip()[-1].isdigit(), lines

    def test_table_of_contents_points_at_the_right_pages(self, sample):
        """Every entry's page number (target-counter) is the page where its heading is printed."""
        pages = sample.text.split("\f")
        entry = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+(\S.*?)[\s.]*\s(\d+)\s*$")
        entries = [m.groups() for m in map(entry.match, pages[1].splitlines()) if m]
        assert len(entries) >= 4 + 16, entries  # the parts and their sections, then the sheets
        for number, title, page in entries:
            heading = re.compile(rf"^\s*{re.escape(number)}\s+{re.escape(title.rstrip(' .')[:30])}")
            printed = [i + 1 for i, text in enumerate(pages) if i > 1 and any(map(heading.match, text.splitlines()))]
            assert printed[:1] == [int(page)], (number, title, page, printed)

    def test_running_headers_and_page_numbers(self, sample):
        third = sample.text.split("\f")[2]
        assert f"3 / {sample.pages}" in third
        assert "Courcelles" in third.splitlines()[0]
        assert "IGRETEC · Courcelles" in third

    def test_every_resource_came_from_static(self, sample):
        assert sample.fetcher.refused == []
        assert all(url.startswith("https://report.smartregion.invalid/static/") for url in sample.fetcher.fetched)

    def test_missing_parts_say_so(self, tmp_path, spy):
        doc = full_doc(sheets=1)
        for part in ("meetings", "interviews", "sheets", "ranking"):
            doc[part] = {"status": "unavailable", "source": "x", "message": f"Nothing for {part} yet."}
        text = pdf_text(render_pdf(doc).pdf, tmp_path)
        for part in ("meetings", "interviews", "sheets", "ranking"):
            assert f"Nothing for {part} yet." in text
        assert "Projet numéro 1" not in text

    def test_english_on_request(self):
        html = document_html(full_doc(sheets=1, language="en"))
        assert "Context of the approach" in html
        assert '<html lang="en">' in html


class TestFonts:
    def test_the_vendored_font_is_embedded(self, sample):
        embedded = [line for line in sample.fonts.splitlines()[2:] if line.strip()]
        assert embedded
        assert all("DejaVu-Sans" in line for line in embedded), sample.fonts
        assert all(line.split()[-5] == "yes" for line in embedded), sample.fonts  # the "emb" column
        assert static_url("fonts/dejavu/DejaVuSans.ttf") in sample.fetcher.fetched
        assert static_url("fonts/dejavu/DejaVuSans-Bold.ttf") in sample.fetcher.fetched

    def test_french_characters_survive(self, tmp_path, spy):
        doc = full_doc(sheets=1)
        doc["introduction"]["paragraphs"] = ["Œuvrer à l’égalité : « ça, c’est déjà fait » — 12 500 € ; Ÿ ç ù ï"]
        text = pdf_text(render_pdf(doc).pdf, tmp_path)
        assert "Œuvrer à l’égalité : « ça, c’est déjà fait » — 12 500 € ; Ÿ ç ù ï" in text


HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<img src="http://169.254.169.254/latest/meta-data/">',
    "<link rel=stylesheet href=http://evil.example/x.css>",
    "<style>@import url(http://evil.example/y.css); body{background:url(file:///etc/shadow)}</style>",
    '<object data="file:///etc/hostname"></object>',
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd" width="10" height="10"/></svg>',
]


def hostile_doc(trap_url: str) -> dict:
    doc = full_doc(sheets=1)
    texts = [*HOSTILE, f'<img src="{trap_url}/redirect-me">']
    doc["introduction"]["paragraphs"] = texts
    sheet = doc["sheets"]["sheets"][0]
    sheet["title"] = HOSTILE[0]
    sheet["summary"] = " ".join(texts)
    sheet["fields"] = [{"label": HOSTILE[2], "value": HOSTILE[1]}]
    doc["interviews"]["pillars"][0]["findings"][0]["text"] = HOSTILE[2]
    doc["commune"]["name"] = HOSTILE[1]
    return doc


class TestNothingForeignIsFetched:
    def test_user_text_is_printed_not_interpreted(self, tmp_path, spy, http_trap, no_connections):
        trap_url, hits = http_trap
        rendered = render_pdf(hostile_doc(trap_url))
        fetcher = spy["fetcher"]
        assert fetcher.refused == []  # autoescaping: the markup never reached the renderer as markup
        assert all(url.startswith("https://report.smartregion.invalid/static/") for url in fetcher.fetched)
        assert hits == []
        assert no_connections == []
        text = pdf_text(rendered.pdf, tmp_path)
        assert '<img src="file:///etc/passwd">' in text  # shown as the text it is
        assert "root:" not in text

    def test_raw_html_goes_through_the_fetcher_which_refuses_it(self, tmp_path, http_trap, no_connections):
        """Even markup that escaped the templates (it cannot; this is defence in depth) fetches nothing."""
        trap_url, hits = http_trap
        doc = full_doc(sheets=1)
        html = document_html(doc).replace("</body>", "".join(HOSTILE) + f'<img src="{trap_url}/x"></body>')
        fetcher = ReportURLFetcher()
        pdf, _pages = html_to_pdf(html, fetcher=fetcher)
        refused = " ".join(fetcher.refused)
        for url in [
            "file:///etc/passwd",
            "http://169.254.169.254/latest/meta-data/",
            "http://evil.example/x.css",
            "http://evil.example/y.css",
            "file:///etc/shadow",
            f"{trap_url}/x",
        ]:
            assert url in refused, url
        assert all(url.startswith("https://report.smartregion.invalid/static/") for url in fetcher.fetched)
        assert hits == []
        assert no_connections == []
        assert "root:" not in pdf_text(pdf, tmp_path)

    def test_hostile_svg_charts_are_dropped(self, tmp_path, spy):
        doc = full_doc(sheets=1)
        doc["questionnaire"]["radar_svg"] = '<svg><image href="file:///etc/passwd"/></svg>'
        doc["ranking"]["timeline_svg"] = "<svg><script>alert(1)</script></svg>"
        html = document_html(doc)
        assert "/etc/passwd" not in html
        assert "<script" not in html


def test_the_same_data_gives_the_same_html():
    doc = full_doc(sheets=2)
    assert document_html(copy.deepcopy(doc), version={"number": 1}) == document_html(doc, version={"number": 1})


def test_the_print_stylesheet_avoids_what_makes_weasyprint_slow():
    """Issue 6: automatic hyphenation, flex, auto table layout and one-dot leaders cost WeasyPrint most."""
    css = (settings.BASE_DIR / "static" / "css" / "report-print.css").read_text()
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert "hyphens: auto" not in rules.replace("table.groups thead th { font-size: 7pt; hyphens: auto; }", "")
    assert "display: flex" not in rules and "display: grid" not in rules
    assert re.search(r"\.report-document table \{[^}]*table-layout: fixed", rules)
    assert 'leader(".")' not in rules  # WeasyPrint draws one box per repeated string
