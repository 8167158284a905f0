"""The one enqueue helper: what it catches, what it reports, and how fast a dead Redis answers."""

import time
from unittest import mock

import pytest
import redis
from celery.exceptions import Retry
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from kombu.exceptions import OperationalError

from communes.tasks import invitation_email_send
from smartregion.celery import app as celery_app
from smartregion.tasks import QUEUE_UNAVAILABLE, Enqueued, enqueue_each_on_commit, enqueue_on_commit
from tests.conftest import UNREACHABLE_REDIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def not_eager():
    celery_app.conf.update(task_always_eager=False)
    yield
    celery_app.conf.update(task_always_eager=True)


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("Error 111 connecting"),
        redis.exceptions.ConnectionError("refused"),
        redis.exceptions.TimeoutError("timed out"),
        ConnectionRefusedError(111, "refused"),
        TimeoutError("timed out"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_every_connection_error_is_a_queue_failure(not_eager, error, django_capture_on_commit_callbacks):
    undone = []
    with (
        mock.patch.object(invitation_email_send, "apply_async", side_effect=error),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outcome = enqueue_on_commit(invitation_email_send, 7, on_failure=lambda: undone.append(True))
        assert outcome.ok is None  # nothing is sent before the commit
    assert (outcome.ok, outcome.count, outcome.failed) == (False, 0, [(7,)])
    assert undone == [True]


def test_each_stops_at_the_first_refusal(not_eager, django_capture_on_commit_callbacks):
    failed_with = []
    calls = []

    def publish(args):
        calls.append(args)
        if len(calls) == 2:
            raise OperationalError("gone")

    with (
        mock.patch.object(invitation_email_send, "apply_async", side_effect=publish),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outcome = enqueue_each_on_commit(invitation_email_send, [(1,), (2,), (3,)], on_failure=failed_with.append)
    assert outcome == Enqueued(ok=False, requested=3, count=1, failed=[(2,), (3,)])
    assert failed_with == [[(2,), (3,)]]
    assert calls == [(1,), (2,)]  # the third would have waited for the same dead broker


def test_nothing_to_send_is_a_success(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = enqueue_each_on_commit(invitation_email_send, [])
    assert outcome == Enqueued(ok=True)
    assert callbacks == []


def test_eager_task_errors_are_not_queue_failures(django_capture_on_commit_callbacks):
    """In-process, an SMTP OSError raised by the task itself propagates; it is not "try again in a moment"."""
    with (
        mock.patch("communes.services.invitation_email_send", side_effect=ConnectionRefusedError("SMTP down")),
        pytest.raises(Retry),  # the task's own autoretry, run in-process
        django_capture_on_commit_callbacks(execute=True),
    ):
        enqueue_on_commit(invitation_email_send, 7)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_closed_redis_port_answers_fast(queue_down):
    undone = []
    started = time.monotonic()
    outcome = enqueue_on_commit(invitation_email_send, 7, on_failure=lambda: undone.append(True))
    assert time.monotonic() - started < 2
    assert outcome.ok is False and undone == [True]


def test_the_message_is_translated():
    from django.utils import translation

    with translation.override("fr"):
        assert str(QUEUE_UNAVAILABLE).startswith("La file de tâches est injoignable")


def test_results_live_in_status_rows_not_in_a_result_backend():
    assert celery_app.conf.result_backend is None
    assert celery_app.conf.task_ignore_result is True


def test_redis_timeouts_are_bounded():
    assert settings.REDIS_SOCKET_TIMEOUT <= 1
    assert celery_app.conf.broker_connection_timeout <= 1
    options = celery_app.conf.broker_transport_options
    assert options["socket_connect_timeout"] <= 1 and options["socket_timeout"] <= 1
    assert celery_app.conf.task_publish_retry_policy["max_retries"] <= 1


def test_the_redis_cache_gives_up_fast():
    """The cache sits on the same Redis: with the settings' options, a dead server costs well under 2 s."""
    timeout = settings.REDIS_SOCKET_TIMEOUT
    cache = RedisCache(UNREACHABLE_REDIS, {"OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout}})
    started = time.monotonic()
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get("anything")
    assert time.monotonic() - started < 2
