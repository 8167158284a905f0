from celery import shared_task

from privacy import services


@shared_task(name="privacy.retention_purge")
def retention_purge() -> int:
    """Nightly (CELERY_BEAT_SCHEDULE): personal data of accompaniments closed long ago; safe to run twice."""
    return services.retention_purge().total
