"""The barometer's question kinds, one class each, and their registry.

A kind holds everything that differs between the barometer's kinds of questions: reading an import
cell (`parse_cell`) and checking a typed value (`check_value`), showing an answer (`display`) and
writing it back into a cell (`cell_value`), its stored columns (`stored_value`, `store`), its form
field, its figures (`fill_result`) and what compares between editions. Code elsewhere asks
`barometer_kind(question.kind)` and never tests a kind itself.

Where a barometer kind means what a questionnaires' kind means (`smartregion.questions.kinds`: yes/no,
single and multiple choice, free text), it shares that kind's label and names it in `shared`; a
barometer scale has its own bounds. To add a kind: subclass `BarometerKind`, decorate it with
`@register`, and add a choice to `barometer.models.QuestionKind`.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django import forms
from django.utils.translation import gettext_lazy

from barometer.answers import (
    ERROR_NOT_A_NUMBER,
    ERROR_NOT_YES_NO,
    ERROR_ONE_OPTION_ONLY,
    ERROR_OUT_OF_RANGE,
    ERROR_TEXT_TOO_LONG,
    ERROR_UNKNOWN_OPTION,
    ERROR_WRONG_TYPE,
    MULTIPLE,
    MULTIPLE_SEPARATOR,
    NO_WORDS,
    SCALE,
    SINGLE,
    TEXT,
    TEXT_MAX_LENGTH,
    WHOLE_NUMBER,
    YES_NO,
    YES_WORDS,
    AnswerError,
    QuestionSpec,
    Value,
    clean_text,
)
from smartregion.questions import kinds as shared_kinds
from smartregion.text import normalise

if TYPE_CHECKING:
    from barometer.results import QuestionInfo, QuestionResult, Stats

CHECK = {"class": "form-check-input"}
YES_LABEL = gettext_lazy("Yes")
NO_LABEL = gettext_lazy("No")


class BarometerKind(ABC):
    """A kind of barometer question. Subclasses set the class attributes, implement the two readers and
    override what differs."""

    value: ClassVar[str]
    label: ClassVar[Any]  # a lazy translated string
    shared: ClassVar[shared_kinds.Kind | None] = None  # the questionnaires' kind it means, if any
    has_scale: ClassVar[bool] = False  # bounded whole numbers: a mean and a distribution
    has_options: ClassVar[bool] = False  # the editor gives it options (codes and labels)
    has_shares: ClassVar[bool] = False  # its figures are shares of the responding communes
    additive: ClassVar[bool] = False  # its shares add up to the answers (one answer each)
    keeps_texts: ClassVar[bool] = False  # free texts: never compared, never public
    compared_as: ClassVar[str] = "percent"  # what compares between editions: "mean" or "percent"
    column: ClassVar[str] = "text"  # the answer's column that holds it: "text", "number" or "boolean"
    one_share_compared: ClassVar[bool] = False  # one share per question compares: such questions share a chart

    # Answers -------------------------------------------------------------------------------------

    @abstractmethod
    def parse_cell(self, spec: QuestionSpec, value: str) -> Value:
        """`value`: a cell already cleaned and not empty."""

    @abstractmethod
    def check_value(self, spec: QuestionSpec, value: object) -> Value:
        """`value`: a typed value, not empty."""

    def display(self, spec: QuestionSpec, value: Any, *, yes: str, no: str) -> str:
        return str(value)

    def cell_value(self, spec: QuestionSpec, value: Any) -> str:
        return str(value)

    def accepted_values(self, question: "QuestionInfo") -> str:
        return ""

    def chosen_codes(self, value: Any) -> list[str]:
        """The option codes an answer names (none for kinds without options)."""
        return []

    def answer_code(self, value: Any) -> Any:
        """The code of the share that counts the same answer as `value`."""
        return value

    # Storage and forms ---------------------------------------------------------------------------

    def stored_value(self, question: "QuestionInfo", row: Mapping[str, Any], chosen: set[str]) -> Value:
        """The answer from its stored columns (`row`) and chosen option codes."""
        stored: Value = row[self.column]
        return None if stored == "" else stored

    def store(self, answer: Any, value: Any) -> tuple[str, ...]:
        """Write `value` into the answer's columns; the option codes to link to it."""
        setattr(answer, self.column, value)
        return ()

    def form_field(self, question: "QuestionInfo") -> forms.Field:
        return forms.CharField(max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))

    # Figures -------------------------------------------------------------------------------------

    def fill_result(self, result: "QuestionResult", question: "QuestionInfo", stats: "Stats") -> None:
        result.texts = list(stats.texts.get(question.id, []))

    def compared_codes(self, result: "QuestionResult") -> list[str]:
        """The shares followed between editions."""
        return [share.code for share in result.shares]

    def same_answer_share(self) -> bool:
        """A commune's answer is one share: the territory's percent of communes answering alike."""
        return self.additive

    def trend_number(self, value: Any) -> float | None:
        return None


KindT = TypeVar("KindT", bound=type[BarometerKind])
REGISTRY: dict[str, BarometerKind] = {}


def register(cls: KindT) -> KindT:
    """Class decorator: makes a barometer kind known under its `value`."""
    REGISTRY[cls.value] = cls()
    return cls


def barometer_kind(value: str) -> BarometerKind:
    try:
        return REGISTRY[value]
    except KeyError:
        raise ValueError(f"unknown barometer question kind {value!r}") from None


def values_where(test: Callable[[BarometerKind], bool]) -> frozenset[str]:
    return frozenset(kind.value for kind in REGISTRY.values() if test(kind))


def _options_hint(spec: QuestionSpec) -> str:
    return ", ".join(spec.option_codes)


def _option(spec: QuestionSpec, token: str) -> str:
    code = spec.option_for(token)
    if code is None:
        raise AnswerError(ERROR_UNKNOWN_OPTION % {"value": token[:40], "options": _options_hint(spec)})
    return code


def _ordered(spec: QuestionSpec, codes: Iterable[str]) -> tuple[str, ...]:
    chosen = set(codes)
    return tuple(code for code in spec.option_codes if code in chosen)


def _parts(value: str) -> list[str]:
    return [p for p in (s.strip() for s in value.split(MULTIPLE_SEPARATOR)) if p]


def check_text(value: str) -> str:
    if len(value) > TEXT_MAX_LENGTH:
        raise AnswerError(ERROR_TEXT_TOO_LONG % {"max": TEXT_MAX_LENGTH})
    return value


@register
class Scale(BarometerKind):
    """Whole numbers between the question's own bounds."""

    value = SCALE
    label = gettext_lazy("Scale")
    has_scale = True
    column = "number"
    compared_as = "mean"

    def parse_cell(self, spec: QuestionSpec, value: str) -> Value:
        match = WHOLE_NUMBER.match(value)
        if match is None:
            raise AnswerError(ERROR_NOT_A_NUMBER % {"value": value[:40]})
        return self._check(spec, int(match.group(1)))

    def check_value(self, spec: QuestionSpec, value: object) -> Value:
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError(ERROR_WRONG_TYPE)
        return self._check(spec, value)

    @staticmethod
    def _check(spec: QuestionSpec, number: int) -> int:
        low, high = spec.scale_min, spec.scale_max
        if low is not None and high is not None and not low <= number <= high:
            raise AnswerError(ERROR_OUT_OF_RANGE % {"value": number, "min": low, "max": high})
        return number

    def display(self, spec: QuestionSpec, value: Any, *, yes: str, no: str) -> str:
        return f"{value} / {spec.scale_max}"

    def accepted_values(self, question: "QuestionInfo") -> str:
        return f"{question.scale_min}–{question.scale_max}"

    def form_field(self, question: "QuestionInfo") -> forms.Field:
        low, high = question.scale_min or 0, question.scale_max or 0
        choices = [(n, str(n)) for n in range(low, high + 1)]
        return forms.TypedChoiceField(choices=choices, coerce=int, empty_value=None, widget=forms.RadioSelect(CHECK))

    def fill_result(self, result: "QuestionResult", question: "QuestionInfo", stats: "Stats") -> None:
        result.mean = stats.means.get(question.id)
        counts = stats.distribution.get(question.id, {})
        low, high = question.scale_min or 0, question.scale_max or 0
        result.distribution = [(value, counts.get(value, 0)) for value in range(low, high + 1)]

    def trend_number(self, value: Any) -> float | None:
        return float(value) if value is not None else None


@register
class YesNo(BarometerKind):
    """The questionnaires' yes/no: its label, one answer each; its two shares are "yes" and "no"."""

    value = YES_NO
    shared = shared_kinds.kind_of(shared_kinds.YesNo.value)
    label = shared.label
    has_shares = True
    additive = not shared.several
    column = "boolean"
    one_share_compared = True

    def parse_cell(self, spec: QuestionSpec, value: str) -> Value:
        word = normalise(value)
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
        raise AnswerError(ERROR_NOT_YES_NO % {"value": value[:40]})

    def check_value(self, spec: QuestionSpec, value: object) -> Value:
        if not isinstance(value, bool):
            raise AnswerError(ERROR_WRONG_TYPE)
        return value

    def display(self, spec: QuestionSpec, value: Any, *, yes: str, no: str) -> str:
        return str(yes if value else no)

    def cell_value(self, spec: QuestionSpec, value: Any) -> str:
        return "yes" if value else "no"

    def accepted_values(self, question: "QuestionInfo") -> str:
        return "yes / no"

    def answer_code(self, value: Any) -> Any:
        return "yes" if value else "no"

    def chosen_codes(self, value: Any) -> list[str]:
        return [self.answer_code(value)]

    def form_field(self, question: "QuestionInfo") -> forms.Field:
        return forms.TypedChoiceField(
            choices=[("yes", YES_LABEL), ("no", NO_LABEL)],
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=forms.RadioSelect(CHECK),
        )

    def fill_result(self, result: "QuestionResult", question: "QuestionInfo", stats: "Stats") -> None:
        result.add_share("yes", str(YES_LABEL), stats.yes.get(question.id, 0))
        result.add_share("no", str(NO_LABEL), stats.no.get(question.id, 0))

    def compared_codes(self, result: "QuestionResult") -> list[str]:
        return ["yes"]


class ChoiceKind(BarometerKind):
    """The questionnaires' choices: options with a code and a label; a share of communes per option."""

    has_options = True
    has_shares = True
    separator: ClassVar[str] = " | "  # between the option codes a column accepts

    def display(self, spec: QuestionSpec, value: Any, *, yes: str, no: str) -> str:
        labels = {o.code: o.label for o in spec.options}
        return "; ".join(labels.get(code, code) for code in self.chosen_codes(value))

    def accepted_values(self, question: "QuestionInfo") -> str:
        return self.separator.join(o.code for o in question.options)

    def fill_result(self, result: "QuestionResult", question: "QuestionInfo", stats: "Stats") -> None:
        for option in question.options:
            result.add_share(option.code, option.label, stats.option_counts.get(option.id, 0))

    def store(self, answer: Any, value: Any) -> tuple[str, ...]:
        return tuple(self.chosen_codes(value))


@register
class SingleChoice(ChoiceKind):
    value = SINGLE
    shared = shared_kinds.kind_of(shared_kinds.SingleChoice.value)
    label = shared.label
    additive = not shared.several

    def parse_cell(self, spec: QuestionSpec, value: str) -> Value:
        parts = _parts(value)
        if len(parts) > 1:
            raise AnswerError(ERROR_ONE_OPTION_ONLY)
        return _option(spec, parts[0]) if parts else None

    def check_value(self, spec: QuestionSpec, value: object) -> Value:
        if not isinstance(value, str):
            raise AnswerError(ERROR_WRONG_TYPE)
        if value not in spec.option_codes:
            raise AnswerError(ERROR_UNKNOWN_OPTION % {"value": value[:40], "options": _options_hint(spec)})
        return value

    def chosen_codes(self, value: Any) -> list[str]:
        return [value]

    def stored_value(self, question: "QuestionInfo", row: Mapping[str, Any], chosen: set[str]) -> Value:
        return next(iter(chosen), None)

    def form_field(self, question: "QuestionInfo") -> forms.Field:
        options = [(o.code, o.label) for o in question.options]
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect(CHECK))


@register
class MultipleChoice(ChoiceKind):
    value = MULTIPLE
    shared = shared_kinds.kind_of(shared_kinds.MultipleChoice.value)
    label = shared.label
    additive = not shared.several
    separator = "; "

    def parse_cell(self, spec: QuestionSpec, value: str) -> Value:
        return _ordered(spec, (_option(spec, p) for p in _parts(value))) or None

    def check_value(self, spec: QuestionSpec, value: object) -> Value:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise AnswerError(ERROR_WRONG_TYPE)
        codes = list(value)
        for code in codes:
            if not isinstance(code, str) or code not in spec.option_codes:
                raise AnswerError(ERROR_UNKNOWN_OPTION % {"value": str(code)[:40], "options": _options_hint(spec)})
        return _ordered(spec, codes) or None

    def cell_value(self, spec: QuestionSpec, value: Any) -> str:
        return MULTIPLE_SEPARATOR.join(value)

    def chosen_codes(self, value: Any) -> list[str]:
        return list(value)

    def stored_value(self, question: "QuestionInfo", row: Mapping[str, Any], chosen: set[str]) -> Value:
        return tuple(o.code for o in question.options if o.code in chosen) or None

    def form_field(self, question: "QuestionInfo") -> forms.Field:
        options = [(o.code, o.label) for o in question.options]
        return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple(CHECK))


@register
class Text(BarometerKind):
    """The questionnaires' long free text: kept apart, as long (`TEXT_MAX_LENGTH`); its own label."""

    value = TEXT
    shared = shared_kinds.kind_of(shared_kinds.LongText.value)
    label = gettext_lazy("Free text")
    keeps_texts = shared.keeps_texts

    def parse_cell(self, spec: QuestionSpec, value: str) -> Value:
        return check_text(value)

    def check_value(self, spec: QuestionSpec, value: object) -> Value:
        if not isinstance(value, str):
            raise AnswerError(ERROR_WRONG_TYPE)
        return check_text(clean_text(value)) or None


# Kinds the database filters on (a scale's distribution, the free texts).
SCALE_KINDS = values_where(lambda kind: kind.has_scale)
TEXT_KINDS = values_where(lambda kind: kind.keeps_texts)
