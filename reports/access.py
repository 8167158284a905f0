"""Who may see or change a commune's report versions.

The referent (MANAGE) sees every version and asks for, publishes and withdraws them. Staff and college
members of the commune see published versions only: an unpublished one is a 404 for them, as if it
did not exist.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from communes.access import Level, commune_level, get_commune_for_user
from reports.models import Report, ReportStatus


def report_flags(user, commune) -> dict:
    level = commune_level(user, commune) or 0
    return {"can_manage": level >= Level.MANAGE, "can_preview": level >= Level.CONTRIBUTE}


def get_report_for_user(user, slug: str, pk: int, *, level: Level = Level.READ, with_snapshot: bool = False) -> Report:
    """Version `pk` of commune `slug`: Http404 outside reach or unpublished for non-referents."""
    commune = get_commune_for_user(user, slug, level=level)
    reports = Report.objects.select_related("author", "published_by")
    if not with_snapshot:
        reports = reports.defer("snapshot")
    report = get_object_or_404(reports, pk=pk, commune=commune)
    report.commune = commune
    if report.published_at is None and commune_level(user, commune) < Level.MANAGE:
        raise Http404
    return report


def get_downloadable_report(user, slug: str, pk: int, *, with_snapshot: bool = False) -> Report:
    """A version whose PDF can be read: done, with its file, and within the user's reach."""
    report = get_report_for_user(user, slug, pk, with_snapshot=with_snapshot)
    if report.status != ReportStatus.DONE or not report.pdf:
        raise Http404
    return report
