"""The commune's share: one function for the page, the plan and the report; the plan's choice changes when a
grant is counted (a known optimum)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from funding import panels, selectors, services
from roadmaps import costs
from roadmaps.models import CostBasis, Priority, ProjectSheet, SheetScore
from roadmaps.services import planning as plan_services
from smartregion.money import euros

pytestmark = pytest.mark.django_db

ONLY_SHORT = {"short": (Decimal(100000), None), "medium": (Decimal(0), None), "long": (Decimal(0), None)}


def scored(roadmap, title, score, investment, rank):
    sheet = ProjectSheet.objects.create(roadmap=roadmap, title=title, investment=Decimal(investment))
    SheetScore.objects.create(
        sheet=sheet, roadmap=roadmap, score=score, priority=Priority.HIGH, rank=rank, version=0, marked=1
    )
    return sheet


@pytest.fixture
def two_sheets(roadmap):
    """A scores 80 but costs 150,000; B scores 60 and costs 100,000; the short-term budget is 100,000."""
    return scored(roadmap, "A", 80, 150000, 1), scored(roadmap, "B", 60, 100000, 2)


def test_the_plan_chooses_another_sheet_once_a_grant_is_counted(referent, staff_a, roadmap, call, two_sheets):
    a, b = two_sheets
    application = services.application_create(
        call=call, sheet=a, actor=staff_a, fields={"amount_requested": Decimal(90000), "probability": 60}
    )

    def chosen(basis):
        proposal = plan_services.plan_propose(roadmap=roadmap, actor=referent, budgets=ONLY_SHORT, cost_basis=basis)
        return {int(pk) for pk in proposal.assignments}, proposal

    # Investment: only B fits. Expected share: A costs 150,000 − 60 % of 90,000 = 96,000 and scores more.
    assert chosen(CostBasis.INVESTMENT)[0] == {b.pk}
    assert chosen(CostBasis.SHARE)[0] == {b.pk}  # nothing granted yet
    ids, proposal = chosen(CostBasis.EXPECTED_SHARE)
    assert ids == {a.pk} and proposal.costs[str(a.pk)] == 96000.0
    # Granted 60,000: A's share is 90,000, within the budget.
    services.application_update(
        application=application, actor=staff_a, fields={"status": "granted", "amount_granted": Decimal(60000)}
    )
    assert chosen(CostBasis.SHARE)[0] == {a.pk}


def test_without_a_provider_the_plan_budgets_on_the_investment(
    referent, staff_a, roadmap, call, two_sheets, monkeypatch
):
    a, b = two_sheets
    services.application_create(
        call=call,
        sheet=a,
        actor=staff_a,
        fields={"status": "granted", "amount_requested": Decimal(90000), "amount_granted": Decimal(60000)},
    )
    monkeypatch.setattr(costs, "_PROVIDERS", {})
    proposal = plan_services.plan_propose(
        roadmap=roadmap, actor=referent, budgets=ONLY_SHORT, cost_basis=CostBasis.SHARE
    )
    assert {int(pk) for pk in proposal.assignments} == {b.pk}
    assert not costs.has_grants()


def test_the_share_agrees_on_the_page_the_plan_and_the_report(referent, staff_a, roadmap, call, sheet, commune_a):
    services.application_create(
        call=call,
        sheet=sheet,
        actor=staff_a,
        fields={"status": "granted", "amount_requested": Decimal(50000), "amount_granted": Decimal(30000)},
    )
    share = selectors.share_of(sheet, selectors.sheet_applications(sheet))
    grants = costs.grants_for_roadmap(roadmap)
    assert share.share == costs.commune_share(sheet.investment, grants[sheet.pk]) == Decimal(50000)
    section = panels.report_section(commune_a)
    assert section["granted"] == float(share.granted) == 30000.0
    assert share.roi_net.total_cost == share.roi_gross.total_cost - Decimal(30000)


def test_the_plan_page_offers_the_commune_share(client_for, referent, roadmap, two_sheets):
    response = client_for(referent).get(reverse("roadmaps:plan", args=[roadmap.commune.slug]))
    assert response.status_code == 200
    assert 'name="cost_basis"' in response.content.decode()


def test_the_plan_form_budgets_on_the_share(client_for, referent, staff_a, roadmap, call, two_sheets):
    a, _b = two_sheets
    services.application_create(
        call=call,
        sheet=a,
        actor=staff_a,
        fields={"status": "granted", "amount_requested": Decimal(90000), "amount_granted": Decimal(60000)},
    )
    data = {"short_investment": "100000", "medium_investment": "0", "long_investment": "0", "cost_basis": "share"}
    response = client_for(referent).post(reverse("roadmaps:plan", args=[roadmap.commune.slug]), data)
    assert response.status_code == 302
    proposal = roadmap.plans.get()
    assert (proposal.cost_basis, list(proposal.assignments)) == ("share", [str(a.pk)])
    page = client_for(referent).get(reverse("roadmaps:plan", args=[roadmap.commune.slug])).content.decode()
    with translation.override("fr"):
        assert euros(90000) in page  # A's share, where the investment (150 000 €) was
