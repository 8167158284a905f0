"""Celery tasks of the diagnostics app (imported here so that Celery's autodiscovery finds them)."""

from diagnostics.tasks.questionnaires import process_questionnaire_emails, send_respondent_email, send_response_link

__all__ = ["process_questionnaire_emails", "send_respondent_email", "send_response_link"]
