"""Pages kept between requests, never stale: `@kept_page` on a read-only view.

A kept page is served again while none of the tables its request read has been written since. For a GET
to a kept view, `KeptPagesMiddleware` (before any middleware that reads the database) reads the versions of
the tables that view is known to read (`freshness.table_versions`, one statement the page's query count
does not see), then records every table the request reads (`freshness.recording_reads`): the session's
user, their memberships, the view's own reads and its template's. The page is filed with those versions.
Every write through Django's connections bumps its table's version once its transaction commits
(`freshness._watch`), so the next request finds a version that moved and runs the view again. No service
has to remember anything, and nothing expires with time.

What a page holds besides its tables' rows is part of its key: the reader (their id and every field of
their account as this request loaded it, so a changed name or right is a new key), the language, the
scheme, host and full path with its query, the htmx headers, today's date (late flags, "this year"), the code's salt
(FRESHNESS_SALT). Per-request values are put back on each hit: the CSRF token (masked afresh) and each
`{% form_token %}` (a new one per serving, so two servings never share a create's token). A request with
messages waiting, any status but 200 and any non-GET request are never kept nor served from the cache.

Racing writers: the versions are read before the request's reads, and a bump happens only after its
transaction committed, so a page is never filed under versions newer than its data. The tables a view
reads are learnt by each process on its first run of it, which is not filed; from the next, it is.
"""

import hashlib
import logging
import re
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from smartregion import freshness
from smartregion.submissions import TOKEN_FIELD

logger = logging.getLogger(__name__)
# Seconds a page is kept, only to free memory: correctness never rests on it.
KEEP_SECONDS = 6 * 3600
HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-Target", "HX-Trigger", "HX-Trigger-Name", "HX-History-Restore-Request")
# Headers the view may set that a served copy repeats (cookies and the like are the middlewares' business).
KEPT_HEADERS = ("Content-Type", "Content-Language", "HX-Trigger", "HX-Push-Url", "HX-Retarget", "HX-Reswap")
_CSRF_MARK = b"\x00csrf\x00"
_FORM_TOKEN_MARK = b"\x00form-token\x00"
_CANDIDATE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH)
_FORM_TOKEN = re.compile(rb'(name="%s" value=")[A-Za-z0-9_-]+(")' % TOKEN_FIELD.encode())

# Tables a view read the last time it ran in this process (the first guess of what to read versions of).
_known_tables: dict[str, frozenset[str]] = {}


@dataclass(frozen=True)
class KeptPage:
    tables: frozenset[str]
    versions: tuple[tuple[str, int], ...]  # as read before the view read anything
    content: bytes = b""  # zlib-compressed, with marks for the per-request values
    headers: tuple[tuple[str, str], ...] = ()


def _reader(user) -> str:
    """The reader as this request loaded them: id and every field of their account."""
    if not user.is_authenticated:
        return "anonymous"
    return repr([getattr(user, field.attname) for field in user._meta.concrete_fields])


def page_key(name: str, request) -> str:
    parts = [
        settings.FRESHNESS_SALT,
        name,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        _reader(request.user),
        *(request.headers.get(h, "") for h in HTMX_HEADERS),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"page:{name}:{digest}"


def _strip(content: bytes, secret: str | None) -> bytes:
    """The page with its per-request values replaced by marks."""
    if secret:
        tokens = {t for t in set(_CANDIDATE.findall(content)) if _unmask_cipher_token(t.decode()) == secret}
        for token in tokens:
            content = content.replace(token, _CSRF_MARK)
    return _FORM_TOKEN.sub(rb"\1" + _FORM_TOKEN_MARK + rb"\2", content)


def _fill(content: bytes, request) -> bytes:
    """The kept page with this request's CSRF token and fresh form tokens."""
    if _CSRF_MARK in content:
        content = content.replace(_CSRF_MARK, get_token(request).encode())
    if _FORM_TOKEN_MARK in content:
        pieces = content.split(_FORM_TOKEN_MARK)
        content = pieces[0] + b"".join(secrets.token_urlsafe(24).encode() + piece for piece in pieces[1:])
    return content


def _cache_get(key: str) -> KeptPage | None:
    """The kept page, or None, also when the cache cannot be reached (the view then runs)."""
    try:
        return cache.get(key)
    except Exception as error:  # noqa: BLE001 (Redis down, full, or a copy of an older code)
        logger.warning("Kept page not read (%s): the view runs", error)
        return None


def _cache_set(key: str, page: KeptPage) -> None:
    try:
        cache.set(key, page, KEEP_SECONDS)
    except Exception as error:  # noqa: BLE001 (Redis down or full: the page was served, only not kept)
        logger.warning("Kept page not filed (%s)", error)


def _servable(request) -> bool:
    return request.method == "GET" and not len(get_messages(request))


@dataclass
class _Started:
    """The versions read before anything else the request read, and the tables it has read since."""

    name: str
    before: dict[str, int]
    read: set[str]


def _start(name: str, read: set[str]) -> _Started:
    return _Started(name, freshness.table_versions(_known_tables.get(name, frozenset())), read)


class KeptPagesMiddleware:
    """For a GET to a kept page, before any other middleware reads the database (the session, the user,
    their memberships): read the versions of the tables that view is known to read, and record every
    table the request reads from then on. Pages then depend on everything their request read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = _kept_name(request)
        if name is None:
            return self.get_response(request)
        with freshness.recording_reads() as read:
            request._kept_page_start = _start(name, read)
            return self.get_response(request)


def _kept_name(request) -> str | None:
    if request.method != "GET" or not settings.PAGE_CACHE:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return getattr(match.func, "kept_page_name", None)


def kept_page(view: Callable) -> Callable:
    """Decorator for a read-only view whose page depends only on database rows and the key's parts."""
    name = f"{view.__module__}.{view.__qualname__}"

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # A kept view called by another one (the home page shows the dashboard) runs inside its page.
        if not settings.PAGE_CACHE or not _servable(request) or getattr(request, "_kept_page_active", False):
            return view(request, *args, **kwargs)
        request._kept_page_active = True
        started = getattr(request, "_kept_page_start", None)
        if started is not None and started.name == name:
            return _serve(view, name, started, request, args, kwargs)
        # Called without the middleware (another view, a test): from here on.
        with freshness.recording_reads() as read:
            return _serve(view, name, _start(name, read), request, args, kwargs)

    wrapper.kept_page_name = name  # type: ignore[attr-defined]
    return wrapper


def _serve(view: Callable, name: str, started: _Started, request, args, kwargs):
    cache_key = page_key(name, request)
    kept = _cache_get(cache_key)
    if kept is not None:
        # Versions of tables this process did not know yet (filed by another one) are read now: a copy
        # is served only if none moved since it was filed.
        missing = kept.tables - started.before.keys()
        current = {**started.before, **freshness.table_versions(missing)} if missing else started.before
        if all(current.get(t) == v for t, v in kept.versions):
            response = HttpResponse(_fill(zlib.decompress(kept.content), request))
            for header, value in kept.headers:
                response[header] = value
            response["X-Kept-Page"] = "hit"
            return response
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    read = frozenset(started.read)
    # Only ever grows: a value a view keeps in memory (keyed by rows it reads each time) may spare a
    # statement on one run and not on another.
    _known_tables[name] = _known_tables.get(name, frozenset()) | read
    # Filed only when the versions of every table read were read before: a first run learns the tables.
    if response.status_code == 200 and not response.streaming and _servable(request) and read <= started.before.keys():
        content = zlib.compress(_strip(response.content, request.META.get("CSRF_COOKIE")), 1)
        headers = tuple((h, response[h]) for h in KEPT_HEADERS if h in response)
        _cache_set(
            cache_key, KeptPage(frozenset(started.before), tuple(sorted(started.before.items())), content, headers)
        )
    return response
