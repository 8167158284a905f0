from celery import shared_task

from diagnostics.services.campaigns import questionnaire_emails_process_due, respondent_email_send
from diagnostics.services.responses import response_link_send


@shared_task(name="diagnostics.send_respondent_email", acks_late=True)
def send_respondent_email(respondent_id: int) -> bool:
    """Safe to run twice: the service claims the e-mail before sending it."""
    return respondent_email_send(respondent_id=respondent_id)


@shared_task(name="diagnostics.process_questionnaire_emails", acks_late=True)
def process_questionnaire_emails() -> dict:
    return questionnaire_emails_process_due()


@shared_task(name="diagnostics.send_response_link", acks_late=True)
def send_response_link(response_id: int, email: str, link: str, language: str) -> bool:
    """The address travels only in this message: it is never stored."""
    return response_link_send(response_id=response_id, email=email, link=link, language=language)
