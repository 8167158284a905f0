"""The only way WeasyPrint reaches a file while rendering a report.

The document is rendered against a base URL that names no real host. The fetcher serves, for URLs
under that base, the app's own static files (found by the staticfiles finders, never outside their
directories) and the few media files named in an explicit allow-list (the territory's logo); it also
decodes `data:` URIs. Everything else — `file://`, `http(s)://` anywhere else, any other scheme — is
refused before anything is opened: no file is read, no connection made, so no redirect can be followed.
"""

import logging
import mimetypes
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.addresses import MEDIA_PREFIX, STATIC_PREFIX

logger = logging.getLogger(__name__)

DATA_URI_MAX_CHARS = 4 * 1024 * 1024


class RefusedURL(ValueError):
    """The renderer asked for something outside what a report may read."""


@cache
def _static_roots() -> tuple[Path, ...]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location).resolve())
    return tuple(roots)


def _relative_name(url: str, prefix: str) -> str:
    """The file name after `prefix`, refusing anything that could climb out of its directory."""
    parts = urlsplit(url)
    if parts.query or parts.fragment or parts.username or parts.password or parts.port:
        raise RefusedURL(url)
    name = unquote(url[len(prefix) :].split("?", 1)[0].split("#", 1)[0])
    segments = name.split("/")
    if not name or "\\" in name or "\x00" in name or any(s in ("", ".", "..") for s in segments):
        raise RefusedURL(url)
    return name


def _within(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


class ReportURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher limited to static files, allow-listed media files and data: URIs.

    `fetched` and `refused` record every URL asked for, for the logs and the tests.
    """

    def __init__(self, *, media_names: Iterable[str] = ()):
        super().__init__(timeout=1, allowed_protocols=("data", "https"), allow_redirects=False, fail_on_errors=False)
        self.media_names = frozenset(name for name in media_names if name)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            response = self._serve(url)
        except RefusedURL:
            self.refused.append(url)
            logger.warning("Report renderer refused to fetch %.200s", url)
            raise
        self.fetched.append(url)
        return response

    def _serve(self, url: str) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return self._data(url)
        if url.startswith(STATIC_PREFIX):
            return self._file(url, self._static_path(url))
        if url.startswith(MEDIA_PREFIX):
            return self._file(url, self._media_path(url))
        raise RefusedURL(url)

    def _static_path(self, url: str) -> Path:
        name = _relative_name(url, STATIC_PREFIX)
        found = finders.find(name)
        if not found:
            raise RefusedURL(url)
        path = Path(found).resolve()
        if not path.is_file() or not _within(path, _static_roots()):
            raise RefusedURL(url)
        return path

    def _media_path(self, url: str) -> Path:
        name = _relative_name(url, MEDIA_PREFIX)
        if name not in self.media_names:
            raise RefusedURL(url)
        root = Path(settings.MEDIA_ROOT).resolve()
        path = (root / name).resolve()
        if not path.is_file() or not _within(path, [root]):
            raise RefusedURL(url)
        return path

    def _file(self, url: str, path: Path) -> URLFetcherResponse:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def _data(self, url: str) -> URLFetcherResponse:
        if len(url) > DATA_URI_MAX_CHARS:
            raise RefusedURL(url[:60])
        try:
            # Only ever a data: URI here (checked by the caller): decoded in memory, nothing opened.
            opened = DataHandler().data_open(Request(url))  # noqa: S310
        except (ValueError, TypeError) as error:
            raise RefusedURL(url[:60]) from error
        return URLFetcherResponse(url, opened.read(), {"Content-Type": opened.headers.get("Content-Type", "")})
