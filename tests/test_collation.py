"""Names sort the French way, in the database, on SQLite and PostgreSQL alike."""

import pytest
from django.urls import reverse

from communes.models import Commune
from smartregion.collation import french, french_key
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

SHUFFLED = ["Chimay", "écaussinnes", "Aiseau-Presles", "Châtelet", "Erquelinnes", "Charleroi", "Écaussinnes-Lalaing"]
FRENCH_ORDER = [
    "Aiseau-Presles",
    "Charleroi",
    "Châtelet",
    "Chimay",
    "écaussinnes",
    "Écaussinnes-Lalaing",
    "Erquelinnes",
]


@pytest.fixture
def communes(territory):
    for name in SHUFFLED:
        CommuneFactory(territory=territory, name=name)


def test_the_python_key_ignores_accents_and_case_first():
    assert sorted(SHUFFLED, key=french_key) == FRENCH_ORDER


def test_the_database_sorts_names_the_french_way(communes):
    names = list(Commune.objects.filter(name__in=SHUFFLED).order_by(french("name")).values_list("name", flat=True))
    assert names == FRENCH_ORDER
    descending = Commune.objects.filter(name__in=SHUFFLED).order_by(french("name").desc())
    assert list(descending.values_list("name", flat=True)) == FRENCH_ORDER[::-1]


@pytest.mark.parametrize("query", ["", "?ordering=name", "?ordering=-name"], ids=["default", "by-name", "by-name-desc"])
def test_the_commune_list_sorts_by_name_the_french_way(referent_client, communes, query):
    response = referent_client.get(reverse("communes:commune-list") + query)
    names = [c.name for c in response.context["communes"] if c.name in SHUFFLED]
    assert names == (FRENCH_ORDER[::-1] if query.endswith("-name") else FRENCH_ORDER)


def test_communes_are_in_french_order_by_default(communes):
    """Every drop-down and list of communes without its own order (Commune.Meta.ordering)."""
    names = [n for n in Commune.objects.values_list("name", flat=True) if n in SHUFFLED]
    assert names == FRENCH_ORDER


def test_the_activity_feed_offers_communes_in_french_order(referent_client, territory, communes):
    response = referent_client.get(reverse("communes:territory-activity", args=[territory.slug]))
    names = [c.name for c in response.context["filter"].form.fields["commune"].queryset if c.name in SHUFFLED]
    assert names == FRENCH_ORDER


def test_the_territory_pillar_scores_list_communes_in_french_order(territory, communes):
    from diagnostics.selectors.results import territory_pillar_scores

    names = [row.name for row in territory_pillar_scores(territory) if row.name in SHUFFLED]
    assert names == FRENCH_ORDER


def test_the_barometer_import_file_lists_communes_in_french_order(territory, communes):
    from barometer.selectors import edition_template_tables
    from tests.barometer.conftest import make_edition

    (_, rows), *_ = edition_template_tables(make_edition(territory))
    names = [row[0] for row in rows if row[0] in SHUFFLED]
    assert names == FRENCH_ORDER
