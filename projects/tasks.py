import uuid

from django.conf import settings

from projects import services
from smartregion.tasks import service_task


@service_task(
    name="projects.evaluation_render",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
)
def evaluation_render(self, report_id: int) -> bool:
    return services.evaluation_render(report_id=report_id, token=self.request.id or uuid.uuid4().hex)


@service_task(name="projects.evaluations_sweep_stale")
def evaluations_sweep_stale() -> int:
    return services.evaluations_sweep_stale()
