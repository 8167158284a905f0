"""Prerequisites between project sheets: cycles, horizon rules and the order of work.

Plain functions over plain data. A graph is a mapping `node -> set of its prerequisites` ("requires");
horizons are ranks (1 short, 2 medium, 3 long) or None for a sheet not placed yet.
"""

import heapq
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

Graph = Mapping[Hashable, Iterable[Hashable]]


def find_path(requires: Graph, start: Hashable, goal: Hashable) -> list[Hashable] | None:
    """A chain start → … → goal following prerequisites, or None (depth-first, iterative)."""
    if start == goal:
        return [start]
    stack = [(start, iter(sorted(requires.get(start, ()), key=str)))]
    path = [start]
    seen = {start}
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            path.pop()
            continue
        if child == goal:
            return [*path, goal]
        if child in seen:
            continue
        seen.add(child)
        path.append(child)
        stack.append((child, iter(sorted(requires.get(child, ()), key=str))))
    return None


def cycle_if_added(requires: Graph, sheet: Hashable, prerequisite: Hashable) -> list[Hashable] | None:
    """The cycle that `sheet requires prerequisite` would close, as [sheet, prerequisite, …, sheet].

    Adding the edge closes a cycle exactly when `prerequisite` already (transitively) requires `sheet`.
    """
    if sheet == prerequisite:
        return [sheet, sheet]
    back = find_path(requires, prerequisite, sheet)
    if back is None:
        return None
    return [sheet, *back]


def find_cycle(requires: Graph) -> list[Hashable] | None:
    """One cycle of the graph as [a, b, …, a], or None when it is acyclic."""
    white, grey, black = 0, 1, 2
    colour: dict[Hashable, int] = {}
    nodes = set(requires)
    for targets in requires.values():
        nodes.update(targets)
    for root in sorted(nodes, key=str):
        if colour.get(root, white) != white:
            continue
        stack = [(root, iter(sorted(requires.get(root, ()), key=str)))]
        path = [root]
        colour[root] = grey
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = black
                stack.pop()
                path.pop()
                continue
            state = colour.get(child, white)
            if state == grey:
                return [*path[path.index(child) :], child]
            if state == white:
                colour[child] = grey
                path.append(child)
                stack.append((child, iter(sorted(requires.get(child, ()), key=str))))
    return None


@dataclass(frozen=True)
class HorizonConflict:
    """`sheet` is placed before its prerequisite `prerequisite` (ranks of their horizons)."""

    sheet: Hashable
    sheet_rank: int
    prerequisite: Hashable
    prerequisite_rank: int


def horizon_conflicts(
    requires: Graph, ranks: Mapping[Hashable, int | None], *, satisfied: Iterable[Hashable] = ()
) -> list[HorizonConflict]:
    """Every sheet placed in an earlier horizon than one of its prerequisites.

    Sheets or prerequisites without a horizon never conflict (they are only not planned yet);
    prerequisites in `satisfied` (already done) never hold anything back.
    """
    done = set(satisfied)
    conflicts = []
    for sheet, prerequisites in requires.items():
        sheet_rank = ranks.get(sheet)
        if sheet_rank is None:
            continue
        for prerequisite in prerequisites:
            if prerequisite in done:
                continue
            prerequisite_rank = ranks.get(prerequisite)
            if prerequisite_rank is not None and prerequisite_rank > sheet_rank:
                conflicts.append(HorizonConflict(sheet, sheet_rank, prerequisite, prerequisite_rank))
    return sorted(conflicts, key=lambda c: (str(c.sheet), str(c.prerequisite)))


def unplanned_prerequisites(
    requires: Graph, ranks: Mapping[Hashable, int | None], *, satisfied: Iterable[Hashable] = ()
) -> list[tuple[Hashable, Hashable]]:
    """(sheet, prerequisite) pairs where the sheet is placed but its prerequisite is not: a warning."""
    done = set(satisfied)
    return sorted(
        (
            (sheet, prerequisite)
            for sheet, prerequisites in requires.items()
            if ranks.get(sheet) is not None
            for prerequisite in prerequisites
            if prerequisite not in done and ranks.get(prerequisite) is None
        ),
        key=lambda pair: (str(pair[0]), str(pair[1])),
    )


def order_of_work(
    nodes: Iterable[Hashable], requires: Graph, *, priority: Callable[[Hashable], tuple]
) -> list[Hashable]:
    """Nodes with prerequisites first, then by `priority` (smallest key first): Kahn's algorithm with a heap.

    Only prerequisites among `nodes` count (those in other horizons are done before or after anyway).
    Nodes on a cycle, which the services never let in, are appended by priority rather than lost.
    """
    members = list(nodes)
    member_set = set(members)
    waiting = {n: {p for p in requires.get(n, ()) if p in member_set and p != n} for n in members}
    dependents: dict[Hashable, list[Hashable]] = {n: [] for n in members}
    for node, prerequisites in waiting.items():
        for prerequisite in prerequisites:
            dependents[prerequisite].append(node)
    heap = [(priority(n), index, n) for index, n in enumerate(members) if not waiting[n]]
    heapq.heapify(heap)
    index_of = {n: i for i, n in enumerate(members)}
    ordered = []
    while heap:
        _key, _index, node = heapq.heappop(heap)
        ordered.append(node)
        for dependent in dependents[node]:
            waiting[dependent].discard(node)
            if not waiting[dependent]:
                heapq.heappush(heap, (priority(dependent), index_of[dependent], dependent))
    if len(ordered) < len(members):
        placed = set(ordered)
        ordered.extend(sorted((n for n in members if n not in placed), key=priority))
    return ordered


def order_by_horizon(
    ranks: Mapping[Hashable, int | None], requires: Graph, *, priority: Callable[[Hashable], tuple]
) -> dict[int | None, list[Hashable]]:
    """For each horizon rank (None = not placed), its sheets in order of work."""
    groups: dict[int | None, list[Hashable]] = {}
    for node, rank in ranks.items():
        groups.setdefault(rank, []).append(node)
    return {rank: order_of_work(members, requires, priority=priority) for rank, members in groups.items()}


def prerequisite_closure(requires: Graph, node: Hashable) -> set[Hashable]:
    """Every sheet `node` needs, directly or not (without `node` itself)."""
    seen: set[Hashable] = set()
    stack = list(requires.get(node, ()))
    while stack:
        current = stack.pop()
        if current in seen or current == node:
            continue
        seen.add(current)
        stack.extend(requires.get(current, ()))
    return seen
