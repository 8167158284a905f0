"""Small-cell suppression (barometer/suppression.py): no withheld count can be worked out from what is shown."""

from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from barometer.suppression import K_MIN_COMMUNES, is_small, suppress_mean, suppress_row


def possible_values(counts, withheld):
    """For each withheld cell, every value it could take given the shown cells and the published total."""
    hidden = [i for i, w in enumerate(withheld) if w]
    remainder = sum(counts) - sum(c for c, w in zip(counts, withheld, strict=True) if not w)
    found = {i: set() for i in hidden}
    for values in product(range(remainder + 1), repeat=len(hidden)):
        if sum(values) == remainder:
            for i, value in zip(hidden, values, strict=True):
                found[i].add(value)
    return found


rows = st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=5)


@given(rows)
def test_every_small_cell_is_withheld(counts):
    withheld = suppress_row(counts, additive=True)
    assert all(withheld[i] for i, count in enumerate(counts) if is_small(count))


@given(rows)
def test_no_withheld_cell_is_recoverable_from_the_total(counts):
    withheld = suppress_row(counts, additive=True)
    assert sum(withheld) != 1 or len(counts) == 1
    for cell, values in possible_values(counts, withheld).items():
        assert len(values) > 1 or len(counts) == 1, (counts, withheld, cell)


@given(rows)
def test_a_non_additive_row_withholds_only_small_cells(counts):
    assert suppress_row(counts, additive=False) == [is_small(c) for c in counts]


def test_complement_is_the_smallest_other_cell():
    assert suppress_row([10, 1, 4, 6], additive=True) == [False, True, True, False]
    assert suppress_row([10, 1, 2, 6], additive=True) == [False, True, True, False]
    assert suppress_row([5, 5], additive=True) == [False, False]


def test_means_need_k_communes():
    assert suppress_mean(K_MIN_COMMUNES - 1)
    assert not suppress_mean(K_MIN_COMMUNES)
