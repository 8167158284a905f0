"""The PDF assembled from parts: the same pages as one WeasyPrint document, and only what changed re-rendered."""

import copy
import io
import re
import subprocess
import unicodedata
from pathlib import Path

import billiard
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from reports import assembly, pdf_fonts
from reports.assembly import ANCHOR_LINKS, PartCache, render_assembled
from reports.rendering import render_pdf
from tests.reports.samples import full_doc

VERSION = {"number": 1, "author": "Anne Referent"}
# Five sheets by groups of two: part 3 is three documents (sheets 1–2 with the part's title, 3–4, 5).
SHEETS = 5


@pytest.fixture(autouse=True)
def _small_groups(settings):
    settings.REPORT_SHEETS_PER_PART = 2


@pytest.fixture
def renders(monkeypatch):
    """The HTML of every part WeasyPrint renders (parts rendered here, one by one)."""
    seen = []
    real = assembly.render_part

    def counted(html, media_names):
        seen.append(html)
        return real(html, media_names)

    monkeypatch.setattr(assembly, "render_part", counted)
    return seen


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, ligatures spelled out and whitespace normalised."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in pages]


def toc_numbers(texts: list[str]) -> dict[str, int]:
    """The contents' entries ("3.2", "1", …) and the page each names, read from the contents pages."""
    contents = " ".join(text for text in texts if text.startswith("Sommaire") or "Sommaire 1 " in text)
    return {number: int(page) for number, page in re.findall(r"(?:^| )(\d(?:\.\d+)?) [^.]+?(?: \.)+ (\d+)", contents)}


def font_files(pdf: bytes) -> dict[str, dict[int, int]]:
    """Each font's name and the font files its dictionaries embed (object number: bytes), forms included."""
    found: dict[str, dict[int, int]] = {}
    resources = [page["/Resources"] for page in PdfReader(io.BytesIO(pdf)).pages]
    while resources:
        resource = resources.pop().get_object()
        for font in resource.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            file = descriptor.raw_get("/FontFile2")
            found.setdefault(str(font["/BaseFont"]), {})[file.idnum] = len(file.get_object().get_data())
        resources += [form.get_object()["/Resources"] for form in resource.get("/XObject", {}).values()]
    return found


def page_images(pdf: bytes, directory: Path) -> list[Image.Image]:
    """The pages drawn by poppler at 40 dpi, in grey (files in `directory`, made here)."""
    directory.mkdir()
    (directory / "report.pdf").write_bytes(pdf)
    command = ["pdftoppm", "-r", "40", "-gray", str(directory / "report.pdf"), str(directory / "page")]
    subprocess.run(command, check=True)  # noqa: S603 - poppler-utils, installed by .ci/run
    return [Image.open(path) for path in sorted(directory.glob("page-*.pgm"))]


def internal_links(pdf: bytes) -> list[tuple[int, int]]:
    """(page of the link, page it jumps to), 1-based, in page order, for every link inside the document."""
    reader = PdfReader(io.BytesIO(pdf))
    numbers = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages, start=1)}
    named = reader.named_destinations
    links = []
    for index, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            destination = annotation.get("/Dest")
            if action is not None and action.get_object().get("/S") == "/GoTo":
                destination = action.get_object()["/D"]
            if destination is None:
                continue
            if isinstance(destination, str) or not hasattr(destination, "__getitem__"):
                target = named[str(destination)].page
            else:
                target = destination[0]
            links.append((index, numbers[target.idnum]))
    return links


def assembled(doc, **kwargs):
    rendered, done = render_assembled(doc, version=kwargs.pop("version", VERSION), **kwargs)
    return rendered, done


class TestSameAsOneDocument:
    def test_text_pages_and_contents_equal_a_single_render(self):
        doc = full_doc(sheets=SHEETS)
        single = render_pdf(doc, version=VERSION)
        rendered, done = assembled(doc)

        assert rendered.page_count == single.page_count == len(PdfReader(io.BytesIO(rendered.pdf)).pages)
        single_texts, texts = page_texts(single.pdf), page_texts(rendered.pdf)
        assert texts == single_texts  # body, running headers, footer and "page / pages" alike
        numbers = toc_numbers(texts)
        assert numbers == toc_numbers(single_texts)
        assert {"1", "2", "3", "4", "3.1", "3.5", "4.4"} <= set(numbers)
        # Each entry names the page its heading is printed on.
        assert texts[numbers["3.5"] - 1].count("3.5 Projet numéro 5") == 1
        assert texts[numbers["4"] - 1].startswith("4 Classement") or "4 Classement" in texts[numbers["4"] - 1]
        assert f"1 / {rendered.page_count}" not in texts[0]  # no number on the cover
        assert texts[-1].endswith(f"{rendered.page_count} / {rendered.page_count}")
        assert "sheets-2" in done.rendered

    def test_the_links_jump_to_the_pages_of_a_single_render_s(self):
        """The contents and cross-references are clickable: each internal link of the single document is,
        in the assembled one, a jump from the same page to the same page; none points outside."""
        doc = full_doc(sheets=SHEETS)
        single = render_pdf(doc, version=VERSION)
        rendered, _done = assembled(doc)
        single_links, links = internal_links(single.pdf), internal_links(rendered.pdf)
        assert len(single_links) >= 10
        assert links == single_links
        assert ANCHOR_LINKS not in str(PdfReader(io.BytesIO(rendered.pdf)).trailer["/Root"])
        for page in PdfReader(io.BytesIO(rendered.pdf)).pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A")
                assert action is None or not str(action.get("/URI", "")).startswith(ANCHOR_LINKS)

    def test_the_sheets_of_a_group_start_a_page_in_both(self):
        doc = full_doc(sheets=SHEETS)
        texts = page_texts(render_pdf(doc, version=VERSION).pdf)
        starts = [text for text in texts if re.match(r"3\.[35] Projet numéro", text)]
        assert len(starts) == 2  # sheets 3 and 5 open their pages

    def test_each_font_is_embedded_once_as_in_a_single_render(self):
        doc = full_doc(sheets=SHEETS)
        single = render_pdf(doc, version=VERSION)
        rendered, done = assembled(doc)
        assert len(done.rendered) > 5  # fonts used by several parts, each part with its own subset
        files, single_files = font_files(rendered.pdf), font_files(single.pdf)
        assert files.keys() == single_files.keys() and len(files) >= 3
        assert all(len(embedded) == 1 for embedded in files.values())
        # The same glyphs as the single document's subset: the same bytes.
        assert {name: sorted(embedded.values()) for name, embedded in files.items()} == {
            name: sorted(embedded.values()) for name, embedded in single_files.items()
        }

    def test_pages_are_drawn_as_a_single_render_s(self, tmp_path):
        doc = full_doc(sheets=SHEETS)
        single = page_images(render_pdf(doc, version=VERSION).pdf, tmp_path / "single")
        pages = page_images(assembled(doc)[0].pdf, tmp_path / "assembled")
        assert len(pages) == len(single)
        assert [ImageChops.difference(page, other).getbbox() for page, other in zip(pages, single, strict=True)] == [
            None
        ] * len(pages)

    def test_a_font_not_found_among_the_vendored_ones_stays_as_the_parts_embedded_it(self, monkeypatch):
        monkeypatch.setattr(pdf_fonts, "_vendored", dict)
        doc = full_doc(sheets=SHEETS)
        rendered, _done = assembled(doc)
        assert max(len(embedded) for embedded in font_files(rendered.pdf).values()) > 1
        assert page_texts(rendered.pdf) == page_texts(render_pdf(doc, version=VERSION).pdf)

    def test_fonts_are_the_vendored_ones(self, tmp_path):
        rendered, _done = assembled(full_doc(sheets=1))
        fonts = set()
        for page in PdfReader(io.BytesIO(rendered.pdf)).pages:
            for font in page["/Resources"].get("/Font", {}).values():
                fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        assert fonts and all(name.startswith("DejaVu") for name in fonts)


class TestOnlyWhatChanged:
    def test_a_new_version_after_one_sheet_edit_renders_only_that_group(self, renders):
        doc = full_doc(sheets=SHEETS)
        first, done = assembled(doc)
        assert len(renders) == len(done.rendered) and "sheets-1" in done.rendered
        renders.clear()

        edited = copy.deepcopy(doc)
        edited["sheets"]["sheets"][3]["summary"] = "Un guichet numérique ouvert jour et nuit."
        second, done = assembled(edited, version={**VERSION, "number": 2})

        assert done.rendered == ["cover", "sheets-1", "footer"]  # the version's number is on both
        assert len(renders) == 3
        assert "Un guichet numérique ouvert jour et nuit." in " ".join(page_texts(second.pdf))
        assert "Un guichet numérique" not in " ".join(page_texts(first.pdf))
        assert "v2" in page_texts(second.pdf)[1]

    def test_the_same_version_again_renders_nothing(self, renders):
        doc = full_doc(sheets=SHEETS)
        first, _done = assembled(doc)
        renders.clear()
        second, done = assembled(doc)
        assert renders == [] and done.rendered == []
        assert page_texts(second.pdf) == page_texts(first.pdf)

    def test_a_longer_sheet_moves_the_numbers_after_it(self, renders):
        doc = full_doc(sheets=SHEETS)
        first, _done = assembled(doc)
        longer = copy.deepcopy(doc)
        longer["sheets"]["sheets"][2]["summary"] = "Une longue justification. " * 250
        second, done = assembled(longer)
        assert second.page_count > first.page_count
        assert {"sheets-1", "toc", "numbers"} <= set(done.rendered)
        assert not {"context", "diagnostic", "sheets", "sheets-2", "ranking"} & set(done.rendered)
        single = render_pdf(longer, version=VERSION)
        assert page_texts(second.pdf) == page_texts(single.pdf)

    @pytest.mark.parametrize(
        ("change", "parts"),
        [
            (lambda doc: doc["introduction"].update(paragraphs=["Une autre introduction."]), {"context"}),
            (lambda doc: doc["sheets"]["sheets"][0].update(title="Un autre titre"), {"sheets", "toc"}),
            (lambda doc: doc["ranking"]["rows"][0].update(score=12.0), {"ranking"}),
            (lambda doc: doc["commune"].update(name="Fontaine-l'Évêque"), {"cover", "context", "ranking", "footer"}),
        ],
    )
    def test_each_input_reaches_the_parts_that_print_it(self, change, parts):
        doc = full_doc(sheets=SHEETS)
        first, _done = assembled(doc)
        changed = copy.deepcopy(doc)
        change(changed)
        second, done = assembled(changed)
        assert parts <= set(done.rendered)
        assert page_texts(second.pdf) != page_texts(first.pdf)
        assert page_texts(second.pdf) == page_texts(render_pdf(changed, version=VERSION).pdf)

    def test_the_language_changes_every_part(self):
        doc = full_doc(sheets=SHEETS)
        assembled(doc)
        english = full_doc(sheets=SHEETS, language="en")
        rendered, done = assembled(english)
        assert done.reused == []
        assert "Contents" in " ".join(page_texts(rendered.pdf))

    def test_a_logo_replaced_under_the_same_name_renders_the_cover_again(self, settings):
        logo = settings.MEDIA_ROOT / "territories" / "1" / "logo.png"
        logo.parent.mkdir(parents=True)
        Image.new("RGB", (120, 40), "red").save(logo)
        doc = full_doc(sheets=1)
        doc["territory"]["logo"] = "territories/1/logo.png"
        first, _done = assembled(doc)
        Image.new("RGB", (120, 40), "blue").save(logo)
        second, done = assembled(doc)
        assert "cover" in done.rendered
        cover = PdfReader(io.BytesIO(second.pdf)).pages[0]
        assert cover.images and cover.images[0].image.getpixel((5, 5))[2] > 200  # blue now
        assert PdfReader(io.BytesIO(first.pdf)).pages[0].images[0].image.getpixel((5, 5))[0] > 200


class TestProcesses:
    def test_a_pool_and_one_by_one_give_the_same_pdf_text(self, settings):
        doc = full_doc(sheets=SHEETS)
        alone, done_alone = render_assembled(doc, version=VERSION, cache=PartCache(_Nowhere()))
        settings.REPORT_RENDER_PROCESSES = 2
        pooled, done_pooled = render_assembled(doc, version=VERSION, cache=PartCache(_Nowhere()))
        assert (done_alone.parallel, done_pooled.parallel) == (False, True)
        assert page_texts(pooled.pdf) == page_texts(alone.pdf)

    def test_one_pool_serves_the_parts_and_then_the_contents_and_numbers(self, settings, monkeypatch):
        made = []
        real = assembly.ProcessPoolExecutor

        def counted(*args, **kwargs):
            made.append(kwargs["max_workers"])
            return real(*args, **kwargs)

        settings.REPORT_RENDER_PROCESSES = 2
        monkeypatch.setattr(assembly, "ProcessPoolExecutor", counted)
        _rendered, done = render_assembled(full_doc(sheets=SHEETS), version=VERSION, cache=PartCache(_Nowhere()))
        assert done.parallel and made == [2]
        assert {"sheets-2", "toc", "numbers"} <= set(done.rendered)

    def test_without_a_pool_the_parts_are_rendered_here(self, settings, monkeypatch, caplog):
        def no_pool():
            raise OSError("no semaphores here")

        settings.REPORT_RENDER_PROCESSES = 2
        monkeypatch.setattr(assembly, "_pool_context", no_pool)
        rendered, done = assembled(full_doc(sheets=1))
        assert done.parallel is False
        assert rendered.page_count == len(page_texts(rendered.pdf)) > 3
        assert "no process pool" in caplog.text


def _parts_in_a_worker(_argument):
    """What a Celery prefork worker (a daemonic billiard process) gets from `render_parts`."""
    parts, parallel = assembly.render_parts(["<p>un</p>", "<p>deux</p><p style='break-before: page'>trois</p>"], ())
    return parallel, [part.pages for part in parts]


def test_a_celery_prefork_worker_renders_parts_in_a_pool(settings):
    settings.REPORT_RENDER_PROCESSES = 2
    with billiard.Pool(1) as workers:  # what `celery worker --pool prefork` runs tasks in
        assert workers.map(_parts_in_a_worker, [0]) == [(True, [1, 2])]


class _Nowhere:
    """A storage that keeps nothing: every part is rendered."""

    def exists(self, name):
        return False

    def save(self, name, content):
        return name


class TestCacheCleanup:
    def test_parts_no_version_uses_are_deleted_once_old(self, settings):
        cache = PartCache()
        _rendered, done = assembled(full_doc(sheets=1))
        kept, dropped = set(done.digests[:2]), done.digests[2:]
        assert cache.prune(keep=kept, older_than=3600) == 0  # too young: a rendering may be using them
        assert cache.prune(keep=kept, older_than=0) == len(set(dropped))
        assert all(cache.get(digest) is not None for digest in kept)
        assert all(cache.get(digest) is None for digest in dropped)


class TestWhatTheKeyHolds:
    def test_the_stylesheets_fonts_and_weasyprint_version_are_in_every_part_s_key(self, monkeypatch, tmp_path):
        real_find = assembly.finders.find
        copy_of = tmp_path / "report-print.css"
        copy_of.write_bytes(Path(real_find("css/report-print.css")).read_bytes())
        monkeypatch.setattr(
            assembly.finders, "find", lambda name: str(copy_of) if name == "css/report-print.css" else real_find(name)
        )
        assembly._static_digest.cache_clear()
        before = assembly._static_digest()
        copy_of.write_text(copy_of.read_text(encoding="utf-8") + "\n.x { color: red; }", encoding="utf-8")
        assembly._static_digest.cache_clear()
        restyled = assembly._static_digest()
        monkeypatch.setattr(assembly.weasyprint, "__version__", "0.0")
        assembly._static_digest.cache_clear()
        upgraded = assembly._static_digest()
        assembly._static_digest.cache_clear()
        assert len({before, restyled, upgraded}) == 3

    def test_a_new_static_digest_renders_every_part_again(self, monkeypatch):
        doc = full_doc(sheets=1)
        assembled(doc)
        monkeypatch.setattr(assembly, "_static_digest", lambda: "after a deployment")
        _rendered, done = assembled(doc)
        assert done.reused == [] and "context" in done.rendered
