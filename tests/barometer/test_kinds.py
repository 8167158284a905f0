"""A barometer kind is one class (barometer/kinds.py): registered in a test, every path uses it."""

import ast
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest
from django import forms

from barometer import kinds
from barometer.answers import AnswerError, QuestionSpec, cell_value, check_value, display_value, parse_cell
from barometer.exporting import accepted_values, questions_rows, results_rows
from barometer.forms import ResponseForm, question_field_name
from barometer.importing import CommuneRef, check_table
from barometer.kinds import REGISTRY, BarometerKind, barometer_kind, register
from barometer.models import SHARED_KINDS, QuestionKind
from barometer.results import EditionInfo, QuestionInfo, Stats, TextAnswer, edition_results, public_summary
from smartregion.questions import kinds as shared_kinds

GRADES = ("A", "B", "C", "D", "E")
ERROR_NOT_A_GRADE = "not a grade"


class Grade(BarometerKind):
    """A grade from A to E, stored as text; its figures are the share of communes per grade."""

    value = "grade"
    label = "Grade"
    has_shares = True
    additive = True
    seen: ClassVar[list[str]] = []

    def parse_cell(self, spec: QuestionSpec, value: str) -> str:
        return self.check_value(spec, value.upper())

    def check_value(self, spec: QuestionSpec, value: object) -> str:
        if value not in GRADES:
            raise AnswerError(ERROR_NOT_A_GRADE)
        return str(value)

    def display(self, spec: QuestionSpec, value: Any, *, yes: str, no: str) -> str:
        return f"grade {value}"

    def cell_value(self, spec: QuestionSpec, value: Any) -> str:
        return str(value).lower()

    def accepted_values(self, question: QuestionInfo) -> str:
        return "A–E"

    def form_field(self, question: QuestionInfo) -> forms.Field:
        return forms.ChoiceField(choices=[(g, g) for g in GRADES])

    def store(self, answer: Any, value: Any) -> tuple[str, ...]:
        answer.text = value
        return ()

    def fill_result(self, result, question, stats) -> None:
        texts = [t.text for t in stats.texts.get(question.id, [])]
        for grade in GRADES:
            result.add_share(grade, grade, texts.count(grade))


@pytest.fixture
def grade_kind():
    register(Grade)
    yield REGISTRY["grade"]
    del REGISTRY["grade"]


def _question(**overrides) -> QuestionInfo:
    return QuestionInfo(**{"id": 1, "edition_id": 1, "code": "g", "kind": "grade", "label": "Grade?", **overrides})


def test_a_registered_kind_parses_checks_displays_and_writes_cells(grade_kind):
    spec = _question().spec()
    assert barometer_kind("grade") is grade_kind
    assert parse_cell(spec, " b ") == "B"
    assert parse_cell(spec, "  ") is None
    with pytest.raises(AnswerError):
        parse_cell(spec, "F")
    assert check_value(spec, "C") == "C"
    assert check_value(spec, "") is None
    assert display_value(spec, "B") == "grade B"
    assert cell_value(spec, "B") == "b"
    assert parse_cell(spec, cell_value(spec, "D")) == "D"


def test_a_registered_kind_reaches_the_import_the_form_and_the_exports(grade_kind):
    question = _question()
    communes = [CommuneRef(1, "Andenne", "92003")]
    checked = check_table([["commune", "g"], ["Andenne", "e"]], [question.spec()], communes)
    assert checked.errors == []
    assert [row.values for row in checked.rows] == [{"g": "E"}]
    form = ResponseForm(data={question_field_name("g"): "A"}, questions=[question])
    assert isinstance(form.fields[question_field_name("g")], forms.ChoiceField)
    assert form.is_valid(), form.errors
    assert form.answers() == {"g": "A"}
    assert accepted_values(question) == "A–E"
    assert questions_rows([question])[1] == ["g", "Grade?", "grade", "A–E"]


def test_a_registered_kind_shapes_its_figures_and_their_public_summary(grade_kind):
    edition = EditionInfo(1, 2024, "2024", respondents=6, communes_total=10)
    stats = Stats(answered={1: 6}, texts={1: [TextAnswer(g) for g in "AAAAAB"]})
    results = edition_results(edition, [_question()], stats)
    result = results.questions[0]
    assert result.has_shares and not result.is_scale and not result.is_text
    assert [(s.code, s.count) for s in result.shares] == [("A", 5), ("B", 1), ("C", 0), ("D", 0), ("E", 0)]
    assert result.share("A").percent == pytest.approx(500 / 6)
    assert [row[4:6] for row in results_rows(results)[1:3]] == [["A", "A"], ["B", "B"]]
    public = public_summary(results, min_answers=5).questions[0]
    # Additive: B (1) is withheld, and another share with it, or B would follow from the others.
    assert public.shares[1].count is None
    assert sum(share.count is None for share in public.shares) >= 2


def test_an_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown barometer question kind"):
        barometer_kind("nope")


def test_every_model_kind_has_its_class_and_labels_come_from_the_classes():
    assert set(REGISTRY) == set(QuestionKind.values)
    for value, label in QuestionKind.choices:
        assert str(barometer_kind(value).label) == str(label)


def test_kinds_meaning_the_same_reuse_the_questionnaires_kinds():
    assert {
        QuestionKind.SINGLE: shared_kinds.SingleChoice.value,
        QuestionKind.MULTIPLE: shared_kinds.MultipleChoice.value,
        QuestionKind.YES_NO: shared_kinds.YesNo.value,
        QuestionKind.TEXT: shared_kinds.LongText.value,
    } == SHARED_KINDS
    assert barometer_kind("yes_no").label == shared_kinds.YesNo.label
    assert barometer_kind("single").additive and barometer_kind("yes_no").additive
    assert not barometer_kind("multiple").additive  # several answers per commune
    assert barometer_kind("scale").shared is None  # its own bounds


def test_a_kind_stores_its_value_in_its_column():
    answer = SimpleNamespace(number=None, boolean=None, text="")
    assert barometer_kind("scale").store(answer, 7) == ()
    assert barometer_kind("yes_no").store(answer, False) == ()
    assert barometer_kind("text").store(answer, "Wi-Fi") == ()
    assert (answer.number, answer.boolean, answer.text) == (7, False, "Wi-Fi")
    assert barometer_kind("single").store(answer, "a") == ("a",)
    assert barometer_kind("multiple").store(answer, ("a", "b")) == ("a", "b")


KIND_NAMES = {"SCALE", "SINGLE", "MULTIPLE", "YES_NO", "TEXT", "CHOICE_KINDS"}


def _tests_a_kind(node: ast.Compare) -> bool:
    if not all(isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn) for op in node.ops):
        return False
    for side in [node.left, *node.comparators]:
        if isinstance(side, ast.Attribute) and side.attr in {"kind", *KIND_NAMES}:
            return True
        if isinstance(side, ast.Name) and side.id in KIND_NAMES:
            return True
        if isinstance(side, ast.Constant) and side.value in set(QuestionKind.values):
            return True
    return False


def test_no_barometer_module_tests_a_kind_itself():
    """Only barometer/kinds.py knows what differs between kinds; everything else asks barometer_kind()."""
    root = Path(kinds.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or path.name == "kinds.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Compare) and _tests_a_kind(node):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert found == []
