"""The cost split: shares in cents always add up to the total and follow the largest-remainder rule."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualisation.split import SplitError, percentages_valid, split_cents, to_cents, to_euros

totals = st.integers(min_value=0, max_value=10**11)  # up to a billion euros, in cents


def _check(total: int, weights: list, shares: list[int]) -> None:
    assert sum(shares) == total
    whole = sum(Fraction(w) for w in weights)
    exact = [total * Fraction(w) / whole for w in weights]
    # Each share is its exact value rounded down, or one cent more.
    assert all(int(e) <= s <= int(e) + 1 for e, s in zip(exact, shares, strict=True))
    # The extra cents went to the largest remainders (ties to the earlier member).
    bumped = [i for i, (e, s) in enumerate(zip(exact, shares, strict=True)) if s > int(e)]
    kept = [i for i in range(len(weights)) if i not in bumped]
    for b in bumped:
        for k in kept:
            rb, rk = exact[b] - int(exact[b]), exact[k] - int(exact[k])
            assert rb > rk or (rb == rk and b < k)


@given(total=totals, n=st.integers(min_value=1, max_value=40))
def test_equal_shares_sum_to_the_total(total, n):
    shares = split_cents(total, [1] * n)
    _check(total, [1] * n, shares)
    assert max(shares) - min(shares) <= 1


@given(total=totals, populations=st.lists(st.integers(min_value=1, max_value=250_000), min_size=1, max_size=40))
def test_population_shares_sum_to_the_total(total, populations):
    _check(total, populations, split_cents(total, populations))


@given(
    total=totals,
    cuts=st.lists(st.integers(min_value=0, max_value=10_000), min_size=0, max_size=20),
)
def test_custom_percentages_sum_to_the_total(total, cuts):
    # Random percentages with two decimals that add up to exactly 100 %.
    bounds = sorted(cuts)
    percentages = [Decimal(b - a) / 100 for a, b in zip([0, *bounds], [*bounds, 10_000], strict=True)]
    assert percentages_valid(percentages)
    if not any(percentages):
        return
    _check(total, percentages, split_cents(total, percentages))


@given(total=totals, users=st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=30))
def test_users_with_some_at_zero(total, users):
    if not any(users):
        with pytest.raises(SplitError):
            split_cents(total, users)
        return
    shares = split_cents(total, users)
    _check(total, users, shares)
    assert all(share == 0 for share, u in zip(shares, users, strict=True) if u == 0)


def test_the_stated_rule_on_an_example():
    # 100.00 € in three equal shares: 33.34 + 33.33 + 33.33, the first commune taking the extra cent.
    assert split_cents(10_000, [1, 1, 1]) == [3334, 3333, 3333]
    # 0.02 € over three: the two first communes take a cent each.
    assert split_cents(2, [1, 1, 1]) == [1, 1, 0]


def test_refusals():
    with pytest.raises(SplitError):
        split_cents(100, [])
    with pytest.raises(SplitError):
        split_cents(100, [1, -1])
    with pytest.raises(SplitError):
        split_cents(-1, [1])
    assert split_cents(0, []) == []


def test_percentages_must_add_up_to_100():
    assert not percentages_valid([Decimal(50), Decimal("49.99")])
    assert not percentages_valid([Decimal(50), None])
    assert percentages_valid([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")])


def test_cents_conversions():
    assert to_cents(Decimal("12.345")) in (1234, 1235)
    assert to_cents(None) == 0
    assert to_euros(1234) == Decimal("12.34")
