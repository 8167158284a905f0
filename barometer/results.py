"""Shaping barometer figures: plain functions over plain data, no database.

The database counts and averages (see selectors.py); these functions turn the counts into what pages,
exports and other apps read: shares of the responding communes, comparisons between editions on the
same question codes, a commune's answers against the territory, and the anonymised public summary.
Figures stay unrounded here; templates round for reading.
"""

from dataclasses import asdict, dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from barometer.answers import (
    MULTIPLE,
    SCALE,
    SINGLE,
    TEXT,
    YES_NO,
    OptionSpec,
    QuestionSpec,
    display_value,
)
from barometer.suppression import K_MIN_COMMUNES, suppress_mean, suppress_row
from smartregion.text import normalise

# Below this many answers, the public summary does not show a question's figures (see public_summary).
PUBLIC_MIN_ANSWERS = K_MIN_COMMUNES
YES_LABEL = _("Yes")
NO_LABEL = _("No")


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
        return self.kind == SCALE

    @property
    def is_text(self) -> bool:
        return self.kind == TEXT

    @property
    def has_shares(self) -> bool:
        return self.kind in (SINGLE, MULTIPLE, YES_NO)

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
    return count * 100 / total


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
    if question.kind == SCALE:
        result.mean = stats.means.get(question.id)
        counts = stats.distribution.get(question.id, {})
        low, high = question.scale_min or 0, question.scale_max or 0
        result.distribution = [(value, counts.get(value, 0)) for value in range(low, high + 1)]
    elif question.kind == YES_NO:
        yes, no = stats.yes.get(question.id, 0), stats.no.get(question.id, 0)
        result.shares = [
            Share("yes", str(YES_LABEL), yes, percent(yes, respondents)),
            Share("no", str(NO_LABEL), no, percent(no, respondents)),
        ]
    elif question.kind in (SINGLE, MULTIPLE):
        result.shares = [
            Share(
                o.code,
                o.label,
                stats.option_counts.get(o.id, 0),
                percent(stats.option_counts.get(o.id, 0), respondents),
            )
            for o in question.options
        ]
    else:
        result.texts = list(stats.texts.get(question.id, []))
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
        if question.kind == TEXT:
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
            [s.count or 0 for s in question.shares], additive=question.kind in (SINGLE, YES_NO), k=min_answers
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
        if question.kind == TEXT:
            continue
        per_year = [(r.edition.year, r.question(question.code)) for r in ordered]
        per_year = [(year, q) for year, q in per_year if q is not None and q.kind == question.kind]
        if len(per_year) < 2:
            continue
        if question.kind == SCALE:
            if all(q.mean is None for _year, q in per_year):
                continue
            series = [Series(question.code, question.label, tuple(Point(y, q.mean) for y, q in per_year))]
            found.append(Comparison(question.code, question.kind, question.label, "mean", series, question.scale_max))
            continue
        series = []
        shares = [s for s in question.shares if s.code == "yes"] if question.kind == YES_NO else question.shares
        for share in shares:
            points = []
            for year, q in per_year:
                old = q.share(share.code)
                points.append(Point(year, old.percent if old else None))
            series.append(Series(share.code, share.label, tuple(points)))
        if any(point.value is not None for s in series for point in s.points):
            found.append(Comparison(question.code, question.kind, question.label, "percent", series))
    return found


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
    code = ("yes" if value else "no") if result.kind == YES_NO else value
    share = result.share(code)
    return share.percent if share else None


def _answer_text(question: QuestionInfo, value) -> str:
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
            answer=_answer_text(question, value),
            scale_max=question.scale_max,
        )
        if result is not None and question.kind == SCALE:
            row.territory_mean = result.mean
        elif result is not None and question.kind in (YES_NO, SINGLE):
            row.territory_percent = _same_answer_percent(result, value)
        if result is not None and question.kind in (YES_NO, SINGLE, MULTIPLE):
            chosen = _chosen_codes(question.kind, value)
            row.options = [(share, share.code in chosen) for share in result.shares]
            row.option_percents = {share.code: share.percent for share in result.shares if share.code in chosen}
        if question.kind != TEXT:
            row.trend = _trend(question, ordered_history, history_values, history_questions)
        rows.append(row)
    return rows


def _chosen_codes(kind: str, value) -> set[str]:
    if value is None:
        return set()
    if kind == YES_NO:
        return {"yes" if value else "no"}
    if kind == MULTIPLE:
        return set(value)
    return {value}


def _trend(question, history, history_values, history_questions) -> list[TrendPoint]:
    points = []
    for results in history:
        old_question = history_questions.get((results.edition.id, question.code))
        old_result = results.question(question.code)
        if old_question is None or old_result is None or old_question.kind != question.kind:
            continue
        value = history_values.get(results.edition.id, {}).get(question.code)
        if question.kind == SCALE:
            number, territory = (float(value) if value is not None else None), old_result.mean
        elif question.kind in (YES_NO, SINGLE):
            number, territory = None, _same_answer_percent(old_result, value)
        else:
            number, territory = None, None
        points.append(TrendPoint(results.edition.year, _answer_text(old_question, value), number, territory))
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
