"""The roadmap (sheets, scores, prerequisites, horizons, accepted plan) and report versions through the API."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reports.models import Report, ReportStatus
from roadmaps.models import PlanProposal, PlanStatus, Prerequisite, ProjectSheet, RoadmapStatus
from roadmaps.services import roadmaps as roadmap_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(commune_a, referent):
    roadmap = roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    fibre = ProjectSheet.objects.create(roadmap=roadmap, title="Fibre", investment=Decimal("5000.5"), horizon="short")
    portal = ProjectSheet.objects.create(roadmap=roadmap, title="Portail", investment=Decimal(10000))
    Prerequisite.objects.create(sheet=portal, required=fibre)
    PlanProposal.objects.create(
        roadmap=roadmap, budgets={}, status=PlanStatus.ACCEPTED, assignments={str(fibre.pk): "short"}
    )
    return roadmap


def test_roadmap_with_sheets_prerequisites_and_plan(api_client, referent, roadmap):
    body = api_client(referent).get(reverse("api:roadmap-detail", args=[roadmap.commune.slug])).json()
    sheets = {s["title"]: s for s in body["sheets"]}
    assert sheets["Fibre"]["investment"] == {"amount": "5000.50", "currency": "EUR"}
    assert sheets["Portail"]["prerequisites"] == [sheets["Fibre"]["id"]]
    assert sheets["Fibre"]["horizon"] == "short"
    assert body["accepted_plan"]["assignments"] == {str(sheets["Fibre"]["id"]): "short"}


def test_a_draft_roadmap_is_hidden_from_the_college(api_client, college_a, staff_a, roadmap):
    url = reverse("api:roadmap-detail", args=[roadmap.commune.slug])
    assert api_client(college_a).get(url).status_code == 404
    assert api_client(staff_a).get(url).status_code == 200
    roadmap.status = RoadmapStatus.PUBLISHED
    roadmap.published_at = timezone.now()
    roadmap.save(update_fields=["status", "published_at"])
    assert api_client(college_a).get(url).status_code == 200


def _report(commune, number, *, published):
    report = Report.objects.create(commune=commune, number=number, language="fr", status=ReportStatus.DONE)
    report.pdf.save(f"r{number}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.published_at = timezone.now() if published else None
    report.save()
    return report


def test_reports_published_only_but_for_the_referent(
    api_client, college_a, referent, client_for, commune_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _report(commune_a, 1, published=False)
    published = _report(commune_a, 2, published=True)
    url = reverse("api:report-list", args=[commune_a.slug])
    college = api_client(college_a).get(url).json()["results"]
    assert [r["number"] for r in college] == [2]
    assert [r["number"] for r in api_client(referent).get(url).json()["results"]] == [2, 1]
    download = college[0]["download_url"]
    assert download.endswith(reverse("reports:report-download", args=[commune_a.slug, published.pk]))
    assert client_for(college_a).get(download).status_code == 200


def test_create_a_sheet_through_the_form_service(api_client, staff_a, roadmap):
    from api.models import TokenScope
    from communes.models import Activity

    url = reverse("api:sheet-create", args=[roadmap.commune.slug])
    body = {"title": "Caméras intelligentes", "pillars": ["mobility"], "investment": "25000.00"}
    response = api_client(staff_a, TokenScope.WRITE).post(url, body, content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    assert created["investment"] == {"amount": "25000.00", "currency": "EUR"}
    sheet = ProjectSheet.objects.get(pk=created["id"])
    assert (sheet.title, sheet.created_by, sheet.pillars) == ("Caméras intelligentes", staff_a, ["mobility"])
    assert Activity.objects.filter(commune=roadmap.commune, actor=staff_a).exists()


def test_create_a_sheet_refuses_bad_input_and_saves_nothing(api_client, staff_a, college_a, roadmap):
    from api.models import TokenScope

    url = reverse("api:sheet-create", args=[roadmap.commune.slug])
    before = ProjectSheet.objects.count()
    bad = api_client(staff_a, TokenScope.WRITE).post(
        url, {"title": "", "pillars": ["nowhere"], "investment": "-3"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"title", "pillars", "investment"}
    read_only = api_client(staff_a, TokenScope.READ).post(url, {"title": "X"}, content_type="application/json")
    assert read_only.status_code == 403
    college = api_client(college_a, TokenScope.WRITE).post(url, {"title": "X"}, content_type="application/json")
    assert college.status_code == 403
    unknown_template = api_client(staff_a, TokenScope.WRITE).post(
        url, {"title": "X", "template": "no-such-template"}, content_type="application/json"
    )
    assert unknown_template.status_code == 404
    assert ProjectSheet.objects.count() == before
