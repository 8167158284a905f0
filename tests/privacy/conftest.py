from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from barometer.models import Response as BarometerResponse
from diagnostics.models import Interview, InterviewParticipant, ParticipantGroup
from diagnostics.services import campaigns, responses
from tests.barometer.conftest import answer, make_edition
from tests.diagnostics.conftest import build_small_questionnaire


@pytest.fixture
def small(commune_a, referent):
    return build_small_questionnaire(commune_a, referent)


@pytest.fixture
def campaign(small, commune_a, referent):
    today = timezone.localdate()
    return campaigns.campaign_create(
        commune=commune_a,
        questionnaire=small.questionnaire,
        actor=referent,
        title="Campagne test",
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=10),
    )


@pytest.fixture
def groups(campaign) -> dict:
    return {g.kind: g for g in campaign.groups.all()}


def add_respondents(campaign, group, actor, people):
    return campaigns.respondents_add(campaign=campaign, group=group, actor=actor, people=people, send=False)


def say(respondent, question, value):
    data = MultiValueDict({f"q{question.pk}": [value]})
    responses.response_autosave(response=respondent.response, question_id=question.pk, data=data)


@pytest.fixture
def marie(campaign, groups, referent, small):
    """A respondent of commune A who answered the short text question."""
    (person,) = add_respondents(
        campaign, groups["administration"], referent, [("Marie Dumont", "marie@courcelles.example")]
    )
    say(person, small.q["short"], "Réponse de Marie")
    return person


@pytest.fixture
def paul(campaign, groups, referent, small):
    """Another respondent of the same campaign, who must never show in Marie's export."""
    (person,) = add_respondents(
        campaign, groups["administration"], referent, [("Paul Martin", "paul@courcelles.example")]
    )
    say(person, small.q["short"], "Réponse de Paul")
    return person


def make_interviewee(commune, name="Jean Dupont", function="Échevin", notes="Notes de l'entretien"):
    interview = Interview.objects.create(commune=commune, topic="Mobilité", held_on=date(2024, 2, 1), notes=notes)
    return InterviewParticipant.objects.create(
        interview=interview, name=name, function=function, group=ParticipantGroup.values[0]
    )


@pytest.fixture
def barometer_response(territory, commune_a):
    response = answer(make_edition(territory), commune_a, smartness=4)
    BarometerResponse.objects.filter(pk=response.pk).update(respondent_name="Luc Lambert", alderman_name="Ana Ruiz")
    response.refresh_from_db()
    return response
