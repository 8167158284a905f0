from accounts import services
from smartregion.tasks import service_task


@service_task(
    name="accounts.email_change_emails_send",
    former_names=("accounts.tasks.send_email_change_emails",),
    acks_late=True,
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def email_change_emails_send(user_id: int, token: str, base_url: str = "") -> bool:
    return services.email_change_emails_send(user_id=user_id, token=token, base_url=base_url)
