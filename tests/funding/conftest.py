from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from funding import services
from mutualisation import services as mutualisation_services
from mutualisation.services import MemberInput, SharedProjectInput
from roadmaps.models import ProjectSheet, Roadmap, RoadmapStatus
from roadmaps.services import roadmaps as roadmap_services


@pytest.fixture
def roadmap(commune_a):
    return Roadmap.objects.create(commune=commune_a, status=RoadmapStatus.PUBLISHED)


@pytest.fixture
def sheet(roadmap):
    return ProjectSheet.objects.create(
        roadmap=roadmap,
        title="Vélos partagés",
        pillars=["mobility"],
        function_category="shared_mobility",
        investment=Decimal(80000),
        horizon="short",
    )


def make_call(territory, actor, *, rounds=None, **fields):
    today = timezone.localdate()
    values = {
        "funder_kind": "region",
        "programme": "Territoire intelligent",
        "title": "Appel mobilité",
        "beneficiaries": ["commune"],
        "pillars": ["mobility"],
        "function_categories": [],
        "cofunding_rate": Decimal(60),
        "floor": Decimal(20000),
        "ceiling": Decimal(200000),
        **fields,
    }
    if rounds is None:
        rounds = [(today - timedelta(days=10), today + timedelta(days=20))]
    return services.call_save(territory=territory, actor=actor, fields=values, rounds=rounds)


@pytest.fixture
def call(territory, referent):
    return make_call(territory, referent)


@pytest.fixture
def shared(territory, commune_a, commune_b, referent, staff_a, staff_b):
    """Wi-Fi for Courcelles (70 %) and Lobbes (30 %), 100,000 €; both accepted, each share a sheet."""
    roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    roadmap_services.roadmap_create(commune=commune_b, actor=referent)
    data = SharedProjectInput(
        title="Wi-Fi partagé",
        investment=Decimal("100000.00"),
        running_cost=Decimal(0),
        split_rule="custom",
        function_category="public_wifi",
        members=[MemberInput(commune_a, percentage=Decimal(70)), MemberInput(commune_b, percentage=Decimal(30))],
    )
    project = mutualisation_services.shared_project_create(actor=referent, territory=territory, data=data)
    for member, actor in zip(project.members.order_by("commune__name"), (staff_a, staff_b), strict=True):
        mutualisation_services.member_answer(member=member, actor=actor, accept=True)
    return project


@pytest.fixture
def group_call(territory, referent):
    return make_call(territory, referent, beneficiaries=["group"], pillars=[], ceiling=Decimal(500000))
