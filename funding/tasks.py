from funding import services
from smartregion.tasks import service_task


@service_task(name="funding.reminders_send")
def reminders_send() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): deadline reminders, once per deadline and person; safe to run twice."""
    return services.reminders_send()
