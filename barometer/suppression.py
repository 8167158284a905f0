"""Small-cell suppression for published barometer figures: plain functions over counts, no database.

A cell (the count of communes giving one answer, its percentage, a mean) computed over fewer than
`K_MIN_COMMUNES` communes would let a reader point at one or two communes, so it is withheld
("primary" suppression). Where cells add up to a published total (the options of a single choice,
yes + no), one withheld cell could be recovered by subtraction, so the smallest other cell of the row
is withheld as well ("complementary" suppression); a row whose every cell is withheld stays withheld.
"""

K_MIN_COMMUNES = 3


def is_small(count: int, *, k: int = K_MIN_COMMUNES) -> bool:
    """A cell shown to the public needs none or at least `k` communes (zero names nobody)."""
    return 0 < count < k


def suppress_row(counts: list[int], *, additive: bool, k: int = K_MIN_COMMUNES) -> list[bool]:
    """Which cells of one row to withhold (True = withheld).

    1. withhold every small cell (primary);
    2. when the row adds up to a published total and exactly one cell is withheld, withhold the
       smallest other cell too (ties: the first), so that the total minus the shown cells is the sum
       of at least two unknowns.
    """
    withheld = [is_small(count, k=k) for count in counts]
    if additive and sum(withheld) == 1:
        others = [(count, i) for i, count in enumerate(counts) if not withheld[i]]
        if others:
            withheld[min(others)[1]] = True
    return withheld


def suppress_mean(answered: int, *, k: int = K_MIN_COMMUNES) -> bool:
    """A mean over fewer than `k` communes is withheld (over one commune it is that commune's answer)."""
    return answered < k
