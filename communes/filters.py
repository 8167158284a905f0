import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communes.models import AccompanimentStatus, Phase, Province
from smartregion import freshness
from smartregion.collation import french

NO_ACCOMPANIMENT = "none"
# "All" under a feminine label: French says "Toutes" for a province, a phase, a commune, a person, an action.
ALL_FEMININE = pgettext_lazy("feminine", "All")


class CommuneOverviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    province = django_filters.ChoiceFilter(choices=Province.choices, label=_("Province"), empty_label=ALL_FEMININE)
    phase = django_filters.ChoiceFilter(
        choices=[*Phase.choices, (NO_ACCOMPANIMENT, _("Not started"))],
        method="filter_phase",
        label=_("Phase"),
        empty_label=ALL_FEMININE,
    )
    status = django_filters.ChoiceFilter(
        field_name="accompaniment__status",
        choices=AccompanimentStatus.choices,
        label=_("Status"),
        empty_label=_("All"),
    )
    late = django_filters.BooleanFilter(
        field_name="is_late", label=_("Only late"), widget=forms.CheckboxInput, method="filter_late"
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name_fr", "name"),
            ("phase_rank", "phase"),
            ("progress", "progress"),
            ("next_milestone_due", "next_milestone"),
            ("last_activity_at", "last_activity"),
        ),
        field_labels={
            "name_fr": _("Name"),
            "phase_rank": _("Phase"),
            "progress": _("Progress"),
            "next_milestone_due": _("Next milestone"),
            "last_activity_at": _("Last activity"),
            # Given here, the descending labels stay lazy: django-filters would format them once, at import,
            # in whatever language was active then ("Nom (décroissant)" on English pages).
            "-name": _("Name (descending)"),
            "-phase": _("Phase (descending)"),
            "-progress": _("Progress (descending)"),
            "-next_milestone": _("Next milestone (descending)"),
            "-last_activity": _("Last activity (descending)"),
        },
        label=_("Sort by"),
        empty_label=None,
    )

    def filter_queryset(self, queryset):
        # Sorting by name follows French collation (Châtelet before Chimay), in the database.
        return super().filter_queryset(queryset.alias(name_fr=french("name")))

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(nis_code__startswith=value))

    def filter_phase(self, queryset, name, value):
        if value == NO_ACCOMPANIMENT:
            return queryset.filter(accompaniment__isnull=True)
        return queryset.filter(accompaniment__phase=value)

    def filter_late(self, queryset, name, value):
        return queryset.filter(is_late=True) if value else queryset


def overview_form_cache_key(overview: CommuneOverviewFilter, language: str) -> str:
    """The key of the dashboard's rendered filter form, or "" (render it) while a search is typed.

    The form's HTML is a function of the code (the salt changes with each release), the language and the
    values the form was bound to: its choices are constants, never rows. Searches are left out so that
    free text cannot fill the cache.
    """
    form = overview.form
    if form.data.get("q", "").strip():
        return ""
    values = [
        (name, form.data.getlist(name) if hasattr(form.data, "getlist") else form.data.get(name))
        for name in form.fields
    ]
    return freshness.key("commune-overview-form", depends=(), vary=(language, form.is_bound, values))


class ActivityFilter(django_filters.FilterSet):
    """The territory feed's filters: by commune, by person, by action (choices limited to the territory)."""

    commune = django_filters.ModelChoiceFilter(queryset=None, label=_("Commune"), empty_label=ALL_FEMININE)
    actor = django_filters.ModelChoiceFilter(queryset=None, label=_("Person"), empty_label=ALL_FEMININE)
    verb = django_filters.ChoiceFilter(choices=(), label=_("Action"), empty_label=ALL_FEMININE)

    def __init__(self, data=None, *, territory, queryset, actors, verbs):
        super().__init__(data, queryset=queryset)
        self.filters["commune"].queryset = territory.communes.order_by(french("name"))
        self.filters["actor"].queryset = actors
        self.filters["verb"].extra["choices"] = verbs
