import uuid

from django.conf import settings

from reports import services
from smartregion.tasks import service_task


@service_task(
    name="reports.report_render",
    former_names=("reports.render_report",),
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
)
def report_render(self, report_id: int) -> bool:
    # The task id identifies the claim: a task delivered again after its worker died takes its job back.
    return services.report_render(report_id=report_id, token=self.request.id or uuid.uuid4().hex)


@service_task(name="reports.reports_sweep_stale", former_names=("reports.sweep_stale_reports",))
def reports_sweep_stale() -> dict:
    result = services.reports_sweep_stale()
    return {"reset": result.reset, "failed": result.failed, "resent": result.resent}
