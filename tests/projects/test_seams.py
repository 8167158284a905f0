"""What projects add to lower pages: the sheet and commune panels, the next steps, the dashboard column."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communes.access import commune_rights
from communes.next_steps import next_steps
from projects import services
from projects.models import ProjectMilestone

pytestmark = pytest.mark.django_db

LATE = timezone.localdate() - datetime.timedelta(days=3)


def test_the_sheet_panel_offers_the_start_to_the_referent_only(referent_client, client_for, staff_a, commune_a, sheet):
    url = reverse("roadmaps:sheet-detail", args=[commune_a.slug, sheet.pk])
    start = reverse("projects:project-create", args=[commune_a.slug]) + f"?sheet={sheet.pk}"
    assert start in referent_client.get(url).content.decode()
    assert start not in client_for(staff_a).get(url).content.decode()


def test_the_commune_page_lists_late_milestones(referent, referent_client, client_for, college_a, commune_a):
    project = services.start_project(actor=referent, commune=commune_a, title="Guichet")
    ProjectMilestone.objects.create(project=project, title="Maquettes approuvées", due_date=LATE)
    url = reverse("communes:commune-detail", args=[commune_a.slug])
    assert "Maquettes approuvées" in referent_client.get(url).content.decode()
    assert "Maquettes approuvées" in client_for(college_a).get(url).content.decode()


def test_late_milestones_are_a_next_step_for_staff_not_for_the_college(referent, staff_a, college_a, commune_a):
    project = services.start_project(actor=referent, commune=commune_a, title="Guichet")
    ProjectMilestone.objects.create(project=project, title="M", due_date=LATE)
    project_url = reverse("projects:project-list", args=[commune_a.slug])
    assert project_url in [step.url for step in next_steps(commune_a, commune_rights(staff_a, commune_a))]
    assert project_url not in [step.url for step in next_steps(commune_a, commune_rights(college_a, commune_a))]


def test_the_dashboard_counts_projects_in_progress_and_late(referent, referent_client, commune_a):
    late = services.start_project(actor=referent, commune=commune_a, title="En retard")
    services.start_project(actor=referent, commune=commune_a, title="À l’heure")
    ProjectMilestone.objects.create(project=late, title="M", due_date=LATE)
    response = referent_client.get(reverse("communes:commune-list"))
    row = next(c for c in response.context["page"].object_list if c.pk == commune_a.pk)
    assert (row.projects_in_progress, row.projects_late) == (2, 1)
