"""A commune's procurements: status, the procedure the portal proposes, the timeline and the award (bidders by
company name only)."""

import datetime

from rest_framework.response import Response

from api import serializers
from api.views.base import DetailView, ListView, conditional, with_last_modified
from procurement import selectors
from procurement.access import get_procurement_for_user, get_procurements_for_user


class ProcurementList(ListView):
    """The commune's procurements with their status and award (cursor-paginated)."""

    serializer_class = serializers.ProcurementSerializer
    filter_backends = ()
    ordering = "pk"

    def get_queryset(self):
        access = get_procurements_for_user(self.request.user, self.kwargs["slug"])
        return selectors.procurements_of(access.commune.pk).select_related("commune")


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, datetime.date) else None


@conditional
class ProcurementDetail(DetailView):
    """A procurement: the proposed procedure and why, the timeline with late steps, the bidders' names."""

    serializer_class = serializers.ProcurementDetailSerializer

    def get(self, request, slug, pk):
        _access, procurement = get_procurement_for_user(request.user, slug, pk)
        overview = selectors.overview(procurement)
        steps = selectors.timeline(procurement, standstill=overview.proposal.standstill)
        procurement.proposed_procedure = overview.proposal
        procurement.timeline = [{**step, "date": _iso(step["value"])} for step in steps]
        procurement.bidder_names = [bidder.name for bidder in procurement.bidders.order_by("position", "pk")]
        return with_last_modified(Response(self.get_serializer(procurement).data), procurement.updated_at)
