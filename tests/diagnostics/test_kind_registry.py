"""Adding a question kind is one class in the registry (README, "Adding a question kind"): a kind
registered here, in the test alone, is answered, counted, charted and exported without any other change."""

from collections.abc import Mapping
from decimal import Decimal

import pytest
from django.urls import reverse

from diagnostics import exports
from diagnostics.models import Answer, GroupKind
from diagnostics.selectors.results import campaign_results
from diagnostics.services import builder
from smartregion.questions import kinds
from smartregion.questions.statistics import mean_of
from smartregion.questions.values import (
    EMPTY,
    AnswerValue,
    ParsedAnswer,
    QuestionFacts,
    QuestionSpec,
    Stats,
    field_name,
    first,
)
from tests.diagnostics.test_results import fill


class Stars(kinds.Kind):
    """A dummy kind: one to three stars typed as "*", "**" or "***"; shown with the number partials."""

    value = "stars"
    label = "Stars"
    family = "number"

    def parse(self, spec: QuestionSpec, data) -> ParsedAnswer:
        typed = first(data, field_name(spec.id))
        if typed.strip("*") or len(typed) > 3:
            return ParsedAnswer({}, "One to three stars.")
        return ParsedAnswer({None: AnswerValue(number=Decimal(len(typed))) if typed else EMPTY})

    def statistics(self, facts: QuestionFacts, counts) -> tuple[Stats, dict[int, Stats]]:
        unit = counts.get(None)
        values = unit.values if unit else {}
        return Stats(answered=unit.answered if unit else 0, mean=mean_of(values)), {}

    def raw_cell(self, value: AnswerValue, labels: Mapping[int, str]) -> str:
        return "*" * int(value.number or 0)


@pytest.fixture
def stars():
    kinds.register(Stars)
    yield kinds.kind_of("stars")
    kinds.REGISTRY.pop("stars")


def test_a_kind_registered_in_the_registry_alone_works_everywhere(
    stars, small, campaign, groups, referent, referent_client, commune_a
):
    question = builder.question_create(
        section=small.questionnaire.sections.first(), actor=referent, fields={"type": "stars", "text_fr": "Étoiles"}
    )
    preview = referent_client.get(
        reverse("diagnostics:questionnaire-preview", args=[commune_a.slug, small.questionnaire.pk, 1])
    )
    assert f'name="q{question.pk}"' in preview.content.decode()  # its answer partial
    required = {small.q["single"]: str(small.option("single", 0))}
    fill(campaign, groups[GroupKind.COLLEGE], {**required, question: "***"})
    fill(campaign, groups[GroupKind.COLLEGE], {**required, question: "*"})
    assert sorted(Answer.objects.filter(question=question).values_list("number_value", flat=True)) == [1, 3]

    result = next(q for q in campaign_results(campaign).questions if q.id == question.pk)
    assert result.kind is stars
    assert (result.overall.answered, result.overall.mean) == (2, 2.0)
    assert result.type_label == "Stars"
    assert "Étoiles" in exports.results_csv(campaign_results(campaign)).decode("utf-8-sig")
    frame = exports.raw_answers_frame(campaign)
    column = next(c for c in frame.columns if str(c).startswith(question.code))
    assert sorted(frame[column]) == ["*", "***"]


def test_no_app_module_tests_a_question_type_itself():
    """Kinds are decided in the registry alone: no `.type == QuestionType.X` (or a literal) outside it."""
    import ast
    from pathlib import Path

    from django.conf import settings

    def names_a_type(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return True
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "QuestionType":
            return True
        return isinstance(node, ast.Tuple | ast.List | ast.Set) and any(names_a_type(e) for e in node.elts)

    root = Path(settings.BASE_DIR)
    offenders = []
    for path in (root / "diagnostics").rglob("*.py"):
        if "migrations" in path.parts or "data" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            sides = [node.left, *node.comparators] if isinstance(node, ast.Compare) else []
            if any(isinstance(x, ast.Attribute) and x.attr == "type" for x in sides) and any(map(names_a_type, sides)):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []
