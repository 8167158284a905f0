"""Validation of the barometer forms (barometer/forms.py)."""

import pytest

from barometer.forms import ERROR_OPTION_LINE, EditionCreateForm, EditionForm, QuestionForm, ResponseForm
from barometer.models import ERROR_CLOSES_BEFORE_OPENS, ERROR_SCALE_BOUNDS
from barometer.results import OptionInfo, QuestionInfo

QUESTIONS = [
    QuestionInfo(1, 1, "smartness", "scale", "Smart?", position=1, scale_min=1, scale_max=5, required=True),
    QuestionInfo(
        2,
        1,
        "themes",
        "multiple",
        "Themes",
        position=2,
        options=(OptionInfo(1, "mobility", "Mobility"), OptionInfo(2, "economy", "Economy")),
    ),
    QuestionInfo(
        3,
        1,
        "purchasing",
        "single",
        "Purchasing",
        position=3,
        options=(OptionInfo(3, "yes_please", "Yes please"), OptionInfo(4, "no", "No")),
    ),
    QuestionInfo(4, 1, "involved", "yes_no", "Involved?", position=4),
    QuestionInfo(5, 1, "obstacles", "text", "Obstacles", position=5, help_text="Say it all"),
]


class TestResponseForm:
    def test_one_field_per_question_in_order(self):
        form = ResponseForm(questions=list(reversed(QUESTIONS)))
        assert [q.code for _field, q in form.question_items()] == [
            "smartness",
            "themes",
            "purchasing",
            "involved",
            "obstacles",
        ]
        assert [c[0] for c in form.fields["q_smartness"].choices] == [1, 2, 3, 4, 5]
        assert form.fields["q_obstacles"].help_text == "Say it all"

    def test_typed_answers(self):
        form = ResponseForm(
            {
                "q_smartness": "4",
                "q_themes": ["economy", "mobility"],
                "q_purchasing": "no",
                "q_involved": "yes",
                "q_obstacles": "Rien",
                "respondent_name": "A",
                "alderman_name": "B",
                "version": "2",
            },
            questions=QUESTIONS,
        )
        assert form.is_valid(), form.errors
        assert form.answers() == {
            "smartness": 4,
            "themes": ["economy", "mobility"],
            "purchasing": "no",
            "involved": True,
            "obstacles": "Rien",
        }
        assert form.cleaned_data["version"] == 2

    def test_empty_answers(self):
        form = ResponseForm({"q_smartness": "3"}, questions=QUESTIONS)
        assert form.is_valid(), form.errors
        assert form.answers() == {"smartness": 3, "themes": [], "purchasing": "", "involved": None, "obstacles": ""}

    def test_required_only_when_enforced(self):
        assert not ResponseForm({}, questions=QUESTIONS).is_valid()
        assert ResponseForm({}, questions=QUESTIONS, enforce_required=False).is_valid()

    @pytest.mark.parametrize(
        "field, value",
        [("q_smartness", "6"), ("q_themes", ["culture"]), ("q_involved", "maybe"), ("q_purchasing", "x")],
    )
    def test_values_outside_the_choices(self, field, value):
        form = ResponseForm({"q_smartness": "3", field: value}, questions=QUESTIONS)
        assert not form.is_valid()
        assert field in form.errors

    def test_initial_from_saved_answers(self):
        initial = ResponseForm.initial_for(
            {"involved": False, "themes": ("mobility",), "smartness": 2}, respondent_name="A", version=3
        )
        assert initial == {
            "respondent_name": "A",
            "alderman_name": "",
            "version": 3,
            "q_involved": "no",
            "q_themes": ["mobility"],
            "q_smartness": 2,
        }


@pytest.mark.django_db
class TestQuestionForm:
    def data(self, **kwargs):
        return {
            "code": "cyber",
            "label": "Armed?",
            "kind": "single",
            "position": 10,
            "options": "armed | Armed\n\n not_armed|Not armed ",
        } | kwargs

    def test_options_one_per_line(self):
        form = QuestionForm(self.data())
        assert form.is_valid(), form.errors
        assert form.cleaned_data["options"] == [("armed", "Armed"), ("not_armed", "Not armed")]

    @pytest.mark.parametrize("options", ["armed Armed", "| Armed", "armed |"])
    def test_badly_written_options(self, options):
        form = QuestionForm(self.data(options=options))
        assert form.errors["options"] == [ERROR_OPTION_LINE]

    def test_options_and_bounds_dropped_when_they_do_not_apply(self):
        form = QuestionForm(self.data(kind="text", scale_min=1, scale_max=3))
        assert form.is_valid()
        assert (form.cleaned_data["options"], form.cleaned_data["scale_min"]) == ([], None)

    @pytest.mark.parametrize("bounds", [{}, {"scale_min": 3, "scale_max": 3}, {"scale_min": 5, "scale_max": 1}])
    def test_scale_bounds(self, bounds):
        form = QuestionForm(self.data(kind="scale", options="", **bounds))
        assert form.errors["scale_max"] == [str(ERROR_SCALE_BOUNDS)]


@pytest.mark.django_db
class TestEditionForms:
    def test_dates_in_order(self):
        form = EditionForm({"year": 2026, "title": "T", "opens_on": "2026-02-01", "closes_on": "2026-01-01"})
        assert form.errors["closes_on"] == [str(ERROR_CLOSES_BEFORE_OPENS)]

    def test_start_from_choices(self, edition):
        form = EditionCreateForm(previous_editions=[edition])
        assert [value for value, _label in form.fields["start_from"].choices] == [str(edition.pk), "standard", "empty"]
        assert form.initial["start_from"] == str(edition.pk)
        assert EditionCreateForm().initial["start_from"] == "standard"
