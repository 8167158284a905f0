"""The affordable plan: which sheets to do in which horizon within the budgets, maximising total score.

A mixed-integer programme solved exactly with SciPy's HiGHS (`scipy.optimize.milp`):

- x[i, h] = 1 when sheet i is done in horizon h (0 short, 1 medium, 2 long); each sheet at most once;
- a sheet chosen in horizon h needs each prerequisite chosen in a horizon ≤ h (prerequisites already
  done count as satisfied; prerequisites that cannot be planned block the sheet);
- per horizon, the investments of its sheets stay within its budget, and their staff days within its
  capacity when one is given;
- maximise the sum of the chosen sheets' scores (in hundredths of a point, so the optimum is exact).

The chosen set is optimal. Among plans of equal total score the solver may pick any horizons, so the
chosen sheets are then moved to the earliest horizon that their prerequisites and the budgets allow,
highest score first; this never changes the set, only brings work forward.

Every plannable sheet left out gets a reason, found by reasoning on the optimal plan: a prerequisite
that cannot be planned or is not chosen, a cost larger than any horizon's budget, or no horizon at or
after its prerequisites with enough budget left. Every chosen sheet placed after the short term gets
one too (a `Placement`): the prerequisite planned in its horizon, or the budget left in each earlier
horizon it could have gone to. Plain functions over plain data; no database.
"""

import time
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

INVESTMENT = "investment"
STAFF = "staff_days"

# Reasons a sheet is left out.
EXCLUDED_BY_USER = "excluded_by_user"
PREREQUISITE_UNAVAILABLE = "prerequisite_unavailable"
TOO_EXPENSIVE = "too_expensive"
PREREQUISITE_NOT_SELECTED = "prerequisite_not_selected"
BUDGET = "budget"
NOT_SCORED = "not_scored"
NOT_CHOSEN = "not_chosen"

# Why a chosen sheet is not in an earlier horizon.
PLACED_AFTER_PREREQUISITE = "after_prerequisite"
PLACED_BY_BUDGET = "budget_earlier"
PLACED_EQUALLY = "equally_good"

DEFAULT_TIME_LIMIT = 20.0
# Rounds of "pool the budgets, then try to place the set" before solving the full programme.
RELAXATION_ROUNDS = 8
PACKING_TIME_LIMIT = 3.0


@dataclass(frozen=True)
class PlanItem:
    id: Hashable
    value: float | None
    """The sheet's score (0–100); None for a sheet not scored yet (worth nothing, may still be a prerequisite)."""
    investment: float = 0.0
    staff_days: float = 0.0
    prerequisites: tuple[Hashable, ...] = ()


@dataclass(frozen=True)
class HorizonBudget:
    investment: float | None
    """Investment budget of the horizon; None means no limit."""
    staff_days: float | None = None
    """Staff capacity of the horizon in person-days; None means not constrained."""


@dataclass(frozen=True)
class Shortfall:
    """In one horizon, what is left of a resource after the plan, against what the sheet needs."""

    horizon: int
    resource: str
    left: float
    needed: float


@dataclass(frozen=True)
class Exclusion:
    reason: str
    prerequisites: tuple[Hashable, ...] = ()
    """Prerequisites involved (not plannable, or not chosen)."""
    resource: str = ""
    needed: float = 0.0
    largest_budget: float = 0.0
    shortfalls: tuple[Shortfall, ...] = ()
    earliest_horizon: int = 0
    """The earliest horizon its prerequisites allow (for budget reasons)."""


@dataclass(frozen=True)
class Placement:
    """Why a chosen sheet sits in its horizon rather than an earlier one."""

    reason: str
    prerequisites: tuple[Hashable, ...] = ()
    """Prerequisites planned in the earliest horizon they allow, which hold the sheet back."""
    shortfalls: tuple[Shortfall, ...] = ()
    """In each earlier horizon its prerequisites allow, the resource left short."""
    earliest_horizon: int = 0


@dataclass
class Plan:
    feasible: bool
    optimal: bool
    assignments: dict[Hashable, int] = field(default_factory=dict)
    """sheet id -> horizon index (0 = short term)."""
    excluded: dict[Hashable, Exclusion] = field(default_factory=dict)
    """sheet id -> Exclusion, for every plannable sheet left out."""
    placements: dict[Hashable, Placement] = field(default_factory=dict)
    """sheet id -> Placement, for every chosen sheet placed after the short term."""
    total_value: float = 0.0
    used: list[dict[str, float]] = field(default_factory=list)
    """Per horizon: {"investment": …, "staff_days": …} spent by the plan."""
    seconds: float = 0.0


def _points(value: float | None) -> int:
    return 0 if value is None else round(value * 100)


def _blocked(
    items: dict[Hashable, PlanItem], done: set[Hashable], forbidden: set[Hashable]
) -> dict[Hashable, tuple[Hashable, ...]]:
    """Sheets that can never be chosen because a prerequisite (directly or not) cannot be planned or is left out.

    Returns sheet id -> the unavailable prerequisites it names directly (possibly a blocked sheet).
    """
    blocked: dict[Hashable, tuple[Hashable, ...]] = {}
    changed = True
    while changed:
        changed = False
        for item in items.values():
            if item.id in blocked:
                continue
            missing = tuple(
                p for p in item.prerequisites if p not in done and (p not in items or p in blocked or p in forbidden)
            )
            if missing:
                blocked[item.id] = missing
                changed = True
    return blocked


class _Rows:
    """Sparse constraint rows for `scipy.optimize.milp`."""

    def __init__(self, size: int):
        self.size = size
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, terms: Iterable[tuple[int, float]], lower: float = -np.inf, upper: float = np.inf) -> None:
        row = len(self.lower)
        for col, value in terms:
            self.rows.append(row)
            self.cols.append(col)
            self.vals.append(value)
        self.lower.append(lower)
        self.upper.append(upper)

    def constraints(self) -> list[LinearConstraint]:
        if not self.lower:
            return []
        matrix = coo_matrix((self.vals, (self.rows, self.cols)), shape=(len(self.lower), self.size)).tocsr()
        return [LinearConstraint(matrix, self.lower, self.upper)]


def _solve(objective: Any, upper: Any, rows: _Rows, *, gap: float, time_limit: float) -> Any:
    size = len(objective)
    return milp(
        objective,
        integrality=np.ones(size),
        bounds=Bounds(np.zeros(size), upper),
        constraints=rows.constraints(),
        options={"mip_rel_gap": gap, "time_limit": max(time_limit, 0.05), "presolve": True},
    )


class _Problem:
    """The data of one planning problem, and the three programmes solved on it."""

    def __init__(
        self,
        items: Iterable[PlanItem],
        budgets: Iterable[HorizonBudget],
        done: Iterable[Hashable],
        required: Iterable[Hashable],
        forbidden: Iterable[Hashable],
    ) -> None:
        self.by_id = {item.id: item for item in items}
        self.ids = list(self.by_id)
        self.index = {item_id: i for i, item_id in enumerate(self.ids)}
        self.budgets = list(budgets)
        self.horizons = len(self.budgets)
        self.done, self.required, self.forbidden = set(done), set(required), set(forbidden)
        self.blocked = _blocked(self.by_id, self.done, self.forbidden)
        self.points = np.array([_points(self.by_id[i].value) for i in self.ids], dtype=float)
        # A gap below half a point-hundredth proves the optimum of a whole-number objective.
        self.gap = 0.5 / (float(self.points.sum()) + 1.0)
        self.edges = [
            (self.index[item_id], self.index[p])
            for item_id in self.ids
            for p in self.by_id[item_id].prerequisites
            if p not in self.done and p in self.index
        ]

    def fits(self, item: PlanItem, h: int) -> bool:
        budget = self.budgets[h]
        if item.id in self.blocked or item.id in self.forbidden:
            return False
        if budget.investment is not None and item.investment > budget.investment:
            return False
        return not (budget.staff_days is not None and item.staff_days > budget.staff_days)

    def relaxation(self, cuts: list[list[int]], time_limit: float) -> Any:
        """One pooled budget instead of one per horizon: an upper bound, and a candidate set of sheets."""
        n = len(self.ids)
        rows = _Rows(n)
        upper = np.array(
            [1.0 if any(self.fits(self.by_id[i], h) for h in range(self.horizons)) else 0.0 for i in self.ids]
        )
        for i, j in self.edges:
            rows.add([(i, 1.0), (j, -1.0)], upper=0.0)
        for item_id in self.required:
            if item_id in self.index:
                rows.add([(self.index[item_id], 1.0)], lower=1.0)
        for resource in (INVESTMENT, STAFF):
            limits = [b.investment if resource == INVESTMENT else b.staff_days for b in self.budgets]
            known = [limit for limit in limits if limit is not None]
            if len(known) == len(limits):
                terms = [(i, _amount(self.by_id[item_id], resource)) for i, item_id in enumerate(self.ids)]
                rows.add(terms, upper=float(sum(known)))
        for cut in cuts:
            rows.add([(i, 1.0) for i in cut], upper=len(cut) - 1.0)
        return _solve(-self.points, upper, rows, gap=self.gap, time_limit=time_limit)

    def full(
        self, chosen: list[int] | None, time_limit: float, bound: float | None = None
    ) -> tuple[Any, dict[Hashable, int] | None]:
        """The exact programme with one budget per horizon; with `chosen`, only places those sheets."""
        members = list(range(len(self.ids))) if chosen is None else chosen
        if not members:
            return None, {}
        position = {i: k for k, i in enumerate(members)}
        horizons = self.horizons
        size = len(members) * horizons
        rows = _Rows(size)
        upper = np.zeros(size)
        for k, i in enumerate(members):
            item = self.by_id[self.ids[i]]
            for h in range(horizons):
                upper[k * horizons + h] = 1.0 if self.fits(item, h) else 0.0
            must = chosen is not None or item.id in self.required
            rows.add([(k * horizons + h, 1.0) for h in range(horizons)], lower=1.0 if must else 0.0, upper=1.0)
        for i, j in self.edges:
            if i not in position or j not in position:
                continue
            a, b = position[i], position[j]
            # Done by horizon h implies its prerequisite done by horizon h (cumulative form, tighter).
            for h in range(horizons):
                terms = [(a * horizons + e, 1.0) for e in range(h + 1)]
                terms += [(b * horizons + e, -1.0) for e in range(h + 1)]
                rows.add(terms, upper=0.0)
        for h, budget in enumerate(self.budgets):
            for resource, limit in ((INVESTMENT, budget.investment), (STAFF, budget.staff_days)):
                if limit is None:
                    continue
                terms = [
                    (k * horizons + h, _amount(self.by_id[self.ids[i]], resource))
                    for k, i in enumerate(members)
                    if _amount(self.by_id[self.ids[i]], resource)
                ]
                rows.add(terms, upper=float(limit))
        if chosen is not None:
            objective = np.zeros(size)
        else:
            objective = -np.repeat(self.points, horizons)
            if bound is not None:
                rows.add([(v, -c) for v, c in enumerate(objective) if c], upper=bound)
        result = _solve(objective, upper, rows, gap=self.gap, time_limit=time_limit)
        if result.x is None:
            return result, None
        values = np.rint(result.x).astype(int)
        assignments = {
            self.ids[i]: h for k, i in enumerate(members) for h in range(horizons) if values[k * horizons + h]
        }
        return result, assignments


def solve_plan(
    items: Sequence[PlanItem],
    budgets: Sequence[HorizonBudget],
    *,
    done: Iterable[Hashable] = (),
    required: Iterable[Hashable] = (),
    forbidden: Iterable[Hashable] = (),
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Plan:
    """Choose sheets and horizons maximising the total score within budgets and prerequisites.

    `done`: sheets already carried out (they satisfy prerequisites); `required`: sheets the referent
    wants in the plan whatever it costs elsewhere; `forbidden`: sheets the referent leaves out.
    Returns a Plan with feasible=False when the required sheets cannot all be fitted.

    Steps (every step is an exact MILP solved by HiGHS):
    1. Pool the horizons' budgets into one: the best set of sheets under the pooled budget bounds the
       true optimum from above.
    2. Try to place exactly that set into the horizons (a small feasibility programme). If it fits,
       the plan reaches the bound and is optimal. If it provably does not, no set containing it fits
       either: cut it off and go back to 1 (a few rounds at most).
    3. Otherwise solve the full programme with one budget per horizon, bounded by step 1's value.
    """
    started = time.perf_counter()
    problem = _Problem(items, budgets, done, required, forbidden)
    if not problem.ids or not problem.horizons:
        plan = Plan(feasible=not problem.required, optimal=True, used=[_zero_use() for _ in budgets])
        plan.excluded = {i: Exclusion(NOT_CHOSEN) for i in problem.ids}
        plan.seconds = time.perf_counter() - started
        return plan
    found = _search(problem, started + time_limit)
    if isinstance(found, Plan):
        found.seconds = time.perf_counter() - started
        return found
    plan = _explained_plan(problem, *found)
    plan.seconds = time.perf_counter() - started
    return plan


def _search(problem: _Problem, deadline: float) -> tuple[dict[Hashable, int], bool] | Plan:
    """Steps 1-3 of `solve_plan`: (assignments, optimal), or an infeasible Plan."""
    assignments, optimal, bound = None, False, None
    cuts: list[list[int]] = []
    for _round in range(RELAXATION_ROUNDS):
        relaxed = problem.relaxation(cuts, deadline - time.perf_counter())
        if relaxed.x is None:
            if relaxed.status == 2:  # infeasible: even pooled budgets cannot hold the required sheets
                return _infeasible(problem.budgets)
            break
        bound = -relaxed.fun if relaxed.status == 0 else None
        chosen = [i for i, value in enumerate(np.rint(relaxed.x).astype(int)) if value]
        packing, placed = problem.full(chosen, min(PACKING_TIME_LIMIT, deadline - time.perf_counter()))
        if placed is not None:
            return placed, relaxed.status == 0
        if packing is None or packing.status != 2:  # the packing was neither found nor disproved in time
            break
        cuts.append(chosen)
    result, assignments = problem.full(None, deadline - time.perf_counter(), bound=bound)
    if assignments is None:
        return _infeasible(problem.budgets, proven=result.status == 2)
    optimal = result.status == 0
    return assignments, optimal


def _explained_plan(problem: _Problem, assignments: dict[Hashable, int], optimal: bool) -> Plan:
    """The plan brought forward, with a reason for every sheet left out and every sheet placed late."""
    by_id, budgets = problem.by_id, problem.budgets
    assignments = _bring_forward(assignments, by_id, budgets, problem.done)
    plan = Plan(
        feasible=True,
        optimal=optimal,
        assignments=assignments,
        total_value=round(sum((by_id[i].value or 0.0) for i in assignments), 2),
        used=_use(assignments, by_id, len(budgets)),
    )
    plan.excluded = {
        item_id: _explain(by_id[item_id], plan, by_id, budgets, problem.done, problem.blocked, problem.forbidden)
        for item_id in problem.ids
        if item_id not in assignments
    }
    plan.placements = {
        item_id: _explain_placement(by_id[item_id], plan, budgets, problem.done)
        for item_id, horizon in assignments.items()
        if horizon > 0
    }
    return plan


def _infeasible(budgets: Sequence[HorizonBudget], *, proven: bool = True) -> Plan:
    return Plan(feasible=False, optimal=proven, used=[_zero_use() for _ in budgets])


def _amount(item: PlanItem, resource: str) -> float:
    return float(item.investment if resource == INVESTMENT else item.staff_days)


def _zero_use() -> dict[str, float]:
    return {INVESTMENT: 0.0, STAFF: 0.0}


def _use(assignments: dict[Hashable, int], by_id: dict[Hashable, PlanItem], horizons: int) -> list[dict[str, float]]:
    used = [_zero_use() for _ in range(horizons)]
    for item_id, h in assignments.items():
        used[h][INVESTMENT] += float(by_id[item_id].investment)
        used[h][STAFF] += float(by_id[item_id].staff_days)
    return used


def _left(budget: HorizonBudget, used: dict[str, float], resource: str) -> float | None:
    limit = budget.investment if resource == INVESTMENT else budget.staff_days
    return None if limit is None else float(limit) - used[resource]


def _fits(item: PlanItem, budget: HorizonBudget, used: dict[str, float]) -> bool:
    for resource in (INVESTMENT, STAFF):
        left = _left(budget, used, resource)
        if left is not None and _amount(item, resource) > left + 1e-9:
            return False
    return True


def _earliest(item: PlanItem, assignments: dict[Hashable, int], done: set[Hashable]) -> int | None:
    """The earliest horizon its prerequisites allow, or None when one is not chosen."""
    earliest = 0
    for prerequisite in item.prerequisites:
        if prerequisite in done:
            continue
        if prerequisite not in assignments:
            return None
        earliest = max(earliest, assignments[prerequisite])
    return earliest


def _bring_forward(
    assignments: dict[Hashable, int],
    by_id: dict[Hashable, PlanItem],
    budgets: Sequence[HorizonBudget],
    done: set[Hashable],
) -> dict[Hashable, int]:
    """Bring the chosen sheets forward without changing the set: the best-scored ones first.

    Repeats two moves while they help: a sheet goes to an earlier horizon with enough budget left, or
    it swaps horizons with a lower-scored sheet of an earlier horizon when both budgets and every
    prerequisite allow. Each move raises the sum of score × earliness, so it ends.
    """
    forward = _Forward(assignments, by_id, budgets, done)
    moved = True
    while moved:
        moved = False
        for item_id in forward.order:
            if forward.move_earlier(item_id) or forward.swap_earlier(item_id):
                moved = True
    return forward.assignments


class _Forward:
    """The state of `_bring_forward`: where each chosen sheet is and what each horizon has spent."""

    def __init__(
        self,
        assignments: dict[Hashable, int],
        by_id: dict[Hashable, PlanItem],
        budgets: Sequence[HorizonBudget],
        done: set[Hashable],
    ) -> None:
        self.assignments = dict(assignments)
        self.by_id, self.budgets, self.done = by_id, budgets, done
        self.used = _use(self.assignments, by_id, len(budgets))
        self.dependents: dict[Hashable, list[Hashable]] = {i: [] for i in self.assignments}
        for item_id in self.assignments:
            for prerequisite in by_id[item_id].prerequisites:
                if prerequisite in self.dependents:
                    self.dependents[prerequisite].append(item_id)
        self.order = sorted(self.assignments, key=lambda i: (-self.value(i), str(i)))

    def value(self, item_id: Hashable) -> float:
        return self.by_id[item_id].value or 0.0

    def shift(self, item_id: Hashable, source: int, target: int) -> None:
        for resource in (INVESTMENT, STAFF):
            self.used[source][resource] -= _amount(self.by_id[item_id], resource)
            self.used[target][resource] += _amount(self.by_id[item_id], resource)
        self.assignments[item_id] = target

    def move_earlier(self, item_id: Hashable) -> bool:
        """Move the sheet to the earliest horizon its prerequisites allow with enough budget left."""
        current = self.assignments[item_id]
        earliest = _earliest(self.by_id[item_id], self.assignments, self.done) or 0
        for h in range(earliest, current):
            if _fits(self.by_id[item_id], self.budgets[h], self.used[h]):
                self.shift(item_id, current, h)
                return True
        return False

    def swap_earlier(self, item_id: Hashable) -> bool:
        """Swap the sheet with a lower-scored one of an earlier horizon, when budgets and prerequisites allow."""
        current = self.assignments[item_id]
        for other in reversed(self.order):
            if self.value(other) >= self.value(item_id) or self.assignments[other] >= current:
                continue
            if self.swap_fits(item_id, other):
                early_h = self.assignments[other]
                self.shift(other, early_h, current)
                self.shift(item_id, current, early_h)
                return True
        return False

    def budgets_allow_swap(self, late: Hashable, early: Hashable) -> bool:
        late_h, early_h = self.assignments[late], self.assignments[early]
        for h, incoming, outgoing in ((early_h, late, early), (late_h, early, late)):
            for resource in (INVESTMENT, STAFF):
                limit = self.budgets[h].investment if resource == INVESTMENT else self.budgets[h].staff_days
                after = (
                    self.used[h][resource]
                    - _amount(self.by_id[outgoing], resource)
                    + _amount(self.by_id[incoming], resource)
                )
                if limit is not None and after > float(limit) + 1e-9:
                    return False
        return True

    def swap_fits(self, late: Hashable, early: Hashable) -> bool:
        if not self.budgets_allow_swap(late, early) or early in self.by_id[late].prerequisites:
            return False
        late_h, early_h = self.assignments[late], self.assignments[early]
        late_ready = all(p in self.done or self.assignments[p] <= early_h for p in self.by_id[late].prerequisites)
        early_ok = all(self.assignments[d] >= late_h for d in self.dependents[early])
        return late_ready and early_ok


def _explain_placement(item: PlanItem, plan: Plan, budgets: Sequence[HorizonBudget], done: set[Hashable]) -> Placement:
    """Why a chosen sheet is not in an earlier horizon: its prerequisites, or the budget left earlier."""
    horizon = plan.assignments[item.id]
    earliest = _earliest(item, plan.assignments, done) or 0
    holding = tuple(p for p in item.prerequisites if p not in done and plan.assignments.get(p) == earliest)
    if earliest >= horizon:
        return Placement(PLACED_AFTER_PREREQUISITE, prerequisites=holding, earliest_horizon=earliest)
    shortfalls = _shortfalls(item, plan, budgets, range(earliest, horizon))
    reason = PLACED_BY_BUDGET if shortfalls else PLACED_EQUALLY
    prerequisites = holding if earliest else ()
    return Placement(reason, prerequisites=prerequisites, shortfalls=shortfalls, earliest_horizon=earliest)


def _shortfalls(item: PlanItem, plan: Plan, budgets: Sequence[HorizonBudget], horizons: range) -> tuple[Shortfall, ...]:
    """In each of `horizons`, the resources left (after the plan) short of what the sheet needs."""
    shortfalls = []
    for h in horizons:
        for resource in (INVESTMENT, STAFF):
            left = _left(budgets[h], plan.used[h], resource)
            needed = _amount(item, resource)
            if left is not None and needed > left + 1e-9:
                shortfalls.append(Shortfall(horizon=h, resource=resource, left=max(left, 0.0), needed=needed))
    return tuple(shortfalls)


def _explain(
    item: PlanItem,
    plan: Plan,
    by_id: dict[Hashable, PlanItem],
    budgets: Sequence[HorizonBudget],
    done: set[Hashable],
    blocked: dict[Hashable, tuple[Hashable, ...]],
    forbidden: set[Hashable],
) -> Exclusion:
    if item.id in forbidden:
        return Exclusion(EXCLUDED_BY_USER)
    if item.id in blocked:
        return Exclusion(PREREQUISITE_UNAVAILABLE, prerequisites=blocked[item.id])
    for resource in (INVESTMENT, STAFF):
        limits = [b.investment if resource == INVESTMENT else b.staff_days for b in budgets]
        known = [limit for limit in limits if limit is not None]
        if len(known) == len(limits) and _amount(item, resource) > max(known):
            return Exclusion(
                TOO_EXPENSIVE, resource=resource, needed=_amount(item, resource), largest_budget=max(known)
            )
    missing = tuple(p for p in item.prerequisites if p not in done and p not in plan.assignments)
    if missing:
        return Exclusion(PREREQUISITE_NOT_SELECTED, prerequisites=missing)
    earliest = _earliest(item, plan.assignments, done) or 0
    shortfalls = _shortfalls(item, plan, budgets, range(earliest, len(budgets)))
    blocked_horizons = {s.horizon for s in shortfalls}
    if len(blocked_horizons) == len(budgets) - earliest:
        return Exclusion(BUDGET, shortfalls=shortfalls, earliest_horizon=earliest)
    if not item.value:
        return Exclusion(NOT_SCORED)
    return Exclusion(NOT_CHOSEN)
