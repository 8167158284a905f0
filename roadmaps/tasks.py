from datetime import timedelta

from django.db import DatabaseError

from roadmaps.services import scoring
from smartregion.tasks import service_task


@service_task(
    name="roadmaps.roadmap_scores_refresh",
    former_names=("roadmaps.score_roadmap",),
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
)
def roadmap_scores_refresh(roadmap_id: int) -> int:
    """Compute a roadmap's scores; a no-op when they are already up to date, so safe to run twice."""
    return scoring.roadmap_scores_refresh(roadmap_ids=[roadmap_id])


@service_task(name="roadmaps.stale_roadmaps_rescore", former_names=("roadmaps.rescore_stale_roadmaps",), acks_late=True)
def stale_roadmaps_rescore(stale_after_seconds: int | None = None) -> int:
    """Periodic sweep: score the roadmaps whose task was lost or could not be queued."""
    stale_after = scoring.STALE_AFTER if stale_after_seconds is None else timedelta(seconds=stale_after_seconds)
    return scoring.stale_roadmaps_rescore(stale_after=stale_after)
