import django_filters
from django import forms
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communes.models import AccompanimentStatus, Phase, Province
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


# Rendered filter forms, by language and bound values; cleared when full (it only saves rendering time).
_FORM_HTML: dict[tuple, str] = {}
FORM_HTML_KEPT = 256


def overview_form_html(overview: CommuneOverviewFilter, language: str) -> str:
    """The dashboard's filter fields, rendered once per process for each language and set of bound values.

    Their HTML is a function of the code, the language and the values the form was bound to (its choices are
    constants, never rows), so what is kept never goes stale while the process runs the same code. Searches
    are rendered every time, so that free text cannot fill the memory.
    """
    form = overview.form
    data = form.data
    key = None
    if not data.get("q", "").strip():
        values = tuple(
            (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else data.get(name)) for name in form.fields
        )
        key = (language, form.is_bound, values)
        if key in _FORM_HTML:
            return _FORM_HTML[key]
    html = render_to_string("communes/commune_list.html#filter-fields", {"filter": overview})
    if key is not None:
        if len(_FORM_HTML) >= FORM_HTML_KEPT:
            _FORM_HTML.clear()
        _FORM_HTML[key] = html
    return html


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
