"""Every barometer page runs the same number of SQL queries for one commune and one edition as for many."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from barometer import services
from communes.models import Role
from tests.barometer.conftest import answer, make_edition
from tests.factories import CommuneFactory, MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

THEMES = ["mobility", "quality_of_life", "economy"]


def build(communes: int, editions: int):
    """A territory with `communes` communes that all answered each of `editions` editions."""
    territory = TerritoryFactory()
    places = [CommuneFactory(territory=territory) for _ in range(communes)]
    first = None
    for index in range(editions):
        edition = make_edition(territory, year=2020 + index, open_now=False, copy_from=first, questions=first is None)
        first = first or edition
        for number, commune in enumerate(places):
            answer(
                edition,
                commune,
                smartness=1 + (number + index) % 10,
                themes=THEMES[: 1 + number % 3],
                purchasing="strongly" if number % 2 else "no",
                involved=bool(number % 2),
                obstacles=f"Obstacle {number % 4}",
            )
    services.edition_publish(edition=edition, actor=None)
    pending, _check = services.import_prepare(
        edition=edition,
        actor=None,
        filename="a.csv",
        data=("commune,smartness\n" + "".join(f"{c.name},5\n" for c in places)).encode(),
    )
    referent = UserFactory()
    MembershipFactory(user=referent, referent=True, territory=territory)
    college = UserFactory()
    MembershipFactory(user=college, role=Role.COLLEGE, commune=places[0])
    return {
        "territory": territory,
        "edition": edition,
        "commune": places[0],
        "referent": referent,
        "college": college,
        "import": pending,
    }


def pages(world) -> list[tuple[str, str]]:
    edition, commune = world["edition"], world["commune"]
    return [
        ("referent", reverse("barometer:index")),
        ("referent", reverse("barometer:edition-detail", args=[edition.pk])),
        ("referent", reverse("barometer:edition-results", args=[edition.pk])),
        ("referent", reverse("barometer:edition-export", args=[edition.pk, "xlsx"])),
        ("referent", reverse("barometer:edition-template", args=[edition.pk, "csv"]) + "?filled=1"),
        ("referent", reverse("barometer:import-upload", args=[edition.pk])),
        ("referent", reverse("barometer:import-preview", args=[edition.pk, world["import"].pk])),
        ("referent", reverse("barometer:response-edit", args=[edition.pk, commune.slug])),
        ("college", reverse("barometer:index")),
        ("college", reverse("barometer:response-detail", args=[edition.pk, commune.slug])),
        ("college", reverse("barometer:commune-overview", args=[commune.slug])),
        (None, reverse("barometer:public-summary", args=[world["territory"].slug, edition.year])),
    ]


def count_queries(world) -> list[int]:
    counts = []
    for who, url in pages(world):
        client = Client()
        if who:
            client.force_login(world[who])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(queries))
    return counts


def test_same_number_of_queries_for_one_commune_and_many_editions():
    small = count_queries(build(communes=1, editions=1))
    large = count_queries(build(communes=12, editions=3))
    assert small == large


def test_results_page_query_count_is_small():
    world = build(communes=3, editions=2)
    client = Client()
    client.force_login(world["referent"])
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("barometer:edition-results", args=[world["edition"].pk]))
    assert len(queries) <= 16
