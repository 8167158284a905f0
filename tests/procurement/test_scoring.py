"""The scoring grid: price formula, quality points, ranks, ties, offers left out."""

from decimal import Decimal

from procurement.scoring import CriterionIn, OfferIn, grid

PRICE = CriterionIn(1, "Prix", 40, True)
QUALITY = CriterionIn(2, "Qualité", 60, False)


def test_price_by_formula_and_quality_by_score():
    offers = [OfferIn(10, "A", Decimal(50000), True), OfferIn(11, "B", Decimal(62500), True)]
    result = grid([PRICE, QUALITY], offers, {(10, 2): Decimal(5), (11, 2): Decimal(9)})
    a, b = sorted(result.rows, key=lambda r: r.id)
    assert a.points == {1: Decimal("40.00"), 2: Decimal("30.00")}
    assert b.points == {1: Decimal("32.00"), 2: Decimal("54.00")}
    assert (b.rank, a.rank) == (1, 2)
    assert result.weights_ok


def test_ties_share_a_rank_and_are_explained():
    offers = [OfferIn(10, "A", Decimal(100), True), OfferIn(11, "B", Decimal(100), True)]
    result = grid([PRICE, QUALITY], offers, {(10, 2): Decimal(7), (11, 2): Decimal(7)})
    assert [r.rank for r in result.rows] == [1, 1]
    assert "same total" in result.ties[0]


def test_irregular_and_incomplete_offers_are_not_ranked():
    offers = [
        OfferIn(10, "A", Decimal(100), True),
        OfferIn(11, "Cheap but irregular", Decimal(10), False),
        OfferIn(12, "Unscored", Decimal(100), True),
    ]
    result = grid([PRICE, QUALITY], offers, {(10, 2): Decimal(7), (11, 2): Decimal(10)})
    ranked = {r.name: r.rank for r in result.rows}
    assert ranked == {"A": 1, "Cheap but irregular": None, "Unscored": None}
    # The lowest price counted is the lowest of the offers that can be ranked.
    assert result.rows[0].points[1] == Decimal("40.00")


def test_weights_not_100_are_reported():
    assert not grid([PRICE], [], {}).weights_ok
