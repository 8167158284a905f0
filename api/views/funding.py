"""Funding applications (a commune's, the territory's for the referent) and the territory's calls catalogue."""

from django.utils import timezone

from api import serializers
from api.views.base import ListView
from funding import matching, selectors
from funding.access import (
    get_catalogue_for_user,
    get_commune_applications_for_user,
    get_territory_applications_for_user,
)


class CommuneApplicationList(ListView):
    """The applications of the commune's project sheets one reads, with amounts requested and granted."""

    serializer_class = serializers.ApplicationSerializer
    filter_backends = ()
    ordering = "pk"

    def get_queryset(self):
        commune, readable = get_commune_applications_for_user(self.request.user, self.kwargs["slug"])
        return selectors.commune_applications(commune, readable)


class TerritoryApplicationList(ListView):
    """Every application of the territory, its communes' and its shared projects' (the referent's)."""

    serializer_class = serializers.ApplicationSerializer
    filter_backends = ()
    ordering = "pk"

    def get_queryset(self):
        access = get_territory_applications_for_user(self.request.user, self.kwargs["slug"])
        return selectors.territory_applications_queryset(access.territory)


class CallList(ListView):
    """The territory's calls for projects with their rounds and the next one to close (cursor-paginated)."""

    serializer_class = serializers.FundingCallSerializer
    filter_backends = ()
    ordering = "pk"

    def get_queryset(self):
        access = get_catalogue_for_user(self.request.user, self.kwargs["slug"])
        return selectors.calls_for_territory(access.territory)

    def get_serializer(self, *args, **kwargs):
        today = timezone.localdate()
        for call in args[0] if args else ():
            found = matching.next_round([(r.opens_on, r.closes_on) for r in call.rounds.all()], today)
            call.next_round = {"opens_on": found[0], "closes_on": found[1]} if found else None
        return super().get_serializer(*args, **kwargs)
