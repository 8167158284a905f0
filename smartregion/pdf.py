"""Small PDFs rendered with WeasyPrint, reaching nothing but the app's static files.

The generic part of `reports.fetcher` (which keeps its own, with the report's media allow-list, until the
lead dedupes): the document is rendered against a base URL on a host that can never resolve; the fetcher
serves the static files found by the staticfiles finders under it (never outside their directories) and
refuses everything else — `file://`, `data:`, any other host or scheme — before anything is opened.
"""

import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# `.invalid` is reserved (RFC 2606): this host can never resolve.
PDF_BASE_URL = "https://pdf.smartregion.invalid/"
STATIC_PREFIX = f"{PDF_BASE_URL}static/"


class RefusedURL(ValueError):
    """The renderer asked for something outside the static files."""


@cache
def _static_roots() -> tuple[Path, ...]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location).resolve())
    return tuple(roots)


def _static_path(url: str) -> Path:
    parts = urlsplit(url)
    if not url.startswith(STATIC_PREFIX) or parts.query or parts.fragment or parts.username or parts.port:
        raise RefusedURL(url)
    name = unquote(url[len(STATIC_PREFIX) :])
    segments = name.split("/")
    if not name or "\\" in name or "\x00" in name or any(s in ("", ".", "..") for s in segments):
        raise RefusedURL(url)
    found = finders.find(name)
    path = Path(found).resolve() if found else None
    if path is None or not path.is_file() or not any(root in path.parents for root in _static_roots()):
        raise RefusedURL(url)
    return path


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher limited to the static files; `refused` lists what it turned down."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = _static_path(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def html_to_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """WeasyPrint on `html`; every resource goes through a static-only fetcher."""
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher()).write_pdf()
