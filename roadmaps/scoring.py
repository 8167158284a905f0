"""Priority scores and return on investment: plain functions over plain data, no database.

A sheet gets a mark from 1 to 5 on each criterion of its roadmap. Its score is the weighted mean of
its marks mapped to 0–100 (1 → 0, 5 → 100), over the criteria it has a mark for; criteria with a weight
of 0 are ignored. A sheet with no usable mark has no score. The priority class follows from the score:
an average mark of 3.5 or more is high priority, 2.5 or more medium, below that low.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

MARK_MIN = 1
MARK_MAX = 5

# Score thresholds of the priority classes: the scores of an average mark of 3.5 and 2.5.
HIGH_FROM = 62.5
MEDIUM_FROM = 37.5

PRIORITY_HIGH = "high"
PRIORITY_MEDIUM = "medium"
PRIORITY_LOW = "low"

# Default thresholds for the suggested budget mark: total cost over the ROI period, in euros, under
# which a sheet gets 5, 4, 3, 2 (above the last one: 1). Cheaper scores higher.
BUDGET_MARK_THRESHOLDS = (10_000, 50_000, 150_000, 500_000)

# A money figure as forms, JSON snapshots and the database give it.
Money = Decimal | float | int | str | None


@dataclass(frozen=True)
class SheetMarks:
    """One sheet's marks, keyed by criterion key."""

    sheet_id: Hashable
    title: str
    marks: Mapping[Hashable, int]


@dataclass(frozen=True)
class Score:
    sheet_id: Hashable
    title: str
    score: float | None
    priority: str
    marked: int
    """How many weighted criteria have a mark."""
    weighted_criteria: int

    @property
    def complete(self) -> bool:
        return self.marked == self.weighted_criteria


def weighted_score(marks: Mapping[Hashable, int], weights: Mapping[Hashable, float]) -> float | None:
    """The 0–100 score of one sheet, or None when no criterion with a weight has a mark.

    Marks outside 1–5 raise ValueError rather than producing a score nobody can explain.
    """
    total_weight = 0.0
    total = 0.0
    for key, weight in weights.items():
        if weight < 0:
            raise ValueError(f"weight of {key!r} is negative")
        mark = marks.get(key)
        if mark is None or weight == 0:
            continue
        if not MARK_MIN <= mark <= MARK_MAX:
            raise ValueError(f"mark {mark!r} of {key!r} is outside {MARK_MIN}–{MARK_MAX}")
        total_weight += weight
        total += weight * (mark - MARK_MIN) / (MARK_MAX - MARK_MIN)
    if total_weight == 0:
        return None
    return round(100 * total / total_weight, 2)


def priority_class(score: float | None) -> str:
    """high / medium / low; a sheet without a score is low until it is marked."""
    if score is None:
        return PRIORITY_LOW
    if score >= HIGH_FROM:
        return PRIORITY_HIGH
    if score >= MEDIUM_FROM:
        return PRIORITY_MEDIUM
    return PRIORITY_LOW


def score_sheets(sheets: Iterable[SheetMarks], weights: Mapping[Hashable, float]) -> list[Score]:
    """Every sheet's score, ranked: highest score first, unscored sheets last, ties by title then id."""
    weighted = [key for key, weight in weights.items() if weight > 0]
    scores = []
    for sheet in sheets:
        value = weighted_score(sheet.marks, weights)
        scores.append(
            Score(
                sheet_id=sheet.sheet_id,
                title=sheet.title,
                score=value,
                priority=priority_class(value),
                marked=sum(1 for key in weighted if sheet.marks.get(key) is not None),
                weighted_criteria=len(weighted),
            )
        )
    return rank(scores)


def rank(scores: Iterable[Score]) -> list[Score]:
    return sorted(
        scores,
        key=lambda s: (s.score is None, -(s.score or 0.0), s.title.casefold(), str(s.sheet_id)),
    )


@dataclass(frozen=True)
class Move:
    sheet_id: Hashable
    title: str
    score: float | None
    before_score: float | None
    position: int
    before_position: int | None
    priority: str

    @property
    def change(self) -> int:
        """Places gained (positive) or lost (negative); 0 for a sheet that was not ranked before."""
        if self.before_position is None:
            return 0
        return self.before_position - self.position

    @property
    def places(self) -> int:
        return abs(self.change)


def compare_rankings(before: list[Score], after: list[Score]) -> list[Move]:
    """How each sheet moves from one ranking to another (positions count from 1)."""
    positions = {s.sheet_id: index for index, s in enumerate(before, start=1)}
    scores = {s.sheet_id: s.score for s in before}
    return [
        Move(
            sheet_id=s.sheet_id,
            title=s.title,
            score=s.score,
            before_score=scores.get(s.sheet_id),
            position=index,
            before_position=positions.get(s.sheet_id),
            priority=s.priority,
        )
        for index, s in enumerate(after, start=1)
    ]


def suggested_budget_mark(
    total_cost: Decimal | float | None, thresholds: Sequence[float] = BUDGET_MARK_THRESHOLDS
) -> int | None:
    """A budget mark from a sheet's total cost (cheaper scores higher), or None without figures."""
    if total_cost is None:
        return None
    for mark, limit in zip(range(MARK_MAX, MARK_MIN, -1), thresholds, strict=True):
        if total_cost < limit:
            return mark
    return MARK_MIN


# Return on investment -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Roi:
    """Costs against gains over `years` (FIRIP-style cost and socio-economic analysis)."""

    years: int
    total_cost: Decimal | None
    financial_gains: Decimal | None
    socio_economic_value: Decimal | None
    net_financial_value: Decimal | None
    """Financial gains minus costs; None without cost or gain figures."""
    net_value: Decimal | None
    """Financial gains plus socio-economic value minus costs; None without any benefit figure."""
    payback_years: Decimal | None
    """Years until cumulated yearly benefits cover the investment and running costs; None when they never do."""
    financial_payback_years: Decimal | None


def _money(value: Money) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _payback(investment: Decimal, running: Decimal, yearly_benefit: Decimal | None) -> Decimal | None:
    """Smallest t with investment + running·t ≤ benefit·t; None when the benefit never covers the costs."""
    if yearly_benefit is None:
        return None
    margin = yearly_benefit - running
    if margin <= 0:
        return Decimal(0) if investment <= 0 and margin == 0 else None
    return (investment / margin).quantize(Decimal("0.1"))


def return_on_investment(
    *,
    years: int,
    investment: Money = None,
    yearly_running_cost: Money = None,
    yearly_financial_gains: Money = None,
    yearly_socio_economic_value: Money = None,
) -> Roi:
    """Net value and payback period of a project over `years`, as far as its figures allow.

    Costs are the investment plus the running cost of each year; benefits are yearly financial gains
    and the yearly socio-economic value the commune puts a figure on. Missing cost figures count as 0
    once some cost is known; without any cost figure nothing is computed.
    """
    if years < 1:
        raise ValueError("the period must be at least one year")
    invested, running_cost = _money(investment), _money(yearly_running_cost)
    gains, social = _money(yearly_financial_gains), _money(yearly_socio_economic_value)
    if invested is None and running_cost is None:
        return Roi(years, None, None, None, None, None, None, None)
    invested = invested or Decimal(0)
    running = running_cost or Decimal(0)
    total_cost = invested + running * years
    total_gains = gains * years if gains is not None else None
    total_social = social * years if social is not None else None
    net_financial = total_gains - total_cost if total_gains is not None else None
    benefit = None if gains is None and social is None else (gains or Decimal(0)) + (social or Decimal(0))
    net = benefit * years - total_cost if benefit is not None else None
    return Roi(
        years=years,
        total_cost=total_cost,
        financial_gains=total_gains,
        socio_economic_value=total_social,
        net_financial_value=net_financial,
        net_value=net,
        payback_years=_payback(invested, running, benefit),
        financial_payback_years=_payback(invested, running, gains),
    )
