"""The question kinds, one class each, and their registry.

A kind knows everything that differs between kinds of questions: how to read and check an answer
(`parse`), its maturity score (`score`), when it is answered (`is_answered`), its statistics over
plain counts (`statistics`), its chart data (`chart`), its cells in the exports (`result_cells`,
`raw_cell`), how to describe an answer in words (`describe`) and the template partials that show
its widget (`answer_template`) and its results (`results_template`). Code elsewhere asks
`kind_of(question.type)` and never tests a type itself. To add a kind: subclass `Kind`, decorate it
with `@register`, add its two partials and a choice to the model field (README, "Adding a question kind").
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from random import Random
from typing import ClassVar, TypeVar

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from smartregion.questions.statistics import mean_of, median_of, share
from smartregion.questions.values import (
    EMPTY,
    AnswerValue,
    Choice,
    FormData,
    GridLine,
    MonthCount,
    OptionCount,
    OptionRank,
    ParsedAnswer,
    QuestionFacts,
    QuestionSpec,
    RankLine,
    ResultCell,
    Sample,
    SampleInput,
    Stats,
    UnitCounts,
    Widget,
    WidgetInput,
    field_name,
    first,
    getlist,
    other_field_name,
    rank_field_name,
    ranking_of,
)

OTHER = "other"
OTHER_TEXT_MAX = 300
NUMBER_MAX_DIGITS = 14
NUMBER_DECIMALS = 4

ERROR_UNKNOWN_CHOICE = gettext_lazy("This answer is not one of the proposed ones. Reload the page and choose again.")
ERROR_ONE_CHOICE = gettext_lazy("Choose only one answer.")
ERROR_SCALE = gettext_lazy("Choose a value between %(low)s and %(high)s.")
ERROR_NOT_A_NUMBER = gettext_lazy("Type a number, for example 12 or 3.5.")
ERROR_NUMBER_TOO_SMALL = gettext_lazy("The number cannot be smaller than %(low)s.")
ERROR_NUMBER_TOO_LARGE = gettext_lazy("The number cannot be larger than %(high)s.")
ERROR_NUMBER_TOO_PRECISE = gettext_lazy("Use at most four decimals and ten digits before the decimal point.")
ERROR_TOO_LONG = gettext_lazy("This answer is too long: at most %(limit)s characters, you typed %(length)s.")
ERROR_OTHER_TOO_LONG = gettext_lazy("The “other” answer is too long: at most %(limit)s characters.")
ERROR_RANKING = gettext_lazy(
    "Give each answer a different rank from 1 to %(count)s, or leave them all empty to skip the question."
)
# Said while the respondent is still ranking (each rank is autosaved as it is chosen): what is left to do.
ERROR_RANKING_UNFINISHED = gettext_lazy("Not saved yet: give every answer a rank, from 1 to %(count)s.")
ERROR_RANKING_TWICE = gettext_lazy(
    "Several answers have rank %(rank)s: give each answer a different rank, from 1 to %(count)s."
)
ERROR_DATE = gettext_lazy("Type a date as day/month/year, for example 24/03/2026.")

Chart = dict[str, object]
Line = dict[str, object]  # {"label": …, "cells": [one figure per group]}
Counts = Mapping[int | None, UnitCounts]  # per unit: grid statement id, or None for the question


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


def plain_number(number: Decimal) -> str:
    return format(number.normalize(), "f")


def plain(value: float | None) -> float | int | None:
    """A value as respondents typed it: 2 rather than 2.0, 26.1 rather than 26.1000."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 4)


class Kind(ABC):
    """A kind of question. Subclasses set the class attributes, implement `parse` and override what differs."""

    value: ClassVar[str]
    label: ClassVar[str]
    family: ClassVar[str]  # choice, scale, number, text, grid, ranking, date: the partials' names
    has_options: ClassVar[bool] = False  # the builder asks for answer options
    has_rows: ClassVar[bool] = False  # the builder asks for statements
    offers_other: ClassVar[bool] = False  # "other, specify" may be offered
    can_be_condition: ClassVar[bool] = False  # later questions may depend on one of its options
    keeps_texts: ClassVar[bool] = False  # its answers are free texts, listed on the results page
    scorable: ClassVar[bool] = False  # its answers can count towards the pillar scores
    fixed_scale: ClassVar[tuple[int, int] | None] = None
    several: ClassVar[bool] = False  # several options may be chosen (checkboxes)
    inline: ClassVar[bool] = False  # few short options, shown side by side
    text_limit: ClassVar[int] = 300  # default and largest length of a text answer
    fixed_options: ClassVar[tuple[tuple[str, str], ...]] = ()  # (French, English) options it always has
    results_family: ClassVar[str] = ""  # results partial, when it differs from the answer's

    @property
    def answer_template(self) -> str:
        return f"questions/answer/{self.family}.html"

    @property
    def results_template(self) -> str:
        return f"questions/results/{self.results_family or self.family}.html"

    @property
    def by_group_template(self) -> str:
        """The figures of each respondent group side by side ("" when the kind has none)."""
        return "" if self.keeps_texts else f"questions/by_group/{self.results_family or self.family}.html"

    def scale_range(self, grid_points: int) -> tuple[int, int] | None:
        return self.fixed_scale

    def units(self, spec: QuestionSpec) -> tuple[int | None, ...]:
        return (None,)

    @abstractmethod
    def parse(self, spec: QuestionSpec, data: FormData) -> ParsedAnswer:
        """Read and check the question's submitted fields."""

    def score(self, spec: QuestionSpec, value: AnswerValue) -> float | None:
        return None

    def is_answered(self, spec: QuestionSpec, answered_units: Iterable[int | None]) -> bool:
        return None in set(answered_units)

    def statistics(self, facts: QuestionFacts, counts: Counts) -> tuple[Stats, dict[int, Stats]]:
        """Figures of the question, and of each statement for grids, from plain counts."""
        return Stats(answered=_unit(counts).answered), {}

    def chart(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> Chart | None:
        return None

    def result_cells(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> list[ResultCell]:
        return [ResultCell("", stats)]

    def group_matrix(self, facts: QuestionFacts, groups: Sequence[tuple[Stats, Mapping[int, Stats]]]) -> list[Line]:
        """One line per option or statement, one cell per group (`groups`: each group's figures)."""
        return []

    def raw_cell(self, value: AnswerValue, labels: Mapping[int, str]) -> str | float | None:
        if value.number is not None:
            return float(value.number)
        return value.text

    def widget(self, data: WidgetInput) -> Widget:
        """What the answer page shows for this question (its partial is `answer_template`)."""
        return Widget()

    def sample(self, rng: Random, facts: SampleInput, mood: float) -> Sample:
        """A plausible fictitious answer (demo data); `mood` goes from -1 (sceptical) to 1 (keen)."""
        return {None: AnswerValue(text=rng.choice(facts.texts))}

    def describe(self, value: AnswerValue, labels: Mapping[int, str]) -> str:
        """An answer in words (shown back after a conflict)."""
        parts = [label for pk, label in labels.items() if pk in value.option_ids]
        parts += [value.other_text, value.text]
        if value.number is not None:
            parts.append(number_format(value.number.normalize()))
        return "; ".join(p for p in parts if p)


def gauss_point(rng: Random, low: int, high: int, mood: float) -> int:
    """A point of a scale drawn around its middle, moved up or down by the mood."""
    centre = (low + high) / 2 + mood * (high - low) / 4
    return max(low, min(high, round(rng.gauss(centre, (high - low) / 4))))


KindT = TypeVar("KindT", bound=type[Kind])
REGISTRY: dict[str, Kind] = {}


def register(cls: KindT) -> KindT:
    """Class decorator: makes a kind known under its `value`."""
    REGISTRY[cls.value] = cls()
    return cls


def kind_of(value: str) -> Kind:
    try:
        return REGISTRY[value]
    except KeyError:
        raise ValueError(f"unknown question kind {value!r}") from None


def choices() -> list[tuple[str, str]]:
    """(value, label) of every registered kind, for forms."""
    return [(kind.value, kind.label) for kind in REGISTRY.values()]


def values_where(test: Callable[[Kind], bool]) -> frozenset[str]:
    return frozenset(kind.value for kind in REGISTRY.values() if test(kind))


def _unit(counts: Counts, unit: int | None = None) -> UnitCounts:
    return counts.get(unit) or UnitCounts()


def _values_stats(counts: UnitCounts, scale: tuple[int, int] | None) -> Stats:
    values = dict(counts.values)
    if scale is not None:
        for value in range(scale[0], scale[1] + 1):
            values.setdefault(float(value), 0)
    ordered = sorted(values.items())
    present = [v for v, c in ordered if c]
    return Stats(
        answered=counts.answered,
        distribution=ordered,
        mean=mean_of(counts.values),
        median=median_of(counts.values),
        minimum=plain(min(present)) if present else None,
        maximum=plain(max(present)) if present else None,
    )


def _bars(labels: Sequence[str], values: Sequence[float | int | None], **extra: object) -> Chart:
    return {"labels": list(labels), "values": list(values), "label": gettext("Answers"), **extra}


# Choices -----------------------------------------------------------------------------------------


class ChoiceKind(Kind):
    family = "choice"
    has_options = True
    can_be_condition = True
    scorable = True

    def parse(self, spec: QuestionSpec, data: FormData) -> ParsedAnswer:
        raw = [v.strip() for v in getlist(data, field_name(spec.id)) if v.strip()]
        other_text = first(data, other_field_name(spec.id)) if spec.allow_other else ""
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
        if self.several:
            # Text typed in "other" counts as choosing it; "other" ticked without text says nothing yet.
            return ParsedAnswer({None: AnswerValue(option_ids=ids, other_text=other_text)})
        if len(ids) + (1 if other_chosen else 0) > 1:
            return ParsedAnswer({}, str(ERROR_ONE_CHOICE))
        if ids:
            return ParsedAnswer({None: AnswerValue(option_ids=ids)})
        return ParsedAnswer({None: AnswerValue(other_text=other_text)})

    def score(self, spec: QuestionSpec, value: AnswerValue) -> float | None:
        """A single choice is worth its option's maturity."""
        if not value.option_ids:
            return None
        maturity = spec.option_maturity.get(next(iter(value.option_ids)))
        return None if maturity is None else float(maturity)

    def statistics(self, facts: QuestionFacts, counts: Counts) -> tuple[Stats, dict[int, Stats]]:
        unit = _unit(counts)
        n = unit.answered
        options = [OptionCount(pk, label, unit.choices.get(pk, 0), 0.0) for pk, label in facts.options]
        if facts.allow_other and self.offers_other:
            options.append(OptionCount(None, "", unit.others, 0.0))
        for option in options:
            option.share = share(option.count, n)
        return Stats(answered=n, options=options), {}

    def widget(self, data: WidgetInput) -> Widget:
        value = data.value()
        prefix = f"q{data.question_id}"
        choices = [Choice(str(pk), label, pk in value.option_ids, f"{prefix}-o{pk}") for pk, label in data.options]
        return Widget(choices=choices)

    def chart(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> Chart | None:
        if not stats.options:
            return None
        labels = [o.label or gettext("Other") for o in stats.options]
        return _bars(labels, [o.count for o in stats.options])

    def result_cells(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> list[ResultCell]:
        return [ResultCell(o.label or gettext("Other"), stats, o.count, o.share) for o in stats.options]

    def group_matrix(self, facts: QuestionFacts, groups: Sequence[tuple[Stats, Mapping[int, Stats]]]) -> list[Line]:
        """Share of each option in each group."""
        if not groups:
            return []
        first_options = groups[0][0].options
        return [
            {"label": option.label, "cells": [stats.options[index].share for stats, _rows in groups]}
            for index, option in enumerate(first_options)
        ]

    def raw_cell(self, value: AnswerValue, labels: Mapping[int, str]) -> str | float | None:
        """`labels`: the question's options in their order."""
        parts = [label for pk, label in labels.items() if pk in value.option_ids]
        if value.other_text:
            parts.append(gettext("Other: %(text)s") % {"text": value.other_text})
        return "; ".join(parts)


@register
class SingleChoice(ChoiceKind):
    value = "single_choice"
    label = gettext_lazy("Single choice")
    offers_other = True

    def sample(self, rng: Random, facts: SampleInput, mood: float) -> Sample:
        """Options of higher maturity are likelier when the mood is keen, lower ones when sceptical."""
        weights = [
            1 + max(0.0, mood) * (maturity or 0) / 50 + max(0.0, -mood) * (100 - (maturity or 50)) / 50
            for _pk, maturity in facts.options
        ]
        if facts.allow_other and rng.random() < 0.05:
            return {None: AnswerValue(other_text=rng.choice(facts.other_texts))}
        return {None: AnswerValue(option_ids=frozenset({rng.choices(facts.options, weights)[0][0]}))}


@register
class MultipleChoice(ChoiceKind):
    value = "multiple_choice"
    label = gettext_lazy("Multiple choice")
    offers_other = True
    several = True

    def score(self, spec: QuestionSpec, value: AnswerValue) -> float | None:
        """The maturity of the chosen options added up, capped at 100 (only "other" is worth 0)."""
        if all(m is None for m in spec.option_maturity.values()):
            return None
        total = sum(spec.option_maturity.get(i) or 0 for i in value.option_ids)
        return float(min(100, total))

    def sample(self, rng: Random, facts: SampleInput, mood: float) -> Sample:
        chance = 0.3 + mood * 0.15
        chosen = frozenset(pk for pk, maturity in facts.options if rng.random() < chance and maturity != 0)
        chosen = chosen or frozenset({rng.choice(facts.options)[0]})
        other = rng.choice(facts.other_texts) if facts.allow_other and rng.random() < 0.1 else ""
        return {None: AnswerValue(option_ids=chosen, other_text=other)}


# Scales and numbers ------------------------------------------------------------------------------


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


def _points(name: str, scale: tuple[int, int] | None, value: AnswerValue) -> list[Choice]:
    low, high = scale or (1, 5)
    checked = int(value.number) if value.number is not None else None
    return [Choice(str(v), str(v), v == checked, f"{name}-v{v}") for v in range(low, high + 1)]


def _scale_score(spec: QuestionSpec, value: AnswerValue) -> float | None:
    """Linear from 0 (lowest value) to 100 (highest)."""
    if value.number is None or spec.scale is None:
        return None
    low, high = spec.scale
    return (float(value.number) - low) / (high - low) * 100


class ScaleKind(Kind):
    family = "scale"
    scorable = True

    def sample(self, rng: Random, facts: SampleInput, mood: float) -> Sample:
        low, high = facts.scale or (0, 10)
        return {None: AnswerValue(number=Decimal(gauss_point(rng, low, high, mood)))}

    def parse(self, spec: QuestionSpec, data: FormData) -> ParsedAnswer:
        value, error = _parse_scale_value(spec, first(data, field_name(spec.id)))
        return ParsedAnswer({} if error else {None: value}, error)

    def score(self, spec: QuestionSpec, value: AnswerValue) -> float | None:
        return _scale_score(spec, value)

    def widget(self, data: WidgetInput) -> Widget:
        return Widget(points=_points(f"q{data.question_id}", data.scale, data.value()))

    def statistics(self, facts: QuestionFacts, counts: Counts) -> tuple[Stats, dict[int, Stats]]:
        return _values_stats(_unit(counts), facts.scale), {}

    def chart(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> Chart | None:
        if not stats.answered:
            return None
        labels = [f"{v:g}" for v, _c in stats.distribution]
        return _bars(labels, [c for _v, c in stats.distribution], vertical=True)

    def result_cells(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> list[ResultCell]:
        cells = [ResultCell("", stats)]
        for value, count in stats.distribution:
            cells.append(ResultCell(f"{value:g}", stats, count, share(count, stats.answered)))
        return cells


@register
class Scale10(ScaleKind):
    value = "scale_10"
    label = gettext_lazy("Scale from 1 to 10")
    fixed_scale = (1, 10)


@register
class Scale5(ScaleKind):
    value = "scale_5"
    label = gettext_lazy("Scale from 1 to 5")
    fixed_scale = (1, 5)


@register
class YesNo(ChoiceKind):
    value = "yes_no"
    label = gettext_lazy("Yes or no")
    inline = True
    fixed_options = (("Oui", "Yes"), ("Non", "No"))

    def sample(self, rng: Random, facts: SampleInput, mood: float) -> Sample:
        yes = rng.random() < 0.5 + mood * 0.25
        return {None: AnswerValue(option_ids=frozenset({facts.options[0 if yes else 1][0]}))}


@register
class Number(Kind):
    value = "number"
    label = gettext_lazy("Number")
    family = "number"

    def sample(self, rng: Random, facts: SampleInput, mood: float) -> Sample:
        high = facts.number_max if facts.number_max is not None else 50.0
        return {None: AnswerValue(number=Decimal(str(round(rng.triangular(0, min(high, 30), 4), 1))))}

    def parse(self, spec: QuestionSpec, data: FormData) -> ParsedAnswer:
        raw = first(data, field_name(spec.id))
        if not raw:
            return ParsedAnswer({None: EMPTY})
        number = parse_number(raw)
        if number is None:
            return ParsedAnswer({}, str(ERROR_NOT_A_NUMBER))
        if spec.number_min is not None and number < spec.number_min:
            return ParsedAnswer({}, str(ERROR_NUMBER_TOO_SMALL % {"low": plain_number(spec.number_min)}))
        if spec.number_max is not None and number > spec.number_max:
            return ParsedAnswer({}, str(ERROR_NUMBER_TOO_LARGE % {"high": plain_number(spec.number_max)}))
        _sign, digits, exponent = number.normalize().as_tuple()
        assert isinstance(exponent, int)  # noqa: S101 - a finite number has an integer exponent
        decimals = max(0, -exponent)
        integer_digits = max(0, len(digits) + exponent)
        if decimals > NUMBER_DECIMALS or integer_digits > NUMBER_MAX_DIGITS - NUMBER_DECIMALS:
            return ParsedAnswer({}, str(ERROR_NUMBER_TOO_PRECISE))
        return ParsedAnswer({None: AnswerValue(number=number)})

    def statistics(self, facts: QuestionFacts, counts: Counts) -> tuple[Stats, dict[int, Stats]]:
        return _values_stats(_unit(counts), None), {}


# Texts -------------------------------------------------------------------------------------------


class TextKind(Kind):
    family = "text"
    keeps_texts = True

    def parse(self, spec: QuestionSpec, data: FormData) -> ParsedAnswer:
        values = getlist(data, field_name(spec.id))
        text = (values[-1] if values else "").strip().replace("\r\n", "\n")
        if len(text) > spec.text_limit:
            return ParsedAnswer({}, str(ERROR_TOO_LONG % {"limit": spec.text_limit, "length": len(text)}))
        return ParsedAnswer({None: AnswerValue(text=text)})


@register
class ShortText(TextKind):
    value = "short_text"
    label = gettext_lazy("Short text")


@register
class LongText(TextKind):
    value = "long_text"
    label = gettext_lazy("Long text")
    family = "long_text"
    results_family = "text"
    text_limit = 5000


# Grid --------------------------------------------------------------------------------------------


@register
class Grid(Kind):
    value = "grid"
    label = gettext_lazy("Grid of statements rated on one scale")
    family = "grid"
    has_rows = True
    scorable = True

    def sample(self, rng: Random, facts: SampleInput, mood: float) -> Sample:
        low, high = facts.scale or (1, 5)
        return {row: AnswerValue(number=Decimal(gauss_point(rng, low, high, mood))) for row in facts.rows}

    def scale_range(self, grid_points: int) -> tuple[int, int] | None:
        return (1, grid_points)

    def units(self, spec: QuestionSpec) -> tuple[int | None, ...]:
        return spec.row_ids

    def parse(self, spec: QuestionSpec, data: FormData) -> ParsedAnswer:
        values: dict[int | None, AnswerValue] = {}
        for row_id in spec.row_ids:
            value, error = _parse_scale_value(spec, first(data, field_name(spec.id, row_id)))
            if error:
                return ParsedAnswer({}, error)
            values[row_id] = value
        return ParsedAnswer(values)

    def score(self, spec: QuestionSpec, value: AnswerValue) -> float | None:
        return _scale_score(spec, value)

    def widget(self, data: WidgetInput) -> Widget:
        grid = [
            GridLine(
                text=text,
                name=field_name(data.question_id, pk),
                points=_points(f"q{data.question_id}-r{pk}", data.scale, data.value(pk)),
            )
            for pk, text in data.rows
        ]
        return Widget(grid=grid)

    def is_answered(self, spec: QuestionSpec, answered_units: Iterable[int | None]) -> bool:
        """A grid is answered when every statement is rated."""
        return bool(spec.row_ids) and set(spec.row_ids) <= set(answered_units)

    def statistics(self, facts: QuestionFacts, counts: Counts) -> tuple[Stats, dict[int, Stats]]:
        rows = {pk: _values_stats(_unit(counts, pk), facts.scale) for pk, _text in facts.rows}
        return Stats(answered=max([s.answered for s in rows.values()] or [0])), rows

    def chart(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> Chart | None:
        if not stats.answered:
            return None
        means = [round(s.mean, 2) if s.mean is not None else None for s in rows.values()]
        labels = [text for _pk, text in facts.rows]
        return {
            "labels": labels,
            "values": means,
            "label": gettext("Mean"),
            "max": facts.scale[1] if facts.scale else None,
        }

    def result_cells(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> list[ResultCell]:
        texts = dict(facts.rows)
        return [ResultCell(texts.get(pk, ""), row_stats) for pk, row_stats in rows.items()]

    def group_matrix(self, facts: QuestionFacts, groups: Sequence[tuple[Stats, Mapping[int, Stats]]]) -> list[Line]:
        """Mean rating of each statement in each group."""
        return [{"label": text, "cells": [rows[pk].mean for _stats, rows in groups]} for pk, text in facts.rows]


# Ranking -----------------------------------------------------------------------------------------


@register
class Ranking(Kind):
    """Order the options: each gets a rank from 1 (first) to the number of options, all different.

    Stored as the option ids in ranked order (the answer's choice key). Its widget is a number select
    per option, which works without JavaScript.
    """

    value = "ranking"
    label = gettext_lazy("Ranking of the answers")
    family = "ranking"
    has_options = True

    def sample(self, rng: Random, facts: SampleInput, mood: float) -> Sample:
        order = tuple(pk for pk, _maturity in rng.sample(facts.options, len(facts.options)))
        return {None: AnswerValue(option_ids=frozenset(order), ranking=order)}

    def parse(self, spec: QuestionSpec, data: FormData) -> ParsedAnswer:
        options = list(spec.option_maturity)
        posted = {option: first(data, rank_field_name(spec.id, option)) for option in options}
        if not any(posted.values()):
            return ParsedAnswer({None: EMPTY})
        typed = ",".join(f"{option}:{raw}" for option, raw in posted.items())
        error = ParsedAnswer({}, str(ERROR_RANKING % {"count": len(options)}), raw=typed)
        given = [int(raw) for raw in posted.values() if raw.isdigit() and 1 <= int(raw) <= len(options)]
        if len(given) != sum(1 for raw in posted.values() if raw):
            return error
        twice = sorted({rank for rank in given if given.count(rank) > 1})
        if twice:
            message = ERROR_RANKING_TWICE % {"rank": twice[0], "count": len(options)}
            return ParsedAnswer({}, str(message), raw=typed)
        if len(given) < len(options):
            return ParsedAnswer({}, str(ERROR_RANKING_UNFINISHED % {"count": len(options)}), raw=typed)
        ranks = {option: int(raw) for option, raw in posted.items()}
        order = tuple(sorted(options, key=ranks.__getitem__))
        return ParsedAnswer({None: AnswerValue(option_ids=frozenset(order), ranking=order)})

    def widget(self, data: WidgetInput) -> Widget:
        """A select per option; shows what was typed when it could not be saved (`raw`: "option:rank,…")."""
        if data.failed:
            shown = dict(part.split(":", 1) for part in data.raw.split(",") if ":" in part)
        else:
            shown = {str(pk): str(position) for position, pk in enumerate(data.value().ranking, start=1)}
        ranks = [str(r) for r in range(1, len(data.options) + 1)]
        lines = [
            RankLine(
                label=label,
                name=rank_field_name(data.question_id, pk),
                id=f"q{data.question_id}-o{pk}",
                selected=shown.get(str(pk), ""),
                ranks=ranks,
            )
            for pk, label in data.options
        ]
        return Widget(ranks=lines)

    def statistics(self, facts: QuestionFacts, counts: Counts) -> tuple[Stats, dict[int, Stats]]:
        unit = _unit(counts)
        rank_sums: dict[int, int] = {}
        ranked: dict[int, int] = {}
        firsts: dict[int, int] = {}
        for key, n in unit.keys.items():
            order = ranking_of(key)
            for position, option in enumerate(order, start=1):
                rank_sums[option] = rank_sums.get(option, 0) + position * n
                ranked[option] = ranked.get(option, 0) + n
            if order:
                firsts[order[0]] = firsts.get(order[0], 0) + n
        ranks = [
            OptionRank(
                option_id=pk,
                label=label,
                mean_rank=rank_sums[pk] / ranked[pk] if ranked.get(pk) else None,
                first=firsts.get(pk, 0),
                first_share=share(firsts.get(pk, 0), unit.answered),
            )
            for pk, label in facts.options
        ]
        ranks.sort(key=lambda r: (r.mean_rank is None, r.mean_rank or 0.0))
        return Stats(answered=unit.answered, ranks=ranks), {}

    def chart(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> Chart | None:
        if not stats.answered:
            return None
        values = [round(r.mean_rank, 2) if r.mean_rank is not None else None for r in stats.ranks]
        return {"labels": [r.label for r in stats.ranks], "values": values, "label": gettext("Mean rank")}

    def result_cells(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> list[ResultCell]:
        # Mean: the mean rank (1 = first); count and share: how many ranked it first.
        return [
            ResultCell(r.label, Stats(answered=stats.answered, mean=r.mean_rank), r.first, r.first_share)
            for r in stats.ranks
        ]

    def group_matrix(self, facts: QuestionFacts, groups: Sequence[tuple[Stats, Mapping[int, Stats]]]) -> list[Line]:
        """Mean rank of each option in each group."""
        means = [{r.option_id: r.mean_rank for r in stats.ranks} for stats, _rows in groups]
        return [{"label": label, "cells": [m.get(pk) for m in means]} for pk, label in facts.options]

    def raw_cell(self, value: AnswerValue, labels: Mapping[int, str]) -> str | float | None:
        return "; ".join(f"{position}. {labels.get(pk, '')}" for position, pk in enumerate(value.ranking, start=1))

    def describe(self, value: AnswerValue, labels: Mapping[int, str]) -> str:
        return str(self.raw_cell(value, labels))


# Date --------------------------------------------------------------------------------------------


def date_to_number(day: date) -> Decimal:
    """A date as stored in the answer's number: YYYYMMDD (it sorts and groups like the date)."""
    return Decimal(day.year * 10000 + day.month * 100 + day.day)


def number_to_date(number: Decimal | float | None) -> date | None:
    if number is None:
        return None
    whole = int(number)
    try:
        return date(whole // 10000, whole // 100 % 100, whole % 100)
    except ValueError:
        return None


def parse_date(raw: str) -> date | None:
    """A date typed day first ("24/03/2026", "24-3-2026", "24.03.26") or as ISO ("2026-03-24").

    Also as digits only ("24032026") or with commas: a phone's numeric keypad (the field asks for one) may
    offer no "/" at all, or only the decimal comma.
    """
    cleaned = raw.strip().replace(".", "/").replace(",", "/").replace("-", "/").replace(" ", "")
    if len(cleaned) == 8 and cleaned.isdigit():
        cleaned = f"{cleaned[:2]}/{cleaned[2:4]}/{cleaned[4:]}"
    parts = cleaned.split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    if len(parts[0]) == 4:
        year, month, day = (int(p) for p in parts)
    else:
        day, month, year = (int(p) for p in parts)
        year += 2000 if year < 100 else 0
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_first(day: date) -> str:
    """Day-first in every language (Belgian readers take 12/04 for April)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@register
class DateKind(Kind):
    """A date. Kept in the answer's number as YYYYMMDD, so that the one pass over the answers counts it."""

    value = "date"
    label = pgettext_lazy("question kind", "Date")
    family = "date"

    def sample(self, rng: Random, facts: SampleInput, mood: float) -> Sample:
        return {None: AnswerValue(number=date_to_number(facts.today - timedelta(days=rng.randint(0, 400))))}

    def parse(self, spec: QuestionSpec, data: FormData) -> ParsedAnswer:
        raw = first(data, field_name(spec.id))
        if not raw:
            return ParsedAnswer({None: EMPTY})
        day = parse_date(raw)
        if day is None or day.year < 1000:
            return ParsedAnswer({}, str(ERROR_DATE))
        return ParsedAnswer({None: AnswerValue(number=date_to_number(day))})

    def widget(self, data: WidgetInput) -> Widget:
        if data.failed:
            return Widget(text=data.raw)
        day = number_to_date(data.value().number)
        return Widget(text=day_first(day) if day else "")

    def statistics(self, facts: QuestionFacts, counts: Counts) -> tuple[Stats, dict[int, Stats]]:
        unit = _unit(counts)
        days = {d: n for v, n in unit.values.items() if n and (d := number_to_date(v)) is not None}
        months: dict[date, int] = {}
        for day, n in days.items():
            month = day.replace(day=1)
            months[month] = months.get(month, 0) + n
        return Stats(
            answered=unit.answered,
            earliest=min(days, default=None),
            latest=max(days, default=None),
            months=[MonthCount(month, n) for month, n in sorted(months.items())],
        ), {}

    def chart(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> Chart | None:
        if not stats.months:
            return None
        labels = [f"{m.month.month:02d}/{m.month.year}" for m in stats.months]
        return _bars(labels, [m.count for m in stats.months], vertical=True)

    def result_cells(self, facts: QuestionFacts, stats: Stats, rows: Mapping[int, Stats]) -> list[ResultCell]:
        cells = [
            ResultCell(gettext("Earliest: %(day)s") % {"day": day_first(stats.earliest)}, stats)
            if stats.earliest
            else ResultCell("", stats)
        ]
        if stats.latest:
            cells.append(ResultCell(gettext("Latest: %(day)s") % {"day": day_first(stats.latest)}, stats))
        for month in stats.months:
            label = f"{month.month.month:02d}/{month.month.year}"
            cells.append(ResultCell(label, stats, month.count, share(month.count, stats.answered)))
        return cells

    def raw_cell(self, value: AnswerValue, labels: Mapping[int, str]) -> str | float | None:
        day = number_to_date(value.number)
        return day_first(day) if day else ""

    def describe(self, value: AnswerValue, labels: Mapping[int, str]) -> str:
        return str(self.raw_cell(value, labels))


SCORABLE = values_where(lambda k: k.scorable)
CONDITION_KINDS = values_where(lambda k: k.can_be_condition)
