from datetime import date

import pytest
from django.utils.datastructures import MultiValueDict

from barometer.models import Response as BarometerResponse
from diagnostics.models import Interview, InterviewParticipant, ParticipantGroup
from diagnostics.services import campaigns, responses
from tests.barometer.conftest import answer, make_edition


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
