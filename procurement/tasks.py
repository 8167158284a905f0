from django.conf import settings

from procurement import services
from smartregion.tasks import service_task


@service_task(
    name="procurement.procurement_document_render",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
)
def procurement_document_render(document_id: int) -> bool:
    return services.procurement_document_render(document_id=document_id)
