"""Shaping barometer figures: plain functions over plain data, no database.

The database counts and averages (see selectors.py); these functions turn the counts into what pages,
exports and other apps read: shares of the responding communes, comparisons between editions on the
same question codes, a commune's answers against the territory, and the anonymised public summary.
Figures stay unrounded here; templates round for reading.
"""

from dataclasses import asdict, dataclass, field, replace

from barometer.answers import OptionSpec, QuestionSpec, display_value
from barometer.kinds import NO_LABEL, YES_LABEL, BarometerKind, barometer_kind
from barometer.suppression import K_MIN_COMMUNES, suppress_mean, suppress_row
from smartregion.questions import statistics
from smartregion.text import normalise

# Below this many answers, the public summary does not show a question's figures (see public_summary).
PUBLIC_MIN_ANSWERS = K_MIN_COMMUNES


@dataclass(frozen=True)
class OptionInfo:
    id: int
    code: str
    label: str


@dataclass(frozen=True)
class QuestionInfo:
    id: int
    edition_id: int
    code: str
    kind: str
    label: str
    position: int = 0
    help_text: str = ""
    scale_min: int | None = None
    scale_max: int | None = None
    required: bool = False
    options: tuple[OptionInfo, ...] = ()

    def spec(self) -> QuestionSpec:
        return QuestionSpec(
            code=self.code,
            kind=self.kind,
            label=self.label,
            scale_min=self.scale_min,
            scale_max=self.scale_max,
            options=tuple(OptionSpec(o.code, o.label) for o in self.options),
            required=self.required,
        )


@dataclass(frozen=True)
class EditionInfo:
    id: int
    year: int
    title: str
    respondents: int
    communes_total: int


@dataclass(frozen=True)
class TextAnswer:
    text: str
    commune: str = ""


@dataclass(frozen=True)
class TextGroup:
    """The same free-text answer given by several communes (compared without case, accents or punctuation)."""

    text: str
    communes: tuple[str, ...]
    count: int


def group_texts(texts: list[TextAnswer]) -> list[TextGroup]:
    """Identical answers together, the most frequent first."""
    groups: dict[str, list[TextAnswer]] = {}
    for answer in texts:
        groups.setdefault(normalise(answer.text), []).append(answer)
    found = [
        TextGroup(items[0].text, tuple(sorted({a.commune for a in items if a.commune})), len(items))
        for items in groups.values()
    ]
    return sorted(found, key=lambda g: (-g.count, g.text.casefold()))


@dataclass
class Stats:
    """Aggregates as the database returns them, keyed by question id (option id for option counts)."""

    answered: dict[int, int] = field(default_factory=dict)
    means: dict[int, float] = field(default_factory=dict)
    yes: dict[int, int] = field(default_factory=dict)
    no: dict[int, int] = field(default_factory=dict)
    distribution: dict[int, dict[int, int]] = field(default_factory=dict)
    option_counts: dict[int, int] = field(default_factory=dict)
    texts: dict[int, list[TextAnswer]] = field(default_factory=dict)


@dataclass(frozen=True)
class Share:
    code: str
    label: str
    count: int | None
    percent: float | None


@dataclass
class QuestionResult:
    code: str
    kind: str
    label: str
    answered: int
    respondents: int
    scale_min: int | None = None
    scale_max: int | None = None
    mean: float | None = None
    distribution: list[tuple[int, int]] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    texts: list[TextAnswer] = field(default_factory=list)
    suppressed: bool = False

    @property
    def is_scale(self) -> bool:
        return barometer_kind(self.kind).has_scale

    @property
    def is_text(self) -> bool:
        return barometer_kind(self.kind).keeps_texts

    @property
    def has_shares(self) -> bool:
        return barometer_kind(self.kind).has_shares

    def add_share(self, code: str, label: str, count: int) -> None:
        """A share of the responding communes."""
        self.shares.append(Share(code, label, count, percent(count, self.respondents)))

    def share(self, code: str) -> Share | None:
        return next((s for s in self.shares if s.code == code), None)

    @property
    def text_groups(self) -> list[TextGroup]:
        return group_texts(self.texts)


@dataclass
class EditionResults:
    edition: EditionInfo
    questions: list[QuestionResult]

    @property
    def participation_percent(self) -> float | None:
        return percent(self.edition.respondents, self.edition.communes_total)

    def question(self, code: str) -> QuestionResult | None:
        return next((q for q in self.questions if q.code == code), None)


def percent(count: int | None, total: int | None) -> float | None:
    """`count` as a percentage of `total`, unrounded; None when there is nothing to divide by."""
    if count is None or not total:
        return None
    return statistics.share(count, total) * 100


def question_result(question: QuestionInfo, stats: Stats, respondents: int) -> QuestionResult:
    """One question's figures. Shares are of the responding communes, so multiple choices may exceed 100 %."""
    result = QuestionResult(
        code=question.code,
        kind=question.kind,
        label=question.label,
        answered=stats.answered.get(question.id, 0),
        respondents=respondents,
        scale_min=question.scale_min,
        scale_max=question.scale_max,
    )
    barometer_kind(question.kind).fill_result(result, question, stats)
    return result


def edition_results(edition: EditionInfo, questions: list[QuestionInfo], stats: Stats) -> EditionResults:
    ordered = sorted((q for q in questions if q.edition_id == edition.id), key=lambda q: (q.position, q.id))
    return EditionResults(edition, [question_result(q, stats, edition.respondents) for q in ordered])


def public_summary(results: EditionResults, *, min_answers: int = PUBLIC_MIN_ANSWERS) -> EditionResults:
    """The anonymised version of an edition's results, for the page anyone may read.

    - free-text answers are left out altogether: a commune often names itself or a local project;
    - the distribution of scale values is left out (a count of 1 would point at one commune);
    - a question answered by fewer than `min_answers` communes shows no figure at all;
    - otherwise each count below `min_answers` is withheld, with its complement where the row adds up
      (single choice, yes/no: see barometer/suppression.py).
    """
    questions = []
    for question in results.questions:
        if barometer_kind(question.kind).keeps_texts:
            continue
        if suppress_mean(question.answered, k=min_answers):
            questions.append(
                replace(
                    question,
                    mean=None,
                    distribution=[],
                    shares=[replace(s, count=None, percent=None) for s in question.shares],
                    suppressed=True,
                )
            )
            continue
        withheld = suppress_row(
            [s.count or 0 for s in question.shares], additive=barometer_kind(question.kind).additive, k=min_answers
        )
        shares = [
            replace(s, count=None, percent=None) if hidden else s
            for s, hidden in zip(question.shares, withheld, strict=True)
        ]
        questions.append(replace(question, distribution=[], texts=[], shares=shares))
    return EditionResults(results.edition, questions)


def results_to_data(results: EditionResults) -> dict:
    """Plain JSON for a frozen snapshot (free texts are never part of it)."""
    data = asdict(results)
    for question in data["questions"]:
        question["texts"] = []
    return data


def results_from_data(data: dict) -> EditionResults:
    return EditionResults(
        EditionInfo(**data["edition"]),
        [
            QuestionResult(
                **{
                    **q,
                    "distribution": [tuple(pair) for pair in q["distribution"]],
                    "shares": [Share(**share) for share in q["shares"]],
                    "texts": [],
                }
            )
            for q in data["questions"]
        ],
    )


# Comparison between editions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    year: int
    value: float | None


@dataclass(frozen=True)
class Series:
    code: str
    label: str
    points: tuple[Point, ...]


@dataclass
class Comparison:
    code: str
    kind: str
    label: str
    unit: str  # "mean" or "percent"
    series: list[Series]
    scale_max: int | None = None

    @property
    def years(self) -> list[int]:
        return [p.year for p in self.series[0].points] if self.series else []


def comparisons(history: list[EditionResults], current: EditionResults) -> list[Comparison]:
    """The current edition's questions found, by code, in at least one other edition of `history`.

    Scales compare their mean; choices compare the share of each option of the current edition (an
    option missing from an older edition has no point there); yes/no questions the share of "yes".
    A question without any figure (suppressed from the public summary, or never answered) is left out.
    """
    ordered = sorted(history, key=lambda r: r.edition.year)
    found = []
    for question in current.questions:
        comparison = _comparison(question, ordered)
        if comparison is not None:
            found.append(comparison)
    return found


def _comparison(question: QuestionResult, ordered: list[EditionResults]) -> Comparison | None:
    kind = barometer_kind(question.kind)
    if kind.keeps_texts:
        return None
    per_year = [(r.edition.year, r.question(question.code)) for r in ordered]
    found = [(year, q) for year, q in per_year if q is not None and barometer_kind(q.kind) is kind]
    if len(found) < 2:
        return None
    if kind.compared_as == "mean":
        if all(q.mean is None for _year, q in found):
            return None
        series = [Series(question.code, question.label, tuple(Point(y, q.mean) for y, q in found))]
        return Comparison(question.code, question.kind, question.label, "mean", series, question.scale_max)
    series = []
    codes = kind.compared_codes(question)
    for share in question.shares:
        if share.code not in codes:
            continue
        points = []
        for year, q in found:
            old = q.share(share.code)
            points.append(Point(year, old.percent if old else None))
        series.append(Series(share.code, share.label, tuple(points)))
    if any(point.value is not None for s in series for point in s.points):
        return Comparison(question.code, question.kind, question.label, "percent", series)
    return None


# A commune against its territory ----------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    year: int
    answer: str
    number: float | None
    territory: float | None


@dataclass
class CommuneAnswer:
    code: str
    kind: str
    label: str
    value: object
    answer: str
    territory_mean: float | None = None
    territory_percent: float | None = None
    option_percents: dict[str, float | None] = field(default_factory=dict)
    options: list[tuple[Share, bool]] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    scale_max: int | None = None


def _same_answer_percent(result: QuestionResult, value) -> float | None:
    """Share of the responding communes that gave the same answer (yes/no and single choice)."""
    if value is None:
        return None
    share = result.share(barometer_kind(result.kind).answer_code(value))
    return share.percent if share else None


def answer_text(question: QuestionInfo, value) -> str:
    return display_value(question.spec(), value, yes=str(YES_LABEL), no=str(NO_LABEL))


def commune_answers(
    questions: list[QuestionInfo],
    results: EditionResults,
    values: dict[str, object],
    *,
    history: list[EditionResults] = (),
    history_values: dict[int, dict[str, object]] | None = None,
    history_questions: dict[tuple[int, str], QuestionInfo] | None = None,
) -> list[CommuneAnswer]:
    """Each question of the edition: the commune's answer, the territory's figure, and its trend.

    `values` maps codes to the commune's answers in this edition; `history_values` does the same per
    edition id for the other editions of `history`, whose questions are found in `history_questions`
    by (edition id, code).
    """
    history_values = history_values or {}
    history_questions = history_questions or {}
    ordered_history = sorted(history, key=lambda r: r.edition.year)
    rows = []
    for question in sorted(questions, key=lambda q: (q.position, q.id)):
        result = results.question(question.code)
        value = values.get(question.code)
        row = CommuneAnswer(
            code=question.code,
            kind=question.kind,
            label=question.label,
            value=value,
            answer=answer_text(question, value),
            scale_max=question.scale_max,
        )
        kind = barometer_kind(question.kind)
        if result is not None:
            _territory_figures(row, kind, result, value)
        if not kind.keeps_texts:
            row.trend = _trend(question, ordered_history, history_values, history_questions)
        rows.append(row)
    return rows


def _territory_figures(row: CommuneAnswer, kind: BarometerKind, result: QuestionResult, value) -> None:
    if kind.has_scale:
        row.territory_mean = result.mean
    elif kind.same_answer_share():
        row.territory_percent = _same_answer_percent(result, value)
    if kind.has_shares:
        chosen = set(kind.chosen_codes(value)) if value is not None else set()
        row.options = [(share, share.code in chosen) for share in result.shares]
        row.option_percents = {share.code: share.percent for share in result.shares if share.code in chosen}


def _trend(question, history, history_values, history_questions) -> list[TrendPoint]:
    points = []
    for results in history:
        old_question = history_questions.get((results.edition.id, question.code))
        old_result = results.question(question.code)
        kind = barometer_kind(question.kind)
        if old_question is None or old_result is None or barometer_kind(old_question.kind) is not kind:
            continue
        value = history_values.get(results.edition.id, {}).get(question.code)
        number, territory = kind.trend_number(value), None
        if kind.has_scale:
            territory = old_result.mean
        elif kind.same_answer_share():
            territory = _same_answer_percent(old_result, value)
        points.append(TrendPoint(results.edition.year, answer_text(old_question, value), number, territory))
    return points if len(points) >= 2 else []


@dataclass(frozen=True)
class ComparisonRow:
    series: Series
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class ComparisonGroup:
    comparison: Comparison
    rows: tuple[ComparisonRow, ...]


def comparison_table(found: list[Comparison]) -> tuple[list[int], list[ComparisonGroup]]:
    """The comparisons laid out on the same columns: every year any of them covers."""
    years = sorted({year for comparison in found for year in comparison.years})
    groups = []
    for comparison in found:
        rows = []
        for series in comparison.series:
            by_year = {point.year: point.value for point in series.points}
            rows.append(ComparisonRow(series, tuple(by_year.get(year) for year in years)))
        groups.append(ComparisonGroup(comparison, tuple(rows)))
    return years, groups
