"""The report's PDF as parts rendered on their own, in parallel, kept while unchanged, and joined with pypdf.

WeasyPrint lays out one document on one core, and a new version re-rendered all of it for a one-word
change. Here the document is cut where it always starts a page: the cover, the contents, part 1, part 2,
part 3 in groups of REPORT_SHEETS_PER_PART sheets (a group starts a page in the single document too,
see `starts_group`), part 4 and the sections of other apps. Then:

1. Each part is a standalone HTML document (`part.html`) without footer or page numbers. Its PDF is
   looked up in `PartCache` by the digest of everything it is drawn from (its HTML, the stylesheet and
   fonts, the logo, WeasyPrint's version); the missing ones are rendered by a pool of processes
   (`PartPool`, REPORT_RENDER_PROCESSES, one per core by default; sequentially when no pool can be made),
   made once per assembly for both rounds.
2. The contents are rendered last, with the page of every anchor the parts reported: the numbers
   WeasyPrint's target-counter would print in a single document.
3. One more small document stamps the running footer and "page / pages" over every page, and pypdf
   joins the pages; each font is then embedded once, one subset holding the glyphs of every part
   (reports/pdf_fonts.py), as in a single document. A part links to anchors of other parts through
   ANCHOR_LINKS (WeasyPrint would drop a link it cannot resolve); each such link becomes a jump to the
   anchor's page, so the contents and cross-references are clickable as in a single document.

What a part costs besides its layout is paid once: the stylesheets are parsed once per process with one
font configuration (`stylesheets`), before the pool forks, and given parsed to every part; the pool's
processes, and this one while it renders or joins, keep the objects they started with out of the garbage
collector's full collections (`gc.freeze`), which otherwise walk all of Django and WeasyPrint again and
again (a fifth of a part's time). On 40 sheets (49 pages, two cores), the first version takes about half
of a single document's WeasyPrint time, see README.md for the figures.

No figure goes stale: a part is found in the cache only under the digest of what it prints.
"""

import gc
import hashlib
import io
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import billiard
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject
from weasyprint.text.fonts import FontConfiguration

from reports.addresses import REPORT_BASE_URL, static_url
from reports.fetcher import ReportURLFetcher
from reports.pdf_fonts import FONT_DIRECTORY, embed_fonts_once
from reports.rendering import Rendered

logger = logging.getLogger(__name__)

PART_TEMPLATE = "reports/document/part.html"
STAMP_TEMPLATE = "reports/document/stamp.html"
STYLESHEETS = (
    "css/report-print.css",
    "css/report-part.css",
    "css/report-stamp-footer.css",
    "css/report-stamp-numbers.css",
)
CACHE_DIRECTORY = "report-parts"


@dataclass(frozen=True)
class PartPdf:
    """A rendered part: its PDF, its page count and the page (from 0) of each anchor it holds."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]


@dataclass
class Assembly:
    """What an assembly did, for the bench, the logs and the tests."""

    digests: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    parallel: bool = False


# Parts -----------------------------------------------------------------------------------------


def sheets_per_part() -> int:
    return settings.REPORT_SHEETS_PER_PART


# A link to an anchor of another part cannot be resolved inside its own part (WeasyPrint would drop it):
# parts link outward to this address, and `join_pdfs` turns each such link into a jump to the anchor's page.
ANCHOR_LINKS = "https://anchor.invalid/#"


def _html(doc: dict, context: dict) -> str:
    with translation.override(doc["language"]):
        html = render_to_string(
            PART_TEMPLATE, {"doc": doc, "for_print": True, "sheets_per_part": sheets_per_part(), **context}
        )
    return html.replace('href="#', f'href="{ANCHOR_LINKS}')


def part_htmls(doc: dict, *, version: dict | None = None) -> list[tuple[str, str]]:
    """(name, HTML) of every part but the contents, in print order."""
    size = sheets_per_part()
    sheets = doc["sheets"].get("sheets", []) if doc["sheets"]["status"] == "ok" else []
    groups = [sheets[start : start + size] for start in range(0, len(sheets), size)] or [[]]
    parts: list[tuple[str, dict]] = [
        ("cover", {"part_name": "cover", "version": version or {}}),
        ("context", {"part_name": "context"}),
        ("diagnostic", {"part_name": "diagnostic"}),
        ("sheets", {"part_name": "sheets", "first_sheets": groups[0]}),
    ]
    for index, group in enumerate(groups[1:], start=1):
        numbered = list(enumerate(group, start=index * size + 1))
        parts.append((f"sheets-{index}", {"part_name": "more-sheets", "group_sheets": numbered}))
    parts.append(("ranking", {"part_name": "ranking"}))
    for index, section in enumerate(doc.get("extra_sections", []), start=5):
        parts.append((f"section-{section['name']}", {"part_name": "section", "section": section, "number": index}))
    # The body's margins fall at the start and the end of the single document only.
    return [(name, _html(doc, {**context, "last": name == parts[-1][0]})) for name, context in parts]


def toc_html(doc: dict, toc_pages: dict[str, int]) -> str:
    """The contents with the given page numbers; `{"*": n}` prints n everywhere (a draft, to count its pages)."""
    return _html(doc, {"part_name": "toc", "toc_pages": toc_pages, "last": False})


def stamp_html(doc: dict, *, version: dict | None = None, pages: int = 0) -> str:
    """The running footer alone (no `pages`), or the page numbers of `pages` pages alone."""
    with translation.override(doc["language"]):
        context = {"doc": doc, "version": version or {}, "footer": not pages, "pages": range(pages)}
        return render_to_string(STAMP_TEMPLATE, {**context, "for_print": True})


# Rendering -------------------------------------------------------------------------------------


# The stylesheets a part's HTML links to, as `part.html` and `stamp.html` write them.
STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


@dataclass
class _Styles:
    """The report's stylesheets parsed once per process, with the one font configuration their @font-face
    rules load the fonts into; forked processes inherit them parsed."""

    digest: str = ""
    font_config: FontConfiguration | None = None
    sheets: dict[str, weasyprint.CSS] = field(default_factory=dict)


_styles = _Styles()


def stylesheets(hrefs: Iterable[str]) -> tuple[list[weasyprint.CSS], FontConfiguration]:
    """The parsed stylesheets at `hrefs` (static files under the report's base URL) and their fonts.

    Parsed the first time they are asked for, and again only when a deployment changes them.
    """
    digest = _static_digest()
    if _styles.digest != digest or _styles.font_config is None:
        _styles.digest, _styles.font_config, _styles.sheets = digest, FontConfiguration(), {}
    font_config = _styles.font_config
    sheets = []
    for href in hrefs:
        if href not in _styles.sheets:
            _styles.sheets[href] = weasyprint.CSS(url=href, url_fetcher=ReportURLFetcher(), font_config=font_config)
        sheets.append(_styles.sheets[href])
    return sheets, font_config


def render_part(html: str, media_names: tuple[str, ...]) -> PartPdf:
    """WeasyPrint on one part (in a pool's process or not): its PDF with font subsets, pages and anchors.

    The stylesheets the part links to are given to WeasyPrint parsed (`stylesheets`), not fetched and
    parsed again for every part: their rules apply as the user's instead of the author's, which changes
    nothing here (no `!important`, no other author stylesheet), and the cascade keeps their order.
    """
    sheets, font_config = stylesheets(STYLESHEET_LINK.findall(html))
    fetcher = ReportURLFetcher(media_names=media_names)
    document = weasyprint.HTML(string=STYLESHEET_LINK.sub("", html), base_url=REPORT_BASE_URL, url_fetcher=fetcher)
    rendered = document.render(stylesheets=sheets, font_config=font_config)
    anchors: dict[str, int] = {}
    for index, page in enumerate(rendered.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    return PartPdf(rendered.write_pdf(), len(rendered.pages), anchors)


def _pool_context():
    return billiard.get_context("fork")


def _processes(count: int) -> int:
    wanted = settings.REPORT_RENDER_PROCESSES or os.cpu_count() or 1
    return max(1, min(wanted, count))


@contextmanager
def _gc_frozen() -> Iterator[None]:
    """What exists now left out of the garbage collector's full collections for a while (they would walk
    all of Django and WeasyPrint, again and again), unless something else froze objects already."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _frozen_child() -> None:
    """A pool process leaves what it inherited to the garbage collector's permanent generation: its full
    collections then walk only what its parts make, not all of Django and WeasyPrint (a fifth of a part's time)."""
    gc.freeze()


class PartPool:
    """The processes that render the parts: made at the first round with more than one part to render,
    kept for the next rounds (the contents and page numbers), shut down by `close`.

    Forked processes start at once with WeasyPrint, Django and the parsed stylesheets already loaded, and
    need no database. Celery's prefork workers are daemonic processes, which the standard library forbids
    to have children; billiard's (Celery's own multiprocessing) fork context allows it, inside a worker
    and out. Anywhere a pool cannot be made or breaks, the parts are rendered here, one by one.
    """

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._failed = False

    def _pool(self, processes: int) -> ProcessPoolExecutor:
        if self._executor is None:
            stylesheets(static_url(name) for name in STYLESHEETS)  # parsed before the fork
            self._executor = ProcessPoolExecutor(
                max_workers=processes, mp_context=_pool_context(), initializer=_frozen_child
            )
        return self._executor

    def render(self, htmls: list[str], media_names: tuple[str, ...]) -> tuple[list[PartPdf], bool]:
        """`htmls` rendered, and whether by the pool's processes."""
        processes = _processes(len(htmls))
        if processes > 1 and not self._failed:
            try:
                pool = self._pool(processes)
                # Longest first, so that the last to finish is a short one.
                order = sorted(range(len(htmls)), key=lambda i: -len(htmls[i]))
                futures = {i: pool.submit(render_part, htmls[i], media_names) for i in order}
                return [futures[i].result() for i in range(len(htmls))], True
            except (OSError, ValueError, AssertionError, BrokenProcessPool) as error:
                logger.warning("Report parts rendered one by one: no process pool (%s)", error)
                self._failed = True
                self.close()
        with _gc_frozen():  # as in a pool's process
            return [render_part(html, media_names) for html in htmls], False

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None


def render_parts(htmls: list[str], media_names: tuple[str, ...]) -> tuple[list[PartPdf], bool]:
    """Render `htmls` in a pool of its own when there is more than one to do and more than one core."""
    pool = PartPool()
    try:
        return pool.render(htmls, media_names)
    finally:
        pool.close()


# Cache -----------------------------------------------------------------------------------------


@cache
def _static_digest() -> str:
    """The stylesheet and the fonts, read once per process: they change only with a deployment."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    names = [*STYLESHEETS] + sorted(
        f"{FONT_DIRECTORY}/{path.name}" for path in Path(finders.find(FONT_DIRECTORY) or ".").glob("*.ttf")
    )
    for name in names:
        found = finders.find(name)
        digest.update(name.encode())
        digest.update(Path(found).read_bytes() if found else b"missing")
    return digest.hexdigest()


def _media_digest(media_names: Iterable[str]) -> str:
    """The allow-listed media files (the logo): replaced under the same name, they change the key."""
    digest = hashlib.sha256()
    root = Path(settings.MEDIA_ROOT)
    for name in sorted(media_names):
        path = root / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def part_digest(html: str, *, resources: str) -> str:
    return hashlib.sha256(f"{resources}\n{html}".encode()).hexdigest()


class PartCache:
    """Rendered parts under MEDIA_ROOT/report-parts/, named by their digest (PDF plus a JSON sidecar)."""

    def __init__(self, storage=None):
        self.storage = storage or default_storage

    def _names(self, digest: str) -> tuple[str, str]:
        return f"{CACHE_DIRECTORY}/{digest}.pdf", f"{CACHE_DIRECTORY}/{digest}.json"

    def get(self, digest: str) -> PartPdf | None:
        pdf_name, meta_name = self._names(digest)
        if not self.storage.exists(meta_name):  # written last: present means complete
            return None
        try:
            with self.storage.open(meta_name) as meta_file:
                meta = json.loads(meta_file.read())
            with self.storage.open(pdf_name) as pdf_file:
                return PartPdf(pdf_file.read(), meta["pages"], meta["anchors"])
        except (OSError, ValueError, KeyError):
            return None

    def put(self, digest: str, part: PartPdf) -> None:
        for name, content in zip(
            self._names(digest),
            (part.pdf, json.dumps({"pages": part.pages, "anchors": part.anchors}).encode()),
            strict=True,
        ):
            if self.storage.exists(name):
                continue
            saved = self.storage.save(name, ContentFile(content))
            if saved != name:  # another run wrote it meanwhile; keep theirs
                self.storage.delete(saved)

    def prune(self, *, keep: set[str], older_than: float) -> int:
        """Delete the parts no version uses, once older than `older_than` seconds (a run in progress
        may have written parts that no version names yet). Returns how many parts went."""
        try:
            _folders, files = self.storage.listdir(CACHE_DIRECTORY)
        except FileNotFoundError:
            return 0
        now, removed = time.time(), 0
        for name in files:
            digest = name.rsplit(".", 1)[0]
            path = f"{CACHE_DIRECTORY}/{name}"
            if digest in keep or now - self.storage.get_modified_time(path).timestamp() < older_than:
                continue
            self.storage.delete(path)
            removed += name.endswith(".json")
        return removed


# Assembly --------------------------------------------------------------------------------------


def _render_missing(
    named: list[tuple[str, str]],
    *,
    cache: PartCache,
    pool: PartPool,
    resources: str,
    media: tuple[str, ...],
    done: Assembly,
) -> list[PartPdf]:
    digests = [part_digest(html, resources=resources) for _name, html in named]
    found = [cache.get(digest) for digest in digests]
    missing = [index for index, part in enumerate(found) if part is None]
    rendered, parallel = pool.render([named[index][1] for index in missing], media) if missing else ([], False)
    for index, part in zip(missing, rendered, strict=True):
        cache.put(digests[index], part)
        found[index] = part
    done.digests += digests
    done.rendered += [named[index][0] for index in missing]
    done.reused += [name for index, (name, _html) in enumerate(named) if index not in missing]
    done.parallel = done.parallel or parallel
    return [part for part in found if part is not None]


def _form(writer: PdfWriter, page) -> IndirectObject:
    """A page of another document as a form XObject of `writer`, drawn with one `Do` (nothing parsed)."""
    form = DecodedStreamObject()
    contents = page.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = page.mediabox
    form[NameObject("/Resources")] = page.get("/Resources", DictionaryObject()).clone(writer)
    return writer._add_object(form.flate_encode())


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _link_anchors(writer: PdfWriter, targets: dict[str, int]) -> None:
    """Each outward link to an anchor (ANCHOR_LINKS) becomes a jump to the page holding it (1-based in
    `targets`); a link to an anchor found nowhere is removed rather than left pointing outside."""
    for page in writer.pages:
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept = ArrayObject()
        for reference in annotations.get_object():
            annotation = reference.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if not uri.startswith(ANCHOR_LINKS):
                kept.append(reference)
                continue
            number = targets.get(unquote(uri[len(ANCHOR_LINKS) :]))
            if number is None or not 1 <= number <= len(writer.pages):
                continue
            target = writer.pages[number - 1].indirect_reference
            annotation[NameObject("/A")] = DictionaryObject(
                {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): ArrayObject([target, NameObject("/Fit")])}
            )
            kept.append(reference)
        page[NameObject("/Annots")] = kept


def join_pdfs(
    parts: list[PartPdf], *, footer: PartPdf, numbers: PartPdf, targets: dict[str, int] | None = None
) -> bytes:
    """The parts' pages in order; every page but the cover gets the footer and its number drawn over it.

    The stamps are form XObjects added to each page's content list (the page's own content wrapped in
    q/Q), so no content stream is parsed; each font is then embedded once (`embed_fonts_once`), and pypdf
    keeps identical objects once and drops the parts' own font subsets, referenced no more.
    """
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part.pdf)))
    footer_form = _form(writer, PdfReader(io.BytesIO(footer.pdf)).pages[0])
    number_pages = PdfReader(io.BytesIO(numbers.pdf)).pages
    save, restore = _stream(writer, b"q\n"), _stream(writer, b"Q\n")
    for index, page in enumerate(writer.pages[1:], start=1):
        number_form = _form(writer, number_pages[index])
        # The pages of a part share their resources: each page gets its own copy, naming its own number.
        resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
        xobjects = resources.get("/XObject")
        xobjects = DictionaryObject(xobjects.get_object()) if xobjects is not None else DictionaryObject()
        xobjects[NameObject("/SRFooter")] = footer_form
        xobjects[NameObject("/SRNumber")] = number_form
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page["/Contents"].get_object() if "/Contents" in page else ArrayObject()
        own = list(contents) if isinstance(contents, ArrayObject) else [page.raw_get("/Contents")]
        stamp = _stream(writer, b"q /SRFooter Do Q q /SRNumber Do Q\n")
        page[NameObject("/Contents")] = ArrayObject([save, *own, restore, stamp])
    _link_anchors(writer, targets or {})
    embed_fonts_once(writer)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    first = PdfReader(io.BytesIO(parts[0].pdf)).metadata
    if first:
        writer.add_metadata({key: str(value) for key, value in first.items()})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_assembled(
    doc: dict,
    *,
    version: dict | None = None,
    on_step: Callable[[str], None] | None = None,
    cache: PartCache | None = None,
) -> tuple[Rendered, Assembly]:
    """The report's PDF from its parts; `on_step("html")` and `on_step("pdf")` as each step begins.

    1. The parts' HTML, a draft of the contents (to learn its page count) and the running footer; the
       digest of each, with the stylesheet, fonts, logo and WeasyPrint's version.
    2. Those the cache lacks, rendered in parallel; the cover and footer change with every version.
    3. The contents with the page of every anchor the parts reported, and the page numbers of the
       whole, in parallel (cached too: unchanged numbers, nothing rendered). Should the contents take
       more or fewer pages than their draft, the numbers are computed again.
    4. The pages joined, with the footer and numbers drawn over them.
    """
    step = on_step or (lambda _name: None)
    cache = cache or PartCache()
    done = Assembly()
    media = tuple(name for name in [doc["territory"].get("logo", "")] if name)
    started = time.perf_counter()
    step("html")
    named = [
        *part_htmls(doc, version=version),
        ("toc-draft", toc_html(doc, {"*": 888})),
        ("footer", stamp_html(doc, version=version)),
    ]
    resources = f"{_static_digest()}:{_media_digest(media)}"
    middle = time.perf_counter()
    step("pdf")

    pool = PartPool()

    def rendered(batch: list[tuple[str, str]]) -> list[PartPdf]:
        return _render_missing(batch, cache=cache, pool=pool, resources=resources, media=media, done=done)

    with _gc_frozen(), closing(pool):
        *parts, draft, footer = rendered(named)
        toc_count = draft.pages
        for _attempt in range(3):
            toc_pages, start = {}, 1 + parts[0].pages + toc_count
            for part in parts[1:]:
                for anchor, page in part.anchors.items():
                    toc_pages.setdefault(anchor, start + page)
                start += part.pages
            total = start - 1
            toc, numbers = rendered([("toc", toc_html(doc, toc_pages)), ("numbers", stamp_html(doc, pages=total))])
            if toc.pages == toc_count:
                break
            toc_count = toc.pages
        pool.close()
        targets = {anchor: 1 + page for anchor, page in parts[0].anchors.items()}
        targets.update({anchor: 1 + parts[0].pages + page for anchor, page in toc.anchors.items()})
        targets.update(toc_pages)
        pdf = join_pdfs([parts[0], toc, *parts[1:]], footer=footer, numbers=numbers, targets=targets)
    return Rendered(pdf, total, "", middle - started, time.perf_counter() - middle), done
