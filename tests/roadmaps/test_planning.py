"""roadmaps.planning: the affordable plan on small cases with a known optimum, and against brute force."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmaps import planning
from roadmaps.planning import HorizonBudget, PlanItem, solve_plan

THREE = [HorizonBudget(50_000), HorizonBudget(70_000), HorizonBudget(100_000)]


def test_known_optimum_with_a_prerequisite_and_a_project_too_dear():
    items = [
        PlanItem("website", 50, 40_000),
        PlanItem("counter", 90, 60_000, prerequisites=("website",)),
        PlanItem("lighting", 70, 250_000),
        PlanItem("cyber", 60, 18_000),
    ]
    plan = solve_plan(items, THREE)
    assert plan.feasible and plan.optimal
    assert set(plan.assignments) == {"website", "counter", "cyber"}
    assert plan.total_value == 200
    assert plan.assignments["counter"] >= plan.assignments["website"]
    lighting = plan.excluded["lighting"]
    assert lighting.reason == planning.TOO_EXPENSIVE
    assert (lighting.resource, lighting.needed, lighting.largest_budget) == (planning.INVESTMENT, 250_000, 100_000)


def test_a_cheap_sheet_whose_prerequisite_is_dear_gives_way():
    items = [
        PlanItem("a", 100, 10, prerequisites=("b",)),
        PlanItem("b", None, 90),
        PlanItem("c", 60, 50),
        PlanItem("d", 50, 50),
    ]
    plan = solve_plan(items, [HorizonBudget(100), HorizonBudget(0), HorizonBudget(0)])
    assert plan.optimal
    assert set(plan.assignments) == {"c", "d"} and plan.total_value == 110
    assert plan.excluded["a"].reason == planning.PREREQUISITE_NOT_SELECTED
    assert plan.excluded["a"].prerequisites == ("b",)
    budget = plan.excluded["b"]
    assert budget.reason == planning.BUDGET
    assert {(s.horizon, s.left, s.needed) for s in budget.shortfalls} == {(0, 0, 90), (1, 0, 90), (2, 0, 90)}


def test_a_sheet_never_comes_before_its_prerequisite():
    items = [PlanItem("a", 50, 10, prerequisites=("b",)), PlanItem("b", 10, 10)]
    plan = solve_plan(items, [HorizonBudget(10), HorizonBudget(10), HorizonBudget(10)])
    assert plan.assignments == {"b": 0, "a": 1}


def test_budget_reason_names_the_horizons_after_its_prerequisites():
    items = [PlanItem("a", 50, 30, prerequisites=("b",)), PlanItem("b", 80, 10), PlanItem("c", 90, 30)]
    plan = solve_plan(items, [HorizonBudget(40), HorizonBudget(35), HorizonBudget(0)])
    assert plan.optimal
    assert plan.total_value == 220
    items_long = [PlanItem("a", 50, 30, prerequisites=("b",)), PlanItem("b", 80, 10), PlanItem("c", 90, 35)]
    plan = solve_plan(items_long, [HorizonBudget(10), HorizonBudget(35), HorizonBudget(0)])
    assert plan.assignments == {"b": 0, "c": 1}
    exclusion = plan.excluded["a"]
    assert exclusion.reason == planning.BUDGET
    assert [(s.horizon, s.left) for s in exclusion.shortfalls] == [(0, 0), (1, 0), (2, 0)]


def test_staff_capacity_is_a_constraint_too():
    items = [
        PlanItem("x", 40, 0, staff_days=30),
        PlanItem("y", 30, 0, staff_days=20),
        PlanItem("z", 30, 0, staff_days=20),
    ]
    plan = solve_plan(items, [HorizonBudget(1_000, staff_days=40)])
    assert set(plan.assignments) == {"y", "z"}
    exclusion = plan.excluded["x"]
    assert exclusion.reason == planning.BUDGET
    assert [(s.resource, s.left, s.needed) for s in exclusion.shortfalls] == [(planning.STAFF, 0, 30)]


def test_more_staff_than_any_capacity():
    plan = solve_plan([PlanItem("x", 40, 0, staff_days=100)], [HorizonBudget(None, 10), HorizonBudget(None, 20)])
    assert plan.excluded["x"].reason == planning.TOO_EXPENSIVE
    assert plan.excluded["x"].resource == planning.STAFF


def test_no_limit_means_no_limit():
    plan = solve_plan([PlanItem("x", 40, 10**9, staff_days=10**6)], [HorizonBudget(None)])
    assert plan.assignments == {"x": 0}


def test_required_sheets_are_forced_in_at_the_cost_of_others():
    items = [
        PlanItem("x", 40, 0, staff_days=30),
        PlanItem("y", 30, 0, staff_days=20),
        PlanItem("z", 30, 0, staff_days=20),
    ]
    plan = solve_plan(items, [HorizonBudget(None, staff_days=40)], required={"x"})
    assert plan.feasible and set(plan.assignments) == {"x"} and plan.total_value == 40


def test_required_sheets_that_cannot_fit_make_the_plan_infeasible():
    plan = solve_plan([PlanItem("x", 40, 500_000)], THREE, required={"x"})
    assert not plan.feasible and plan.optimal and plan.assignments == {}


def test_left_out_sheets_block_their_dependents():
    items = [PlanItem("website", 50, 10), PlanItem("counter", 90, 10, prerequisites=("website",))]
    plan = solve_plan(items, THREE, forbidden={"website"})
    assert plan.assignments == {}
    assert plan.excluded["website"].reason == planning.EXCLUDED_BY_USER
    assert plan.excluded["counter"].reason == planning.PREREQUISITE_UNAVAILABLE
    assert plan.excluded["counter"].prerequisites == ("website",)


def test_done_prerequisites_are_satisfied_and_unknown_ones_block():
    items = [
        PlanItem("counter", 90, 10, prerequisites=("website",)),
        PlanItem("portal", 60, 10, prerequisites=("gone",)),
    ]
    plan = solve_plan(items, THREE, done={"website"})
    assert plan.assignments == {"counter": 0}
    assert plan.excluded["portal"].reason == planning.PREREQUISITE_UNAVAILABLE
    assert plan.excluded["portal"].prerequisites == ("gone",)


def test_chosen_sheets_are_brought_as_early_as_budgets_allow():
    items = [PlanItem(i, 10 * (i + 1), 10) for i in range(5)]
    plan = solve_plan(items, [HorizonBudget(20), HorizonBudget(20), HorizonBudget(100)])
    assert plan.assignments[4] == 0 and plan.assignments[3] == 0
    assert sorted(plan.assignments.values()) == [0, 0, 1, 1, 2]
    assert plan.used[0][planning.INVESTMENT] == 20


def test_unscored_sheets_left_out_say_so():
    plan = solve_plan([PlanItem("x", None, 10)], [HorizonBudget(100)])
    if "x" in plan.excluded:
        assert plan.excluded["x"].reason == planning.NOT_SCORED


def test_nothing_to_plan():
    plan = solve_plan([], THREE)
    assert plan.feasible and plan.optimal and plan.assignments == {}


# Brute force on small instances ------------------------------------------------------------------


def _brute_force(items, budgets, done=()):
    by_id = {item.id: item for item in items}
    best = 0
    for combo in itertools.product([None, *range(len(budgets))], repeat=len(items)):
        chosen = {item.id: h for item, h in zip(items, combo, strict=True) if h is not None}
        if any(
            p not in done and (p not in chosen or chosen[p] > h)
            for i, h in chosen.items()
            for p in by_id[i].prerequisites
        ):
            continue
        fits = True
        for h, budget in enumerate(budgets):
            spent = sum(by_id[i].investment for i, hh in chosen.items() if hh == h)
            staff = sum(by_id[i].staff_days for i, hh in chosen.items() if hh == h)
            if (budget.investment is not None and spent > budget.investment) or (
                budget.staff_days is not None and staff > budget.staff_days
            ):
                fits = False
        if fits:
            best = max(best, sum(round((by_id[i].value or 0) * 100) for i in chosen))
    return best


@st.composite
def instances(draw):
    n = draw(st.integers(1, 6))
    items = []
    for i in range(n):
        prerequisites = tuple(draw(st.sets(st.integers(0, i - 1), max_size=2))) if i else ()
        items.append(
            PlanItem(
                i,
                draw(st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2)))),
                draw(st.integers(0, 10)),
                draw(st.integers(0, 5)),
                prerequisites,
            )
        )
    budgets = [
        HorizonBudget(draw(st.one_of(st.none(), st.integers(0, 12))), draw(st.one_of(st.none(), st.integers(0, 8))))
        for _ in range(3)
    ]
    return items, budgets


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_plan_is_optimal_and_respects_every_constraint(instance):
    items, budgets = instance
    plan = solve_plan(items, budgets)
    by_id = {item.id: item for item in items}
    assert plan.feasible and plan.optimal
    for sheet, horizon in plan.assignments.items():
        for prerequisite in by_id[sheet].prerequisites:
            assert plan.assignments[prerequisite] <= horizon
    for h, budget in enumerate(budgets):
        spent = [by_id[i] for i, hh in plan.assignments.items() if hh == h]
        if budget.investment is not None:
            assert sum(i.investment for i in spent) <= budget.investment
        if budget.staff_days is not None:
            assert sum(i.staff_days for i in spent) <= budget.staff_days
    assert sum(round((by_id[i].value or 0) * 100) for i in plan.assignments) == _brute_force(items, budgets)
    assert set(plan.assignments) | set(plan.excluded) == set(by_id)
    assert all(e.reason != planning.NOT_CHOSEN for e in plan.excluded.values())
