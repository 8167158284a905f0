from celery import shared_task

from communes.services import invitation_email_send


@shared_task(acks_late=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int, base_url: str = "") -> bool:
    return invitation_email_send(invitation_id=invitation_id, base_url=base_url)
