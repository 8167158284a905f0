"""Assertions shared by the view tests."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape


def login_url(next_url: str) -> str:
    return f"{reverse(settings.LOGIN_URL)}?next={quote(next_url)}"


def assert_login_redirect(response, next_url: str) -> None:
    assert response.status_code == 302, response.status_code
    assert response.url == login_url(next_url)


def response_language(response) -> str:
    return response.headers.get("Content-Language", settings.LANGUAGE_CODE)


def assert_message_in(response, message) -> None:
    """The (lazy, translatable) `message` appears in the page, in the language the page was served in."""
    with translation.override(response_language(response)):
        text = escape(str(message))
    assert text in response.content.decode(), f"{text!r} not in the page"


def messages_of(response) -> list[str]:
    """Flash messages queued by a request, e.g. before the redirect."""
    with translation.override(response_language(response)):
        return [str(m.message) for m in get_messages(response.wsgi_request)]


def translated(message, response) -> str:
    with translation.override(response_language(response)):
        return str(message)


def is_full_page(response) -> bool:
    return b"<html" in response.content


def client_file_name(raw: str) -> str:
    """A random file name as a browser could send it: Django's test client refuses '', '.', '..' or '/'."""
    name = raw.replace("\x00", "")
    return name if os.path.basename(name) not in {"", ".", ".."} else name + "f"


def form_data(response) -> dict:
    """What a browser tab would post back from the page's unchanged form (`response.context["form"]`)."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def cache_clear_own() -> None:
    """Empty this test process's part of the cache (throttle and lockout counters).

    `cache.clear()` on Redis flushes the whole database, and with it the counters of the other pytest-xdist
    worker in the middle of its test (their keys differ only by KEY_PREFIX): delete only our own keys.
    """
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        backend.clear()
        return
    client = backend._cache.get_client(None, write=True)
    keys = list(client.scan_iter(match=backend.make_key("*"), count=500))
    if keys:
        client.delete(*keys)


@contextmanager
def cold_structures() -> Iterator[None]:
    """Questionnaire structures kept per process are forgotten: a count of queries inside the block
    includes reading them, whatever ran before (as the first request after a questionnaire changed)."""
    from diagnostics.selectors.responses import _respondent_structure

    _respondent_structure.cache_clear()
    yield
