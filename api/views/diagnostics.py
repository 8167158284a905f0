"""Questionnaire campaigns: participation and aggregated results per question, group and pillar.

Never single responses: the lines are the aggregated export's (`diagnostics.exports.result_lines`), free
texts are left out, and groups under the minimum size are withheld for all but the referent
(`diagnostics.privacy.results_for`), exactly as on the results page and in the CSV export.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from api import serializers
from api.views.base import DetailView, ListView, conditional
from communes.access import commune_rights, get_commune_for_user
from diagnostics import privacy
from diagnostics.access.questionnaires import get_campaign_for_user
from diagnostics.capabilities import READ, READ_INTERVIEW_NOTES, READ_RESULTS
from diagnostics.exports import result_lines
from diagnostics.participation import participation_total
from diagnostics.selectors import questionnaires as questionnaire_selectors
from diagnostics.selectors import responses as response_selectors
from diagnostics.selectors import results as result_selectors
from diagnostics.selectors.needs import needs_for_commune
from diagnostics.selectors.synthesis import synthesis_for_commune


class CampaignList(ListView):
    """The commune's campaigns with their participation (newest first)."""

    serializer_class = serializers.CampaignSerializer
    filter_backends = ()
    ordering = "-pk"

    def get_queryset(self):
        commune = get_commune_for_user(self.request.user, self.kwargs["slug"], need=READ_RESULTS)
        return questionnaire_selectors.commune_campaigns(commune)

    def paginate_queryset(self, queryset):
        return response_selectors.with_participation(super().paginate_queryset(queryset))


PARTIAL = OpenApiParameter(
    "partial", OpenApiTypes.BOOL, description="Count responses started but not submitted too (as on the page)."
)


def campaign_figures(campaign, results) -> dict:
    """The results as the API writes them (the same lines as the CSV export)."""
    by_question: dict[int, list] = {}
    for line in result_lines(results):
        by_question.setdefault(line.question.id, []).append(line)
    withheld = {g.id for g in results.groups if g.withheld}
    campaign.participation = participation_total(response_selectors.campaign_participation(campaign.pk).values())
    return {
        "campaign": campaign,
        "include_partial": results.include_partial,
        "groups": results.groups,
        "total": results.total,
        "pillars": [
            {**vars(p), "by_group": {str(k): v for k, v in p.by_group.items() if k not in withheld}}
            for p in results.pillars
        ],
        "questions": [
            {
                "code": q.code,
                "text": q.text,
                "type": q.type,
                "pillars": q.pillars,
                "lines": [_line(line, withheld) for line in by_question.get(q.id, [])],
            }
            for q in results.questions
        ],
    }


def _line(line, withheld: set) -> dict:
    return {**vars(line), "withheld": line.group_id in withheld}


@conditional
class CampaignResults(DetailView):
    serializer_class = serializers.CampaignResultsSerializer

    @extend_schema(parameters=[PARTIAL])
    def get(self, request, slug, pk):
        campaign = get_campaign_for_user(request.user, slug, pk, need=READ_RESULTS)
        include_partial = request.query_params.get("partial") in ("true", "on", "1")
        results = result_selectors.campaign_results(campaign, include_partial=include_partial)
        results = privacy.results_for(results, user=request.user, commune=campaign.commune)
        return Response(self.get_serializer(campaign_figures(campaign, results)).data)


def _shows_unpublished(user, commune) -> bool:
    """As the needs and synthesis pages decide it: unpublished findings for who reads interview notes."""
    return commune_rights(user, commune).can(READ_INTERVIEW_NOTES)


class NeedList(DetailView):
    """The diagnostic's needs by rank, each with how many sources of each kind support it."""

    serializer_class = serializers.NeedSerializer

    @extend_schema(responses=serializers.NeedSerializer(many=True))
    def get(self, request, slug):
        commune = get_commune_for_user(request.user, slug, need=READ)
        needs = needs_for_commune(commune, show_unpublished=_shows_unpublished(request.user, commune))
        return Response(self.get_serializer(needs, many=True).data)


@conditional
class SynthesisDetail(DetailView):
    """The synthesis: the referent's texts, maturity per pillar, strengths, weaknesses and the needs."""

    serializer_class = serializers.SynthesisSerializer

    def get(self, request, slug):
        commune = get_commune_for_user(request.user, slug, need=READ)
        synthesis = synthesis_for_commune(commune, show_unpublished=_shows_unpublished(request.user, commune))
        diagnostic = synthesis.diagnostic
        data = {
            "commune": commune.slug,
            "summary": getattr(diagnostic, "summary_text", ""),
            "strengths_text": getattr(diagnostic, "strengths_text", ""),
            "weaknesses_text": getattr(diagnostic, "weaknesses_text", ""),
            "existing_text": getattr(diagnostic, "existing_text", ""),
            "responses": synthesis.maturity.responses,
            "maturity": synthesis.maturity.pillars,
            "strengths": synthesis.strengths,
            "weaknesses": synthesis.weaknesses,
            "needs": synthesis.needs,
            "updated_at": getattr(diagnostic, "updated_at", None),
        }
        return Response(self.get_serializer(data).data)
