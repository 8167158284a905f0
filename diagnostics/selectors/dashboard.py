"""Columns the diagnostics app adds to the referent's dashboard (registered in DiagnosticsConfig.ready)."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from diagnostics.models import Diagnostic, Interview, InterviewStatus
from diagnostics.models.workspace import DEFAULT_INTERVIEW_TARGET


def annotate_interview_progress(queryset: QuerySet) -> QuerySet:
    """`interviews_held` and `interview_target` on each commune, as subqueries of the same query."""
    held = (
        Interview.objects.filter(commune=OuterRef("pk"), status=InterviewStatus.HELD)
        .order_by()
        .values("commune")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    target = Diagnostic.objects.filter(commune=OuterRef("pk")).values("interview_target")[:1]
    return queryset.annotate(
        interviews_held=Coalesce(Subquery(held, output_field=IntegerField()), Value(0)),
        interview_target=Coalesce(Subquery(target, output_field=IntegerField()), Value(DEFAULT_INTERVIEW_TARGET)),
    )
