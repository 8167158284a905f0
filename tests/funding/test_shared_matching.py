"""A shared project is matched like a sheet: on its total investment, its members' pillars and kinds; a call
for several communes together takes a shared project and misses (with its reason) a single commune's sheet.
Each rule has a match and a near-miss (the call fails that rule only)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from funding import selectors
from mutualisation.models import SharedProjectMember
from roadmaps.models import ProjectSheet
from smartregion.money import euros
from tests.funding.conftest import make_call

pytestmark = pytest.mark.django_db

QUERIES = 14  # the shared project's page with the funding panel


@pytest.fixture
def with_pillars(shared):
    """Courcelles' sheet is on governance, Lobbes' on smart citizens and of kind “other”."""
    members = SharedProjectMember.objects.filter(shared_project=shared).order_by("commune__name")
    courcelles, lobbes = (m.sheet for m in members)
    ProjectSheet.objects.filter(pk=courcelles.pk).update(pillars=["governance"])
    ProjectSheet.objects.filter(pk=lobbes.pk).update(pillars=["smart_citizens"], function_category="other")
    return shared


def verdicts(shared_project, territory):
    """Calls by title: (fits, near-miss, reasons, failures) for the shared project."""
    with translation.override("en"):
        fits, near = selectors.matches_for(
            selectors.shared_applicant(shared_project), selectors.calls_for_territory(territory), timezone.localdate()
        )
        return {row.call.title: (row.match.fits, row.match.reasons, row.match.failures) for row in fits + near}


def test_the_applicant_is_the_project_total_with_its_members_pillars_and_kinds(with_pillars):
    applicant = selectors.shared_applicant(with_pillars)
    assert applicant.investment == Decimal("100000.00")  # the total, not a member's share
    assert set(applicant.pillars) == {"governance", "smart_citizens"}
    assert applicant.function_category == "public_wifi" and "other" in applicant.other_categories
    assert applicant.shared


def test_amounts_match_on_the_total_investment_and_near_miss_below_the_floor(with_pillars, territory, referent):
    common = {"beneficiaries": ["group"], "pillars": []}
    make_call(territory, referent, title="In", floor=Decimal(80000), ceiling=Decimal(150000), **common)
    make_call(territory, referent, title="Floor", floor=Decimal(150000), ceiling=Decimal(500000), **common)
    make_call(territory, referent, title="Ceiling", floor=Decimal(0), ceiling=Decimal(90000), **common)
    found = verdicts(with_pillars, territory)
    assert found["In"][0] and any("within" in reason for reason in found["In"][1])
    with translation.override("en"):
        amounts = {"total": euros(100000), "floor": euros(150000), "ceiling": euros(90000)}
    assert found["Floor"][2] == ["investment {total} below the floor of {floor}".format(**amounts)]
    assert found["Ceiling"][2] == ["investment {total} above the ceiling of {ceiling}".format(**amounts)]


def test_pillars_match_on_any_members_pillar_and_near_miss_otherwise(with_pillars, territory, referent):
    common = {"beneficiaries": ["group"], "ceiling": Decimal(500000)}
    make_call(territory, referent, title="Citizens", pillars=["smart_citizens"], **common)
    make_call(territory, referent, title="Mobility", pillars=["mobility"], **common)
    found = verdicts(with_pillars, territory)
    assert found["Citizens"][0] and "pillar Smart citizens eligible" in found["Citizens"][1]
    assert found["Mobility"][2] == ["none of the project's pillars is eligible (Mobility)"]


def test_kinds_match_on_the_project_or_a_members_kind_and_near_miss_otherwise(with_pillars, territory, referent):
    common = {"beneficiaries": ["group"], "pillars": [], "ceiling": Decimal(500000)}
    make_call(territory, referent, title="Wi-Fi", function_categories=["public_wifi"], **common)
    make_call(territory, referent, title="Other", function_categories=["other"], **common)
    make_call(territory, referent, title="Parking", function_categories=["parking"], **common)
    found = verdicts(with_pillars, territory)
    assert found["Wi-Fi"][0] and found["Other"][0]
    assert found["Parking"][2] == ["kind of project “Public Wi-Fi” not eligible"]


def test_several_communes_fits_the_shared_project_and_misses_a_single_sheet(shared, territory, referent, commune_a):
    make_call(
        territory,
        referent,
        title="Together",
        beneficiaries=[],
        pillars=[],
        ceiling=None,
        requires_several_communes=True,
    )
    found = verdicts(shared, territory)
    assert found["Together"][0]
    assert "several communes together, as this shared project" in found["Together"][1]
    sheet = ProjectSheet.objects.create(
        roadmap=SharedProjectMember.objects.get(shared_project=shared, commune=commune_a).sheet.roadmap,
        title="Wi-Fi de Courcelles seule",
        investment=Decimal(100000),
    )
    with translation.override("en"):
        fits, near = selectors.matches_for(
            selectors.sheet_applicant(sheet), selectors.calls_for_territory(territory), timezone.localdate()
        )
    assert not fits
    assert [row.match.failures for row in near] == [
        ["only for several communes together: apply through a shared project"]
    ]


def test_the_shared_project_matching_runs_fixed_queries(shared, territory, referent, django_assert_num_queries):
    for n in range(3):
        make_call(territory, referent, title=f"Appel {n}", beneficiaries=["group"], pillars=[])
    shared = type(shared).objects.select_related("territory").get(pk=shared.pk)
    with django_assert_num_queries(5):
        data = selectors.shared_funding(shared, timezone.localdate())
    assert len(data["matches"]) == 3


def page(client, territory, shared):
    url = reverse("mutualisation:shared-project-detail", args=[territory.slug, shared.pk])
    with translation.override("en"):
        return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


def test_the_shared_project_page_shows_its_matches_and_near_misses(client_for, shared, territory, referent):
    make_call(
        territory, referent, title="Together", beneficiaries=["group"], pillars=[], requires_several_communes=True
    )
    make_call(territory, referent, title="Too small", beneficiaries=["group"], pillars=[], ceiling=Decimal(50000))
    response = page(client_for(referent), territory, shared)
    assert response.status_code == 200
    content = response.content.decode()
    with translation.override(referent.language or "fr"):
        together = escape(gettext("several communes together, as this shared project"))
        ceiling = escape(gettext("investment %(investment)s above the ceiling of %(ceiling)s").split(" %")[0])
    assert together in content
    apply_url = reverse("funding:shared-application-create", args=[territory.slug])
    assert f"{apply_url}?call=" in content and f"shared_project={shared.pk}" in content
    assert ceiling in content and "Too small" in content  # the near-miss with its reason


@pytest.mark.parametrize("count", [1, 6])
def test_the_shared_project_page_runs_fixed_queries(
    client_for, shared, territory, referent, count, django_assert_num_queries
):
    for n in range(count):
        make_call(territory, referent, title=f"Appel {n}", beneficiaries=["group"], pillars=[])
    client = client_for(referent)
    page(client, territory, shared)
    with django_assert_num_queries(QUERIES):
        assert page(client, territory, shared).status_code == 200
