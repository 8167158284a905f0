"""What the respondent's pages show for each question: plain objects the templates can loop over."""

from dataclasses import dataclass, field

from django.utils.formats import number_format

from diagnostics.answering import (
    OTHER,
    AnswerValue,
    field_name,
    other_field_name,
    version_field_name,
    version_token,
)
from diagnostics.models import Question
from diagnostics.models.questionnaires import OTHER_TEXT_MAX
from diagnostics.selectors.responses import FillState
from smartregion.questions.values import Choice, GridLine, Widget, WidgetInput


@dataclass
class QuestionView:
    question: Question
    number: int
    visible: bool
    value: AnswerValue
    tokens: list[tuple[str, str]]
    error: str | None = None
    conflict: bool = False
    typed: str = ""
    answered: bool = False
    raw: str = ""
    widget: Widget = field(default_factory=Widget)

    @property
    def choices(self) -> list[Choice]:
        return self.widget.choices

    @property
    def points(self) -> list[Choice]:
        return self.widget.points

    @property
    def grid(self) -> list[GridLine]:
        return self.widget.grid

    @property
    def pk(self) -> int:
        return self.question.pk

    @property
    def name(self) -> str:
        return field_name(self.question.pk)

    @property
    def other_name(self) -> str:
        return other_field_name(self.question.pk)

    @property
    def other_checked(self) -> bool:
        return bool(self.value.other_text)

    @property
    def other_max(self) -> int:
        return OTHER_TEXT_MAX

    @property
    def text_value(self) -> str:
        return self.raw if self.error and not self.conflict else self.value.text

    @property
    def number_value(self) -> str:
        if self.error and not self.conflict:
            return self.raw
        if self.value.number is None:
            return ""
        return number_format(self.value.number.normalize(), use_l10n=True)

    @property
    def input_type(self) -> str:
        """radio or checkbox for choice questions."""
        return "checkbox" if self.question.kind.several else "radio"


def _describe(value: AnswerValue, question: Question) -> str:
    """What a respondent had typed or chosen, in words, to show it back after a conflict."""
    return question.kind.describe(value, {o.pk: o.label for o in question.options.all()})


def _widget(question: Question, shown: dict, raw: str, failed: bool) -> Widget:
    kind = question.kind
    data = WidgetInput(
        question_id=question.pk,
        options=tuple((o.pk, o.label) for o in question.options.all()) if kind.has_options else (),
        scale=question.scale_range,
        rows=tuple((r.pk, r.text) for r in question.rows.all()) if kind.has_rows else (),
        values=shown,
        raw=raw,
        failed=failed,
    )
    return kind.widget(data)


def question_view(
    state: FillState,
    question: Question,
    number: int,
    *,
    submitted: dict | None = None,
    error: str | None = None,
    conflict: bool = False,
    preview: bool = False,
    raw: str = "",
) -> QuestionView:
    """A question as shown: the stored answer, or what was typed when it could not be saved."""
    units = [r.pk for r in question.rows.all()] if question.kind.has_rows else [None]
    stored = {unit: state.value(question.pk, unit) for unit in units}
    shown = dict(stored)
    typed = ""
    if submitted and error and not conflict:
        shown.update(submitted)
    if conflict and submitted:
        typed = "; ".join(filter(None, (_describe(v, question) for v in submitted.values())))
    tokens = [
        (version_field_name(question.pk, unit), version_token(state.version(question.pk, unit), stored[unit]))
        for unit in units
    ]
    return QuestionView(
        question=question,
        number=number,
        visible=preview or question.pk in state.visible,
        value=shown.get(None, AnswerValue()),
        tokens=[] if preview else tokens,
        error=error,
        conflict=conflict,
        typed=typed,
        answered=not preview and state.is_answered(question.pk),
        raw=raw,
        widget=_widget(question, shown, raw, bool(error) and not conflict),
    )


def question_numbers(state: FillState) -> dict[int, int]:
    return {q.pk: index for index, q in enumerate(state.questions, start=1)}


def page_context(
    state: FillState,
    number: int,
    *,
    questionnaire,
    preview: bool = False,
    outcome=None,
) -> dict:
    """Everything the page template needs for page `number` (1-based)."""
    sections = state.sections
    section = sections[number - 1]
    numbers = question_numbers(state)
    views = []
    for question in section.question_list:
        result = outcome.questions.get(question.pk) if outcome is not None else None
        views.append(
            question_view(
                state,
                question,
                numbers[question.pk],
                submitted=result.submitted if result else None,
                error=result.error if result else None,
                conflict=result.conflict if result else False,
                preview=preview,
                raw=result.raw if result else "",
            )
        )
    answered, total = (0, len(state.questions)) if preview else state.progress()
    return {
        "questionnaire": questionnaire,
        "sections": sections,
        "section": section,
        "page_number": number,
        "page_count": len(sections),
        "questions": views,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "preview": preview,
        "is_last": number == len(sections),
        "problems": [v for v in views if v.error],
        "other_value": OTHER,
    }
