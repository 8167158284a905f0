"""Affordable plans: propose, accept (apply horizons), set aside."""

from decimal import Decimal

import pytest

from communes.models import Activity
from roadmaps import planning
from roadmaps.models import PlanProposal, PlanStatus, ProjectSheet, RoadmapVerb
from roadmaps.services import planning as services
from smartregion.errors import ServiceError

pytestmark = pytest.mark.django_db

BUDGETS = {"short": (Decimal(50_000), None), "medium": (Decimal(70_000), None), "long": (Decimal(100_000), None)}


@pytest.fixture
def sheets(roadmap, make_sheet, score_now):
    website = make_sheet("Website", marks=(3, 3, 3, 3, 3, 3), investment=Decimal(40_000), horizon="long")
    counter = make_sheet("Counter", marks=(5, 5, 5, 5, 5, 5), investment=Decimal(60_000), requires=[website])
    lighting = make_sheet("Lighting", marks=(4, 4, 4, 4, 4, 4), investment=Decimal(250_000), horizon="short")
    done = make_sheet("Old intranet", marks=(5,), investment=Decimal(1), status="done", horizon="short")
    dropped = make_sheet("Dropped", marks=(5,), status="abandoned")
    score_now(roadmap)
    return {"website": website, "counter": counter, "lighting": lighting, "done": done, "dropped": dropped}


def test_propose_stores_the_optimal_plan_with_reasons(roadmap, referent, sheets):
    proposal = services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS)
    assert proposal.status == PlanStatus.PROPOSED and proposal.optimal and proposal.feasible
    assert proposal.assignments == {str(sheets["website"].pk): "short", str(sheets["counter"].pk): "medium"}
    assert proposal.exclusions[str(sheets["lighting"].pk)]["reason"] == planning.TOO_EXPENSIVE
    # Done and abandoned sheets are not candidates.
    assert str(sheets["done"].pk) not in proposal.exclusions and str(sheets["dropped"].pk) not in proposal.exclusions
    assert proposal.total_score == 150
    assert proposal.budgets["short"] == {"investment": 50_000.0, "staff_days": None}
    assert Activity.objects.filter(verb=RoadmapVerb.PLAN_PROPOSED).exists()


def test_a_new_proposal_sets_the_open_one_aside(roadmap, referent, sheets):
    first = services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS)
    services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS)
    first.refresh_from_db()
    assert first.status == PlanStatus.DISMISSED


def test_required_and_forbidden(roadmap, referent, sheets):
    proposal = services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS, forbidden=[sheets["website"].pk])
    assert proposal.assignments == {}
    assert proposal.exclusions[str(sheets["counter"].pk)]["reason"] == planning.PREREQUISITE_UNAVAILABLE
    with pytest.raises(ServiceError) as error:
        services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS, required=[sheets["lighting"].pk])
    assert error.value.message == services.ERROR_PLAN_INFEASIBLE
    with pytest.raises(ServiceError) as error:
        services.plan_propose(
            roadmap=roadmap,
            actor=referent,
            budgets=BUDGETS,
            required=[sheets["website"].pk],
            forbidden=[sheets["website"].pk],
        )
    assert error.value.message == services.ERROR_REQUIRED_AND_FORBIDDEN
    with pytest.raises(ServiceError) as error:
        services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS, required=[sheets["done"].pk])
    assert error.value.message == services.ERROR_NOT_PLANNABLE


def test_negative_budgets_are_refused(roadmap, referent, sheets):
    with pytest.raises(ServiceError) as error:
        services.plan_propose(roadmap=roadmap, actor=referent, budgets={"short": (Decimal(-1), None)})
    assert error.value.message == services.ERROR_BUDGET_NEGATIVE


def test_accept_applies_horizons_and_bumps_versions(roadmap, referent, sheets):
    proposal = services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS)
    services.plan_accept(proposal=proposal, actor=referent)
    horizons = dict(ProjectSheet.objects.values_list("title", "horizon"))
    assert horizons == {
        "Website": "short",
        "Counter": "medium",
        "Lighting": "",  # left out: taken out of the plan
        "Old intranet": "short",  # done: unchanged
        "Dropped": "",
    }
    assert ProjectSheet.objects.get(title="Website").version == 2
    assert ProjectSheet.objects.get(title="Old intranet").version == 1
    proposal.refresh_from_db()
    assert proposal.status == PlanStatus.ACCEPTED and proposal.decided_by == referent
    with pytest.raises(ServiceError) as error:
        services.plan_accept(proposal=proposal, actor=referent)
    assert error.value.message == services.ERROR_PLAN_DECIDED


def test_only_the_latest_proposal_can_be_accepted(roadmap, referent, sheets):
    first = services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS)
    PlanProposal.objects.filter(pk=first.pk).update(status=PlanStatus.PROPOSED)
    services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS)
    PlanProposal.objects.filter(pk=first.pk).update(status=PlanStatus.PROPOSED)
    with pytest.raises(ServiceError) as error:
        services.plan_accept(proposal=first, actor=referent)
    assert error.value.message == services.ERROR_PLAN_OUTDATED


def test_accepting_a_plan_the_roadmap_has_outgrown_is_refused(roadmap, referent, sheets, make_sheet):
    proposal = services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS)
    # Since the proposal, someone made the website need a long-term sheet.
    hosting = make_sheet("Hosting", horizon="long")
    sheets["website"].prerequisite_links.create(required=hosting)
    with pytest.raises(ServiceError) as error:
        services.plan_accept(proposal=proposal, actor=referent)
    assert "“Website”" in str(error.value.message) and "“Hosting”" in str(error.value.message)
    assert ProjectSheet.objects.get(title="Website").horizon == "long"


def test_dismiss(roadmap, referent, sheets):
    proposal = services.plan_propose(roadmap=roadmap, actor=referent, budgets=BUDGETS)
    services.plan_dismiss(proposal=proposal, actor=referent)
    proposal.refresh_from_db()
    assert proposal.status == PlanStatus.DISMISSED
    assert ProjectSheet.objects.get(title="Website").horizon == "long"
    with pytest.raises(ServiceError):
        services.plan_dismiss(proposal=proposal, actor=referent)
