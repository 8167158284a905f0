"""The final report among the commune page's next steps (registered in ReportsConfig.ready): Collège
members are told when a version is published, to read it."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from communes.capabilities import Rights
from communes.models import Commune
from communes.next_steps import Step
from reports.capabilities import DOWNLOAD, PREVIEW
from reports.models import Report


def report_steps(commune: Commune, rights: Rights, today: date) -> list[Step]:
    """For the Collège: people who may download published versions but not preview the report."""
    if not rights.can(DOWNLOAD) or rights.can(PREVIEW):
        return []
    report = (
        Report.objects.filter(commune=commune, published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .values("pk", "number")
        .first()
    )
    if report is None:
        return []
    text = gettext("Version %(number)s of the final report is published.") % {"number": report["number"]}
    url = reverse("reports:report-detail", args=[commune.slug, report["pk"]])
    return [Step(text, url, gettext("Read the report"))]
