"""Celery tasks of the diagnostics app (imported here so that Celery's autodiscovery finds them)."""

from diagnostics.tasks.questionnaires import questionnaire_emails_process_due, respondent_email_send

__all__ = ["questionnaire_emails_process_due", "respondent_email_send"]
