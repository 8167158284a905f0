"""Shared projects: the territory's, with every member and share (the referent's), and a commune's own
memberships (its staff and Collège see their commune's share only)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from api import serializers
from api.views.base import DetailView
from mutualisation import selectors
from mutualisation.access import get_commune_mutualisation, get_territory_for_manager


class TerritorySharedProjectList(DetailView):
    """The territory's shared projects with their costs, split rule and members' shares, by title."""

    serializer_class = serializers.SharedProjectSerializer

    @extend_schema(responses=serializers.SharedProjectSerializer(many=True))
    def get(self, request, slug):
        territory = get_territory_for_manager(request.user, slug)
        projects = sorted(selectors.shared_projects(territory), key=lambda p: (p.title, p.pk))
        return Response(self.get_serializer(projects, many=True).data)


class CommuneMembershipList(DetailView):
    """The shared projects the commune is (or was) asked to join, with its own share, by project title."""

    serializer_class = serializers.MembershipSerializer

    @extend_schema(responses=serializers.MembershipSerializer(many=True))
    def get(self, request, slug):
        access = get_commune_mutualisation(request.user, slug)
        return Response(self.get_serializer(selectors.commune_memberships(access.commune), many=True).data)
