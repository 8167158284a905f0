"""Who may see or change a commune's report versions.

`reports.read_unpublished` (the referent) sees every version; `reports.request` asks for and retries
them, `reports.publish` publishes and withdraws them. Whoever holds `reports.download` without
`reports.read_unpublished` sees published versions only: an unpublished one is a 404 for them, as if it
did not exist. Roles: `communes.capabilities.ROLE_CAPABILITIES`.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from communes.access import commune_rights, get_commune_for_user
from communes.capabilities import Capability
from reports.capabilities import DOWNLOAD, READ_UNPUBLISHED
from reports.models import Report, ReportStatus


def get_report_for_user(
    user, slug: str, pk: int, *, need: Capability = DOWNLOAD, with_snapshot: bool = False
) -> Report:
    """Version `pk` of commune `slug`: Http404 outside reach or unpublished for who may not read those."""
    commune = get_commune_for_user(user, slug, need=need)
    reports = Report.objects.select_related("author", "published_by")
    if not with_snapshot:
        reports = reports.defer("snapshot")
    report = get_object_or_404(reports, pk=pk, commune=commune)
    report.commune = commune
    if report.published_at is None and not commune_rights(user, commune).can(READ_UNPUBLISHED):
        raise Http404
    return report


def get_downloadable_report(user, slug: str, pk: int, *, with_snapshot: bool = False) -> Report:
    """A version whose PDF can be read: done, with its file, and within the user's reach."""
    report = get_report_for_user(user, slug, pk, with_snapshot=with_snapshot)
    if report.status != ReportStatus.DONE or not report.pdf:
        raise Http404
    return report
