"""Enqueueing Celery tasks from services: after the commit, and without failing when Redis is away."""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = _("The task queue cannot be reached right now; nothing is lost. Try again shortly.")


@dataclass
class Enqueued:
    """What became of a task handed to `enqueue_on_commit`; `ok` is None until the transaction commits."""

    ok: bool | None = None


def enqueue_on_commit(task, *args, **kwargs) -> Enqueued:
    """Send `task` once the current transaction commits, so a worker never sees uncommitted rows.

    When the broker cannot be reached the task is not sent and `ok` becomes False: the caller tells
    the user to try again shortly, and the rows stay in a state from which the action can be retried.
    """
    outcome = Enqueued()

    def send():
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except OperationalError:
            logger.warning("Could not enqueue %s%r: broker unreachable", task.name, args, exc_info=True)
            outcome.ok = False
        else:
            outcome.ok = True

    transaction.on_commit(send)
    return outcome
