"""The privacy app holds no table: only the activity verbs it records on the communes' audit trail."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communes.models import register_activity_verbs


@register_activity_verbs
class PrivacyVerb(models.TextChoices):
    PERSON_ERASED = "person_erased", _("Personal data of one person erased")


class PersonKind(models.TextChoices):
    RESPONDENT = "respondent", _("Campaign respondent")
    INTERVIEWEE = "interviewee", _("Interviewee")
    BAROMETER_RESPONDENT = "barometer_respondent", _("Barometer respondent (administration member)")
    BAROMETER_ALDERMAN = "barometer_alderman", _("Barometer respondent (alderman in charge)")
    BAROMETER_INVITEE = "barometer_invitee", _("Barometer answer link (name and e-mail)")
