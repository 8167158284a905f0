"""Erasing respondents' personal data while keeping the figures.

What is personal: the names and e-mail addresses of invited respondents (diagnostics), the names and
functions of interviewees, the names of the barometer's respondents and the names and e-mail addresses of
the people its answer links were sent to. Answers, scores, groups and counts
stay, so results, syntheses and reports are unchanged after an erasure.
"""

import logging
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from barometer.models import Invitee as BarometerInvitee
from barometer.models import Response as BarometerResponse
from communes.models import Accompaniment, AccompanimentStatus, Commune
from communes.services import activity_record
from diagnostics.models import InterviewParticipant, Respondent
from privacy.models import PersonKind, PrivacyVerb

logger = logging.getLogger(__name__)

ERASED_DOMAIN = "erased.invalid"


@dataclass
class Erased:
    respondents: int = 0
    interviewees: int = 0
    barometer_respondents: int = 0

    @property
    def total(self) -> int:
        return self.respondents + self.interviewees + self.barometer_respondents


@transaction.atomic
def personal_data_erase(*, commune_ids: list[int]) -> Erased:
    """Blanks the personal data of these communes' respondents, interviewees and barometer respondents.

    Steps: respondents get an empty name and a placeholder e-mail (unique per campaign, as the table
    requires); interviewees lose name and function; barometer responses lose the two names. Rows already
    erased are left alone, so running it twice changes nothing.
    """
    erased = Erased()
    erased.respondents = _respondents_erase(Respondent.objects.filter(campaign__commune_id__in=commune_ids))
    erased.interviewees = _interviewees_erase(
        InterviewParticipant.objects.filter(interview__commune_id__in=commune_ids)
    )
    erased.barometer_respondents = (
        BarometerResponse.objects.filter(commune_id__in=commune_ids)
        .filter(~Q(respondent_name="") | ~Q(alderman_name=""))
        .update(respondent_name="", alderman_name="")
    )
    erased.barometer_respondents += _invitees_erase(
        BarometerInvitee.objects.filter(invitation__commune_id__in=commune_ids)
    )
    return erased


def _invitees_erase(invitees) -> int:
    """Empty name, placeholder e-mail; their link and their version of the answers stay (no one's identity)."""
    count = 0
    for invitee in invitees.exclude(email__endswith="@" + ERASED_DOMAIN).only("pk"):
        invitee.name, invitee.email, invitee.email_error = "", f"invitee-{invitee.pk}@{ERASED_DOMAIN}", ""
        invitee.save(update_fields=["name", "email", "email_error"])
        count += 1
    return count


def _respondents_erase(respondents) -> int:
    """Empty name, placeholder e-mail (unique per campaign, as the table requires); erased rows are skipped."""
    count = 0
    for respondent in respondents.exclude(email__endswith="@" + ERASED_DOMAIN).only("pk"):
        respondent.name = ""
        respondent.email = f"respondent-{respondent.pk}@{ERASED_DOMAIN}"
        respondent.email_error = ""
        respondent.save(update_fields=["name", "email", "email_error"])
        count += 1
    return count


def _interviewees_erase(participants) -> int:
    return participants.filter(~Q(name="") | ~Q(function="")).update(name="", function="")


BAROMETER_NAME_FIELDS = {
    PersonKind.BAROMETER_RESPONDENT: "respondent_name",
    PersonKind.BAROMETER_ALDERMAN: "alderman_name",
}


@transaction.atomic
def person_erase(*, kind: str, pk: int, commune: Commune, actor) -> int:
    """Erases one person's personal data, found by the referent's search; returns the rows changed.

    Steps: blank the person's identity where it is held (a respondent's name and e-mail, an interviewee's
    name and function, one name on a barometer response), keeping their answers so that counts and scores
    stay; then record on the commune's audit trail that an erasure happened (actor, kind, commune, date)
    without the erased name or e-mail.
    """
    if kind == PersonKind.RESPONDENT:
        changed = _respondents_erase(Respondent.objects.filter(pk=pk, campaign__commune=commune))
    elif kind == PersonKind.INTERVIEWEE:
        changed = _interviewees_erase(InterviewParticipant.objects.filter(pk=pk, interview__commune=commune))
    elif kind == PersonKind.BAROMETER_INVITEE:
        changed = _invitees_erase(BarometerInvitee.objects.filter(pk=pk, invitation__commune=commune))
    else:
        name_field = BAROMETER_NAME_FIELDS[kind]
        changed = BarometerResponse.objects.filter(pk=pk, commune=commune).update(**{name_field: ""})
    if changed:
        activity_record(
            commune=commune, actor=actor, verb=PrivacyVerb.PERSON_ERASED, subject=str(PersonKind(kind).label)
        )
    return changed


def retention_purge(*, now=None) -> Erased:
    """Erases the personal data of communes whose accompaniment closed more than PRIVACY_RETENTION_MONTHS ago."""
    now = now or timezone.now()
    limit = now - relativedelta(months=settings.PRIVACY_RETENTION_MONTHS)
    commune_ids = list(
        Accompaniment.objects.filter(
            status=AccompanimentStatus.COMPLETED, closed_at__isnull=False, closed_at__lt=limit
        ).values_list("commune_id", flat=True)
    )
    erased = personal_data_erase(commune_ids=commune_ids) if commune_ids else Erased()
    logger.info("Retention purge: %s communes, %s people erased", len(commune_ids), erased.total)
    return erased
