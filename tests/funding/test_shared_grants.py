"""A shared project applies once for all its communes: its grant lowers each member's share by the member's
part, split by the project's own rule in cents, on the plan, the sheet's page and the report alike."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from funding import panels, selectors, services
from mutualisation.models import SharedProjectMember
from roadmaps import costs
from roadmaps.models import CostBasis, Priority, SheetScore
from roadmaps.services import planning as plan_services
from smartregion.money import euros

pytestmark = pytest.mark.django_db


def sheets(project):
    members = SharedProjectMember.objects.filter(shared_project=project).select_related("sheet__roadmap__commune")
    return {m.commune.slug: m.sheet for m in members.order_by("commune__name")}


def apply(project, call, referent, **fields):
    values = {"amount_requested": Decimal("20000.00"), "probability": 50, **fields}
    return services.application_create(call=call, shared_project=project, actor=referent, fields=values)


def test_the_granted_grant_is_split_by_the_project_rule_to_the_cent(shared, group_call, referent):
    by_slug = sheets(shared)
    assert by_slug["courcelles"].investment == Decimal("70000.00")
    assert by_slug["lobbes"].investment == Decimal("30000.00")
    apply(shared, group_call, referent, status="granted", amount_granted=Decimal("10000.01"))
    # 70 % of 10,000.01 = 7,000.007 and 30 % = 3,000.003: the left-over cent goes to the larger remainder.
    a = costs.grants_for_roadmap(by_slug["courcelles"].roadmap)
    b = costs.grants_for_roadmap(by_slug["lobbes"].roadmap)
    assert a == {by_slug["courcelles"].pk: Decimal("7000.01")}
    assert b == {by_slug["lobbes"].pk: Decimal("3000.00")}
    assert a[by_slug["courcelles"].pk] + b[by_slug["lobbes"].pk] == Decimal("10000.01")
    # The sheet's page figure is the plan's.
    sheet = by_slug["courcelles"]
    share = selectors.share_of(sheet, [], selectors.shared_parts(sheet=sheet).get(sheet.pk))
    assert share.share == costs.commune_share(sheet.investment, a[sheet.pk]) == Decimal("62999.99")
    assert share.shared_granted == Decimal("7000.01")
    assert share.roi_net.total_cost == share.roi_gross.total_cost - Decimal("7000.01")


def test_a_pending_grant_counts_only_in_the_what_if(shared, group_call, referent):
    by_slug = sheets(shared)
    apply(shared, group_call, referent, status="submitted", probability=50)
    roadmap = by_slug["lobbes"].roadmap
    assert costs.grants_for_roadmap(roadmap) == {}
    # Expected: 50 % of 20,000 = 10,000, Lobbes' 30 % = 3,000.
    assert costs.grants_for_roadmap(roadmap, expected=True) == {by_slug["lobbes"].pk: Decimal("3000.00")}


def test_the_plan_budgets_on_the_member_share(shared, group_call, referent):
    sheet = sheets(shared)["courcelles"]
    budgets = {"short": (Decimal(65000), None), "medium": (Decimal(0), None), "long": (Decimal(0), None)}
    roadmap = sheet.roadmap

    def chosen(basis):
        proposal = plan_services.plan_propose(roadmap=roadmap, actor=referent, budgets=budgets, cost_basis=basis)
        return {int(pk) for pk in proposal.assignments}

    # 70,000 € does not fit 65,000 €; once 10,000 € is granted, the commune's part (7,000 €) makes it fit.
    sheet.horizon = "short"
    sheet.save(update_fields=["horizon"])
    SheetScore.objects.create(
        sheet=sheet, roadmap=roadmap, score=70, priority=Priority.HIGH, rank=1, version=0, marked=1
    )
    apply(shared, group_call, referent, status="granted", amount_granted=Decimal("10000.00"))
    assert sheet.pk not in chosen(CostBasis.INVESTMENT)
    assert sheet.pk in chosen(CostBasis.SHARE)


def test_the_sheet_page_and_the_report_show_the_part(
    client_for, shared, group_call, referent, staff_b, commune_b, django_assert_max_num_queries
):
    apply(shared, group_call, referent, status="granted", amount_granted=Decimal("10000.01"))
    sheet = sheets(shared)["lobbes"]
    url = reverse("roadmaps:sheet-detail", args=[commune_b.slug, sheet.pk])
    with translation.override("fr"):
        page = client_for(staff_b).get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert euros(Decimal("3000.00")) in page and euros(Decimal("27000.00")) in page
    section = panels.report_section(commune_b)
    assert section["granted"] == 3000.0
    assert section["requested"] == 6000.0  # its 30 % of the 20,000 € requested
    assert [(row["sheet"], row["shared"]) for row in section["applications"]] == [("Wi-Fi partagé", True)]


def test_the_shared_parts_run_a_fixed_number_of_queries(shared, group_call, referent, django_assert_num_queries):
    apply(shared, group_call, referent, status="granted", amount_granted=Decimal("10000.01"))
    roadmap = sheets(shared)["courcelles"].roadmap
    with django_assert_num_queries(4):
        selectors.sheet_grants(roadmap)
