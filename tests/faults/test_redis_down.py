"""Redis away: pages keep working, and actions that need a worker say "try again shortly"."""

import time

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from communes.models import Invitation
from smartregion.celery import app as celery_app
from smartregion.tasks import QUEUE_UNAVAILABLE

# Real commits, so that on_commit callbacks run when the service's transaction ends, as in production.
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
    """Forget pooled broker connections so the next publish uses the current broker URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_invitation_is_kept_and_the_user_told_to_retry(broker_down, referent_client, territory, commune_a):
    url = reverse("communes:invitation-create", args=[territory.slug])
    started = time.monotonic()
    response = referent_client.post(
        url, {"email": "new@commune.example", "role": "staff", "commune": commune_a.slug}, follow=True
    )
    assert time.monotonic() - started < 10, "the page must not hang while Redis is away"
    assert response.status_code == 200
    with translation.override("fr"):
        assert escape(str(QUEUE_UNAVAILABLE)) in response.content.decode()
    invitation = Invitation.objects.get(email="new@commune.example")
    assert invitation.sent_at is None


def test_pages_keep_working(broker_down, referent_client, commune_a):
    assert referent_client.get(reverse("home")).status_code == 200
    assert referent_client.get(reverse("communes:commune-detail", args=[commune_a.slug])).status_code == 200
