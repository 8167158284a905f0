"""Statistics over already aggregated figures (counts per value, sums per question), without a database.

The database groups and counts; these functions finish the job: means and medians from a
distribution of counts, shares, and the roll-up of question scores into pillar scores.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from smartregion.questions.statistics import count_of, mean_of, median_of, merge_counts, share

__all__ = ["count_of", "mean_of", "median_of", "merge_counts", "share"]


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


def pillar_rollup(
    sums: Mapping[tuple[int, Hashable], tuple[float, int]],
    *,
    identity: Mapping[int, int],
    pillars_of: Mapping[int, Iterable[str]],
    pillars: Iterable[str],
) -> dict[str, PillarRollup]:
    """The one definition of a pillar score, used by every page, export and report.

    A pillar's score (0 to 100) is the mean, over the questions that inform the pillar, of each
    question's mean answer score (`rollup_pillars`).

    `sums` maps (question id, group key) to (sum of answer scores, scored answers); `identity` maps a
    question id to the question it stands for (copies of one bank question share it), so that a
    question asked in two campaigns is one question whose answers are pooled, not two questions of
    equal weight; `pillars_of` maps a question id to the pillars it informs.
    """
    pooled: dict[tuple[int, Hashable], list[float]] = defaultdict(lambda: [0.0, 0])
    pillars_of_identity: dict[int, set[str]] = defaultdict(set)
    for (question_id, group), (total, count) in sums.items():
        key = identity.get(question_id, question_id)
        pooled[(key, group)][0] += total or 0.0
        pooled[(key, group)][1] += count
        pillars_of_identity[key].update(pillars_of.get(question_id, ()))
    rows = [
        ScoreRow(pillar, key, group, total, int(count))
        for (key, group), (total, count) in pooled.items()
        for pillar in sorted(pillars_of_identity[key])
    ]
    return rollup_pillars(rows, pillars)
