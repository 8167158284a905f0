"""Read endpoints: the same access rules as the pages, JSON errors, cursor pagination, ETag."""

import pytest
from django.urls import reverse

from api.models import TokenScope
from tests.factories import AccompanimentFactory, CommuneFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def test_anonymous_gets_a_json_401(client, commune_a):
    response = client.get(reverse("api:commune-list"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_bad_token_is_refused_with_its_code(client, commune_a):
    response = client.get(reverse("api:commune-list"), headers={"Authorization": "Bearer sr_000000000000_nope"})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "token_invalid")


def test_staff_of_a_commune_lists_only_their_commune(api_client, staff_a, commune_a, commune_b, commune_other):
    response = api_client(staff_a).get(reverse("api:commune-list"))
    assert response.status_code == 200
    assert [c["slug"] for c in response.json()["results"]] == [commune_a.slug]


def test_referent_lists_the_territorys_communes_in_slug_order(
    api_client, referent, commune_a, commune_b, commune_other
):
    response = api_client(referent).get(reverse("api:commune-list"))
    assert [c["slug"] for c in response.json()["results"]] == sorted([commune_a.slug, commune_b.slug])


def test_another_communes_detail_is_a_json_404(api_client, staff_a, commune_b):
    response = api_client(staff_a).get(reverse("api:commune-detail", args=[commune_b.slug]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_commune_detail_has_the_accompaniment_milestones_and_late_flags(api_client, referent, commune_a):
    accompaniment = AccompanimentFactory(commune=commune_a)
    MilestoneFactory(accompaniment=accompaniment, due_date="2020-01-01", completed_on=None)
    response = api_client(referent).get(reverse("api:commune-detail", args=[commune_a.slug]))
    body = response.json()
    assert body["accompaniment"]["phase"] == accompaniment.phase
    assert body["milestones"][0]["is_late"] is True
    assert body["is_late"] is True
    assert response["ETag"] and response["Last-Modified"]


def test_etag_gives_a_304(api_client, referent, commune_a):
    client = api_client(referent)
    url = reverse("api:commune-detail", args=[commune_a.slug])
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_communes_are_paginated_by_cursor(api_client, referent, territory):
    for number in range(5):
        CommuneFactory(territory=territory, slug=f"commune-{number}", nis_code=f"9900{number}")
    client = api_client(referent)
    first = client.get(reverse("api:commune-list"), {"page_size": 3}).json()
    second = client.get(first["next"]).json()
    slugs = [c["slug"] for c in first["results"] + second["results"]]
    assert slugs == [f"commune-{n}" for n in range(5)]
    assert second["next"] is None


def test_filter_by_late(api_client, referent, commune_a, commune_b):
    MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_a), due_date="2020-01-01")
    AccompanimentFactory(commune=commune_b)
    response = api_client(referent).get(reverse("api:commune-list"), {"is_late": "true"})
    assert [c["slug"] for c in response.json()["results"]] == [commune_a.slug]


def test_session_reads_the_api_too(staff_a_client, commune_a):
    assert staff_a_client.get(reverse("api:commune-detail", args=[commune_a.slug])).status_code == 200


def test_territories(api_client, referent, territory, other_territory):
    body = api_client(referent).get(reverse("api:territory-list")).json()
    assert [t["slug"] for t in body["results"]] == [territory.slug]
    assert body["results"][0]["open_data_licence"] == "CC-BY-4.0"


def test_projects_with_indicators_and_values(api_client, college_a, project_a, project_b):
    response = api_client(college_a).get(reverse("api:project-list", args=[project_a.commune.slug]))
    (project,) = response.json()["results"]
    assert project["title"] == "Wifi dans les parcs"
    (indicator,) = project["indicators"]
    assert indicator["target"] == "500.00"
    assert indicator["values"] == [{"measured_on": "2026-01-31", "value": "120.00", "note": ""}]


def test_a_project_of_another_commune_through_my_commune_is_404(api_client, referent, project_a, project_b):
    url = reverse("api:project-detail", args=[project_a.commune.slug, project_b.pk])
    assert api_client(referent).get(url).status_code == 404


def test_read_only_token_reads(api_client, staff_a, project_a):
    client = api_client(staff_a, TokenScope.READ)
    assert client.get(reverse("api:project-detail", args=[project_a.commune.slug, project_a.pk])).status_code == 200
