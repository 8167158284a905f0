from celery import shared_task

from diagnostics.services.campaigns import questionnaire_emails_process_due, respondent_email_send


@shared_task(name="diagnostics.send_respondent_email", acks_late=True)
def send_respondent_email(respondent_id: int, base_url: str = "") -> bool:
    """Safe to run twice: the service claims the e-mail before sending it."""
    return respondent_email_send(respondent_id=respondent_id, base_url=base_url)


@shared_task(name="diagnostics.process_questionnaire_emails", acks_late=True)
def process_questionnaire_emails() -> dict:
    return questionnaire_emails_process_due()
