from decimal import Decimal

import pytest

from mutualisation import services
from mutualisation.services import MemberInput, SharedProjectInput
from roadmaps.services import roadmaps as roadmap_services
from tests.factories import CommuneFactory


@pytest.fixture
def commune_c(territory):
    return CommuneFactory(territory=territory, name="Thuin", slug="thuin", nis_code="56078", population=15_000)


@pytest.fixture
def wifi(territory, commune_a, commune_b, commune_c, referent):
    """Wi-Fi shared by A, B and C, split by population; A and B have a roadmap, C has none."""
    for commune, population in ((commune_a, 30_000), (commune_b, 5_000)):
        commune.population = population
        commune.save(update_fields=["population"])
    roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    roadmap_services.roadmap_create(commune=commune_b, actor=referent)
    data = SharedProjectInput(
        title="Wi-Fi dans les bâtiments publics",
        investment=Decimal("100000.00"),
        running_cost=Decimal("10000.01"),
        split_rule="population",
        function_category="public_wifi",
        members=[MemberInput(commune_a), MemberInput(commune_b), MemberInput(commune_c)],
    )
    return services.shared_project_create(actor=referent, territory=territory, data=data)
