"""Reads for projects: querysets with their joins already applied."""

from django.db.models import Prefetch, QuerySet

from communes.models import Commune
from projects.models import Indicator, IndicatorValue, Project


def projects_with_indicators(commune: Commune) -> QuerySet[Project]:
    """The commune's projects, each with its indicators and their values in date order (three queries)."""
    indicators = Indicator.objects.order_by("position", "pk").prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("measured_on", "pk"))
    )
    return (
        Project.objects.filter(commune=commune)
        .select_related("commune")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .order_by("title", "pk")
    )
