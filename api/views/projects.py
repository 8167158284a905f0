"""Operational projects with their indicators and values; recording an indicator value."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from api import serializers
from api.views.base import DetailView, ListView, conditional, with_last_modified
from projects.access import get_indicator_for_user, get_project_for_user, get_projects_for_user
from projects.capabilities import EDIT
from projects.selectors import projects_with_indicators
from projects.services import record_indicator_value


class ProjectList(ListView):
    """The commune's projects, each with its indicators and their values (cursor-paginated)."""

    serializer_class = serializers.ProjectSerializer
    filter_backends = ()

    def get_queryset(self):
        access = get_projects_for_user(self.request.user, self.kwargs["slug"])
        return projects_with_indicators(access.commune)


@conditional
class ProjectDetail(DetailView):
    serializer_class = serializers.ProjectSerializer

    def get(self, request, slug, pk):
        access, _project = get_project_for_user(request.user, slug, pk)
        project = projects_with_indicators(access.commune).get(pk=pk)
        return with_last_modified(Response(self.get_serializer(project).data), project.updated_at)


class IndicatorValueCreate(DetailView):
    """Record what an indicator measured on a date (a second value on the same date replaces the first)."""

    serializer_class = serializers.IndicatorValueInputSerializer

    @extend_schema(
        request=serializers.IndicatorValueInputSerializer, responses={201: serializers.IndicatorValueSerializer}
    )
    def post(self, request, slug, project_pk, pk):
        _access, indicator = get_indicator_for_user(request.user, slug, project_pk, pk, need=EDIT)
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        recorded = record_indicator_value(actor=request.user, indicator=indicator, **given.validated_data)
        return Response(serializers.IndicatorValueSerializer(recorded).data, status=status.HTTP_201_CREATED)
