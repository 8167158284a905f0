"""Celery tasks of the diagnostics app (imported here so that Celery's autodiscovery finds them)."""

from diagnostics.tasks.questionnaires import process_questionnaire_emails, send_respondent_email

__all__ = ["process_questionnaire_emails", "send_respondent_email"]
