"""The roadmap: sheets with their scores, prerequisites and horizons, and the accepted plan.

Readers see it once published, those who prepare it before (`roadmaps.access.get_roadmap_for_user`).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from api import serializers
from api.views.base import DetailView, conditional, with_last_modified
from roadmaps.access import get_roadmap_for_user
from roadmaps.capabilities import EDIT
from roadmaps.models import ProjectTemplate
from roadmaps.selectors import roadmap_overview, sheet_with_score
from roadmaps.services.sheets import sheet_create


@conditional
class RoadmapDetail(DetailView):
    serializer_class = serializers.RoadmapSerializer

    def get(self, request, slug):
        roadmap = get_roadmap_for_user(request.user, slug).roadmap
        overview = roadmap_overview(roadmap)
        data = {
            "commune": roadmap.commune.slug,
            "status": roadmap.status,
            "summary": roadmap.summary,
            "focus_pillars": roadmap.focus_pillars,
            "published_at": roadmap.published_at,
            **overview,
        }
        response = Response(self.get_serializer(data).data)
        return with_last_modified(response, roadmap.scored_at or roadmap.published_at)


class SheetCreate(DetailView):
    """Create a project sheet (blank or from a template), through the service the form uses."""

    serializer_class = serializers.SheetInputSerializer

    @extend_schema(request=serializers.SheetInputSerializer, responses={201: serializers.SheetSerializer})
    def post(self, request, slug):
        access = get_roadmap_for_user(request.user, slug, need=EDIT)
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        fields = dict(given.validated_data)
        code = fields.pop("template")
        template = get_object_or_404(ProjectTemplate, code=code) if code else None
        fields = {k: v for k, v in fields.items() if v is not None}
        sheet = sheet_create(roadmap=access.roadmap, actor=request.user, fields=fields, template=template)
        return Response(serializers.SheetSerializer(sheet_with_score(sheet)).data, status=status.HTTP_201_CREATED)
