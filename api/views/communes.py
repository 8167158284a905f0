"""Territories and communes, with the accompaniment, its milestones and late flags."""

import django_filters
from django.utils import timezone
from rest_framework.response import Response

from api import serializers
from api.views.base import DetailView, ListView, conditional, with_last_modified
from communes.access import get_commune_for_user, get_territory_for_user, territories_for_user
from communes.models import AccompanimentStatus, Phase
from communes.selectors import commune_detail, commune_overview_list


class TerritoryList(ListView):
    """The territories you reach."""

    serializer_class = serializers.TerritorySerializer
    filter_backends = ()

    def get_queryset(self):
        return territories_for_user(self.request.user).order_by("pk")


@conditional
class TerritoryDetail(DetailView):
    serializer_class = serializers.TerritorySerializer

    def get(self, request, slug):
        territory = get_territory_for_user(request.user, slug)
        return Response(self.get_serializer(territory).data)


class CommuneFilter(django_filters.FilterSet):
    territory = django_filters.CharFilter(field_name="territory__slug")
    phase = django_filters.ChoiceFilter(field_name="accompaniment__phase", choices=Phase.choices)
    status = django_filters.ChoiceFilter(field_name="accompaniment__status", choices=AccompanimentStatus.choices)
    is_late = django_filters.BooleanFilter()


class CommuneList(ListView):
    """The communes you reach, each with where its accompaniment stands (cursor-paginated, by slug)."""

    serializer_class = serializers.CommuneListSerializer
    filterset_class = CommuneFilter
    ordering = "slug"

    def get_queryset(self):
        return commune_overview_list(self.request.user)


@conditional
class CommuneDetail(DetailView):
    """A commune, its accompaniment and milestones (each with its late flag)."""

    serializer_class = serializers.CommuneDetailSerializer

    def get(self, request, slug):
        commune = get_commune_for_user(request.user, slug)
        overview = commune_overview_list(request.user).get(pk=commune.pk)
        detail = commune_detail(commune)
        today = timezone.localdate()
        for milestone in detail["milestones"]:
            milestone.late = milestone.is_late(today)
        accompaniment = detail["accompaniment"]
        data = {
            "slug": commune.slug,
            "name": commune.name,
            "territory": commune.territory,
            "nis_code": commune.nis_code,
            "province": commune.province,
            "population": commune.population,
            "accompaniment": accompaniment,
            "milestones": detail["milestones"],
            "progress": overview.progress,
            "is_late": overview.is_late,
        }
        response = Response(self.get_serializer(data).data)
        return with_last_modified(response, accompaniment.updated_at if accompaniment else None)
