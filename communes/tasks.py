from communes import services
from smartregion.tasks import service_task


@service_task(
    name="communes.invitation_email_send",
    former_names=("communes.tasks.send_invitation_email",),
    acks_late=True,
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def invitation_email_send(invitation_id: int, base_url: str = "") -> bool:
    return services.invitation_email_send(invitation_id=invitation_id, base_url=base_url)
