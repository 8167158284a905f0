import uuid

from celery import shared_task
from django.conf import settings

from reports.services import report_render, reports_sweep_stale


@shared_task(
    bind=True,
    name="reports.render_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
)
def render_report(self, report_id: int) -> bool:
    # The task id identifies the claim: a task delivered again after its worker died takes its job back.
    return report_render(report_id=report_id, token=self.request.id or uuid.uuid4().hex)


@shared_task(name="reports.sweep_stale_reports")
def sweep_stale_reports() -> dict:
    result = reports_sweep_stale()
    return {"reset": result.reset, "failed": result.failed, "resent": result.resent}
