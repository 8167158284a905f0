"""The final report among the commune page's next steps (registered in ReportsConfig.ready): Collège
members are told when a version is published, to read it."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from communes.access import Level
from communes.models import Commune
from communes.next_steps import Step
from reports.models import Report


def report_steps(commune: Commune, level: Level, today: date) -> list[Step]:
    if level != Level.READ:
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
