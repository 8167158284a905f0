"""The roadmap: sheets with their scores, prerequisites and horizons, and the accepted plan.

Readers see it once published, those who prepare it before (`roadmaps.access.get_roadmap_for_user`).
"""

from rest_framework.response import Response

from api import serializers
from api.views.base import DetailView, conditional, with_last_modified
from roadmaps.access import get_roadmap_for_user
from roadmaps.selectors import roadmap_overview


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
