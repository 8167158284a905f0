"""Redis away: marks and weights are saved, and the person is told to try again shortly."""

import pytest
from django.urls import reverse

from roadmaps.models import Criterion, Mark, ProjectSheet, Roadmap
from roadmaps.services import roadmaps as roadmap_services
from roadmaps.services.scoring import MESSAGE_QUEUE_UNAVAILABLE
from smartregion.celery import app as celery_app
from tests.helpers import assert_message_in

# Real commits, so that the enqueueing runs when the service's transaction ends, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker_down():
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=UNREACHABLE_BROKER)
    _reset_connections()
    yield
    celery_app.conf.update(saved)
    _reset_connections()


def _reset_connections():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_marks_are_saved_and_the_user_told_to_try_again(broker_down, staff_a_client, commune_a, referent):
    roadmap = roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    sheet = ProjectSheet.objects.create(roadmap=roadmap, title="Website")
    data = {f"criterion_{c.pk}": "4" for c in Criterion.objects.filter(roadmap=roadmap)}
    response = staff_a_client.post(reverse("roadmaps:sheet-marks", args=[commune_a.slug, sheet.pk]), data, follow=True)
    assert response.status_code == 200
    assert_message_in(response, MESSAGE_QUEUE_UNAVAILABLE)
    assert Mark.objects.filter(sheet=sheet).count() == 6
    roadmap.refresh_from_db()
    assert roadmap.scoring_pending and roadmap.scoring_enqueue_failed_at is not None
    page = staff_a_client.get(reverse("roadmaps:roadmap-detail", args=[commune_a.slug]))
    assert reverse("roadmaps:roadmap-rescore", args=[commune_a.slug]) in page.content.decode()


def test_asking_again_while_the_queue_is_down_says_so(broker_down, staff_a_client, commune_a, referent):
    roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    response = staff_a_client.post(reverse("roadmaps:roadmap-rescore", args=[commune_a.slug]), follow=True)
    assert response.status_code == 200
    assert_message_in(response, MESSAGE_QUEUE_UNAVAILABLE)


def test_the_sweep_scores_it_once_the_queue_is_back(broker_down, commune_a, referent):
    from roadmaps.tasks import rescore_stale_roadmaps

    roadmap = roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    roadmap_services.criterion_create(roadmap=roadmap, actor=referent, label="ROI", weight=10)
    assert Roadmap.objects.get(pk=roadmap.pk).scoring_enqueue_failed_at is not None
    assert rescore_stale_roadmaps() == 0  # no sheet, but the roadmap is brought up to date
    assert not Roadmap.objects.get(pk=roadmap.pk).scoring_pending
