"""The scoring state: versions, the task's atomic swap, the sweep, and an unreachable broker."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from kombu.exceptions import OperationalError

from roadmaps import selectors, tasks
from roadmaps.models import Criterion, CriterionKind, Roadmap, SheetScore
from roadmaps.services import roadmaps as roadmap_services
from roadmaps.services import scoring as services
from roadmaps.services import sheets as sheet_services

pytestmark = pytest.mark.django_db


def test_request_bumps_the_version_and_scores_after_commit(roadmap, make_sheet, django_capture_on_commit_callbacks):
    make_sheet("Website", marks=(5, 5, 5, 5, 5, 5))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.scoring_request(roadmap_id=roadmap.pk)
    roadmap.refresh_from_db()
    assert (roadmap.scoring_version, roadmap.scored_version, roadmap.scoring_pending) == (1, 0, True)
    assert not SheetScore.objects.exists()
    for callback in callbacks:
        callback()
    roadmap.refresh_from_db()
    assert (roadmap.scored_version, roadmap.scoring_pending) == (1, False)
    assert SheetScore.objects.get().score == 100


def test_the_last_complete_ranking_stays_until_the_new_one_is_committed(
    roadmap, make_sheet, referent, score_now, django_capture_on_commit_callbacks
):
    cheap = make_sheet("Cheap", marks=(5, 3, 3, 1, 3, 3))
    useful = make_sheet("Useful", marks=(1, 3, 3, 5, 3, 3))
    score_now(roadmap)
    before = [s.pk for s in selectors.ranking(roadmap)["ranked"]]
    assert before == [useful.pk, cheap.pk]
    budget = Criterion.objects.get(roadmap=roadmap, kind=CriterionKind.BUDGET)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        roadmap_services.criteria_weights_update(roadmap=roadmap, actor=referent, weights={budget.pk: 100})
    roadmap.refresh_from_db()
    pending = selectors.ranking(roadmap)
    assert pending["pending"] is True
    assert [s.pk for s in pending["ranked"]] == before  # the old ranking, whole
    assert {s.score.version for s in pending["ranked"]} == {roadmap.scored_version}
    for callback in callbacks:
        callback()
    roadmap.refresh_from_db()
    after = selectors.ranking(roadmap)
    assert after["pending"] is False
    assert [s.pk for s in after["ranked"]] == [cheap.pk, useful.pk]


def test_a_failing_swap_keeps_the_previous_scores(roadmap, make_sheet, score_now, monkeypatch):
    sheet = make_sheet("Website", marks=(5, 5, 5, 5, 5, 5))
    score_now(roadmap)
    Roadmap.objects.filter(pk=roadmap.pk).update(scoring_version=roadmap.scoring_version + 1)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_insert_scores", broken)
    with pytest.raises(RuntimeError):
        services.roadmap_scores_refresh(roadmap_ids=[roadmap.pk])
    assert SheetScore.objects.get(sheet=sheet).score == 100
    assert Roadmap.objects.get(pk=roadmap.pk).scoring_pending


def test_task_is_safe_to_run_twice(roadmap, make_sheet):
    make_sheet("Website", marks=(4,))
    Roadmap.objects.filter(pk=roadmap.pk).update(scoring_version=3)
    assert tasks.roadmap_scores_refresh(roadmap.pk) == 1
    assert tasks.roadmap_scores_refresh(roadmap.pk) == 0
    assert Roadmap.objects.get(pk=roadmap.pk).scored_version == 3


def test_scores_of_several_roadmaps_take_the_same_queries_as_one(commune_b, referent, roadmap, make_sheet):
    other = roadmap_services.roadmap_create(commune=commune_b, actor=referent)
    for target in (roadmap, other):
        for index in range(3):
            make_sheet(f"Sheet {index}", marks=(3, 4, 5), target=target)
    Roadmap.objects.update(scoring_version=1, scored_version=0)
    with CaptureQueriesContext(connection) as one:
        services.roadmap_scores_refresh(roadmap_ids=[roadmap.pk])
    Roadmap.objects.update(scoring_version=2)
    with CaptureQueriesContext(connection) as two:
        scored = services.roadmap_scores_refresh(roadmap_ids=[roadmap.pk, other.pk])
    assert scored == 6
    assert len(two) == len(one)
    assert set(SheetScore.objects.values_list("rank", flat=True)) == {1, 2, 3}


def test_sweep_scores_roadmaps_left_pending(roadmap, make_sheet):
    make_sheet("Website", marks=(4,))
    Roadmap.objects.filter(pk=roadmap.pk).update(scoring_version=1, scoring_requested_at=timezone.now())
    assert tasks.stale_roadmaps_rescore() == 0  # requested a moment ago: its task is probably on its way
    Roadmap.objects.filter(pk=roadmap.pk).update(scoring_requested_at=timezone.now() - timedelta(minutes=5))
    assert tasks.stale_roadmaps_rescore() == 1
    assert not Roadmap.objects.get(pk=roadmap.pk).scoring_pending


def test_sweep_retries_at_once_when_the_queue_was_unreachable(roadmap, make_sheet):
    make_sheet("Website", marks=(4,))
    Roadmap.objects.filter(pk=roadmap.pk).update(
        scoring_version=1, scoring_requested_at=timezone.now(), scoring_enqueue_failed_at=timezone.now()
    )
    assert tasks.stale_roadmaps_rescore() == 1
    roadmap.refresh_from_db()
    assert roadmap.scoring_enqueue_failed_at is None and not roadmap.scoring_pending


def test_unreachable_broker_is_recorded_not_raised(
    roadmap, make_sheet, staff_a, monkeypatch, django_capture_on_commit_callbacks
):
    sheet = make_sheet("Website")

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.roadmap_scores_refresh, "apply_async", unreachable)
    first = Criterion.objects.filter(roadmap=roadmap).first()
    with django_capture_on_commit_callbacks(execute=True):
        sheet_services.sheet_marks_update(sheet=sheet, actor=staff_a, marks={first.pk: 4})
    roadmap.refresh_from_db()
    assert roadmap.scoring_enqueue_failed_at is not None and roadmap.scoring_pending
    assert sheet.marks.get().value == 4  # the change itself is kept


def test_the_sweep_is_scheduled_with_a_registered_task(settings):
    from smartregion.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["roadmaps-rescore-stale"]
    assert entry["task"] in app.tasks and entry["schedule"] > 0
