"""The projects pages: who gets what, happy paths, bad input kept on the form, the evaluation report."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.models import (
    BudgetEntry,
    ChecklistTemplateItem,
    EvaluationReport,
    Indicator,
    PhaseClosure,
    Project,
    Risk,
    SteeringMeeting,
)
from projects.templatetags.project_tags import measure
from roadmaps.models import SheetStatus
from tests.projects.conftest import answer_phase

pytestmark = pytest.mark.django_db


def detail(project):
    return reverse("projects:project-detail", args=[project.commune.slug, project.pk])


def part_url(project, part):
    return reverse("projects:part-create", args=[project.commune.slug, project.pk, part])


class TestAccess:
    def test_anonymous_goes_to_log_in(self, client, project):
        response = client.get(detail(project))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_staff_of_another_commune_gets_404(self, staff_b_client, project):
        assert staff_b_client.get(detail(project)).status_code == 404
        assert staff_b_client.post(part_url(project, "risk"), {"title": "x"}).status_code == 404

    def test_the_college_reads_but_does_not_write(self, client_for, college_a, project):
        client = client_for(college_a)
        assert client.get(detail(project)).status_code == 200
        response = client.post(part_url(project, "risk"), {"title": "x", "likelihood": 1, "impact": 1})
        assert response.status_code == 403
        assert not Risk.objects.exists()

    def test_wrong_method(self, referent_client, project):
        url = reverse("projects:milestone-complete", args=[project.commune.slug, project.pk, 1])
        assert referent_client.get(url).status_code == 405

    def test_an_unknown_part_is_404(self, referent_client, project):
        assert referent_client.get(part_url(project, "nothing")).status_code == 404


class TestPages:
    def test_the_referent_starts_a_project_from_a_sheet(self, referent_client, commune_a, sheet):
        url = reverse("projects:project-create", args=[commune_a.slug])
        assert sheet.title in referent_client.get(url + f"?sheet={sheet.pk}").content.decode()
        response = referent_client.post(url, {"sheet": sheet.pk, "title": ""})
        project = Project.objects.get()
        assert response.status_code == 302 and response["Location"] == detail(project)
        sheet.refresh_from_db()
        assert (project.title, sheet.status) == (sheet.title, SheetStatus.IN_PROGRESS)

    def test_the_sheet_page_offers_to_start_then_links_to_the_project(
        self, referent_client, referent, commune_a, sheet
    ):
        url = reverse("roadmaps:sheet-detail", args=[commune_a.slug, sheet.pk])
        page = referent_client.get(url).content.decode()
        assert reverse("projects:project-create", args=[commune_a.slug]) in page
        project = services.start_project(actor=referent, commune=commune_a, sheet=sheet)
        assert detail(project) in referent_client.get(url).content.decode()

    def test_staff_add_a_risk(self, staff_a_client, project):
        response = staff_a_client.post(
            part_url(project, "risk"), {"title": "Retard", "likelihood": 3, "impact": 2, "mitigation": "Plan B"}
        )
        assert response.status_code == 302
        assert Risk.objects.get().severity == 6
        assert "Retard" in staff_a_client.get(detail(project)).content.decode()

    def test_a_negative_amount_is_refused_and_what_was_typed_kept(self, staff_a_client, project):
        body = {
            "recorded_on": timezone.localdate().isoformat(),
            "kind": "spent",
            "category": "investment",
            "amount": "-250",
            "label": "Facture du prestataire",
        }
        response = staff_a_client.post(part_url(project, "budget"), body, headers={"HX-Request": "true"})
        assert response.status_code == 422
        page = response.content.decode()
        assert "Facture du prestataire" in page and "-250" in page
        assert list(response.context["form"].errors) == ["amount"]
        assert not BudgetEntry.objects.exists()

    def test_a_value_without_a_date_is_refused(self, staff_a_client, project):
        indicator = Indicator.objects.create(project=project, name="Visites")
        url = reverse("projects:value-create", args=[project.commune.slug, project.pk, indicator.pk])
        response = staff_a_client.post(url, {"measured_on": "", "value": "12"})
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["measured_on"]
        assert not indicator.values.exists()
        response = staff_a_client.post(url, {"measured_on": "2026-02-01", "value": "12,5"})
        assert response.status_code == 302
        assert indicator.values.get().value == Decimal("12.5")

    def test_the_checklist_is_answered_and_the_phase_closed(self, referent_client, referent, project):
        item = project.checklist.filter(phase="prerequisites", kind="question").first()
        url = reverse("projects:checklist-answer", args=[project.commune.slug, project.pk, item.pk])
        assert referent_client.post(url, {"answer": "Par l'axe 2 du PST"}).status_code == 302
        item.refresh_from_db()
        assert item.done
        close = reverse("projects:phase-close", args=[project.commune.slug, project.pk])
        response = referent_client.post(close, {"phase": "prerequisites", "reason": ""})
        assert response.status_code == 200 and not PhaseClosure.objects.exists()
        response = referent_client.post(close, {"phase": "prerequisites", "reason": "Le Collège presse"})
        assert response.status_code == 302
        assert Project.objects.get(pk=project.pk).phase == "planning"

    def test_a_phase_closed_out_of_order_is_refused(self, referent_client, project):
        close = reverse("projects:phase-close", args=[project.commune.slug, project.pk])
        response = referent_client.post(close, {"phase": "execution", "reason": "x"})
        assert response.status_code == 200
        assert not PhaseClosure.objects.exists()

    def test_the_territory_page_filters(self, referent_client, referent, territory, commune_a, commune_b, project):
        services.start_project(actor=referent, commune=commune_b, title="Projet de B")
        url = reverse("projects:territory-projects", args=[territory.slug])
        page = referent_client.get(url).content.decode()
        assert project.title in page and "Projet de B" in page
        page = referent_client.get(url, {"commune": commune_b.slug}).content.decode()
        assert project.title not in page and "Projet de B" in page
        assert referent_client.get(url, {"phase": "nonsense"}).status_code == 200


class TestEvaluationReport:
    def test_rendered_on_the_worker_and_downloaded_by_the_college(
        self, referent_client, referent, client_for, college_a, project, django_capture_on_commit_callbacks
    ):
        indicator = Indicator.objects.create(
            project=project, name="Visites mensuelles", baseline=Decimal(100), target=Decimal(500)
        )
        services.record_indicator_value(
            actor=referent, indicator=indicator, measured_on=datetime.date(2026, 3, 1), value=300
        )
        answer_phase(referent, project, "prerequisites")
        url = reverse("projects:evaluation-create", args=[project.commune.slug, project.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = referent_client.post(url, {"language": "fr"})
        report = EvaluationReport.objects.get()
        assert response.status_code == 302
        assert (report.status, report.page_count >= 4) == ("done", True)
        # One figure, one function: the distance to the target is the page's and the PDF's.
        assert report.snapshot["indicators"][0]["distance"] == "200.00"
        assert report.snapshot["indicators"][0]["status"] == "on_target"
        page = referent_client.get(detail(project)).content.decode()
        shown = measure(report.snapshot["indicators"][0]["distance"])
        assert f"écart à la cible\u00a0: {shown}" in page and "Visites mensuelles" in page
        download = reverse("projects:evaluation-download", args=[project.commune.slug, project.pk, report.pk])
        response = client_for(college_a).get(download)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        pdf = b"".join(response.streaming_content)
        assert pdf.startswith(b"%PDF")


def test_two_people_changing_the_project_the_second_is_told(staff_a_client, referent_client, project):
    url = reverse("projects:project-update", args=[project.commune.slug, project.pk])
    body = {"title": project.title, "edit_version": project.edit_version, "objectives": "Première version"}
    assert staff_a_client.post(url, body).status_code == 302
    response = referent_client.post(url, {**body, "objectives": "Seconde version"})
    assert response.status_code == 200
    assert Project.objects.get(pk=project.pk).objectives == "Première version"
    assert "Seconde version" in response.content.decode()


class TestTerritoryChecklistPages:
    def _url(self, name, territory, item):
        return reverse(f"projects:{name}", args=[territory.slug, item.pk])

    def _first(self, phase="planning"):
        return ChecklistTemplateItem.objects.filter(territory__isnull=True, phase=phase).order_by("position", "pk")

    def test_the_referent_changes_an_item_in_both_languages(self, referent_client, territory, project):
        item = self._first().first()
        url = self._url("checklist-item-update", territory, item)
        page = referent_client.get(url)
        assert page.status_code == 200
        assert item.text_fr in page.content.decode()
        data = {"phase": "planning", "kind": "tick", "text_fr": "Le budget est voté", "text_en": "The budget is voted"}
        response = referent_client.post(url, data)
        assert response.status_code == 302
        own = ChecklistTemplateItem.objects.get(territory=territory, text_fr="Le budget est voté")
        assert (own.text_en, own.required) == ("The budget is voted", False)
        assert project.checklist.filter(text_fr=item.text_fr).exists()
        listing = referent_client.get(reverse("projects:territory-checklists", args=[territory.slug]))
        assert "Le budget est voté" in listing.content.decode()

    def test_a_missing_text_is_refused_and_what_was_typed_kept(self, referent_client, territory):
        item = self._first().first()
        data = {"phase": "planning", "kind": "tick", "text_fr": "Gardé tel quel", "text_en": ""}
        response = referent_client.post(self._url("checklist-item-update", territory, item), data)
        assert response.status_code == 200
        assert "Gardé tel quel" in response.content.decode()
        assert "is-invalid" in response.content.decode()
        assert not ChecklistTemplateItem.objects.filter(territory=territory).exists()

    def test_the_referent_moves_an_item_down(self, referent_client, territory):
        first, second = self._first()[:2]
        response = referent_client.post(self._url("checklist-item-move", territory, first), {"direction": "down"})
        assert response.status_code == 302
        own = list(ChecklistTemplateItem.objects.filter(territory=territory, phase="planning"))
        assert [own[0].text_fr, own[1].text_fr] == [second.text_fr, first.text_fr]

    def test_a_move_out_of_the_phase_is_told_not_a_500(self, referent_client, territory):
        first = self._first().first()
        response = referent_client.post(
            self._url("checklist-item-move", territory, first), {"direction": "up"}, follow=True
        )
        assert response.status_code == 200
        assert "déjà le premier de sa phase" in response.content.decode()
        assert not ChecklistTemplateItem.objects.filter(territory=territory).exists()

    def test_access(self, client, client_for, staff_a, other_referent, referent_client, territory):
        item = self._first().first()
        edit, move = (
            self._url("checklist-item-update", territory, item),
            self._url("checklist-item-move", territory, item),
        )
        assert "login" in client.get(edit)["Location"]
        assert client_for(staff_a).post(move, {"direction": "down"}).status_code == 403
        assert client_for(other_referent).get(edit).status_code == 404
        assert referent_client.get(move).status_code == 405
        assert referent_client.put(edit).status_code == 405
        assert not ChecklistTemplateItem.objects.filter(territory=territory).exists()

    def test_a_default_item_is_out_of_reach_once_the_territory_has_its_own(self, referent, referent_client, territory):
        services.checklists_adapt(actor=referent, territory=territory)
        item = self._first().first()
        assert referent_client.get(self._url("checklist-item-update", territory, item)).status_code == 404


class TestDecisions:
    def _meeting(self, project, day, decisions):
        return SteeringMeeting.objects.create(
            project=project, held_on=datetime.date(2026, 3, day), participants="Collège", decisions=decisions
        )

    def test_every_decision_is_listed_on_the_project_in_one_place(self, client_for, college_a, project):
        first = self._meeting(project, 2, "Choisir le prestataire\n\n  Lancer le marché  ")
        second = self._meeting(project, 20, "Reporter la mise en ligne")
        self._meeting(project, 10, "")
        page = client_for(college_a).get(detail(project))
        decisions = page.context["page"].decisions
        assert [(d["held_on"], d["meeting"].pk, d["text"]) for d in decisions] == [
            (second.held_on, second.pk, "Reporter la mise en ligne"),
            (first.held_on, first.pk, "Choisir le prestataire"),
            (first.held_on, first.pk, "Lancer le marché"),
        ]
        assert [d["meeting"].number for d in decisions] == [3, 1, 1]
        html = page.content.decode()
        table = html[html.index('id="decisions"') : html.index('id="meetings"')]
        assert "Lancer le marché" in table and "20 mars 2026" in table
        assert f'href="#meeting-{first.pk}"' in table and "Comité de pilotage n°\u00a01" in table
        assert f'id="meeting-{first.pk}"' in html

    def test_the_page_runs_the_same_queries_for_one_meeting_or_many(
        self, client_for, college_a, project, django_assert_num_queries
    ):
        client = client_for(college_a)
        self._meeting(project, 1, "Une décision")
        with CaptureQueriesContext(connection) as one:
            client.get(detail(project))
        for day in range(2, 12):
            self._meeting(project, day, "Décision A\nDécision B")
        with django_assert_num_queries(len(one.captured_queries)):
            assert len(client.get(detail(project)).context["page"].decisions) == 21


def test_deleting_a_default_item_deletes_the_territorys_copy_only(referent_client, territory, project):
    item = ChecklistTemplateItem.objects.filter(territory__isnull=True, phase="planning").order_by("position").first()
    url = reverse("projects:checklist-item-delete", args=[territory.slug, item.pk])
    assert referent_client.post(url).status_code == 302
    assert ChecklistTemplateItem.objects.filter(pk=item.pk).exists()
    own = ChecklistTemplateItem.objects.filter(territory=territory)
    assert own.count() == ChecklistTemplateItem.objects.filter(territory__isnull=True).count() - 1
    assert not own.filter(text_fr=item.text_fr).exists()
    assert project.checklist.filter(text_fr=item.text_fr).exists()
