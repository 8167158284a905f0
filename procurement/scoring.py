"""The scoring grid: pure functions over plain data, the one source of every figure of the grid (page, award
report DOCX and PDF).

Quality criteria are scored from 0 to SCORE_SCALE by the evaluators; their points are score / SCORE_SCALE ×
weight. The price criterion is scored by the formula the specifications state: lowest price / offer's price ×
weight, the lowest price among the offers that are ranked. Only offers of bidders neither excluded nor
unselected, and regular, are ranked. Equal totals share a rank; the tie is explained and broken by the
lower price.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

SCORE_SCALE = Decimal(10)
PRICE_FORMULA = _("Points for price = lowest price ÷ price of the offer × weight of the price criterion.")
QUALITY_FORMULA = _("Points for a quality criterion = score out of 10 ÷ 10 × weight of the criterion.")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CriterionIn:
    id: int
    name: str
    weight: int
    is_price: bool


@dataclass(frozen=True)
class OfferIn:
    id: int
    name: str
    price: Decimal | None
    eligible: bool  # not excluded, selected, regular, with an offer


@dataclass
class Row:
    id: int
    name: str
    price: Decimal | None
    eligible: bool
    points: dict[int, Decimal] = field(default_factory=dict)  # criterion id → points
    cells: list[Decimal | None] = field(default_factory=list)  # points in the order of the criteria
    total: Decimal = Decimal(0)
    rank: int | None = None
    complete: bool = True


@dataclass
class Grid:
    criteria: list[CriterionIn]
    rows: list[Row]  # ranked rows first, by rank, then the others
    weights_total: int
    ties: list[str] = field(default_factory=list)

    @property
    def weights_ok(self) -> bool:
        return self.weights_total == 100

    @property
    def ranked(self) -> list[Row]:
        return [row for row in self.rows if row.rank is not None]


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _points(criterion: CriterionIn, offer: OfferIn, lowest: Decimal | None, score: Decimal | None) -> Decimal | None:
    if criterion.is_price:
        if lowest is None or not offer.price:
            return None
        # An offer left out of the ranking may be cheaper than the lowest ranked one: never above the weight.
        return _quantize(min(lowest, offer.price) / offer.price * criterion.weight)
    if score is None:
        return None
    return _quantize(score / SCORE_SCALE * criterion.weight)


def grid(criteria: list[CriterionIn], offers: list[OfferIn], scores: dict[tuple[int, int], Decimal]) -> Grid:
    """Points per criterion, totals, ranks and ties. `scores`: (offer id, criterion id) → score."""
    eligible_prices = [o.price for o in offers if o.eligible and o.price]
    lowest = min(eligible_prices) if eligible_prices else None
    rows = []
    for offer in offers:
        row = Row(offer.id, offer.name, offer.price, offer.eligible)
        for criterion in criteria:
            points = _points(criterion, offer, lowest, scores.get((offer.id, criterion.id)))
            row.cells.append(points)
            if points is None:
                row.complete = False
                continue
            row.points[criterion.id] = points
        row.total = sum(row.points.values(), Decimal(0))
        rows.append(row)
    ranked = sorted(
        (r for r in rows if r.eligible and r.complete), key=lambda r: (-r.total, r.price or Decimal(0), r.name)
    )
    ties = _rank(ranked)
    others = [r for r in rows if r.rank is None]
    return Grid(criteria=criteria, rows=ranked + others, weights_total=sum(c.weight for c in criteria), ties=ties)


def _rank(ranked: list[Row]) -> list[str]:
    ties = []
    for index, row in enumerate(ranked):
        previous = ranked[index - 1] if index else None
        if previous is not None and previous.total == row.total:
            row.rank = previous.rank
            ties.append(
                str(
                    _(
                        "%(first)s and %(second)s have the same total (%(total)s points); "
                        "the offer with the lower price is listed first."
                    )
                )
                % {"first": previous.name, "second": row.name, "total": row.total}
            )
        else:
            row.rank = index + 1
    return ties
