"""Celery tasks of the barometer: one service call each, safe to run twice."""

from barometer import invitations
from smartregion.tasks import service_task


@service_task(name="barometer.invitee_email_send", acks_late=True)
def invitee_email_send(invitee_id: int, base_url: str = "") -> bool:
    """Safe to run twice: the service claims the e-mail before sending it."""
    return invitations.invitee_email_send(invitee_id=invitee_id, base_url=base_url)


@service_task(name="barometer.reminders_process_due", acks_late=True)
def reminders_process_due() -> dict:
    """Periodic (CELERY_BEAT_SCHEDULE): the scheduled reminders; a commune gets at most one a day."""
    return {**invitations.reminders_process_due(), "requeued": invitations.queued_stuck_requeue()}
