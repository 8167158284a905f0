"""Every endpoint runs a fixed number of queries whatever the number of rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Indicator, IndicatorValue, Project
from reports.models import Report
from roadmaps.models import Prerequisite, ProjectSheet
from roadmaps.services import roadmaps as roadmap_services
from tests.factories import AccompanimentFactory, CommuneFactory, MilestoneFactory
from tests.helpers import cold_structures

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with cold_structures(), CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow_communes(territory, n, start):
    for number in range(start, start + n):
        commune = CommuneFactory(territory=territory, slug=f"q{number}", nis_code=f"7{number:04d}")
        MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune))


def _grow_projects(commune, n, start):
    for number in range(start, start + n):
        project = Project.objects.create(commune=commune, title=f"Projet {number}")
        for i in range(2):
            indicator = Indicator.objects.create(project=project, name=f"I{i}")
            IndicatorValue.objects.create(indicator=indicator, measured_on=datetime.date(2026, 1, 1), value=Decimal(1))


def _grow_sheets(roadmap, n, start):
    previous = None
    for number in range(start, start + n):
        sheet = ProjectSheet.objects.create(roadmap=roadmap, title=f"Fiche {number}", investment=Decimal(100))
        if previous:
            Prerequisite.objects.create(sheet=sheet, required=previous)
        previous = sheet


def _grow_reports(commune, n, start):
    for number in range(start, start + n):
        Report.objects.create(commune=commune, number=number + 1, language="fr")


def test_lists_and_details_do_not_grow_with_rows(client_for, referent, territory, commune_a):
    client = client_for(referent)
    roadmap = roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    growers = [
        (reverse("api:commune-list"), lambda n, s: _grow_communes(territory, n, s)),
        (reverse("api:project-list", args=[commune_a.slug]), lambda n, s: _grow_projects(commune_a, n, s)),
        (reverse("api:roadmap-detail", args=[commune_a.slug]), lambda n, s: _grow_sheets(roadmap, n, s)),
        (reverse("api:report-list", args=[commune_a.slug]), lambda n, s: _grow_reports(commune_a, n, s)),
    ]
    for url, grow in growers:
        grow(1, 0)
        one = _queries(client, url)
        grow(12, 1)
        many = _queries(client, url)
        assert one == many, f"{url}: {one} queries for one row, {many} for thirteen"


def test_campaign_results_do_not_grow_with_responses(client_for, referent, campaign, groups):
    from tests.diagnostics.test_views_results import generate

    client = client_for(referent)
    url = reverse("api:campaign-results", args=[campaign.commune.slug, campaign.pk])
    generate(campaign, groups, 1)
    one = _queries(client, url)
    generate(campaign, groups, 15)
    assert _queries(client, url) == one
