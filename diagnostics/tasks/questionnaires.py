from diagnostics.services import campaigns, responses
from smartregion.tasks import service_task


@service_task(
    name="diagnostics.respondent_email_send", former_names=("diagnostics.send_respondent_email",), acks_late=True
)
def respondent_email_send(respondent_id: int, base_url: str = "") -> bool:
    """Safe to run twice: the service claims the e-mail before sending it."""
    return campaigns.respondent_email_send(respondent_id=respondent_id, base_url=base_url)


@service_task(
    name="diagnostics.questionnaire_emails_process_due",
    former_names=("diagnostics.process_questionnaire_emails",),
    acks_late=True,
)
def questionnaire_emails_process_due() -> dict:
    return campaigns.questionnaire_emails_process_due()


@service_task(name="diagnostics.response_link_send", acks_late=True)
def response_link_send(response_id: int, email: str, link: str, language: str) -> bool:
    """The address travels only in this message: it is never stored."""
    return responses.response_link_send(response_id=response_id, email=email, link=link, language=language)
