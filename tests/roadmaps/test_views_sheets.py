"""Sheet pages: create from a template, edit with conflict detection, marks, horizon, prerequisites, comments."""

from decimal import Decimal

import pytest
from django.urls import reverse

from roadmaps.models import Comment, Criterion, Mark, Prerequisite, ProjectSheet, ProjectTemplate
from roadmaps.services import sheets as sheet_services
from tests.helpers import assert_message_in, messages_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, roadmap, *args):
    return reverse(f"roadmaps:{name}", args=[roadmap.commune.slug, *args])


def sheet_data(**overrides) -> dict:
    data = {
        "title": "Website",
        "summary": "",
        "objectives": "",
        "function_category": "website",
        "status": "proposed",
        "horizon": "",
        "roi_years": 6,
        "investment": "40000",
        "running_cost": "6000",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class TestCreate:
    def test_catalogue_lists_the_templates(self, staff_a_client, roadmap):
        page = staff_a_client.get(url("template-list", roadmap)).content.decode()
        assert page.count("?template=") >= 15

    def test_template_prefills_the_form_in_the_active_language(self, staff_a_client, roadmap, staff_a):
        staff_a.language = "en"
        staff_a.save(update_fields=["language"])
        page = staff_a_client.get(url("sheet-create", roadmap) + "?template=online-counter").content.decode()
        assert 'value="Online counter (e-guichet)"' in page and 'value="60000.00"' in page

    def test_unknown_template_is_404(self, staff_a_client, roadmap):
        assert staff_a_client.get(url("sheet-create", roadmap) + "?template=nope").status_code == 404

    def test_create_from_template_links_prerequisites(
        self, staff_a_client, roadmap, make_sheet, django_capture_on_commit_callbacks
    ):
        website = make_sheet("Website", template=ProjectTemplate.objects.get(code="website-overhaul"))
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_a_client.post(
                url("sheet-create", roadmap),
                sheet_data(
                    title="E-guichet", template="online-counter", pillars=["governance"], skills_needed=["digital"]
                ),
            )
        sheet = ProjectSheet.objects.get(title="E-guichet")
        assert response.status_code == 302 and response.url == url("sheet-marks", roadmap, sheet.pk)
        assert sheet.template.code == "online-counter" and sheet.pillars == ["governance"]
        assert list(sheet.prerequisites.all()) == [website]

    @pytest.mark.parametrize("htmx", [False, True])
    def test_invalid_input_is_kept_and_nothing_saved(self, staff_a_client, roadmap, htmx):
        response = staff_a_client.post(
            url("sheet-create", roadmap),
            sheet_data(title="", summary="My summary", investment="-5"),
            **(HTMX if htmx else {}),
        )
        assert response.status_code == (422 if htmx else 200)
        assert "My summary" in response.content.decode()
        assert not ProjectSheet.objects.exists()


class TestEdit:
    def test_save(self, staff_a_client, roadmap, make_sheet):
        sheet = make_sheet("Website")
        response = staff_a_client.post(url("sheet-update", roadmap, sheet.pk), sheet_data(title="New site", version=1))
        assert response.status_code == 302
        sheet.refresh_from_db()
        assert (sheet.title, sheet.investment, sheet.version) == ("New site", Decimal(40_000), 2)

    def test_second_save_is_told_of_the_conflict_and_keeps_its_input(
        self, staff_a_client, referent_client, roadmap, make_sheet
    ):
        sheet = make_sheet("Website")
        edit = url("sheet-update", roadmap, sheet.pk)
        # Both open the form at version 1; the referent saves first.
        assert 'name="version" value="1"' in staff_a_client.get(edit).content.decode()
        referent_client.post(edit, sheet_data(summary="Referent's summary", version=1))
        response = staff_a_client.post(edit, sheet_data(summary="Staff summary", risks="Vendor lock-in", version=1))
        content = response.content.decode()
        assert response.status_code == 200
        assert_message_in(response, sheet_services.ERROR_SHEET_CONFLICT)
        assert "Staff summary" in content and "Vendor lock-in" in content  # their input, kept
        assert "Referent&#x27;s summary" in content  # what is saved now, side by side
        assert ProjectSheet.objects.get(pk=sheet.pk).summary == "Referent's summary"
        assert 'name="version" value="2"' in content
        # Having seen the differences, saving again keeps their version.
        response = staff_a_client.post(edit, sheet_data(summary="Staff summary", version=2))
        assert response.status_code == 302
        assert ProjectSheet.objects.get(pk=sheet.pk).summary == "Staff summary"

    def test_horizon_before_prerequisite_is_refused_on_the_form(
        self, staff_a_client, staff_a, in_english, roadmap, make_sheet
    ):
        in_english(staff_a)
        website = make_sheet("Website", horizon="long")
        counter = make_sheet("Counter", requires=[website])
        response = staff_a_client.post(
            url("sheet-update", roadmap, counter.pk), sheet_data(title="Counter", horizon="short", version=1)
        )
        assert response.status_code == 200 and "“Website”" in response.content.decode()
        assert ProjectSheet.objects.get(pk=counter.pk).horizon == ""


class TestMarksAndHorizon:
    def test_marks_are_saved_and_scored(
        self, staff_a_client, staff_a, in_english, roadmap, make_sheet, django_capture_on_commit_callbacks
    ):
        in_english(staff_a)
        sheet = make_sheet("Website", investment=Decimal(5_000))
        page = staff_a_client.get(url("sheet-marks", roadmap, sheet.pk)).content.decode()
        assert "Suggested from the total cost over the ROI period: 5." in page
        data = {f"criterion_{c.pk}": "5" for c in Criterion.objects.filter(roadmap=roadmap)}
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_a_client.post(url("sheet-marks", roadmap, sheet.pk), data)
        assert response.status_code == 302
        assert Mark.objects.filter(sheet=sheet).count() == 6
        assert ProjectSheet.objects.get(pk=sheet.pk).score.score == 100

    def test_invalid_mark(self, staff_a_client, roadmap, make_sheet):
        sheet = make_sheet("Website")
        first = Criterion.objects.filter(roadmap=roadmap).first()
        response = staff_a_client.post(url("sheet-marks", roadmap, sheet.pk), {f"criterion_{first.pk}": "9"}, **HTMX)
        assert response.status_code == 422
        assert not Mark.objects.exists()

    def test_horizon(self, staff_a_client, staff_a, in_english, roadmap, make_sheet):
        in_english(staff_a)
        website = make_sheet("Website", horizon="medium")
        counter = make_sheet("Counter", requires=[website])
        response = staff_a_client.post(url("sheet-horizon", roadmap, counter.pk), {"horizon": "short"})
        assert any("“Website”" in m for m in messages_of(response))
        assert ProjectSheet.objects.get(pk=counter.pk).horizon == ""
        staff_a_client.post(url("sheet-horizon", roadmap, counter.pk), {"horizon": "long"})
        assert ProjectSheet.objects.get(pk=counter.pk).horizon == "long"
        response = staff_a_client.post(url("sheet-horizon", roadmap, counter.pk), {"horizon": "someday"})
        assert ProjectSheet.objects.get(pk=counter.pk).horizon == "long"


class TestPrerequisites:
    def test_add_remove(self, staff_a_client, roadmap, make_sheet):
        website, counter = make_sheet("Website"), make_sheet("Counter")
        response = staff_a_client.post(url("prerequisite-add", roadmap, counter.pk), {"required": website.pk})
        assert response.status_code == 302
        assert Prerequisite.objects.filter(sheet=counter, required=website).exists()
        staff_a_client.post(url("prerequisite-remove", roadmap, counter.pk, website.pk))
        assert not Prerequisite.objects.exists()

    def test_cycle_is_refused_with_its_sheets(self, staff_a_client, roadmap, make_sheet):
        website = make_sheet("Website")
        counter = make_sheet("Counter", requires=[website])
        response = staff_a_client.post(url("prerequisite-add", roadmap, website.pk), {"required": counter.pk}, **HTMX)
        assert response.status_code == 422
        # French page, French quotation marks (smartregion.templatetags.french.quoted).
        assert "«\u00a0Website\u00a0» → «\u00a0Counter\u00a0» → «\u00a0Website\u00a0»" in response.content.decode()
        assert Prerequisite.objects.count() == 1


class TestCommentsAndDelete:
    def test_comment(self, staff_a_client, roadmap, make_sheet, staff_a):
        sheet = make_sheet("Website")
        response = staff_a_client.post(url("comment-create", roadmap, sheet.pk), {"body": "Contract ends in June"})
        assert response.status_code == 302 and response.url.endswith("#comments")
        comment = Comment.objects.get()
        assert comment.author == staff_a
        page = staff_a_client.get(url("sheet-detail", roadmap, sheet.pk)).content.decode()
        assert "Contract ends in June" in page
        staff_a_client.post(url("comment-delete", roadmap, sheet.pk, comment.pk))
        assert not Comment.objects.exists()

    def test_empty_comment(self, staff_a_client, roadmap, make_sheet):
        sheet = make_sheet("Website")
        response = staff_a_client.post(url("comment-create", roadmap, sheet.pk), {"body": "  "}, **HTMX)
        assert response.status_code == 422 and not Comment.objects.exists()

    def test_delete_confirms_then_deletes(self, referent_client, roadmap, make_sheet):
        website = make_sheet("Website")
        make_sheet("Counter", requires=[website])
        page = referent_client.get(url("sheet-delete", roadmap, website.pk)).content.decode()
        assert "Counter" in page
        response = referent_client.post(url("sheet-delete", roadmap, website.pk))
        assert response.status_code == 302 and not ProjectSheet.objects.filter(pk=website.pk).exists()

    def test_sheet_page_shows_roi_and_duplicates(self, referent_client, referent, in_english, roadmap, make_sheet):
        in_english(referent)
        template = ProjectTemplate.objects.get(code="website-overhaul")
        sheet = make_sheet(
            "Website",
            template=template,
            investment=Decimal(40_000),
            running_cost=Decimal(6_000),
            yearly_financial_gains=Decimal(16_000),
        )
        make_sheet("New website", template=template)
        page = referent_client.get(url("sheet-detail", roadmap, sheet.pk)).content.decode()
        assert "New website" in page and "same template" in page
        assert "4.0 years" in page  # payback: 40 000 / (16 000 − 6 000)
