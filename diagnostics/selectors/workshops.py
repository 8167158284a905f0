"""Reads of ideation workshops and their ideas."""

from django.db.models import Count, Prefetch, Sum

from communes.models import Commune
from diagnostics.models import IdeaDecision, Workshop, WorkshopIdea


def workshop_list(commune: Commune):
    """Workshops with idea and vote counts (one query)."""
    return (
        Workshop.objects.filter(commune=commune)
        .annotate(idea_count=Count("ideas"), vote_total=Sum("ideas__votes"))
        .order_by("-held_on", "-pk")
    )


def workshop_ideas(workshop: Workshop) -> list[WorkshopIdea]:
    """Ideas, most voted first, with the need they were kept as (one query)."""
    return list(
        WorkshopIdea.objects.filter(workshop=workshop).select_related("need").order_by("-votes", "position", "pk")
    )


def _idea_data(idea: WorkshopIdea) -> dict:
    return {
        "id": idea.pk,
        "title": idea.title,
        "description": idea.description,
        "pillar": idea.pillar,
        "votes": idea.votes,
        "workshop": idea.workshop.title,
        "workshop_id": idea.workshop_id,
        "workshop_date": idea.workshop.held_on,
    }


def project_candidates_for_commune(commune: Commune) -> list[dict]:
    """Ideas the referent turned into project-sheet candidates, as plain data for the roadmap."""
    return [
        _idea_data(idea)
        for idea in WorkshopIdea.objects.filter(commune=commune, decision=IdeaDecision.PROJECT_CANDIDATE)
        .select_related("workshop")
        .order_by("-votes", "pk")
    ]


def idea_of_commune(commune: Commune, idea_id: int) -> dict | None:
    """One idea of the commune as plain data, with `is_candidate`; None when the commune has no such idea."""
    idea = WorkshopIdea.objects.filter(commune=commune, pk=idea_id).select_related("workshop").first()
    if idea is None:
        return None
    return {**_idea_data(idea), "is_candidate": idea.decision == IdeaDecision.PROJECT_CANDIDATE}


def workshops_for_report(commune: Commune) -> list[dict]:
    """Workshops with their ideas and votes, counts only for participants (two queries)."""
    workshops = Workshop.objects.filter(commune=commune).prefetch_related(
        Prefetch("ideas", queryset=WorkshopIdea.objects.order_by("-votes", "position", "pk"), to_attr="idea_list")
    )
    return [
        {
            "title": w.title,
            "held_on": w.held_on,
            "participants": w.participants,
            "ideas": [
                {
                    "title": i.title,
                    "pillar": i.pillar,
                    "pillar_label": str(i.get_pillar_display()) if i.pillar else "",
                    "votes": i.votes,
                    "decision": i.decision,
                    "decision_label": str(i.get_decision_display()),
                }
                for i in w.idea_list
            ],
        }
        for w in workshops.order_by("held_on", "pk")
    ]
