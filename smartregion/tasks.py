"""Enqueueing Celery tasks from services: after the commit, and without failing when Redis is away.

Every app queues through `enqueue_on_commit` / `enqueue_each_on_commit`; views read the returned
`Enqueued` and show `QUEUE_UNAVAILABLE` when `ok` is False. A service passes `on_failure` to undo (or
mark retryable) the rows the request created, so that nothing half-made blocks the retry.
(`tests/test_queue.py` fails when a module calls `.delay(` or `.apply_async(` itself.)

A task is named after the one service it calls (`<app>.<service>`, e.g. `reports.report_render`);
`service_task` also registers it under the names it had before, for messages already queued and beat
schedules written with them.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from celery import shared_task
from celery.exceptions import CeleryError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = _("The task queue cannot be reached right now; nothing was sent. Try again in a moment.")

# Everything kombu, redis-py or Celery raise when the broker is refused, times out or drops the line.
QUEUE_ERRORS: tuple[type[BaseException], ...] = (KombuError, RedisError, CeleryError, OSError)  # OSError: timeouts too


@dataclass
class Enqueued:
    """What became of the tasks handed over; `ok` is None until the transaction commits.

    `count` of the `requested` tasks were sent; `failed` lists the argument tuples that could not be.
    """

    ok: bool | None = None
    requested: int = 0
    count: int = 0
    failed: list[tuple] = field(default_factory=list)

    def __add__(self, other: "Enqueued") -> "Enqueued":
        """Both outcomes together (for a service that queues in two steps), once both are known."""
        return Enqueued(
            ok=self.ok is not False and other.ok is not False,
            requested=self.requested + other.requested,
            count=self.count + other.count,
            failed=self.failed + other.failed,
        )


def _publish(task, args: tuple) -> bool:
    # Run in-process (eager), the task's own errors (an SMTP OSError, say) are not a queue failure and
    # must propagate; only kombu's, raised on the publishing path, count.
    errors = (KombuError,) if task.app.conf.task_always_eager else QUEUE_ERRORS
    try:
        task.apply_async(args=args)
    except errors:
        logger.warning("Could not enqueue %s%r: broker unreachable", task.name, args, exc_info=True)
        return False
    return True


def enqueue_each_on_commit(
    task, args_list: Iterable[tuple], *, on_failure: Callable[[list[tuple]], None] | None = None
) -> Enqueued:
    """Send `task` once per argument tuple after the current transaction commits.

    Stops at the first refusal (the broker is away; the rest would fail the same way, each costing a
    timeout): the unsent tuples go to `failed`, and `on_failure(failed)` runs, outside the transaction,
    so that the caller can undo or mark those rows.
    """
    pending = [tuple(args) for args in args_list]
    if not pending:
        return Enqueued(ok=True)
    outcome = Enqueued(requested=len(pending))

    def send():
        for index, args in enumerate(pending):
            if not _publish(task, args):
                outcome.failed = pending[index:]
                break
            outcome.count += 1
        outcome.ok = not outcome.failed
        if outcome.failed and on_failure is not None:
            on_failure(outcome.failed)

    transaction.on_commit(send)
    return outcome


def enqueue_on_commit(task, *args, on_failure: Callable[[], None] | None = None) -> Enqueued:
    """Send `task(*args)` once the current transaction commits, so a worker never sees uncommitted rows.

    When the broker cannot be reached, `ok` becomes False and `on_failure()` runs after the commit.
    """
    return enqueue_each_on_commit(task, [args], on_failure=(lambda _failed: on_failure()) if on_failure else None)


def service_task(*, name: str, former_names: tuple[str, ...] = (), **options):
    """`shared_task(name=name, **options)`, also registered under each of `former_names`.

    A renamed task must still run the messages a broker holds under its old name (a worker drops a
    message whose task it does not know) and the beat entries of a deployment not yet updated.
    """

    def register(function):
        for former in former_names:
            shared_task(name=former, **options)(function)
        return shared_task(name=name, **options)(function)

    return register


@shared_task(name="smartregion.imports_sweep")
def imports_sweep() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): previews of imports nobody confirmed in time; safe to run twice."""
    from smartregion.imports import imports_sweep as sweep

    return sweep()
