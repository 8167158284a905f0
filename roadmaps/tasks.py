from datetime import timedelta

from celery import shared_task
from django.db import DatabaseError

from roadmaps.services.scoring import STALE_AFTER, roadmap_scores_refresh, stale_roadmaps_rescore


@shared_task(
    name="roadmaps.score_roadmap", acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5
)
def score_roadmap(roadmap_id: int) -> int:
    """Compute a roadmap's scores; a no-op when they are already up to date, so safe to run twice."""
    return roadmap_scores_refresh(roadmap_ids=[roadmap_id])


@shared_task(name="roadmaps.rescore_stale_roadmaps", acks_late=True)
def rescore_stale_roadmaps(stale_after_seconds: int | None = None) -> int:
    """Periodic sweep: score the roadmaps whose task was lost or could not be queued."""
    stale_after = STALE_AFTER if stale_after_seconds is None else timedelta(seconds=stale_after_seconds)
    return stale_roadmaps_rescore(stale_after=stale_after)
