"""A small questionnaire, its campaign and the campaign's groups: shared by the diagnostics and privacy tests
(registered in tests/conftest.py through `pytest_plugins`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from diagnostics.services import campaigns
from tests.diagnostics.conftest import Small, build_small_questionnaire


@pytest.fixture
def small(commune_a, referent) -> Small:
    return build_small_questionnaire(commune_a, referent)


@pytest.fixture
def campaign(small, commune_a, referent):
    today = timezone.localdate()
    return campaigns.campaign_create(
        commune=commune_a,
        questionnaire=small.questionnaire,
        actor=referent,
        title="Campagne test",
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=10),
    )


@pytest.fixture
def groups(campaign) -> dict:
    return {g.kind: g for g in campaign.groups.all()}
