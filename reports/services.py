"""Writes for final reports: ask for a version, render it (worker or command line), publish it."""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import activity_record
from reports import assembly
from reports.context import report_context
from reports.models import (
    FailureReason,
    Report,
    ReportIntroduction,
    ReportStatus,
    ReportStep,
    ReportVerb,
    report_pdf_path,
)
from reports.rendering import Rendered
from smartregion.errors import ServiceError
from smartregion.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

ERROR_LANGUAGE = _("Choose one of the languages offered.")
ERROR_IN_PROGRESS = _(
    "A version of this report is already being prepared: wait for it, or send it again from its page."
)
ERROR_NOT_READY = _("Only a finished version can be published.")
ERROR_NOT_RETRYABLE = _("This version is finished or being rendered; ask for a new version instead.")

IN_PROGRESS = (ReportStatus.PENDING, ReportStatus.RUNNING)


def _enqueue(report: Report, *, on_failure=None) -> None:
    from reports import tasks

    # The view reads `report.queued.ok`: False when Redis could not be reached ("try again in a moment").
    report.queued = enqueue_on_commit(tasks.report_render, report.pk, on_failure=on_failure)


def _report_forget(report_id: int) -> None:
    """Undo a new version whose task never reached the queue, so that asking again is not refused."""
    Report.objects.filter(pk=report_id, status=ReportStatus.PENDING, claimed_by="").delete()


def _report_unqueued(report_id: int, previous_status: str) -> None:
    """A version sent again whose task never reached the queue goes back to its former state."""
    Report.objects.filter(pk=report_id, status=ReportStatus.PENDING, claimed_by="").update(status=previous_status)


@transaction.atomic
def introduction_update(*, commune: Commune, actor, text: str) -> ReportIntroduction:
    """Save the referent's introduction, printed in part 1 of every later version."""
    introduction, _created = ReportIntroduction.objects.get_or_create(commune=commune)
    text = text.strip()
    if introduction.text != text:
        introduction.text = text
        introduction.updated_by = actor if actor and actor.is_authenticated else None
        introduction.save(update_fields=["text", "updated_by", "updated_at"])
        activity_record(commune=commune, actor=actor, verb=ReportVerb.INTRODUCTION_UPDATED)
    return introduction


@transaction.atomic
def report_request(*, commune: Commune, actor, language: str, introduction: str | None = None) -> Report:
    """Ask for a new version of the commune's report; a worker renders it.

    1. Refuse an unknown language, and a new version while another still waits or is being rendered.
    2. Save the introduction when one is given.
    3. Number the version, with the commune's row locked so that two requests never share a number.
    4. Record the activity and send the rendering task once the transaction commits: `report.queued.ok`
       is False when the queue cannot be reached; the version is then deleted again, so that the same
       request can be made once Redis is back.
    """
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(ERROR_LANGUAGE, field="language")
    Commune.objects.select_for_update().filter(pk=commune.pk).values_list("pk", flat=True).first()
    if Report.objects.filter(commune=commune, status__in=IN_PROGRESS).exists():
        raise ServiceError(ERROR_IN_PROGRESS)
    if introduction is not None:
        introduction_update(commune=commune, actor=actor, text=introduction)
    number = (Report.objects.filter(commune=commune).aggregate(last=Max("number"))["last"] or 0) + 1
    report = Report.objects.create(
        commune=commune,
        number=number,
        language=language,
        author=actor if actor and actor.is_authenticated else None,
        queued_at=timezone.now(),
    )
    activity_record(commune=commune, actor=actor, verb=ReportVerb.REQUESTED, subject=f"v{number}")
    _enqueue(report, on_failure=lambda: _report_forget(report.pk))
    return report


@transaction.atomic
def report_retry(*, report: Report, actor) -> Report:
    """Send a version to the workers again: one that failed, or one whose task never reached the queue."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    previous_status = locked.status
    if locked.status == ReportStatus.FAILED:
        locked.status = ReportStatus.PENDING
        locked.failure_reason = ""
        locked.attempts = 0
        locked.claimed_by = ""
        locked.claimed_at = locked.started_at = locked.finished_at = None
        locked.step = ""
    elif locked.status != ReportStatus.PENDING:
        raise ServiceError(ERROR_NOT_RETRYABLE)
    locked.queued_at = timezone.now()
    locked.save(
        update_fields=[
            "status",
            "failure_reason",
            "attempts",
            "claimed_by",
            "claimed_at",
            "started_at",
            "finished_at",
            "queued_at",
            "step",
        ]
    )
    _enqueue(locked, on_failure=lambda: _report_unqueued(locked.pk, previous_status))
    activity_record(commune=locked.commune, actor=actor, verb=ReportVerb.RETRIED, subject=f"v{locked.number}")
    return locked


# Rendering -------------------------------------------------------------------------------------


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)


def _takeable(now, token: str) -> Q:
    """Jobs a run may take: waiting ones, its own after its worker died, and abandoned ones."""
    takeable = Q(status=ReportStatus.PENDING) | Q(status=ReportStatus.RUNNING, claimed_at__lt=_stale_before(now))
    if token:
        # The broker delivers an unacknowledged task again under the same id when its worker died.
        takeable |= Q(status=ReportStatus.RUNNING, claimed_by=token)
    return takeable


def report_claim(*, report_id: int, token: str) -> bool:
    """Take the rendering job with one conditional UPDATE, so that a single run holds it at a time.

    A finished version (done or failed) is never taken again. A job taken REPORT_MAX_ATTEMPTS times
    already is marked failed instead: a report that kills its worker must not loop forever.
    """
    now = timezone.now()
    takeable = Report.objects.filter(_takeable(now, token), pk=report_id)
    claimed = takeable.filter(attempts__lt=settings.REPORT_MAX_ATTEMPTS).update(
        status=ReportStatus.RUNNING,
        claimed_by=token,
        claimed_at=now,
        started_at=now,
        finished_at=None,
        step=ReportStep.DATA,
        attempts=F("attempts") + 1,
    )
    if claimed:
        return True
    takeable.update(status=ReportStatus.FAILED, failure_reason=FailureReason.ABANDONED, finished_at=now)
    return False


def version_info(report: Report) -> dict:
    """What the cover says about the version (not part of the data snapshot)."""
    return {"number": report.number, "author": str(report.author) if report.author else ""}


def report_document_build(
    *, commune: Commune, language: str, version: dict | None = None, on_step: Callable[[str], None] | None = None
) -> tuple[dict, Rendered]:
    """The report's data for `commune` and its PDF: the one pipeline behind the task and the command line.

    `on_step` is told each step as it begins: data, html, pdf (the values of `ReportStep`). The PDF is
    assembled from parts, those unchanged since an earlier version taken from the cache (reports/assembly.py).
    """
    if on_step is not None:
        on_step(ReportStep.DATA)
    doc = report_context(commune, language)
    rendered, done = assembly.render_assembled(doc, version=version, on_step=on_step)
    rendered.part_digests = done.digests
    return doc, rendered


def _step_recorder(report_id: int, token: str) -> Callable[[str], None]:
    """Records the step a run is at, on its own row and only while it holds the claim (each update is
    committed at once, outside any transaction, so that the status page sees it)."""

    def record(step: str) -> None:
        Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING, claimed_by=token).update(step=step)

    return record


def _store_pdf(report: Report, pdf: bytes) -> str:
    """Write the PDF at the path made of the version's ids, replacing what an interrupted run left."""
    storage = report.pdf.storage
    name = report_pdf_path(report, "")
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(pdf))


def _fail(report_id: int, token: str, reason: str) -> None:
    Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING, claimed_by=token).update(
        status=ReportStatus.FAILED, failure_reason=reason, finished_at=timezone.now()
    )


def report_render(*, report_id: int, token: str = "") -> bool:
    """Render one version's PDF; safe to run twice, and after a worker died half-way.

    1. Claim the job (see `report_claim`); stop when another run holds it or it is finished.
    2. Gather the data in the version's language, render the HTML, then the PDF, recording each step
       (`Report.step`) for the status page.
    3. Store the PDF under a path made of ids and mark the version done with its data snapshot, only
       if this run still holds the claim.
    On the soft time limit or any error, mark the version failed with a reason the referent can read.
    Returns True when this run produced the PDF.
    """
    token = token or uuid.uuid4().hex
    if not report_claim(report_id=report_id, token=token):
        return False
    report = Report.objects.select_related("commune__territory", "author").get(pk=report_id)
    record_step = _step_recorder(report_id, token)
    try:
        doc, rendered = report_document_build(
            commune=report.commune, language=report.language, version=version_info(report), on_step=record_step
        )
        record_step(ReportStep.SAVE)
        name = _store_pdf(report, rendered.pdf)
    except SoftTimeLimitExceeded:
        logger.warning("Rendering report %s hit its time limit", report_id)
        _fail(report_id, token, FailureReason.TIME_LIMIT)
        return False
    except Exception:
        logger.exception("Rendering report %s failed", report_id)
        _fail(report_id, token, FailureReason.ERROR)
        return False
    finished = Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING, claimed_by=token).update(
        status=ReportStatus.DONE,
        finished_at=timezone.now(),
        snapshot=doc,
        pdf=name,
        pdf_size=len(rendered.pdf),
        page_count=rendered.page_count,
        part_digests=rendered.part_digests,
    )
    if finished:
        report_parts_prune()
    return bool(finished)


def report_parts_prune() -> int:
    """Delete the cached parts that no version's latest rendering used (see `assembly.PartCache.prune`).

    Parts younger than the stale delay are kept: a rendering in progress may be about to use them.
    """
    keep: set[str] = set()
    for digests in Report.objects.exclude(part_digests=[]).values_list("part_digests", flat=True):
        keep.update(digests)
    return assembly.PartCache().prune(keep=keep, older_than=settings.REPORT_STALE_AFTER_SECONDS)


@dataclass
class SweepResult:
    reset: int = 0
    failed: int = 0
    resent: int = 0


@transaction.atomic
def reports_sweep_stale(*, now=None) -> SweepResult:
    """Recover jobs nobody is working on (run by Celery beat).

    1. A running version whose claim is older than REPORT_STALE_AFTER_SECONDS lost its worker: back to
       pending, or failed when it has used all its attempts.
    2. Those, and pending versions queued that long ago (their task never reached a worker, e.g. Redis
       was away), are sent to the workers again.
    """
    now = now or timezone.now()
    stale = _stale_before(now)
    abandoned = Report.objects.filter(status=ReportStatus.RUNNING, claimed_at__lt=stale)
    result = SweepResult()
    result.failed = abandoned.filter(attempts__gte=settings.REPORT_MAX_ATTEMPTS).update(
        status=ReportStatus.FAILED, failure_reason=FailureReason.ABANDONED, finished_at=now
    )
    result.reset = abandoned.update(
        status=ReportStatus.PENDING, claimed_by="", claimed_at=None, queued_at=None, step=""
    )
    waiting = Report.objects.filter(Q(queued_at__isnull=True) | Q(queued_at__lt=stale), status=ReportStatus.PENDING)
    ids = list(waiting.values_list("pk", flat=True))
    Report.objects.filter(pk__in=ids).update(queued_at=now)
    for report in Report.objects.filter(pk__in=ids):
        _enqueue(report)
    result.resent = len(ids)
    return result


# Publication -----------------------------------------------------------------------------------


@transaction.atomic
def report_publish(*, report: Report, actor) -> Report:
    """Let the commune's staff and college members see and download this version."""
    if report.status != ReportStatus.DONE:
        raise ServiceError(ERROR_NOT_READY)
    if report.published_at is None:
        report.published_at = timezone.now()
        report.published_by = actor
        report.save(update_fields=["published_at", "published_by"])
        activity_record(commune=report.commune, actor=actor, verb=ReportVerb.PUBLISHED, subject=f"v{report.number}")
    return report


@transaction.atomic
def report_unpublish(*, report: Report, actor) -> Report:
    if report.published_at is not None:
        report.published_at = None
        report.published_by = None
        report.save(update_fields=["published_at", "published_by"])
        activity_record(commune=report.commune, actor=actor, verb=ReportVerb.UNPUBLISHED, subject=f"v{report.number}")
    return report
