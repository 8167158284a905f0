from privacy import services
from smartregion.tasks import service_task


@service_task(name="privacy.retention_purge")
def retention_purge() -> int:
    """Nightly (CELERY_BEAT_SCHEDULE): personal data of accompaniments closed long ago; safe to run twice."""
    return services.retention_purge().total
