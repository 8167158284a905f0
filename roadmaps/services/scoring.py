"""The scoring state of roadmaps and the work of the scoring task.

Services that change marks or weights call `scoring_request`: it bumps the roadmap's scoring version
in the caller's transaction and enqueues the task once that transaction commits. The task computes
every score of the roadmap for the current version and swaps them in with the version, in one
transaction: readers see the last complete ranking until then.
"""

from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from roadmaps.models import Criterion, Mark, ProjectSheet, Roadmap, SheetScore
from roadmaps.scoring import SheetMarks, score_sheets
from smartregion.tasks import Enqueued, enqueue_on_commit

# A roadmap whose scores are still pending this long after the request is computed again by the sweep.
STALE_AFTER = timedelta(minutes=2)
BATCH = 100


@transaction.atomic
def scoring_request(*, roadmap_id: int) -> Enqueued:
    """Mark the roadmap's scores outdated and compute them again once the current transaction commits.

    When the broker cannot be reached, the roadmap records it: its page says so and offers to try
    again, and the periodic sweep scores it as soon as the queue is back.
    """
    Roadmap.objects.filter(pk=roadmap_id).update(
        scoring_version=F("scoring_version") + 1,
        scoring_requested_at=timezone.now(),
        scoring_enqueue_failed_at=None,
    )
    from roadmaps import tasks

    def record_failure():
        Roadmap.objects.filter(pk=roadmap_id).update(scoring_enqueue_failed_at=timezone.now())

    outcome = enqueue_on_commit(tasks.roadmap_scores_refresh, roadmap_id, on_failure=record_failure)
    return outcome


def roadmap_scores_refresh(*, roadmap_ids, force: bool = False) -> int:
    """Compute and store the scores of the given roadmaps; returns how many sheets were scored.

    1. Lock the roadmaps (in id order) and keep those whose scores are outdated (all with `force`).
    2. Read their criteria weights, sheets and marks: three queries whatever their number.
    3. Score every sheet with the pure function roadmaps.scoring.score_sheets.
    4. Replace their SheetScore rows and record the version computed, in the same transaction.
    Services bump the version with an UPDATE on the locked row, so no change slips in between.
    """
    with transaction.atomic():
        rows = list(
            Roadmap.objects.select_for_update()
            .filter(pk__in=list(roadmap_ids))
            .order_by("pk")
            .values_list("pk", "scoring_version", "scored_version")
        )
        versions = {pk: version for pk, version, scored in rows if force or scored < version}
        if not versions:
            return 0
        weights: dict[int, dict[int, int]] = defaultdict(dict)
        for pk, roadmap_id, weight in Criterion.objects.filter(roadmap_id__in=versions).values_list(
            "pk", "roadmap_id", "weight"
        ):
            weights[roadmap_id][pk] = weight
        marks: dict[int, dict[int, int]] = defaultdict(dict)
        for sheet_id, criterion_id, value in Mark.objects.filter(sheet__roadmap_id__in=versions).values_list(
            "sheet_id", "criterion_id", "value"
        ):
            marks[sheet_id][criterion_id] = value
        sheets: dict[int, list[SheetMarks]] = defaultdict(list)
        for pk, roadmap_id, title in ProjectSheet.objects.filter(roadmap_id__in=versions).values_list(
            "pk", "roadmap_id", "title"
        ):
            sheets[roadmap_id].append(SheetMarks(sheet_id=pk, title=title, marks=marks.get(pk, {})))
        rows = []
        for roadmap_id, version in versions.items():
            for position, score in enumerate(score_sheets(sheets[roadmap_id], weights[roadmap_id]), start=1):
                rows.append(
                    (
                        score.sheet_id,
                        roadmap_id,
                        score.score,
                        score.priority,
                        score.marked,
                        score.weighted_criteria,
                        position,
                        version,
                    )
                )
        SheetScore.objects.filter(roadmap_id__in=versions).delete()
        _insert_scores(rows)
        now = timezone.now()
        by_version: dict[int, list[int]] = defaultdict(list)
        for roadmap_id, version in versions.items():
            by_version[version].append(roadmap_id)
        for version, ids in by_version.items():
            Roadmap.objects.filter(pk__in=ids).update(
                scored_version=version, scored_at=now, scoring_enqueue_failed_at=None
            )
        return len(rows)


SCORE_COLUMNS = ("sheet_id", "roadmap_id", "score", "priority", "marked", "weighted_criteria", "rank", "version")
INSERT_BATCH = 1000


def _insert_scores(rows: list[tuple]) -> None:
    """Multi-row INSERTs of plain tuples: building 5,000 model instances for bulk_create costs more than
    the whole computation, and these rows need none of the ORM's per-instance work."""
    table = connection.ops.quote_name(SheetScore._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in SCORE_COLUMNS)
    placeholder = "(" + ", ".join(["%s"] * len(SCORE_COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            values = ", ".join([placeholder] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values}",  # noqa: S608 - names from the model, values bound
                [value for row in batch for value in row],
            )


def stale_roadmaps_rescore(*, stale_after: timedelta = STALE_AFTER) -> int:
    """Score the roadmaps whose scoring was requested a while ago and never done (lost or unqueued task)."""
    limit = timezone.now() - stale_after
    stale = Q(scored_version__lt=F("scoring_version")) & (
        Q(scoring_requested_at__lte=limit)
        | Q(scoring_requested_at__isnull=True)
        | Q(scoring_enqueue_failed_at__isnull=False)
    )
    ids = list(Roadmap.objects.filter(stale).order_by("pk").values_list("pk", flat=True))
    scored = 0
    for start in range(0, len(ids), BATCH):
        scored += roadmap_scores_refresh(roadmap_ids=ids[start : start + BATCH])
    return scored
