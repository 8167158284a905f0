"""Statistics over already aggregated figures (counts per value), without a database.

The database groups and counts; these functions finish the job: means and medians from a
distribution of counts, and shares. Used by every question kind (`smartregion.questions.kinds`).
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def merge_counts(parts: Iterable[Mapping[K, int]]) -> dict[K, int]:
    """Add up several {key: count} mappings (e.g. the distributions of each respondent group)."""
    total: dict[K, int] = defaultdict(int)
    for part in parts:
        for key, count in part.items():
            total[key] += count
    return dict(total)


def count_of(distribution: Mapping[float, int]) -> int:
    return sum(distribution.values())


def mean_of(distribution: Mapping[float, int]) -> float | None:
    """Mean of values given as {value: how many times}; None when empty."""
    n = count_of(distribution)
    if not n:
        return None
    return sum(float(value) * count for value, count in distribution.items()) / n


def median_of(distribution: Mapping[float, int]) -> float | None:
    """Median of values given as {value: how many times} (mean of the two middle values when even)."""
    n = count_of(distribution)
    if not n:
        return None
    ordered = sorted((float(v), c) for v, c in distribution.items() if c > 0)
    low_index, high_index = (n - 1) // 2, n // 2
    low: float | None = None
    high: float | None = None
    seen = 0
    for value, count in ordered:
        if low is None and seen + count > low_index:
            low = value
        if seen + count > high_index:
            high = value
            break
        seen += count
    assert low is not None and high is not None  # noqa: S101 - n > 0 guarantees both
    return (low + high) / 2


def share(count: int, total: int) -> float:
    """count / total, 0 when there is no total."""
    return count / total if total else 0.0
