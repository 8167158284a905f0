"""Suggestions for the diagnostic synthesis: plain functions over pillar scores and inventory counts.

The referent writes the strengths and weaknesses; these suggestions only point at what the figures
say (pillars scored high or low, respondent groups that see a pillar very differently).
"""

from collections.abc import Mapping
from dataclasses import dataclass

STRONG = 60.0
WEAK = 40.0
RELATIVE_GAP = 10.0
GROUP_GAP = 15.0


@dataclass(frozen=True)
class Suggestion:
    pillar: str
    label: str
    score: float


@dataclass(frozen=True)
class GroupDifference:
    pillar: str
    label: str
    high_group: str
    high_score: float
    low_group: str
    low_score: float

    @property
    def gap(self) -> float:
        return self.high_score - self.low_score


def pillar_suggestions(
    scores: Mapping[str, float | None], labels: Mapping[str, str]
) -> tuple[list[Suggestion], list[Suggestion]]:
    """Strengths (score ≥ 60, or clearly above the commune's mean) and weaknesses (< 40, or clearly below).

    Pillars without a score suggest nothing. Strengths come best first, weaknesses worst first.
    """
    scored = {p: s for p, s in scores.items() if s is not None}
    if not scored:
        return [], []
    mean = sum(scored.values()) / len(scored)
    relative = len(scored) >= 3
    strengths = [
        Suggestion(p, labels.get(p, p), s)
        for p, s in scored.items()
        if s >= STRONG or (relative and s >= mean + RELATIVE_GAP and s > WEAK)
    ]
    weaknesses = [
        Suggestion(p, labels.get(p, p), s)
        for p, s in scored.items()
        if s < WEAK or (relative and s <= mean - RELATIVE_GAP and s < STRONG)
    ]
    strengths.sort(key=lambda x: (-x.score, x.pillar))
    weaknesses.sort(key=lambda x: (x.score, x.pillar))
    return strengths, weaknesses


def group_differences(
    by_group: Mapping[str, Mapping[str, float | None]],
    labels: Mapping[str, str],
    group_labels: Mapping[str, str],
    *,
    threshold: float = GROUP_GAP,
) -> list[GroupDifference]:
    """Pillars on which two respondent groups differ by at least `threshold` points, widest gap first.

    `by_group` maps pillar → {group: score}; only the most and least optimistic groups are named.
    """
    differences = []
    for pillar, groups in by_group.items():
        scored = [(g, s) for g, s in groups.items() if s is not None]
        if len(scored) < 2:
            continue
        high = max(scored, key=lambda item: (item[1], str(item[0])))
        low = min(scored, key=lambda item: (item[1], str(item[0])))
        if high[1] - low[1] >= threshold:
            differences.append(
                GroupDifference(
                    pillar=pillar,
                    label=labels.get(pillar, pillar),
                    high_group=group_labels.get(high[0], str(high[0])),
                    high_score=high[1],
                    low_group=group_labels.get(low[0], str(low[0])),
                    low_score=low[1],
                )
            )
    differences.sort(key=lambda d: (-d.gap, d.pillar))
    return differences
