"""Staff of one commune read the whole API and find nothing of another commune."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Indicator, Project
from reports.models import Report
from roadmaps.models import ProjectSheet
from roadmaps.services import roadmaps as roadmap_services
from tests.diagnostics.conftest import build_small_questionnaire
from tests.diagnostics.workspace.conftest import build_workspace

pytestmark = pytest.mark.django_db

SECRET = "Secret de Lobbes"


def _commune_b_everywhere(commune_b, referent):
    """Commune B holds an object of every kind the API reads, each titled with SECRET."""
    from datetime import timedelta

    from django.utils import timezone

    from diagnostics.services import campaigns

    small = build_small_questionnaire(commune_b, referent)
    today = timezone.localdate()
    campaign = campaigns.campaign_create(
        commune=commune_b,
        questionnaire=small.questionnaire,
        actor=referent,
        title=SECRET,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=5),
    )
    build_workspace(commune_b, referent)
    roadmap = roadmap_services.roadmap_create(commune=commune_b, actor=referent)
    sheet = ProjectSheet.objects.create(roadmap=roadmap, title=SECRET, investment=Decimal(1))
    project = Project.objects.create(commune=commune_b, title=SECRET)
    indicator = Indicator.objects.create(project=project, name=SECRET)
    Report.objects.create(commune=commune_b, number=1, language="fr")
    return {"campaign": campaign, "sheet": sheet, "project": project, "indicator": indicator}


def test_staff_of_a_read_everything_and_find_nothing_of_b(
    api_client, staff_a, referent, commune_a, commune_b, project_a, territory
):
    objects = _commune_b_everywhere(commune_b, referent)
    client = api_client(staff_a)
    a, b = commune_a.slug, commune_b.slug
    readable = [
        reverse("api:territory-list"),
        reverse("api:territory-detail", args=[territory.slug]),
        reverse("api:edition-list", args=[territory.slug]),
        reverse("api:commune-list"),
        reverse("api:commune-detail", args=[a]),
        reverse("api:campaign-list", args=[a]),
        reverse("api:need-list", args=[a]),
        reverse("api:synthesis-detail", args=[a]),
        reverse("api:report-list", args=[a]),
        reverse("api:project-list", args=[a]),
        reverse("api:project-detail", args=[a, project_a.pk]),
    ]
    for url in readable:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert SECRET not in text and commune_b.name not in text and f'"{b}"' not in text, url
    through_b = [
        reverse("api:commune-detail", args=[b]),
        reverse("api:campaign-list", args=[b]),
        reverse("api:campaign-results", args=[b, objects["campaign"].pk]),
        reverse("api:campaign-results", args=[a, objects["campaign"].pk]),
        reverse("api:need-list", args=[b]),
        reverse("api:synthesis-detail", args=[b]),
        reverse("api:roadmap-detail", args=[b]),
        reverse("api:report-list", args=[b]),
        reverse("api:project-list", args=[b]),
        reverse("api:project-detail", args=[b, objects["project"].pk]),
        reverse("api:project-detail", args=[a, objects["project"].pk]),
    ]
    for url in through_b:
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode()
