"""The procedure for an amount and the splitting warning: pure functions, each threshold's boundary."""

from decimal import Decimal

import pytest

from procurement import procedure
from procurement.procedure import BELGIAN_PUBLICATION, EU_PUBLICATION, LOW_VALUE, NEGOTIATED, Limit, ThresholdSet

SUPPLIES_2026 = ThresholdSet(
    low_value=Limit(Decimal(30000), "Loi art. 92"),
    negotiated=Limit(Decimal(140000), "AR art. 90"),
    eu_publication=Limit(Decimal(216000), "Règlement (UE) 2025/2152"),
)
WORKS_2026 = ThresholdSet(
    low_value=SUPPLIES_2026.low_value,
    negotiated=SUPPLIES_2026.negotiated,
    eu_publication=Limit(Decimal(5404000), "Règlement (UE) 2025/2152"),
)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("29999.99", LOW_VALUE),
        ("30000", NEGOTIATED),
        ("30000.01", NEGOTIATED),
        ("139999.99", NEGOTIATED),
        ("140000", BELGIAN_PUBLICATION),
        ("140000.01", BELGIAN_PUBLICATION),
        ("215999.99", BELGIAN_PUBLICATION),
        ("216000", EU_PUBLICATION),
        ("216000.01", EU_PUBLICATION),
    ],
)
def test_supplies_boundaries(amount, expected):
    assert procedure.procedure_for(Decimal(amount), SUPPLIES_2026) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("5403999.99", BELGIAN_PUBLICATION), ("5404000", EU_PUBLICATION), ("5404000.01", EU_PUBLICATION)],
)
def test_works_eu_boundary(amount, expected):
    assert procedure.procedure_for(Decimal(amount), WORKS_2026) == expected


def test_without_a_low_value_threshold_never_an_invoice_alone():
    assert procedure.procedure_for(Decimal(10), ThresholdSet()) == NEGOTIATED


def test_proposal_says_why_with_the_sources():
    proposal = procedure.propose(Decimal(60000), SUPPLIES_2026, format_amount=lambda a: f"{a:.0f} €")
    assert proposal.procedure == NEGOTIATED
    assert proposal.reasons[0] == "60000 € reaches the threshold of 30000 € (Loi art. 92)."
    assert proposal.reasons[1] == "60000 € is below the threshold of 140000 € (AR art. 90)."
    assert "2025/2152" in proposal.reasons[2]
    assert not proposal.standstill
    assert procedure.propose(Decimal(300000), SUPPLIES_2026, format_amount=str).standstill


def test_two_purchases_of_20000_cross_the_low_value_threshold_together():
    warning = procedure.splitting_warning([Decimal(20000), Decimal(20000)], SUPPLIES_2026)
    assert warning is not None
    assert warning.total == Decimal(40000)
    assert warning.procedure == NEGOTIATED
    assert warning.limit.amount == Decimal(30000)


@pytest.mark.parametrize(
    "amounts",
    [
        [Decimal(20000)],  # alone
        [Decimal(10000), Decimal(19999)],  # together still below
        [Decimal(40000), Decimal(50000)],  # each already above the threshold their sum crosses
    ],
)
def test_no_splitting_warning(amounts):
    assert procedure.splitting_warning(amounts, SUPPLIES_2026) is None


def test_splitting_warning_names_the_highest_threshold_crossed():
    warning = procedure.splitting_warning([Decimal(120000), Decimal(100000)], SUPPLIES_2026)
    assert warning.procedure == EU_PUBLICATION
