"""The affordable plan pages: propose, explain, accept or ignore."""

from decimal import Decimal

import pytest
from django.urls import reverse

from roadmaps.models import PlanProposal, PlanStatus, ProjectSheet
from roadmaps.services import planning as plan_services
from tests.helpers import assert_message_in

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, roadmap, *args):
    return reverse(f"roadmaps:{name}", args=[roadmap.commune.slug, *args])


@pytest.fixture
def sheets(roadmap, make_sheet, score_now):
    website = make_sheet("Website", marks=(3, 3, 3, 3, 3, 3), investment=Decimal(40_000))
    counter = make_sheet("Counter", marks=(5, 5, 5, 5, 5, 5), investment=Decimal(60_000), requires=[website])
    lighting = make_sheet("Lighting", marks=(4, 4, 4, 4, 4, 4), investment=Decimal(250_000))
    score_now(roadmap)
    return website, counter, lighting


BUDGETS = {"short_investment": "50000", "medium_investment": "70000", "long_investment": "100000"}


def test_propose_then_accept(referent_client, referent, in_english, roadmap, sheets):
    in_english(referent)
    website, counter, lighting = sheets
    response = referent_client.post(url("plan", roadmap), BUDGETS)
    assert response.status_code == 302
    page = referent_client.get(url("plan", roadmap)).content.decode()
    assert "Lighting" in page and "larger than the budget of every horizon" in page
    assert 'value="50000"' in page  # the budgets are offered again
    proposal = PlanProposal.objects.get()
    response = referent_client.post(url("plan-decide", roadmap, proposal.pk), {"decision": "accept"})
    assert response.status_code == 302 and response.url == url("roadmap-timeline", roadmap)
    assert dict(ProjectSheet.objects.values_list("title", "horizon")) == {
        "Website": "short",
        "Counter": "medium",
        "Lighting": "",
    }


def test_ignore_keeps_the_horizons(referent_client, roadmap, sheets):
    referent_client.post(url("plan", roadmap), BUDGETS)
    proposal = PlanProposal.objects.get()
    referent_client.post(url("plan-decide", roadmap, proposal.pk), {"decision": "dismiss"})
    assert PlanProposal.objects.get().status == PlanStatus.DISMISSED
    assert set(ProjectSheet.objects.values_list("horizon", flat=True)) == {""}


def test_adjust_by_requiring_a_sheet(referent_client, roadmap, sheets):
    website, counter, lighting = sheets
    response = referent_client.post(
        url("plan", roadmap), {**BUDGETS, "long_investment": "300000", "required": [lighting.pk]}
    )
    assert response.status_code == 302
    assert str(lighting.pk) in PlanProposal.objects.get().assignments


@pytest.mark.parametrize("htmx", [False, True])
def test_missing_budget_keeps_the_input(referent_client, roadmap, sheets, htmx):
    response = referent_client.post(url("plan", roadmap), {"short_investment": "12345"}, **(HTMX if htmx else {}))
    assert response.status_code == (422 if htmx else 200)
    assert 'value="12345"' in response.content.decode()
    assert not PlanProposal.objects.exists()


def test_infeasible_requirements_are_explained(referent_client, roadmap, sheets):
    website, counter, lighting = sheets
    response = referent_client.post(url("plan", roadmap), {**BUDGETS, "required": [lighting.pk]})
    assert_message_in(response, plan_services.ERROR_PLAN_INFEASIBLE)
    assert not PlanProposal.objects.exists()


def test_required_and_left_out_at_once(referent_client, roadmap, sheets):
    website = sheets[0]
    response = referent_client.post(
        url("plan", roadmap), {**BUDGETS, "required": [website.pk], "forbidden": [website.pk]}
    )
    assert response.status_code == 200 and not PlanProposal.objects.exists()


def test_accepting_twice_says_so(referent_client, roadmap, sheets):
    referent_client.post(url("plan", roadmap), BUDGETS)
    proposal = PlanProposal.objects.get()
    referent_client.post(url("plan-decide", roadmap, proposal.pk), {"decision": "accept"})
    response = referent_client.post(url("plan-decide", roadmap, proposal.pk), {"decision": "accept"}, follow=True)
    assert_message_in(response, plan_services.ERROR_PLAN_DECIDED)


def test_a_left_out_sheets_reason_follows_a_french_colon(referent_client, roadmap, sheets):
    """“Éclairage public intelligent: Elle nécessite…” lacked the no-break space French puts before a colon."""
    referent_client.post(url("plan", roadmap), BUDGETS)
    page = referent_client.get(url("plan", roadmap)).content.decode()
    assert "Lighting</a>\u00a0: " in page
    assert "Lighting</a>: " not in page
