"""Reads for final reports."""

import unicodedata

from django.db.models import QuerySet

from communes.models import Commune
from reports.models import Report, ReportIntroduction, ReportStatus


def commune_reports(commune: Commune, *, published_only: bool) -> QuerySet[Report]:
    """The commune's versions, newest first, without their (large) data snapshot."""
    reports = Report.objects.filter(commune=commune).select_related("author", "published_by").defer("snapshot")
    if published_only:
        reports = reports.filter(status=ReportStatus.DONE, published_at__isnull=False)
    return reports.order_by("-number")


def report_introduction(commune: Commune) -> str:
    return ReportIntroduction.objects.filter(commune=commune).values_list("text", flat=True).first() or ""


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def communes_matching(reference: str) -> list[Commune]:
    """Communes whose slug is `reference`, or whose name matches it ignoring case and accents."""
    by_slug = list(Commune.objects.select_related("territory").filter(slug=reference.strip().lower()))
    if by_slug:
        return by_slug
    wanted = _folded(reference)
    names = Commune.objects.values_list("pk", "name")
    ids = [pk for pk, name in names if _folded(name) == wanted]
    return list(Commune.objects.select_related("territory").filter(pk__in=ids).order_by("territory__name"))
