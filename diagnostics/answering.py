"""Rules of answering a questionnaire, as plain functions over plain data (no database).

- `spec_of()` turns a question (with its options and rows loaded) into a `QuestionSpec`.
- `parse_answer()` reads a question's submitted fields, checks them and returns the values to store.
- `answer_score()` gives the 0–100 maturity an answer shows, for the pillar scores.
- `visible_question_ids()` applies display conditions; `missing_required()` lists what submit lacks.
- `decide_save()` tells a fresh save from a stale tab's, so that stale data never overwrites newer answers.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum

from django.utils.translation import gettext_lazy as _

from diagnostics.models.questionnaires import (
    CHOICE_TYPES,
    OTHER_TEXT_MAX,
    SCALE_TYPES,
    TEXT_TYPES,
    QuestionType,
)

OTHER = "other"
NUMBER_MAX_DIGITS = 14
NUMBER_DECIMALS = 4

ERROR_UNKNOWN_CHOICE = _("This answer is not one of the proposed ones. Reload the page and choose again.")
ERROR_ONE_CHOICE = _("Choose only one answer.")
ERROR_SCALE = _("Choose a value between %(low)s and %(high)s.")
ERROR_NOT_A_NUMBER = _("Type a number, for example 12 or 3.5.")
ERROR_NUMBER_TOO_SMALL = _("The number cannot be smaller than %(low)s.")
ERROR_NUMBER_TOO_LARGE = _("The number cannot be larger than %(high)s.")
ERROR_NUMBER_TOO_PRECISE = _("Use at most four decimals and ten digits before the decimal point.")
ERROR_TOO_LONG = _("This answer is too long: at most %(limit)s characters, you typed %(length)s.")
ERROR_OTHER_TOO_LONG = _("The “other” answer is too long: at most %(limit)s characters.")


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    type: str
    required: bool = False
    allow_other: bool = False
    scored: bool = True
    option_maturity: Mapping[int, int | None] = field(default_factory=dict)
    row_ids: tuple[int, ...] = ()
    scale: tuple[int, int] | None = None
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    text_limit: int = 300
    condition_option_id: int | None = None
    condition_question_id: int | None = None

    @property
    def units(self) -> tuple[int | None, ...]:
        """What is answered separately: each statement of a grid, otherwise the question itself."""
        return self.row_ids if self.type == QuestionType.GRID else (None,)


def spec_of(question) -> QuestionSpec:
    """The rules of a question; its options and rows (and its condition option) should be prefetched."""
    condition = question.condition_option
    return QuestionSpec(
        id=question.pk,
        type=question.type,
        required=question.required,
        allow_other=question.allow_other and question.type in CHOICE_TYPES and question.type != QuestionType.YES_NO,
        scored=question.scored,
        option_maturity={o.pk: o.maturity for o in question.options.all()} if question.type in CHOICE_TYPES else {},
        row_ids=tuple(r.pk for r in question.rows.all()) if question.type == QuestionType.GRID else (),
        scale=question.scale_range,
        number_min=question.number_min,
        number_max=question.number_max,
        text_limit=question.text_limit,
        condition_option_id=question.condition_option_id,
        condition_question_id=condition.question_id if condition is not None else None,
    )


@dataclass(frozen=True)
class AnswerValue:
    option_ids: frozenset[int] = frozenset()
    number: Decimal | None = None
    text: str = ""
    other_text: str = ""

    @property
    def choice_key(self) -> str:
        """The chosen option ids as stored with the answer: sorted, comma-separated."""
        return ",".join(str(i) for i in sorted(self.option_ids))

    @property
    def has_value(self) -> bool:
        return bool(self.option_ids) or self.number is not None or bool(self.text) or bool(self.other_text)

    def fingerprint(self) -> str:
        """A short digest of the value, to tell whether a form still shows what it was built with."""
        number = "" if self.number is None else format(self.number.normalize(), "f")
        canonical = "|".join([",".join(str(i) for i in sorted(self.option_ids)), number, self.text, self.other_text])
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]


EMPTY = AnswerValue()


@dataclass
class ParsedAnswer:
    """A question's submitted values per unit (grid row id, or None), or the first error found."""

    values: dict[int | None, AnswerValue]
    error: str | None = None


def field_name(question_id: int, row_id: int | None = None) -> str:
    return f"q{question_id}" if row_id is None else f"q{question_id}_r{row_id}"


def other_field_name(question_id: int) -> str:
    return f"q{question_id}_other"


def version_field_name(question_id: int, row_id: int | None = None) -> str:
    return "v_" + field_name(question_id, row_id)


def _getlist(data, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [v for v in data.getlist(name) if v is not None]
    value = data.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _first(data, name: str) -> str:
    values = _getlist(data, name)
    return (values[-1] if values else "").strip()


def _parse_choice(spec: QuestionSpec, data) -> ParsedAnswer:
    raw = [v.strip() for v in _getlist(data, field_name(spec.id)) if v.strip()]
    other_text = _first(data, other_field_name(spec.id)) if spec.allow_other else ""
    if len(other_text) > OTHER_TEXT_MAX:
        return ParsedAnswer({}, str(ERROR_OTHER_TOO_LONG % {"limit": OTHER_TEXT_MAX}))
    other_chosen = OTHER in raw
    raw = [v for v in raw if v != OTHER]
    if other_chosen and not spec.allow_other:
        return ParsedAnswer({}, str(ERROR_UNKNOWN_CHOICE))
    try:
        ids = frozenset(int(v) for v in raw)
    except ValueError:
        return ParsedAnswer({}, str(ERROR_UNKNOWN_CHOICE))
    if not ids <= set(spec.option_maturity):
        return ParsedAnswer({}, str(ERROR_UNKNOWN_CHOICE))
    if spec.type == QuestionType.MULTIPLE_CHOICE:
        # Text typed in "other" counts as choosing it; "other" ticked without text says nothing yet.
        return ParsedAnswer({None: AnswerValue(option_ids=ids, other_text=other_text)})
    if len(ids) + (1 if other_chosen else 0) > 1:
        return ParsedAnswer({}, str(ERROR_ONE_CHOICE))
    if ids:
        return ParsedAnswer({None: AnswerValue(option_ids=ids)})
    return ParsedAnswer({None: AnswerValue(other_text=other_text)})


def _parse_scale_value(spec: QuestionSpec, raw: str) -> tuple[AnswerValue, str | None]:
    if not raw:
        return EMPTY, None
    low, high = spec.scale or (1, 5)
    try:
        value = int(raw)
    except ValueError:
        return EMPTY, str(ERROR_SCALE % {"low": low, "high": high})
    if not low <= value <= high:
        return EMPTY, str(ERROR_SCALE % {"low": low, "high": high})
    return AnswerValue(number=Decimal(value)), None


def parse_number(raw: str) -> Decimal | None:
    """A number as people type it in Belgium: "1 250,5", "1250.5", "-3"; None when it is not one."""
    cleaned = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    if cleaned.count(".") > 1:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _parse_number(spec: QuestionSpec, data) -> ParsedAnswer:
    raw = _first(data, field_name(spec.id))
    if not raw:
        return ParsedAnswer({None: EMPTY})
    number = parse_number(raw)
    if number is None:
        return ParsedAnswer({}, str(ERROR_NOT_A_NUMBER))
    if spec.number_min is not None and number < spec.number_min:
        return ParsedAnswer({}, str(ERROR_NUMBER_TOO_SMALL % {"low": _plain(spec.number_min)}))
    if spec.number_max is not None and number > spec.number_max:
        return ParsedAnswer({}, str(ERROR_NUMBER_TOO_LARGE % {"high": _plain(spec.number_max)}))
    _sign, digits, exponent = number.normalize().as_tuple()
    decimals = max(0, -exponent)
    integer_digits = max(0, len(digits) + exponent)
    if decimals > NUMBER_DECIMALS or integer_digits > NUMBER_MAX_DIGITS - NUMBER_DECIMALS:
        return ParsedAnswer({}, str(ERROR_NUMBER_TOO_PRECISE))
    return ParsedAnswer({None: AnswerValue(number=number)})


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _parse_text(spec: QuestionSpec, data) -> ParsedAnswer:
    values = _getlist(data, field_name(spec.id))
    text = (values[-1] if values else "").strip().replace("\r\n", "\n")
    if len(text) > spec.text_limit:
        return ParsedAnswer({}, str(ERROR_TOO_LONG % {"limit": spec.text_limit, "length": len(text)}))
    return ParsedAnswer({None: AnswerValue(text=text)})


def parse_answer(spec: QuestionSpec, data) -> ParsedAnswer:
    """Read and check one question's fields from submitted data (a QueryDict or a plain dict)."""
    if spec.type in CHOICE_TYPES:
        return _parse_choice(spec, data)
    if spec.type in SCALE_TYPES:
        value, error = _parse_scale_value(spec, _first(data, field_name(spec.id)))
        return ParsedAnswer({} if error else {None: value}, error)
    if spec.type == QuestionType.NUMBER:
        return _parse_number(spec, data)
    if spec.type in TEXT_TYPES:
        return _parse_text(spec, data)
    if spec.type == QuestionType.GRID:
        values: dict[int | None, AnswerValue] = {}
        for row_id in spec.row_ids:
            value, error = _parse_scale_value(spec, _first(data, field_name(spec.id, row_id)))
            if error:
                return ParsedAnswer({}, error)
            values[row_id] = value
        return ParsedAnswer(values)
    raise ValueError(f"unknown question type {spec.type!r}")


def answer_score(spec: QuestionSpec, value: AnswerValue) -> float | None:
    """The maturity (0–100) an answer shows, or None when it says nothing about maturity.

    Scales and grid statements go linearly from 0 (lowest value) to 100 (highest). A single choice
    is worth its option's maturity. A multiple choice adds up the maturity of the chosen options,
    capped at 100, so that each existing project adds to the score; choosing none of the options
    that carry a maturity (e.g. only "other") is worth 0.
    """
    if not spec.scored or not value.has_value:
        return None
    if spec.type in SCALE_TYPES or spec.type == QuestionType.GRID:
        if value.number is None or spec.scale is None:
            return None
        low, high = spec.scale
        return (float(value.number) - low) / (high - low) * 100
    if spec.type in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO):
        if not value.option_ids:
            return None
        maturity = spec.option_maturity.get(next(iter(value.option_ids)))
        return None if maturity is None else float(maturity)
    if spec.type == QuestionType.MULTIPLE_CHOICE:
        if all(m is None for m in spec.option_maturity.values()):
            return None
        total = sum(spec.option_maturity.get(i) or 0 for i in value.option_ids)
        return float(min(100, total))
    return None


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
    units = set(answered_units)
    if spec.type == QuestionType.GRID:
        return bool(spec.row_ids) and set(spec.row_ids) <= units
    return None in units


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
