"""The cost split of a shared project, in cents: a pure function over plain numbers.

The rounding rule (shown on the shared project's page, `ROUNDING_RULE`): each member's exact share
(total × weight ÷ sum of weights) is rounded down to the cent; the cents left over go, one each, to the
members with the largest remainders, ties going to the member listed first (communes in alphabetical
order). The shares therefore always add up to the total, to the cent, and no share differs from the
exact one by a cent or more (the largest-remainder method).
"""

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

ROUNDING_RULE = _(
    "Shares are computed in cents: each share is rounded down to the cent, then the cents left over go one "
    "each to the communes with the largest remainders (ties: alphabetical order), so that the shares always "
    "add up exactly to the total."
)


class SplitError(ValueError):
    """The weights cannot split a total (none, negative, or all zero)."""


def split_cents(total_cents: int, weights: Sequence[int | Fraction | Decimal]) -> list[int]:
    """`total_cents` split in proportion to `weights` (largest remainders; see the module docstring)."""
    if total_cents < 0:
        raise SplitError("negative total")
    if not weights:
        if total_cents:
            raise SplitError("no member to carry the total")
        return []
    exact = [Fraction(weight) for weight in weights]
    if any(weight < 0 for weight in exact):
        raise SplitError("negative weight")
    whole = sum(exact)
    if whole == 0:
        raise SplitError("all weights are zero")
    ideal = [total_cents * weight / whole for weight in exact]
    shares = [int(value) for value in ideal]  # floor: every value is ≥ 0
    left = total_cents - sum(shares)
    order = sorted(range(len(ideal)), key=lambda index: (-(ideal[index] - shares[index]), index))
    for index in order[:left]:
        shares[index] += 1
    return shares


def to_cents(amount: Decimal | None) -> int:
    return int((amount or Decimal(0)).quantize(Decimal("0.01")) * 100)


def to_euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def percentages_valid(percentages: Sequence[Decimal | None]) -> bool:
    """Custom percentages: each given, none negative, summing to exactly 100."""
    return all(p is not None and p >= 0 for p in percentages) and sum(percentages, Decimal(0)) == Decimal(100)
