"""Statistics over already aggregated figures (counts per value, sums per question), without a database.

The database groups and counts; these functions finish the job: means and medians from a
distribution of counts, shares, and the roll-up of question scores into pillar scores.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field


def merge_counts(parts: Iterable[Mapping[Hashable, int]]) -> dict[Hashable, int]:
    """Add up several {key: count} mappings (e.g. the distributions of each respondent group)."""
    total: dict[Hashable, int] = defaultdict(int)
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
    high = 0.0
    seen = 0
    for value, count in ordered:
        if low is None and seen + count > low_index:
            low = value
        if seen + count > high_index:
            high = value
            break
        seen += count
    # n > 0, so the loop always set both (low at or before high).
    return ((high if low is None else low) + high) / 2


def share(count: int, total: int) -> float:
    """count / total, 0 when there is no total."""
    return count / total if total else 0.0


@dataclass(frozen=True)
class ScoreRow:
    """Sum and count of answer scores for one pillar, one question and one respondent group."""

    pillar: str
    question_id: int
    group: Hashable
    score_sum: float
    count: int


@dataclass
class PillarRollup:
    score: float | None = None
    questions: int = 0
    answers: int = 0
    by_group: dict[Hashable, float | None] = field(default_factory=dict)


def rollup_pillars(rows: Iterable[ScoreRow], pillars: Iterable[str]) -> dict[str, PillarRollup]:
    """Score of each pillar (0–100): the mean, over the questions tagged with it, of each question's mean score.

    Averaging per question first keeps a question answered by many people from outweighing the
    others. Per group, the same computation on that group's answers only. Pillars without any
    scored answer get None.
    """
    per_question: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0]))
    per_group: dict[str, dict[Hashable, dict[int, list[float]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: [0.0, 0]))
    )
    for row in rows:
        if not row.count:
            continue
        overall = per_question[row.pillar][row.question_id]
        overall[0] += row.score_sum
        overall[1] += row.count
        grouped = per_group[row.pillar][row.group][row.question_id]
        grouped[0] += row.score_sum
        grouped[1] += row.count

    def mean_of_means(questions: Mapping[int, list[float]]) -> float | None:
        means = [total / count for total, count in questions.values() if count]
        return sum(means) / len(means) if means else None

    result = {}
    for pillar in pillars:
        questions = per_question.get(pillar, {})
        result[pillar] = PillarRollup(
            score=mean_of_means(questions),
            questions=len(questions),
            answers=int(sum(count for _total, count in questions.values())),
            by_group={group: mean_of_means(qs) for group, qs in per_group.get(pillar, {}).items()},
        )
    return result
