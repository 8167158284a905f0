"""Retention: personal data of accompaniments closed more than PRIVACY_RETENTION_MONTHS ago is purged."""

from datetime import date, timedelta

from django.utils import timezone

from barometer.models import Response as BarometerResponse
from communes.models import Accompaniment, AccompanimentStatus
from communes.services import accompaniment_update
from diagnostics.models import Interview, InterviewParticipant, ParticipantGroup, Respondent
from diagnostics.selectors.results import campaign_results
from privacy import tasks
from privacy.services import ERASED_DOMAIN, retention_purge
from tests.barometer.conftest import answer, make_edition
from tests.diagnostics.test_views_results import generate


def close(commune, *, days_ago):
    return Accompaniment.objects.create(
        commune=commune,
        status=AccompanimentStatus.COMPLETED,
        closed_at=timezone.now() - timedelta(days=days_ago),
        start_date=date(2024, 1, 1),
        planned_end_date=date(2024, 6, 1),
    )


def interviewee(commune):
    interview = Interview.objects.create(commune=commune, topic="Mobilité", held_on=date(2024, 2, 1))
    return InterviewParticipant.objects.create(
        interview=interview, name="Jean Dupont", function="Échevin", group=ParticipantGroup.values[0]
    )


def test_purge_erases_people_of_old_closed_accompaniments_and_keeps_figures(
    respondent, campaign, groups, commune_a, commune_b, settings
):
    settings.PRIVACY_RETENTION_MONTHS = 12
    generate(campaign, groups, 6)
    close(commune_a, days_ago=400)
    person = interviewee(commune_a)
    recent = interviewee(commune_b)
    close(commune_b, days_ago=100)
    barometer = answer(make_edition(commune_a.territory), commune_a, smartness=4)
    BarometerResponse.objects.filter(pk=barometer.pk).update(respondent_name="Luc", alderman_name="Ana")
    before = campaign_results(campaign)

    erased = retention_purge()

    assert erased.respondents == 1
    assert erased.interviewees == 1
    assert erased.barometer_respondents == 1
    barometer.refresh_from_db()
    assert (barometer.respondent_name, barometer.alderman_name) == ("", "")
    assert barometer.answers.exists()
    respondent.refresh_from_db()
    assert respondent.name == ""
    assert respondent.email.endswith("@" + ERASED_DOMAIN)
    assert "marie" not in respondent.email
    person.refresh_from_db()
    assert (person.name, person.function) == ("", "")
    recent.refresh_from_db()
    assert recent.name == "Jean Dupont"  # closed too recently
    assert campaign_results(campaign) == before  # aggregates intact
    # Idempotent: a second run finds nothing left to erase and changes nothing.
    assert retention_purge().total == 0
    assert tasks.retention_purge() == 0
    assert campaign_results(campaign) == before
    assert Respondent.objects.filter(campaign=campaign).count() == 1


def test_open_accompaniments_are_never_purged(respondent, commune_a, settings):
    settings.PRIVACY_RETENTION_MONTHS = 1
    Accompaniment.objects.create(
        commune=commune_a,
        status=AccompanimentStatus.IN_PROGRESS,
        start_date=date(2020, 1, 1),
        planned_end_date=date(2020, 6, 1),
    )
    assert retention_purge().total == 0
    respondent.refresh_from_db()
    assert respondent.name == "Marie Dumont"


def test_closing_an_accompaniment_sets_closed_at_and_reopening_clears_it(commune_a, referent):
    accompaniment = Accompaniment.objects.create(
        commune=commune_a, start_date=date(2024, 1, 1), planned_end_date=date(2024, 6, 1)
    )
    accompaniment_update(accompaniment=accompaniment, actor=referent, fields={"status": AccompanimentStatus.COMPLETED})
    accompaniment.refresh_from_db()
    assert accompaniment.closed_at is not None
    accompaniment_update(accompaniment=accompaniment, actor=referent, fields={"status": AccompanimentStatus.ON_HOLD})
    accompaniment.refresh_from_db()
    assert accompaniment.closed_at is None


def test_beat_schedules_the_purge(settings):
    assert settings.CELERY_BEAT_SCHEDULE["privacy-retention-purge"]["task"] == "privacy.retention_purge"
