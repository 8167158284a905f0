"""Weight and ranking of needs from their evidence: plain functions over plain data.

A need's weight is the number of *independent sources* that support it:
- each interview counts once, however many of its findings are linked (the same people said it);
- each questionnaire campaign counts once, whether one question, several, or a pillar score is cited;
- each ideation workshop counts once, however many of its ideas are linked;
- each PST objective counts once.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

QUESTION = "question"
PILLAR = "pillar"
FINDING = "finding"
IDEA = "idea"
OBJECTIVE = "objective"


def source_key(
    kind: str,
    *,
    campaign_id: int | None = None,
    interview_id: int | None = None,
    workshop_id: int | None = None,
    objective_id: int | None = None,
) -> str:
    """The independent source a piece of evidence comes from, as a short key."""
    if kind in (QUESTION, PILLAR):
        return f"campaign:{campaign_id}"
    if kind == FINDING:
        return f"interview:{interview_id}"
    if kind == IDEA:
        return f"workshop:{workshop_id}"
    if kind == OBJECTIVE:
        return f"pst:{objective_id}"
    raise ValueError(f"unknown evidence kind {kind!r}")


def need_weight(source_keys: Iterable[str]) -> int:
    """How many independent sources support a need."""
    return len(set(source_keys))


def source_counts(source_keys: Iterable[str]) -> dict[str, int]:
    """Independent sources per family (campaign, interview, workshop, pst)."""
    counts: dict[str, int] = {}
    for key in set(source_keys):
        family = key.split(":", 1)[0]
        counts[family] = counts.get(family, 0) + 1
    return counts


@dataclass
class RankedItem:
    id: int
    title: str
    weight: int
    evidence_count: int
    rank: int = 0
    extra: dict = field(default_factory=dict)


def rank_needs(items: Sequence[RankedItem]) -> list[RankedItem]:
    """Heaviest first; then the most evidence; then by title. Equal weight and evidence share a rank."""
    ordered = sorted(items, key=lambda i: (-i.weight, -i.evidence_count, i.title.casefold(), i.id))
    previous, rank = None, 0
    for position, item in enumerate(ordered, start=1):
        signature = (item.weight, item.evidence_count)
        if signature != previous:
            rank, previous = position, signature
        item.rank = rank
    return ordered
