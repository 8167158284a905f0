"""What the e-mails share: absolute links and the greeting.

Links in e-mails need the site's address. `SITE_URL` gives it when set; otherwise the address the
request that caused the e-mail came to (`request_base_url`), which views pass to the services and the
services to their Celery tasks as `base_url`. Work without a request (the periodic reminders) falls
back to `SITE_URL`'s default, so a deployment sets `SITE_URL`.
"""

from django.conf import settings


def request_base_url(request) -> str:
    """The scheme and host the request came to, e.g. "https://portail.example.be" (host checked by ALLOWED_HOSTS)."""
    return request.build_absolute_uri("/").rstrip("/")


def absolute_url(path: str, *, base_url: str = "") -> str:
    """`path` (from `reverse`) made absolute: `SITE_URL` when set, else `base_url`, else the default address."""
    if settings.SITE_URL_SET or not base_url:
        return settings.SITE_URL + path
    return base_url.rstrip("/") + path


def greeting_name(name: str) -> str:
    """The name to greet someone by, or "" when only an e-mail address is known ("Bonjour," then)."""
    name = (name or "").strip()
    return "" if not name or "@" in name else name
