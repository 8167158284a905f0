"""Links between project sheets and the commune's diagnostic: PST objectives, needs, existing systems."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from diagnostics.models import ExistingSystem, Need, NeedEvidence, PstObjective
from diagnostics.selectors import pst as pst_selectors
from roadmaps import selectors
from roadmaps.models import ProjectSheet
from roadmaps.services import sheets as sheet_services
from smartregion.errors import ServiceError
from tests.helpers import assert_message_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def diagnostic(commune_a, commune_b):
    """Commune A's PST objective, need (with one piece of evidence) and systems; one of each in commune B."""
    strategic = PstObjective.objects.create(commune=commune_a, level="strategic", code="OS1", title="Moderne")
    objective = PstObjective.objects.create(
        commune=commune_a, level="operational", parent=strategic, code="OO1.1", title="Simplifier les démarches"
    )
    need = Need.objects.create(commune=commune_a, title="Guichet en ligne")
    NeedEvidence.objects.create(need=need, kind="objective", objective=objective)
    appointments = ExistingSystem.objects.create(commune=commune_a, name="Rendez-vous", category="online_services")
    population = ExistingSystem.objects.create(commune=commune_a, name="Saphir", category="population_registry")
    old_site = ExistingSystem.objects.create(
        commune=commune_a, name="Ancien site", category="website", status="being_replaced"
    )
    other = {
        "objective": PstObjective.objects.create(commune=commune_b, level="strategic", code="OS9", title="Ailleurs"),
        "need": Need.objects.create(commune=commune_b, title="Besoin d'ailleurs"),
        "system": ExistingSystem.objects.create(
            commune=commune_b, name="Système d'ailleurs", category="online_services"
        ),
    }
    return {
        "strategic": strategic,
        "objective": objective,
        "need": need,
        "appointments": appointments,
        "population": population,
        "old_site": old_site,
        "other": other,
    }


def links(diagnostic, **overrides):
    value = {
        "pst_objectives": [diagnostic["objective"]],
        "needs": [diagnostic["need"]],
        "exchanges_with": [diagnostic["population"]],
    }
    value.update(overrides)
    return value


class TestServices:
    def test_create_with_links(self, roadmap, referent, diagnostic):
        sheet = sheet_services.sheet_create(
            roadmap=roadmap, actor=referent, fields={"title": "E-guichet"}, links=links(diagnostic)
        )
        assert list(sheet.pst_objectives.all()) == [diagnostic["objective"]]
        assert list(sheet.needs.all()) == [diagnostic["need"]]
        assert list(sheet.exchanges_with.all()) == [diagnostic["population"]]

    @pytest.mark.parametrize(
        ("name", "key"), [("pst_objectives", "objective"), ("needs", "need"), ("exchanges_with", "system")]
    )
    def test_another_communes_diagnostic_is_refused(self, roadmap, referent, diagnostic, name, key):
        with pytest.raises(ServiceError) as error:
            sheet_services.sheet_create(
                roadmap=roadmap,
                actor=referent,
                fields={"title": "E-guichet"},
                links=links(diagnostic, **{name: [diagnostic["other"][key]]}),
            )
        assert (error.value.message, error.value.field) == (sheet_services.ERROR_LINK_OUTSIDE, name)
        assert not ProjectSheet.objects.exists()

    def test_update_replaces_links_and_a_conflict_changes_none(
        self, roadmap, referent, staff_a, diagnostic, make_sheet
    ):
        sheet = make_sheet("E-guichet")
        sheet_services.sheet_update(
            sheet=sheet, actor=referent, fields={"title": "E-guichet"}, expected_version=1, links=links(diagnostic)
        )
        with pytest.raises(sheet_services.SheetConflict):
            sheet_services.sheet_update(
                sheet=sheet,
                actor=staff_a,
                fields={"title": "E-guichet"},
                expected_version=1,
                links=links(diagnostic, exchanges_with=[diagnostic["appointments"]]),
            )
        assert list(sheet.exchanges_with.all()) == [diagnostic["population"]]
        sheet_services.sheet_update(
            sheet=sheet, actor=referent, fields={}, expected_version=2, links={"pst_objectives": []}
        )
        assert not sheet.pst_objectives.exists() and sheet.needs.exists()

    def test_a_linked_objective_is_served_in_the_diagnostic(self, roadmap, referent, diagnostic, commune_a):
        assert diagnostic["objective"] in pst_selectors.unserved_objectives(commune_a)
        sheet = sheet_services.sheet_create(
            roadmap=roadmap, actor=referent, fields={"title": "E-guichet"}, links=links(diagnostic)
        )
        assert diagnostic["objective"] not in pst_selectors.unserved_objectives(commune_a)
        ProjectSheet.objects.filter(pk=sheet.pk).update(status="abandoned")
        assert diagnostic["objective"] in pst_selectors.unserved_objectives(commune_a)


class TestDuplicatesWithTheInventory:
    def test_a_sheet_doing_a_systems_job_is_flagged(self, roadmap, make_sheet, diagnostic):
        sheet = make_sheet("Guichet électronique", function_category="online_services")
        page = selectors.roadmap_page(roadmap)
        assert [(d["sheet"], d["other_title"], d["is_system"]) for d in page["duplicates"]] == [
            (sheet.pk, "Rendez-vous", True)
        ]
        assert [d["title"] for d in selectors.sheet_detail(sheet)["duplicates"]] == ["Rendez-vous"]

    def test_known_or_replaced_systems_are_not_flagged(self, roadmap, make_sheet, diagnostic):
        counter = make_sheet("Guichet électronique", function_category="online_services")
        counter.exchanges_with.set([diagnostic["appointments"]])
        make_sheet("Nouveau site", function_category="website")
        assert selectors.roadmap_page(roadmap)["duplicates"] == []
        assert selectors.sheet_detail(counter)["duplicates"] == []


class TestPages:
    def url(self, name, roadmap, *args):
        return reverse(f"roadmaps:{name}", args=[roadmap.commune.slug, *args])

    def test_form_offers_the_communes_own_diagnostic(self, staff_a_client, roadmap, diagnostic):
        page = staff_a_client.get(self.url("sheet-create", roadmap)).content.decode()
        assert "Simplifier les démarches" in page and "Saphir" in page and "Guichet en ligne" in page
        assert "Ailleurs" not in page and "ailleurs" not in page

    def test_form_says_when_the_diagnostic_is_empty(self, staff_a_client, roadmap, in_english, staff_a):
        in_english(staff_a)
        page = staff_a_client.get(self.url("sheet-create", roadmap)).content.decode()
        assert escape("No existing system is recorded in the commune's inventory yet.") in page

    def test_post_links_and_detail_shows_them_with_the_evidence(self, staff_a_client, roadmap, diagnostic):
        data = {
            "title": "E-guichet",
            "function_category": "online_services",
            "status": "proposed",
            "roi_years": 6,
            "pst_objectives": [diagnostic["objective"].pk],
            "needs": [diagnostic["need"].pk],
            "exchanges_with": [diagnostic["population"].pk, diagnostic["appointments"].pk],
        }
        response = staff_a_client.post(self.url("sheet-create", roadmap), data)
        assert response.status_code == 302
        sheet = ProjectSheet.objects.get(title="E-guichet")
        assert sheet.exchanges_with.count() == 2
        page = staff_a_client.get(self.url("sheet-detail", roadmap, sheet.pk)).content.decode()
        assert "OO1.1" in page and "Guichet en ligne" in page and "Saphir" in page
        assert "Simplifier les démarches" in page  # the need's evidence: the PST objective

    def test_another_communes_system_is_not_a_valid_choice(self, staff_a_client, roadmap, diagnostic):
        data = {"title": "E-guichet", "status": "proposed", "roi_years": 6, "function_category": "other"}
        data["exchanges_with"] = [diagnostic["other"]["system"].pk]
        response = staff_a_client.post(self.url("sheet-create", roadmap), data)
        assert response.status_code == 200 and not ProjectSheet.objects.exists()

    def test_conflict_shows_the_links_of_both_versions(
        self, staff_a_client, referent_client, roadmap, make_sheet, diagnostic
    ):
        sheet = make_sheet("E-guichet")
        edit = self.url("sheet-update", roadmap, sheet.pk)
        base = {"title": "E-guichet", "status": "proposed", "roi_years": 6, "function_category": "other"}
        referent_client.post(edit, {**base, "version": 1, "exchanges_with": [diagnostic["population"].pk]})
        response = staff_a_client.post(edit, {**base, "version": 1, "exchanges_with": [diagnostic["appointments"].pk]})
        assert_message_in(response, sheet_services.ERROR_SHEET_CONFLICT)
        rows = response.context["conflict"]["rows"]
        assert [(r["saved"], r["yours"]) for r in rows] == [("Saphir", "Rendez-vous")]
        assert list(sheet.exchanges_with.all()) == [diagnostic["population"]]

    def test_export_lists_the_links(self, referent_client, roadmap, make_sheet, diagnostic):
        sheet = make_sheet("E-guichet", pst_objectives_text="Et la note")
        sheet.pst_objectives.set([diagnostic["objective"]])
        sheet.exchanges_with.set([diagnostic["population"]])
        text = referent_client.get(self.url("roadmap-export-csv", roadmap)).content.decode()
        assert "OO1.1 Simplifier les démarches; Et la note" in text and "Saphir" in text


class TestMergedNeeds:
    """A need merged after a sheet linked it: the sheet now addresses the need it went into."""

    @pytest.fixture
    def merged(self, roadmap, make_sheet, diagnostic, commune_a, referent):
        from diagnostics.services.needs import needs_merge

        target = Need.objects.create(commune=commune_a, title="Démarches en ligne")
        sheet = make_sheet("E-guichet")
        sheet.needs.set([diagnostic["need"]])
        needs_merge(source=diagnostic["need"], target=target, actor=referent)
        return sheet, target

    def test_detail_shows_the_need_it_went_into(self, staff_a_client, roadmap, merged):
        sheet, target = merged
        response = staff_a_client.get(TestPages().url("sheet-detail", roadmap, sheet.pk))
        assert [n.id for n in response.context["needs"]] == [target.pk]

    def test_edit_form_keeps_the_link_on_the_need_it_went_into(self, staff_a_client, roadmap, merged):
        sheet, target = merged
        response = staff_a_client.get(TestPages().url("sheet-update", roadmap, sheet.pk))
        assert response.context["form"].initial["needs"] == [target.pk]

    def test_export_names_the_need_it_went_into(self, referent_client, roadmap, merged):
        text = referent_client.get(TestPages().url("roadmap-export-csv", roadmap)).content.decode()
        assert "Démarches en ligne" in text and "Guichet en ligne" not in text
