"""Grouping across communes: plain functions over plain rows, no database.

Sheets (and needs) of different communes are grouped as the roadmap's duplicate matcher pairs them
(`roadmaps.duplicates`): the same template, the same job (a function category that says something), or
similar titles. Groups are the connected sets of those pairs, computed with keys rather than by comparing
every pair: one key per template and per category, and titles compared only among the distinct titles of
rows that have neither.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from roadmaps import duplicates

# Beyond this many distinct titles without template nor category, only equal titles are grouped.
MAX_TITLES_COMPARED = 800


@dataclass(frozen=True)
class Row:
    id: Hashable
    commune: Hashable
    title: str
    template: Hashable | None = None
    category: str = ""


class _Union:
    def __init__(self):
        self.parent: dict = {}

    def find(self, item):
        parent = self.parent.setdefault(item, item)
        while parent != self.parent[parent]:
            self.parent[parent] = self.parent[self.parent[parent]]
            parent = self.parent[parent]
        return parent

    def join(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _title_clusters(rows: Sequence[Row], union: _Union) -> None:
    by_text: dict[str, list[Row]] = {}
    for row in rows:
        by_text.setdefault(duplicates.normalise(row.title), []).append(row)
    texts = [text for text in by_text if text]
    for text in texts:
        for row in by_text[text]:
            union.join(("title", text), ("row", row.id))
    if len(texts) > MAX_TITLES_COMPARED:
        return
    for index, text in enumerate(texts):
        for other in texts[index + 1 :]:
            if duplicates.title_similarity(text, other) >= duplicates.TITLE_SIMILARITY:
                union.join(("title", text), ("title", other))


def group_rows(rows: Iterable[Row], *, min_communes: int = 2) -> list[list[Row]]:
    """Groups of rows that look alike, each spanning at least `min_communes` communes; largest first."""
    rows = list(rows)
    union = _Union()
    residual = []
    for row in rows:
        node = ("row", row.id)
        union.find(node)
        keyed = False
        if row.template is not None:
            union.join(("template", row.template), node)
            keyed = True
        if row.category not in duplicates.NEUTRAL_CATEGORIES:
            union.join(("category", row.category), node)
            keyed = True
        if not keyed:
            residual.append(row)
    _title_clusters(residual, union)
    groups: dict = {}
    for row in rows:
        groups.setdefault(union.find(("row", row.id)), []).append(row)
    found = [group for group in groups.values() if len({row.commune for row in group}) >= min_communes]
    return sorted(found, key=lambda group: (-len({row.commune for row in group}), -len(group)))


def most_common(values: Iterable) -> object:
    counted = Counter(value for value in values if value)
    return counted.most_common(1)[0][0] if counted else ""
