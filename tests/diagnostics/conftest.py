"""Fixtures for questionnaires: a small questionnaire with one question of each type, an open campaign
for commune A, a named respondent and their personal link."""

from dataclasses import dataclass

import pytest

from diagnostics.models import Question, Questionnaire
from diagnostics.services import builder, campaigns
from diagnostics.services.builder import OptionInput, RowInput
from diagnostics.tokens import response_token
from tests.helpers import cache_clear_own


@dataclass
class Small:
    """The small questionnaire and its questions by short name."""

    questionnaire: Questionnaire
    q: dict[str, Question]

    def option(self, name: str, index: int) -> int:
        return list(self.q[name].options.all())[index].pk

    def row(self, name: str, index: int) -> int:
        return list(self.q[name].rows.all())[index].pk


def build_small_questionnaire(commune, actor=None) -> Small:
    """Two pages: every question type, maturity values, a required question and a display condition."""
    questionnaire = builder.questionnaire_create(commune=commune, actor=actor, title_fr="Petit questionnaire")
    page1 = questionnaire.sections.get()
    page2 = builder.section_create(questionnaire=questionnaire, actor=actor, title_fr="Page 2", title_en="Page two")

    def add(section, name, type_, pillars=(), options=None, rows=None, **fields):
        question = builder.question_create(
            section=section,
            actor=actor,
            fields={"type": type_, "text_fr": f"Question {name}", "text_en": f"Question {name} (en)", **fields},
            pillars=list(pillars),
            options=options,
            rows=rows,
        )
        return name, question

    q = dict(
        [
            add(
                page1,
                "single",
                "single_choice",
                ["governance"],
                [
                    OptionInput(None, "Non", "No", 0),
                    OptionInput(None, "Un peu", "A little", 50),
                    OptionInput(None, "Oui", "Yes", 100),
                ],
                required=True,
            ),
            add(
                page1,
                "multiple",
                "multiple_choice",
                ["mobility"],
                [
                    OptionInput(None, "Vélos", "Bikes", 40),
                    OptionInput(None, "Voitures", "Cars", 40),
                    OptionInput(None, "Bus", "Bus", 40),
                ],
                allow_other=True,
            ),
            add(page1, "yesno", "yes_no", ["governance", "smart_citizens"]),
            add(page1, "scale10", "scale_10", ["governance"]),
            add(page1, "scale5", "scale_5", ["mobility"]),
            add(page2, "number", "number", [], number_min=0, number_max=100),
            add(page2, "short", "short_text", [], max_length=20),
            add(page2, "long", "long_text"),
            add(
                page2,
                "grid",
                "grid",
                ["quality_of_life"],
                rows=[RowInput(None, "Énoncé A", "Statement A"), RowInput(None, "Énoncé B", "Statement B")],
            ),
        ]
    )
    yes = q["yesno"].options.first()
    _name, q["conditional"] = add(page2, "conditional", "short_text", [], condition_option=yes)
    return Small(questionnaire=questionnaire, q={k: Question.objects.get(pk=v.pk) for k, v in q.items()})


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters live in the cache (Redis on PostgreSQL runs): each test starts from zero."""
    cache_clear_own()
    yield
    cache_clear_own()


@pytest.fixture
def template(db):
    return builder.template_ensure()


@pytest.fixture
def respondent(campaign, groups, referent):
    (person,) = campaigns.respondents_add(
        campaign=campaign,
        group=groups["administration"],
        actor=referent,
        people=[("Marie Dumont", "marie@courcelles.example")],
        send=False,
    )
    return person


@pytest.fixture
def response(respondent):
    return respondent.response


@pytest.fixture
def token(response) -> str:
    return response_token(response)
