"""Cache-based counters for the login IP ceiling and the password-reset throttle.

Axes locks a username from one address; these counters add what it cannot: a ceiling of failures per
address across every username (password spraying) and a limit on reset e-mails per address and per IP.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def _hit(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def _login_key(ip: str) -> str:
    return f"accounts:login-ip-failures:{ip}"


def login_ip_failure_record(*, ip: str) -> int:
    return _hit(_login_key(ip), int(settings.AXES_COOLOFF_TIME.total_seconds()))


def login_ip_is_locked(*, ip: str) -> bool:
    return (cache.get(_login_key(ip)) or 0) >= settings.AXES_IP_FAILURE_LIMIT


def password_reset_allowed(*, ip: str, email: str) -> bool:
    """Count one reset request; False once the address or the IP went past its limit in the window."""
    window = settings.PASSWORD_RESET_LIMIT_WINDOW_MINUTES * 60
    per_ip = _hit(f"accounts:reset-ip:{ip}", window)
    per_email = _hit(f"accounts:reset-email:{email.strip().lower()}", window)
    return per_ip <= settings.PASSWORD_RESET_LIMIT_PER_IP and per_email <= settings.PASSWORD_RESET_LIMIT_PER_EMAIL
