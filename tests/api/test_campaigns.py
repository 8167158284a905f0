"""Campaign results through the API: the CSV export's figures, the same withheld groups, never a response."""

import csv
import io
import math

import pytest
from django.urls import reverse

from tests.diagnostics.test_views_results import generate

pytestmark = pytest.mark.django_db


def _csv_questions(content: bytes) -> list[list[str]]:
    """The "Questions" table of the results CSV (the first table), without its title and header."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    end = rows.index([])
    return rows[2:end]


def _number(cell: str):
    return None if cell == "" else float(cell)


def _same(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9))


@pytest.fixture
def answered(campaign, groups, settings):
    settings.PRIVACY_MIN_GROUP_SIZE = 3
    generate(campaign, groups, 7)
    return campaign


@pytest.mark.parametrize("role", ["staff_a", "referent"])
def test_results_through_the_api_equal_the_csv_export(request, role, api_client, client_for, answered, commune_a):
    user = request.getfixturevalue(role)
    export = client_for(user).get(
        reverse("diagnostics:campaign-export", args=[commune_a.slug, answered.pk, "results", "csv"]),
        headers={"Accept-Language": "en"},
    )
    api = api_client(user).get(reverse("api:campaign-results", args=[commune_a.slug, answered.pk])).json()
    lines = [(q["code"], line) for q in api["questions"] for line in q["lines"]]
    exported = _csv_questions(export.content)
    assert len(lines) == len(exported) > 0
    for (code, line), row in zip(lines, exported, strict=True):
        assert code == row[0].lstrip("'")
        assert line["answered"] == int(row[5])
        assert _same(line["count"], _number(row[6]))
        assert _same(line["share"], _number(row[7]))
        assert _same(line["mean"], _number(row[8]))


def test_staff_do_not_get_small_groups_the_referent_does(api_client, staff_a, referent, campaign, groups, settings):
    generate(campaign, groups, 5)
    settings.PRIVACY_MIN_GROUP_SIZE = 50
    url = reverse("api:campaign-results", args=[campaign.commune.slug, campaign.pk])
    staff = api_client(staff_a).get(url).json()
    referent_view = api_client(referent).get(url).json()
    answered_groups = {g["id"] for g in referent_view["groups"] if g["submitted"]}
    assert answered_groups
    assert {g["id"] for g in staff["groups"] if g["withheld"]} >= answered_groups
    assert all(p["by_group"] == {} for p in staff["pillars"])
    assert all(line["answered"] == 0 for q in staff["questions"] for line in q["lines"] if line["group"] is not None)
    assert not any(g["withheld"] for g in referent_view["groups"])
    assert any(line["answered"] for q in referent_view["questions"] for line in q["lines"] if line["group"])


def test_campaign_list_with_participation(api_client, college_a, campaign, groups):
    generate(campaign, groups, 4)
    body = api_client(college_a).get(reverse("api:campaign-list", args=[campaign.commune.slug])).json()
    (listed,) = body["results"]
    assert (listed["title"], listed["participation"]["submitted"]) == ("Campagne test", 4)


def test_no_single_response_and_no_free_text_in_the_results(api_client, referent, campaign, groups):
    generate(campaign, groups, 4)
    body = api_client(referent).get(reverse("api:campaign-results", args=[campaign.commune.slug, campaign.pk]))
    text = body.content.decode()
    assert "respondent" not in text and "texts" not in text


def test_campaign_of_another_commune_is_404(api_client, staff_b, campaign):
    url = reverse("api:campaign-results", args=[campaign.commune.slug, campaign.pk])
    assert api_client(staff_b).get(url).status_code == 404


# Needs and synthesis -----------------------------------------------------------------------------------


def test_needs_through_the_api_are_the_pages_needs(api_client, client_for, college_a, referent, commune_a):
    from tests.diagnostics.workspace.conftest import build_workspace

    build_workspace(commune_a, referent)
    page = client_for(college_a).get(reverse("diagnostics:need-list", args=[commune_a.slug]))
    api = api_client(college_a).get(reverse("api:need-list", args=[commune_a.slug])).json()
    assert api and [(n["title"], n["weight"]) for n in api] == [(n.title, n.weight) for n in page.context["needs"]]


def test_synthesis(api_client, staff_a, staff_b, referent, commune_a, campaign, groups):
    from tests.diagnostics.workspace.conftest import build_workspace

    build_workspace(commune_a, referent)
    generate(campaign, groups, 4)
    url = reverse("api:synthesis-detail", args=[commune_a.slug])
    body = api_client(staff_a).get(url).json()
    assert {p["pillar"] for p in body["maturity"]} and body["responses"] == 4
    assert body["needs"]
    assert api_client(staff_b).get(url).status_code == 404
