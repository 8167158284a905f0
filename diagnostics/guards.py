"""Guards for anonymous questionnaire pages: throttles (django-ratelimit, counted in the cache), the
open-link cookie that lets a browser resume its response, and quiet bot checks (honeypot, fill time)."""

import logging
import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

from smartregion.clientip import client_ip_key

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
STAMP_FIELD = "shown"
STAMP_SALT = "diagnostics.open-link.shown"
COOKIE_SALT = "diagnostics.open-link.response"
STAMP_MAX_AGE = 24 * 3600


def throttled(request: HttpRequest, *, group: str, rate_setting: str, key=client_ip_key) -> bool:
    """Count this request against `rate_setting` (read now, so tests can override it); True once over."""
    rate = getattr(settings, rate_setting)
    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, method=ALL, increment=True)
    except (RedisError, OSError):
        # The counters live in Redis: while it is away, respondents keep answering (their answers are in
        # the database) rather than meet a server error; the honeypot and fill time still stand.
        logger.warning("Throttle %s not counted: cache unreachable", group, exc_info=True)
        return False


def link_key(link):
    """A django-ratelimit key callable counting every visitor of one open link together."""
    return lambda group, request: f"link-{link.pk}"


def form_stamp() -> str:
    """The signed time a form was shown, to measure how fast it comes back."""
    return signing.dumps(time.time(), salt=STAMP_SALT)


def looks_like_bot(request: HttpRequest, *, since: float | None = None) -> bool:
    """A filled honeypot, or a form sent back faster than OPEN_LINK_MIN_FILL_SECONDS.

    `since` (a timestamp) replaces the form's signed stamp, e.g. the response's creation for a submission.
    """
    if request.POST.get(HONEYPOT_FIELD):
        return True
    if since is None:
        try:
            since = float(signing.loads(request.POST.get(STAMP_FIELD, ""), salt=STAMP_SALT, max_age=STAMP_MAX_AGE))
        except (signing.BadSignature, TypeError, ValueError):
            return True
    return time.time() - since < settings.OPEN_LINK_MIN_FILL_SECONDS


def _cookie_name(link) -> str:
    return f"sr_open_link_{link.pk}"


def browser_response_token(request: HttpRequest, link) -> str | None:
    """The personal-link token this browser started through `link`, if its signed cookie says so."""
    return request.get_signed_cookie(_cookie_name(link), default=None, salt=COOKIE_SALT)


def remember_response(reply: HttpResponse, link, token: str) -> HttpResponse:
    reply.set_signed_cookie(
        _cookie_name(link),
        token,
        salt=COOKIE_SALT,
        max_age=settings.OPEN_LINK_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return reply
