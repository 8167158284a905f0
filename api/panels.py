"""Panels the api app shows on lower apps' pages (smartregion.panels)."""

from django.utils import timezone

from smartregion.panels import Panel


def profile_panel(request, user) -> Panel | None:
    """The profile's link to the person's API tokens (one query)."""
    if not user.is_authenticated:
        return None
    from api.selectors import tokens_of

    active = tokens_of(user).filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).count()
    return Panel("api/profile_panel.html", {"active": active})


def public_barometer_panel(request, edition) -> Panel | None:
    """The open data files of a published edition, below its public summary (no query)."""
    return Panel("api/opendata_panel.html", {"edition": edition, "territory": edition.territory})
