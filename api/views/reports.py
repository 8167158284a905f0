"""Report versions: metadata and an access-checked download link (the portal's own download address)."""

from django.urls import reverse

from api import serializers
from api.views.base import ListView
from communes.access import commune_rights, get_commune_for_user
from reports.capabilities import READ_UNPUBLISHED
from reports.models import ReportStatus
from reports.selectors import commune_reports


class ReportList(ListView):
    """The commune's report versions, newest first: published ones, every one for the referent."""

    serializer_class = serializers.ReportSerializer
    filter_backends = ()
    ordering = "-number"

    def get_queryset(self):
        commune = get_commune_for_user(self.request.user, self.kwargs["slug"])
        published_only = not commune_rights(self.request.user, commune).can(READ_UNPUBLISHED)
        return commune_reports(commune, published_only=published_only)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for report in page:
            report.download_url = (
                self.request.build_absolute_uri(
                    reverse("reports:report-download", args=[self.kwargs["slug"], report.pk])
                )
                if report.status == ReportStatus.DONE and report.pdf
                else None
            )
        return page
