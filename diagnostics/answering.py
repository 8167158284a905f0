"""Rules of answering a questionnaire, as plain functions over plain data (no database).

- `spec_of()` turns a question (with its options and rows loaded) into a `QuestionSpec`.
- `parse_answer()` reads a question's submitted fields through its kind (`smartregion.questions.kinds`)
  and returns the values to store.
- `answer_score()` gives the 0–100 maturity an answer shows, for the pillar scores.
- `visible_question_ids()` applies display conditions; `missing_required()` lists what submit lacks.
- `decide_save()` tells a fresh save from a stale tab's, so that stale data never overwrites newer answers.
"""

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

from smartregion.questions.kinds import (  # noqa: F401 - the rules' messages, imported from here by tests
    ERROR_NOT_A_NUMBER,
    ERROR_NUMBER_TOO_LARGE,
    ERROR_NUMBER_TOO_PRECISE,
    ERROR_NUMBER_TOO_SMALL,
    ERROR_ONE_CHOICE,
    ERROR_OTHER_TOO_LONG,
    ERROR_SCALE,
    ERROR_TOO_LONG,
    ERROR_UNKNOWN_CHOICE,
    NUMBER_DECIMALS,
    NUMBER_MAX_DIGITS,
    OTHER,
    kind_of,
    parse_number,
)
from smartregion.questions.values import (  # noqa: F401 - the answering vocabulary, imported from here
    EMPTY,
    AnswerValue,
    FormData,
    ParsedAnswer,
    QuestionSpec,
    field_name,
    other_field_name,
    rank_field_name,
    version_field_name,
)


def spec_of(question: Any) -> QuestionSpec:  # a diagnostics.models.Question (models are not typed here)
    """The rules of a question; its options and rows (and its condition option) should be prefetched."""
    condition = question.condition_option
    kind = kind_of(question.type)
    return QuestionSpec(
        id=question.pk,
        type=question.type,
        required=question.required,
        allow_other=question.allow_other and kind.offers_other,
        scored=question.scored,
        option_maturity={o.pk: o.maturity for o in question.options.all()} if kind.has_options else {},
        row_ids=tuple(r.pk for r in question.rows.all()) if kind.has_rows else (),
        scale=question.scale_range,
        number_min=question.number_min,
        number_max=question.number_max,
        text_limit=question.text_limit,
        condition_option_id=question.condition_option_id,
        condition_question_id=condition.question_id if condition is not None else None,
    )


def parse_answer(spec: QuestionSpec, data: FormData) -> ParsedAnswer:
    """Read and check one question's fields from submitted data (a QueryDict or a plain dict)."""
    return kind_of(spec.type).parse(spec, data)


def answer_score(spec: QuestionSpec, value: AnswerValue) -> float | None:
    """The maturity (0–100) an answer shows, or None when it says nothing about maturity.

    Scales and grid statements go linearly from 0 (lowest value) to 100 (highest). A single choice
    is worth its option's maturity. A multiple choice adds up the maturity of the chosen options,
    capped at 100, so that each existing project adds to the score; choosing none of the options
    that carry a maturity (e.g. only "other") is worth 0. Other kinds say nothing of maturity.
    """
    if not spec.scored or not value.has_value:
        return None
    return kind_of(spec.type).score(spec, value)


def visible_question_ids(specs: Sequence[QuestionSpec], chosen: Mapping[int, Iterable[int]]) -> set[int]:
    """Questions shown to a respondent: those without a condition, and those whose condition holds.

    A condition holds when its question is itself visible and the respondent chose its option.
    `chosen` maps a question id to the option ids chosen for it.
    """
    by_id = {spec.id: spec for spec in specs}
    memo: dict[int, bool] = {}

    def visible(question_id: int, seen: frozenset[int]) -> bool:
        if question_id in memo:
            return memo[question_id]
        spec = by_id.get(question_id)
        if spec is None or question_id in seen:
            return False
        if spec.condition_option_id is None:
            result = True
        else:
            parent = spec.condition_question_id
            result = (
                parent is not None
                and visible(parent, seen | {question_id})
                and spec.condition_option_id in set(chosen.get(parent, ()))
            )
        memo[question_id] = result
        return result

    return {spec.id for spec in specs if visible(spec.id, frozenset())}


def is_answered(spec: QuestionSpec, answered_units: Iterable[int | None]) -> bool:
    """A question is answered when it has a value; a grid when every statement is rated."""
    return kind_of(spec.type).is_answered(spec, answered_units)


def missing_required(
    specs: Sequence[QuestionSpec], visible: set[int], answered: Mapping[int, Iterable[int | None]]
) -> list[int]:
    """Ids of the visible required questions not answered yet, in questionnaire order."""
    return [
        spec.id
        for spec in specs
        if spec.required and spec.id in visible and not is_answered(spec, answered.get(spec.id, ()))
    ]


class SaveDecision(Enum):
    UNCHANGED = "unchanged"  # the stored answer already says this
    SAVE = "save"  # the form was built from the stored answer: store the new value
    KEEP_NEWER = "keep_newer"  # a stale form that did not touch this answer: keep the newer one silently
    CONFLICT = "conflict"  # a stale form that changed it: do not overwrite, tell the respondent


def version_token(version: int, value: AnswerValue) -> str:
    """What a form carries for each answer it shows: the answer's version and the value's fingerprint."""
    return f"{version}.{value.fingerprint()}"


def parse_version_token(token: str | None) -> tuple[int | None, str]:
    if not token:
        return None, ""
    version, _dot, fingerprint = token.partition(".")
    try:
        return int(version), fingerprint
    except ValueError:
        return None, ""


def decide_save(*, stored_version: int, stored: AnswerValue, new: AnswerValue, token: str | None) -> SaveDecision:
    """Whether a submitted value may replace the stored one (`stored_version` is 0 when none is stored)."""
    if new.fingerprint() == stored.fingerprint():
        return SaveDecision.UNCHANGED
    posted_version, posted_fingerprint = parse_version_token(token)
    if posted_version is None:
        return SaveDecision.SAVE if stored_version == 0 else SaveDecision.CONFLICT
    if posted_version == stored_version:
        return SaveDecision.SAVE
    if posted_fingerprint == new.fingerprint():
        return SaveDecision.KEEP_NEWER
    return SaveDecision.CONFLICT
