"""The affordable plan explains every sheet it places after the short term, and every sheet it brings forward."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings

from roadmaps import planning
from roadmaps.models import PlanProposal
from roadmaps.plan_explanations import move_text, placement_text
from roadmaps.planning import HorizonBudget, PlanItem, solve_plan
from tests.roadmaps.test_planning import instances


def test_a_high_priority_sheet_placed_later_says_which_budget_pushed_it():
    # "dear" scores most but costs 60: the short term (50) cannot hold it, so two cheaper sheets go there.
    items = [PlanItem("dear", 90, 60), PlanItem("mid", 60, 30), PlanItem("small", 40, 20)]
    plan = solve_plan(items, [HorizonBudget(50), HorizonBudget(60), HorizonBudget(0)])
    assert plan.assignments == {"dear": 1, "mid": 0, "small": 0}
    placement = plan.placements["dear"]
    assert placement.reason == planning.PLACED_BY_BUDGET
    assert placement.shortfalls == (planning.Shortfall(horizon=0, resource=planning.INVESTMENT, left=0, needed=60),)
    assert set(plan.placements) == {"dear"}


def test_a_sheet_held_back_by_its_prerequisite_names_it():
    # "b" does not fit the short term, so "a" cannot come before the medium term whatever the budget.
    items = [PlanItem("a", 50, 10, prerequisites=("b",)), PlanItem("b", 10, 10)]
    plan = solve_plan(items, [HorizonBudget(5), HorizonBudget(20), HorizonBudget(10)])
    assert plan.assignments == {"a": 1, "b": 1}
    assert plan.placements["a"] == planning.Placement(
        planning.PLACED_AFTER_PREREQUISITE, prerequisites=("b",), earliest_horizon=1
    )
    assert plan.placements["b"].reason == planning.PLACED_BY_BUDGET


def test_a_prerequisite_in_the_same_horizon_can_still_leave_no_room():
    items = [PlanItem("a", 50, 10, prerequisites=("b",)), PlanItem("b", 10, 10)]
    plan = solve_plan(items, [HorizonBudget(10), HorizonBudget(10), HorizonBudget(10)])
    assert plan.assignments == {"b": 0, "a": 1}
    assert plan.placements["a"] == planning.Placement(
        planning.PLACED_BY_BUDGET,
        shortfalls=(planning.Shortfall(horizon=0, resource=planning.INVESTMENT, left=0, needed=10),),
    )


def test_prerequisite_and_budget_together():
    items = [PlanItem("a", 90, 30, prerequisites=("b",)), PlanItem("b", 20, 10)]
    plan = solve_plan(items, [HorizonBudget(5), HorizonBudget(30), HorizonBudget(30)])
    assert plan.assignments == {"b": 1, "a": 2}
    assert plan.placements["a"] == planning.Placement(
        planning.PLACED_BY_BUDGET,
        prerequisites=("b",),
        shortfalls=(planning.Shortfall(horizon=1, resource=planning.INVESTMENT, left=20, needed=30),),
        earliest_horizon=1,
    )


def test_staff_days_shortfalls_are_explained_too():
    items = [PlanItem("a", 90, 0, staff_days=30), PlanItem("b", 50, 0, staff_days=20)]
    plan = solve_plan(items, [HorizonBudget(None, 20), HorizonBudget(None, 30), HorizonBudget(None, 0)])
    assert plan.assignments == {"b": 0, "a": 1}
    assert plan.placements["a"].shortfalls == (
        planning.Shortfall(horizon=0, resource=planning.STAFF, left=0, needed=30),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_sheet_after_the_short_term_is_explained(instance):
    items, budgets = instance
    plan = solve_plan(items, budgets)
    late = {sheet for sheet, horizon in plan.assignments.items() if horizon > 0}
    assert set(plan.placements) == late
    for sheet in late:
        placement = plan.placements[sheet]
        assert placement.reason in (planning.PLACED_AFTER_PREREQUISITE, planning.PLACED_BY_BUDGET)
        if placement.reason == planning.PLACED_BY_BUDGET:
            horizons = {s.horizon for s in placement.shortfalls}
            assert horizons == set(range(placement.earliest_horizon, plan.assignments[sheet]))
        else:
            assert placement.earliest_horizon == plan.assignments[sheet]


@translation.override("en")
def test_texts_with_plurals_and_amounts():
    titles = {1: "Website", 2: "Counter"}
    budget = {
        "reason": planning.PLACED_BY_BUDGET,
        "prerequisites": [],
        "shortfalls": [
            {"horizon": "short", "resource": "investment", "left": 20000.0, "needed": 60000.0},
            {"horizon": "short", "resource": "staff_days", "left": 1.0, "needed": 12.0},
        ],
        "earliest_horizon": "short",
    }
    assert placement_text(budget, "medium", titles) == (
        "In the medium term, not earlier: it needs 60,000 € and 12 staff days, and the sheets planned earlier "
        "leave only 20,000 € and 1 staff day in the short term."
    )
    one = {"reason": planning.PLACED_AFTER_PREREQUISITE, "prerequisites": [1], "earliest_horizon": "long"}
    assert placement_text(one, "long", titles) == (
        "In the long term because its prerequisite “Website” is planned there, and comes first."
    )
    two = {**one, "prerequisites": [1, 2]}
    assert "its prerequisites “Website”, “Counter” are planned there, and come first" in placement_text(
        two, "long", titles
    )
    after = {**budget, "prerequisites": [2], "earliest_horizon": "medium", "shortfalls": budget["shortfalls"][:1]}
    after["shortfalls"] = [{**after["shortfalls"][0], "horizon": "medium"}]
    assert placement_text(after, "long", titles) == (
        "In the long term, not earlier: its prerequisite “Counter” comes in the medium term, and from then on it "
        "needs 60,000 € while the sheets planned there leave only 20,000 € in the medium term."
    )
    assert move_text(placement=None, horizon="short", current="long", titles=titles) == (
        "Brought forward to the short term: the budget there has room for it."
    )
    assert move_text(placement=None, horizon="short", current="short", titles=titles) == ""


@pytest.mark.django_db
def test_the_plan_page_explains_the_moves(referent_client, referent, in_english, roadmap, make_sheet, score_now):
    in_english(referent)
    make_sheet("Counter", marks=(5, 5, 5, 5, 5, 5), investment=Decimal(60_000))
    make_sheet("Website", marks=(3, 3, 3, 3, 3, 3), investment=Decimal(30_000))
    make_sheet("Cyber", marks=(2, 2, 2, 2, 2, 2), investment=Decimal(20_000))
    score_now(roadmap)
    budgets = {"short_investment": "50000", "medium_investment": "60000", "long_investment": "0"}
    url = reverse("roadmaps:plan", args=[roadmap.commune.slug])
    assert referent_client.post(url, budgets).status_code == 302
    proposal = PlanProposal.objects.get()
    counter = roadmap.sheets.get(title="Counter")
    assert proposal.placements[str(counter.pk)]["reason"] == planning.PLACED_BY_BUDGET
    page = referent_client.get(url).content.decode()
    assert "In the medium term, not earlier: it needs 60,000 €" in page
