from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from funding import services
from roadmaps.models import ProjectSheet, Roadmap, RoadmapStatus


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
