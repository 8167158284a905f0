from celery import shared_task

from accounts.services import email_change_emails_send


@shared_task(acks_late=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_email_change_emails(user_id: int, token: str, base_url: str = "") -> bool:
    return email_change_emails_send(user_id=user_id, token=token, base_url=base_url)
