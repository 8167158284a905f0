"""Barometer editions through the API, and the open data: the frozen suppressed snapshot, without login."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from barometer import services
from barometer.exporting import results_rows
from barometer.results import results_from_data
from tests.barometer.conftest import answer, make_edition
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(territory, referent):
    """A closed edition answered by four communes (smartness 2, 4, 6, 8; one chose "no"), published."""
    edition = make_edition(territory, year=2024, open_now=False)
    for number, (smartness, purchasing) in enumerate([(2, "strongly"), (4, "strongly"), (6, "strongly"), (8, "no")]):
        commune = CommuneFactory(territory=territory, slug=f"c{number}", nis_code=f"5500{number}")
        answer(edition, commune, smartness=smartness, purchasing=purchasing, obstacles="Notre commune de X")
    services.edition_publish(edition=edition, actor=referent)
    return edition


def _snapshot_question(edition, code):
    return next(q for q in edition.public_snapshot.data["questions"] if q["code"] == code)


def _open_data(client, edition, fmt):
    url = reverse("api:opendata-barometer", args=[edition.territory.slug, edition.year, fmt])
    return client.get(url)


def test_open_data_json_is_the_public_snapshot(client, published):
    response = _open_data(client, published, "json")
    assert response.status_code == 200
    body = response.json()
    assert body["licence"] == {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    smartness = next(q for q in body["questions"] if q["code"] == "smartness")
    assert smartness["mean"] == 5
    purchasing = next(q for q in body["questions"] if q["code"] == "purchasing")
    counts = {s["code"]: s["count"] for s in purchasing["shares"]}
    assert counts["no"] is None  # one commune said no: withheld
    assert counts == {s["code"]: s["count"] for s in _snapshot_question(published, "purchasing")["shares"]}
    assert "Notre commune" not in response.content.decode()  # free texts are never published


def test_open_data_csv_rows_are_the_snapshots_export_rows(client, published):
    response = _open_data(client, published, "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    expected = results_rows(results_from_data(published.public_snapshot.data))
    assert rows == [["" if v is None else str(v) for v in row] for row in expected]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_open_data_is_frozen_until_published_again(client, published, territory):
    before = _open_data(client, published, "json").content
    answer(published, CommuneFactory(territory=territory, slug="late", nis_code="55999"), smartness=10)
    assert _open_data(client, published, "json").content == before


def test_open_data_of_an_unpublished_edition_is_404(client, territory):
    edition = make_edition(territory, year=2023, open_now=False)
    assert _open_data(client, edition, "csv").status_code == 404


def test_catalog_describes_each_published_edition_in_dcat(client, published, territory):
    territory.open_data_licence = "CC0-1.0"
    territory.save(update_fields=["open_data_licence"])
    response = client.get(reverse("api:opendata-catalog"))
    assert response["Content-Type"] == "application/ld+json"
    catalog = response.json()
    assert catalog["@type"] == "dcat:Catalog"
    (dataset,) = catalog["dcat:dataset"]
    assert dataset["dct:license"]["@id"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    urls = [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]]
    assert urls == [f"http://testserver/opendata/barometer/{territory.slug}/2024.{fmt}" for fmt in ("csv", "json")]
    for url in urls:
        assert client.get(url).status_code == 200


def test_the_public_page_links_the_files(client, published, territory):
    page = client.get(reverse("barometer:public-summary", args=[territory.slug, published.year])).content.decode()
    assert f"/opendata/barometer/{territory.slug}/2024.csv" in page
    assert "/opendata/catalog.jsonld" in page
    assert "creativecommons.org/licenses/by/4.0" in page


def test_open_data_is_throttled_per_ip(client, published, settings):
    settings.OPEN_DATA_RATE_PER_IP = "2/m"
    cache.delete("throttle_opendata_127.0.0.1")
    statuses = [_open_data(client, published, "json").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.delete("throttle_opendata_127.0.0.1")


def test_api_results_referent_complete_staff_the_snapshot(api_client, referent, staff_a, published):
    url = reverse("api:edition-results", args=[published.pk])
    full = api_client(referent).get(url).json()
    anonymised = api_client(staff_a).get(url).json()
    assert (full["anonymised"], anonymised["anonymised"]) == (False, True)
    purchasing = {q["code"]: q for q in full["questions"]}["purchasing"]
    assert {s["code"]: s["count"] for s in purchasing["shares"]}["no"] == 1
    public = {q["code"]: q for q in anonymised["questions"]}["purchasing"]
    assert {s["code"]: s["count"] for s in public["shares"]}["no"] is None


def test_api_results_of_an_unpublished_edition_for_staff_is_404(api_client, staff_a, referent, territory):
    edition = make_edition(territory, year=2023, open_now=False)
    url = reverse("api:edition-results", args=[edition.pk])
    assert api_client(staff_a).get(url).status_code == 404
    assert api_client(referent).get(url).status_code == 200


def test_editions_of_another_territory_are_404(api_client, other_referent, published, territory):
    assert api_client(other_referent).get(reverse("api:edition-list", args=[territory.slug])).status_code == 404
    assert api_client(other_referent).get(reverse("api:edition-results", args=[published.pk])).status_code == 404


def test_edition_list(api_client, college_a, published, territory):
    body = api_client(college_a).get(reverse("api:edition-list", args=[territory.slug])).json()
    assert [(e["year"], e["published"], e["status"]) for e in body["results"]] == [(2024, True, "closed")]


# Import of barometer answers -------------------------------------------------------------------------


def _upload(text: str, name="answers.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_a_clean_file_saves_it(api_client, referent, territory, commune_a, commune_b):
    from api.models import TokenScope
    from barometer.models import Response

    edition = make_edition(territory, year=2025)
    url = reverse("api:answers-import", args=[edition.pk])
    body = {"file": _upload("commune,smartness,themes\nCourcelles,7,mobility;economy\nLobbes,3,\n")}
    response = api_client(referent, TokenScope.WRITE).post(url, body)
    assert response.status_code == 201, response.content
    assert response.json() == {"imported": 2, "communes": sorted([commune_a.slug, commune_b.slug])}
    assert Response.objects.filter(edition=edition).count() == 2


def test_import_lists_every_problem_row_by_row_and_saves_nothing(api_client, referent, territory, commune_a):
    from api.models import TokenScope
    from barometer.models import Response

    edition = make_edition(territory, year=2025)
    url = reverse("api:answers-import", args=[edition.pk])
    body = {"file": _upload("commune,smartness\nCourcelles,42\nNowhere,3\n")}
    response = api_client(referent, TokenScope.WRITE).post(url, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_not_clean"
    assert [row["line"] for row in error["rows"]] == [2, 3]
    assert not Response.objects.filter(edition=edition).exists()


def test_import_is_the_referents(api_client, staff_a, referent, territory):
    from api.models import TokenScope

    edition = make_edition(territory, year=2025)
    url = reverse("api:answers-import", args=[edition.pk])
    body = {"file": _upload("commune,smartness\nCourcelles,4\n")}
    assert api_client(staff_a, TokenScope.WRITE).post(url, body).status_code == 403
    body = {"file": _upload("commune,smartness\nCourcelles,4\n")}
    assert api_client(referent, TokenScope.READ).post(url, body).status_code == 403
