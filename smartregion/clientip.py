"""The client's IP address, for throttles and lockouts: proxy-aware only where a proxy is declared.

Without `BEHIND_PROXY`, `X-Forwarded-For` is whatever the client chose to send, so only `REMOTE_ADDR`
counts. Behind `PROXY_COUNT` trusted proxies, each appends the address it saw: the client's is the entry
that many places from the right (entries further left were written by the client and are not trusted).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN_IP = "0.0.0.0"  # noqa: S104 - a placeholder key, not an address bound to


def _valid(address: str) -> str | None:
    address = address.strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address throttles and lockouts key on; never raises, never trusts a forged header."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_IP
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < settings.PROXY_COUNT:
        return remote
    return _valid(forwarded[-settings.PROXY_COUNT]) or remote


def client_ip_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit `key=` callable: the same address as every other throttle."""
    return client_ip(request)
