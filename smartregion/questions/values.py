"""What every question kind works on: a question's rules (`QuestionSpec`), an answer's value
(`AnswerValue`), the outcome of reading submitted fields (`ParsedAnswer`), the counts the database
gives per question (`UnitCounts`) and the figures shown (`Stats`). Plain data, no database.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol, TypeVar

K = TypeVar("K", int, float, str)


class FormData(Protocol):
    """What submitted data offers: a QueryDict, or a plain dict in tests."""

    def get(self, key: str, default: object = None, /) -> object: ...


@dataclass(frozen=True)
class QuestionSpec:
    """The rules of one question, as the kinds need them (`option_maturity` keeps the options' order)."""

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
        from smartregion.questions.kinds import kind_of  # noqa: PLC0415 - the registry imports this module

        return kind_of(self.type).units(self)


@dataclass(frozen=True)
class AnswerValue:
    """A stored or submitted answer. A ranking keeps its order in `ranking` (first = ranked 1)."""

    option_ids: frozenset[int] = frozenset()
    number: Decimal | None = None
    text: str = ""
    other_text: str = ""
    ranking: tuple[int, ...] = ()

    @property
    def choice_key(self) -> str:
        """The chosen option ids as stored with the answer: a ranking in its order, otherwise sorted."""
        ids = self.ranking or tuple(sorted(self.option_ids))
        return ",".join(str(i) for i in ids)

    @property
    def has_value(self) -> bool:
        return bool(self.option_ids) or self.number is not None or bool(self.text) or bool(self.other_text)

    def fingerprint(self) -> str:
        """A short digest of the value, to tell whether a form still shows what it was built with."""
        number = "" if self.number is None else format(self.number.normalize(), "f")
        canonical = "|".join([self.choice_key, number, self.text, self.other_text])
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]


EMPTY = AnswerValue()


def ranking_of(choice_key: str) -> tuple[int, ...]:
    """The option ids of a stored choice key, in their stored order."""
    return tuple(int(part) for part in choice_key.split(",") if part.strip().isdigit())


@dataclass
class ParsedAnswer:
    """A question's submitted values per unit (grid row id, or None), or the first error found."""

    values: dict[int | None, AnswerValue]
    error: str | None = None
    raw: str | None = None  # what was typed, to show it again with the error (when not one field's value)


def field_name(question_id: int, row_id: int | None = None) -> str:
    return f"q{question_id}" if row_id is None else f"q{question_id}_r{row_id}"


def other_field_name(question_id: int) -> str:
    return f"q{question_id}_other"


def rank_field_name(question_id: int, option_id: int) -> str:
    return f"q{question_id}_o{option_id}"


def version_field_name(question_id: int, row_id: int | None = None) -> str:
    return "v_" + field_name(question_id, row_id)


def getlist(data: FormData, name: str) -> list[str]:
    """Every value posted under `name` (a QueryDict's list, or a plain dict's value or list)."""
    getter = getattr(data, "getlist", None)
    if getter is not None:
        return [str(v) for v in getter(name) if v is not None]
    value = data.get(name)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def first(data: FormData, name: str) -> str:
    """The last value posted under `name`, stripped ("" when none)."""
    values = getlist(data, name)
    return (values[-1] if values else "").strip()


@dataclass
class UnitCounts:
    """What the database counted for one question (or grid statement) and one set of respondents."""

    answered: int = 0
    values: dict[float, int] = field(default_factory=dict)  # number stored -> answers
    choices: dict[int, int] = field(default_factory=dict)  # option id -> answers choosing it
    keys: dict[str, int] = field(default_factory=dict)  # choice key (a ranking's order) -> answers
    others: int = 0  # answers with an "other" text

    def add(self, *, n: int, number: float | None, choice_key: str, others: int) -> None:
        self.answered += n
        if number is not None:
            self.values[number] = self.values.get(number, 0) + n
        if choice_key:
            self.keys[choice_key] = self.keys.get(choice_key, 0) + n
            choices = self.choices
            for part in choice_key.split(","):
                if part:
                    option_id = int(part)
                    choices[option_id] = choices.get(option_id, 0) + n
        self.others += others

    def absorb(self, other: "UnitCounts") -> None:
        """Add `other`'s counts to these (to total the groups)."""
        self.answered += other.answered
        self.others += other.others
        _add(self.values, other.values)
        _add(self.choices, other.choices)
        _add(self.keys, other.keys)


def _add(total: dict[K, int], part: Mapping[K, int]) -> None:
    for key, n in part.items():
        total[key] = total.get(key, 0) + n


@dataclass
class OptionCount:
    option_id: int | None  # None: "other"
    label: str
    count: int
    share: float


@dataclass
class OptionRank:
    """How an option was ranked: its mean rank (1 = first) and the share of rankings putting it first."""

    option_id: int
    label: str
    mean_rank: float | None
    first: int
    first_share: float


@dataclass
class MonthCount:
    month: date  # first day of the month
    count: int


@dataclass
class Stats:
    """Figures of one question (or grid statement) for one set of respondents."""

    answered: int = 0
    options: list[OptionCount] = field(default_factory=list)
    distribution: list[tuple[float, int]] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    minimum: float | int | None = None
    maximum: float | int | None = None
    withheld: bool = False  # too few respondents to show (diagnostics.privacy)
    ranks: list[OptionRank] = field(default_factory=list)
    earliest: date | None = None
    latest: date | None = None
    months: list[MonthCount] = field(default_factory=list)


@dataclass(frozen=True)
class QuestionFacts:
    """What the statistics of a question need besides counts: its options (in order), scale, statements."""

    options: tuple[tuple[int, str], ...] = ()
    scale: tuple[int, int] | None = None
    allow_other: bool = False
    rows: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class ResultCell:
    """One line of a question in the aggregated export: what it is about and its figures."""

    item: str
    stats: Stats
    count: int | None = None
    share: float | None = None


# What an answer page shows ------------------------------------------------------------------------


@dataclass
class Choice:
    value: str
    label: str
    checked: bool
    id: str


@dataclass
class GridLine:
    text: str
    name: str
    points: list[Choice]


@dataclass
class RankLine:
    """One option of a ranking question: a select of the ranks 1…n, `selected` the one shown."""

    label: str
    name: str
    id: str
    selected: str
    ranks: list[str]


@dataclass(frozen=True)
class WidgetInput:
    """What a kind needs to build its answer widget: the question, the answer shown, what was typed."""

    question_id: int
    options: tuple[tuple[int, str], ...] = ()
    scale: tuple[int, int] | None = None
    rows: tuple[tuple[int, str], ...] = ()
    values: Mapping[int | None, AnswerValue] = field(default_factory=dict)
    raw: str = ""  # what was typed, when it could not be saved
    failed: bool = False  # the answer could not be saved: show `raw`

    def value(self, unit: int | None = None) -> AnswerValue:
        return self.values.get(unit, EMPTY)


@dataclass
class Widget:
    choices: list[Choice] = field(default_factory=list)
    points: list[Choice] = field(default_factory=list)
    grid: list[GridLine] = field(default_factory=list)
    ranks: list[RankLine] = field(default_factory=list)
    text: str = ""  # the value shown in a text box (dates)


@dataclass(frozen=True)
class SampleInput:
    """What a fictitious answer draws on (the demo, the benches): the question's parts and some words."""

    options: tuple[tuple[int, int | None], ...] = ()  # (option id, maturity)
    rows: tuple[int, ...] = ()
    scale: tuple[int, int] | None = None
    number_max: float | None = None
    allow_other: bool = False
    texts: tuple[str, ...] = ("",)
    other_texts: tuple[str, ...] = ("",)
    today: date = date(2026, 1, 1)


Sample = dict[int | None, AnswerValue]  # {grid statement id, or None for the question: its answer}
