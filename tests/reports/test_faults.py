"""Faults survived, with real commits as in production: Redis away, a worker killed mid-render."""

import time

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from reports.models import Report, ReportStatus
from smartregion.celery import app as celery_app
from smartregion.tasks import QUEUE_UNAVAILABLE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _reset_connections():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=UNREACHABLE_BROKER)
    _reset_connections()
    yield
    celery_app.conf.update(saved)
    _reset_connections()


def test_redis_down_asking_for_a_report_says_try_again_shortly(broker_down, referent_client, commune_a, fast_pdf):
    url = reverse("reports:report-create", args=[commune_a.slug])  # imports every URLconf: not timed
    started = time.monotonic()
    response = referent_client.post(url, {"language": "fr"}, follow=True)
    assert time.monotonic() - started < 10, "the page must not hang while Redis is away"
    assert response.status_code == 200
    with translation.override("fr"):
        assert escape(str(QUEUE_UNAVAILABLE)) in response.content.decode()
    report = Report.objects.get()
    assert report.status == ReportStatus.PENDING
    assert reverse("reports:report-retry", args=[commune_a.slug, report.pk]) in response.content.decode()
    assert fast_pdf == []


def test_redis_back_the_version_is_sent_again(broker_down, referent_client, commune_a, fast_pdf):
    referent_client.post(reverse("reports:report-create", args=[commune_a.slug]), {"language": "fr"})
    report = Report.objects.get()
    celery_app.conf.update(task_always_eager=True)
    response = referent_client.post(reverse("reports:report-retry", args=[commune_a.slug, report.pk]), follow=True)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert len(fast_pdf) == 1


def test_pages_keep_working(broker_down, referent_client, commune_a):
    assert referent_client.get(reverse("reports:report-list", args=[commune_a.slug])).status_code == 200
