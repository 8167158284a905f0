"""What each barometer page does for the people allowed on it (access is in test_access_matrix.py)."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from barometer import importing, services
from barometer.forms import ERROR_OPTION_LINE
from barometer.models import Answer, Edition, ImportStatus, PublicSnapshot, Question, Response, ResponseImport
from smartregion import spreadsheets
from tests.barometer.conftest import answer, make_edition
from tests.factories import CommuneFactory
from tests.helpers import assert_message_in, is_full_page, messages_of, translated

pytestmark = pytest.mark.django_db


def upload(text: str | bytes, name="answers.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


class TestIndex:
    def test_referent_sees_the_editions_of_their_territory(self, referent_client, edition, other_edition, commune_a):
        answer(edition, commune_a, smartness=5)
        response = referent_client.get(reverse("barometer:index"))
        page = response.content.decode()
        assert edition.title in page
        (listed,) = response.context["territories"]
        assert [(e.pk, e.respondents) for e in listed.barometer_editions.all()] == [(edition.pk, 1)]
        assert listed.communes_total == 1
        assert reverse("barometer:edition-create", args=[edition.territory.slug]) in page
        assert reverse("barometer:edition-detail", args=[other_edition.pk]) not in page

    def test_commune_people_see_their_commune(self, college_a_client, edition, commune_a):
        page = college_a_client.get(reverse("barometer:index")).content.decode()
        assert reverse("barometer:response-detail", args=[edition.pk, commune_a.slug]) in page
        assert f'href="{reverse("barometer:edition-detail", args=[edition.pk])}"' not in page


class TestEditionCreate:
    def target(self, territory):
        return reverse("barometer:edition-create", args=[territory.slug])

    def data(self, **kwargs):
        return {
            "year": 2026,
            "title": "Barometer 2026",
            "opens_on": "2026-01-10",
            "closes_on": "2026-03-10",
            "start_from": "standard",
        } | kwargs

    def test_offers_earlier_editions_first(self, referent_client, territory, closed_edition):
        form = referent_client.get(self.target(territory)).context["form"]
        assert form.initial["start_from"] == str(closed_edition.pk)

    def test_copy_an_earlier_edition(self, referent_client, territory, closed_edition):
        response = referent_client.post(self.target(territory), self.data(start_from=str(closed_edition.pk)))
        created = Edition.objects.get(year=2026)
        assert response.url == reverse("barometer:edition-detail", args=[created.pk])
        assert created.copied_from == closed_edition
        assert created.questions.count() == closed_edition.questions.count()

    def test_standard_set(self, referent_client, territory):
        referent_client.post(self.target(territory), self.data())
        assert Edition.objects.get(year=2026).questions.count() == 14

    def test_invalid_input_is_kept_and_nothing_saved(self, referent_client, territory):
        response = referent_client.post(self.target(territory), self.data(closes_on="2025-12-01", title="Kept"))
        assert response.status_code == 200
        assert_message_in(response, services.ERROR_CLOSES_BEFORE_OPENS)
        assert 'value="Kept"' in response.content.decode()
        assert not Edition.objects.exists()

    def test_htmx_invalid_answers_422(self, referent_client, territory):
        response = referent_client.post(self.target(territory), self.data(year=""), HTTP_HX_REQUEST="true")
        assert response.status_code == 422

    def test_year_taken(self, referent_client, territory, edition):
        response = referent_client.post(self.target(territory), self.data(year=edition.year))
        assert_message_in(response, services.ERROR_YEAR_TAKEN)
        assert Edition.objects.count() == 1

    def test_an_edition_of_another_territory_cannot_be_copied(self, referent_client, territory, other_edition):
        response = referent_client.post(self.target(territory), self.data(start_from=str(other_edition.pk)))
        assert response.status_code == 200
        assert not Edition.objects.filter(territory=territory).exists()


class TestEditionDetail:
    def test_lists_codes_communes_and_downloads(self, referent_client, edition, commune_a, commune_b):
        answer(edition, commune_a, smartness=5)
        page = referent_client.get(reverse("barometer:edition-detail", args=[edition.pk])).content.decode()
        for code in ("smartness", "themes", "purchasing", "involved", "obstacles"):
            assert f'<code class="text-reset">{code}</code>' in page
        assert "mobility; quality_of_life; economy" in page
        assert reverse("barometer:edition-template", args=[edition.pk, "xlsx"]) in page
        assert reverse("barometer:response-edit", args=[edition.pk, commune_b.slug]) in page
        assert reverse("barometer:question-create", args=[edition.pk]) not in page

    def test_update(self, referent_client, edition):
        data = {
            "year": edition.year,
            "title": "Renamed",
            "opens_on": edition.opens_on.isoformat(),
            "closes_on": edition.closes_on.isoformat(),
        }
        response = referent_client.post(reverse("barometer:edition-update", args=[edition.pk]), data)
        assert response.status_code == 302
        edition.refresh_from_db()
        assert edition.title == "Renamed"

    def test_update_invalid(self, referent_client, edition):
        data = {"year": edition.year, "title": "Renamed", "opens_on": "2025-05-01", "closes_on": "2025-04-01"}
        response = referent_client.post(reverse("barometer:edition-update", args=[edition.pk]), data)
        assert_message_in(response, services.ERROR_CLOSES_BEFORE_OPENS)
        edition.refresh_from_db()
        assert edition.title != "Renamed"

    def test_delete(self, referent_client, edition):
        response = referent_client.post(reverse("barometer:edition-delete", args=[edition.pk]))
        assert response.url == reverse("barometer:index")
        assert not Edition.objects.exists()

    def test_delete_refused_once_answered(self, referent_client, edition, commune_a):
        answer(edition, commune_a, smartness=5)
        response = referent_client.post(reverse("barometer:edition-delete", args=[edition.pk]))
        assert messages_of(response) == [translated(services.ERROR_EDITION_HAS_RESPONSES, response)]
        assert Edition.objects.exists()

    def test_publish_and_unpublish(self, referent_client, referent, closed_edition):
        response = referent_client.post(reverse("barometer:edition-publish", args=[closed_edition.pk]))
        assert response.url == reverse("barometer:edition-detail", args=[closed_edition.pk])
        assert PublicSnapshot.objects.get(edition=closed_edition).published_by == referent
        response = referent_client.post(
            reverse("barometer:edition-unpublish", args=[closed_edition.pk]), HTTP_HX_REQUEST="true"
        )
        assert not PublicSnapshot.objects.exists()
        assert not is_full_page(response)
        assert 'id="public-toggle"' in response.content.decode()

    def test_publish_htmx_shows_the_snapshot(self, referent_client, closed_edition):
        target = reverse("barometer:edition-publish", args=[closed_edition.pk])
        response = referent_client.post(target, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert not is_full_page(response)
        assert reverse("barometer:public-summary", args=[closed_edition.territory.slug, 2022]) in (
            response.content.decode()
        )

    def test_publishing_an_open_edition_is_refused(self, referent_client, edition):
        target = reverse("barometer:edition-publish", args=[edition.pk])
        response = referent_client.post(target)
        assert messages_of(response) == [translated(services.ERROR_PUBLISH_NOT_CLOSED, response)]
        response = referent_client.post(target, HTTP_HX_REQUEST="true")
        assert response.status_code == 422
        assert translated(services.ERROR_PUBLISH_NOT_CLOSED, response) in response.content.decode()
        assert not PublicSnapshot.objects.exists()

    @pytest.mark.parametrize("name", ["barometer:edition-publish", "barometer:edition-unpublish"])
    def test_publish_views_need_post_and_csrf(self, referent, closed_edition, name):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(referent)
        target = reverse(name, args=[closed_edition.pk])
        assert client.get(target).status_code == 405
        assert client.post(target).status_code == 403
        assert not PublicSnapshot.objects.exists()


class TestQuestions:
    def test_create(self, referent_client, edition):
        data = {
            "code": "cyber",
            "label": "Armed?",
            "kind": "single",
            "position": 60,
            "options": "armed | Armed\nnot_armed | Not armed\n",
        }
        response = referent_client.post(reverse("barometer:question-create", args=[edition.pk]), data)
        assert response.status_code == 302
        question = edition.questions.get(code="cyber")
        assert list(question.options.values_list("code", "label")) == [("armed", "Armed"), ("not_armed", "Not armed")]

    def test_badly_written_options(self, referent_client, edition):
        data = {"code": "cyber", "label": "Armed?", "kind": "single", "position": 60, "options": "armed Armed"}
        response = referent_client.post(reverse("barometer:question-create", args=[edition.pk]), data)
        assert_message_in(response, ERROR_OPTION_LINE)
        assert "armed Armed" in response.content.decode()
        assert not edition.questions.filter(code="cyber").exists()

    def test_rule_of_the_service(self, referent_client, edition):
        data = {"code": "smartness", "label": "Again", "kind": "yes_no", "position": 60}
        response = referent_client.post(reverse("barometer:question-create", args=[edition.pk]), data)
        assert_message_in(response, services.ERROR_CODE_TAKEN)

    def test_update_shows_the_options(self, referent_client, edition):
        question = edition.questions.get(code="themes")
        target = reverse("barometer:question-update", args=[edition.pk, question.pk])
        assert "mobility | Mobility" in referent_client.get(target).content.decode()
        data = {
            "code": "themes",
            "label": "Themes now",
            "kind": "multiple",
            "position": question.position,
            "options": "mobility | Mobilité\nquality_of_life | QoL\neconomy | Économie",
        }
        assert referent_client.post(target, data).status_code == 302
        question.refresh_from_db()
        assert question.label == "Themes now"
        assert question.options.get(code="mobility").label == "Mobilité"

    def test_update_refused_once_answered(self, referent_client, edition, commune_a):
        answer(edition, commune_a, smartness=4)
        question = edition.questions.get(code="smartness")
        data = {
            "code": "smart",
            "label": "Smart?",
            "kind": "scale",
            "scale_min": 1,
            "scale_max": 10,
            "position": question.position,
        }
        response = referent_client.post(reverse("barometer:question-update", args=[edition.pk, question.pk]), data)
        assert_message_in(response, services.ERROR_QUESTIONS_LOCKED)
        question.refresh_from_db()
        assert question.code == "smartness"

    def test_delete(self, referent_client, edition):
        question = edition.questions.get(code="obstacles")
        referent_client.post(reverse("barometer:question-delete", args=[edition.pk, question.pk]))
        assert not Question.objects.filter(pk=question.pk).exists()

    def test_delete_refused_once_answered(self, referent_client, edition, commune_a):
        answer(edition, commune_a, smartness=4)
        question = edition.questions.get(code="obstacles")
        response = referent_client.post(reverse("barometer:question-delete", args=[edition.pk, question.pk]))
        assert messages_of(response) == [translated(services.ERROR_QUESTIONS_LOCKED, response)]
        assert Question.objects.filter(pk=question.pk).exists()


class TestResults:
    @pytest.fixture
    def answered(self, territory, edition, commune_a, commune_b):
        older = make_edition(territory, year=2022, open_now=False)
        answer(older, commune_a, smartness=2)
        answer(older, commune_b, smartness=3)
        answer(edition, commune_a, smartness=5, themes=["mobility"], involved=True, obstacles="Pas de budget")
        answer(edition, commune_b, smartness=6, themes=["mobility", "economy"], involved=False, obstacles="Temps")
        return edition

    def test_figures_rounded_for_reading(self, referent_client, answered):
        with_lang = referent_client.get(
            reverse("barometer:edition-results", args=[answered.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
        page = with_lang.content.decode()
        results = with_lang.context["results"]
        assert results.question("smartness").mean == 5.5
        assert results.question("themes").share("mobility").percent == 100
        assert "5,5" in page or "5.5" in page
        assert "Pas de budget" in page and "Courcelles" in page
        assert 'id="barometer-charts"' in page
        assert "<script>" not in page.replace('<script src="', "")

    def test_comparison_with_the_earlier_edition(self, referent_client, answered):
        response = referent_client.get(reverse("barometer:edition-results", args=[answered.pk]))
        (group,) = [g for g in response.context["compare_groups"] if g.comparison.code == "smartness"]
        assert group.rows[0].values == (2.5, 5.5)
        assert response.context["compare_years"] == [2022, 2025]

    def test_export_csv_is_unrounded(self, referent_client, answered, territory):
        response = referent_client.get(reverse("barometer:edition-export", args=[answered.pk, "csv"]))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="barometer-{territory.slug}-2025-results.csv"'
        text = response.content.decode("utf-8-sig")
        assert text.startswith("year,question_code,question,kind,option_code")
        assert "2025,themes,Priority themes,multiple,economy,Economy,2,2,2,1,,50.0" in text

    def test_export_xlsx(self, referent_client, answered):
        response = referent_client.get(reverse("barometer:edition-export", args=[answered.pk, "xlsx"]))
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == ["Results", "Comparison", "Free text"]
        texts = [[c.value for c in row] for row in workbook["Free text"].iter_rows()]
        assert ["obstacles", "Obstacles", "Courcelles", "Pas de budget"] in texts

    def test_template_lists_communes_and_codes(self, referent_client, answered):
        text = referent_client.get(reverse("barometer:edition-template", args=[answered.pk, "csv"])).content.decode(
            "utf-8-sig"
        )
        lines = text.splitlines()
        assert lines[0] == "commune,nis_code,respondent,alderman,smartness,themes,purchasing,involved,obstacles"
        assert lines[1] == "Courcelles,52015,,,,,,,"

    def test_filled_template(self, referent_client, answered):
        response = referent_client.get(reverse("barometer:edition-template", args=[answered.pk, "xlsx"]) + "?filled=1")
        sheet = load_workbook(io.BytesIO(response.content))["Answers"]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert rows[2] == ["Lobbes", "56044", None, None, "6", "mobility;economy", None, "no", "Temps"]


def xlsx_file(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class TestImport:
    def target(self, edition):
        return reverse("barometer:import-upload", args=[edition.pk])

    def test_page_lists_the_codes(self, referent_client, edition):
        page = referent_client.get(self.target(edition)).content.decode()
        assert '<code class="text-reset">purchasing</code>' in page

    def test_clean_file_goes_to_the_preview_then_confirmation(self, referent_client, edition, commune_a, commune_b):
        answer(edition, commune_b, smartness=9)
        data = xlsx_file(
            [["Commune", "smartness", "themes"], ["COURCELLES", 7, "mobility;economy"], ["lobbes", 3, None]]
        )
        response = referent_client.post(self.target(edition), {"file": upload(data, "réponses.xlsx")})
        pending = ResponseImport.objects.get()
        assert response.url == reverse("barometer:import-preview", args=[edition.pk, pending.pk])
        assert Answer.objects.get(response__commune=commune_b, question__code="smartness").number == 9

        preview = referent_client.get(response.url)
        assert preview.context["replaced"] == 1
        assert [row.commune_name for row, _replaces in preview.context["rows"]] == ["Courcelles", "Lobbes"]

        confirmed = referent_client.post(reverse("barometer:import-confirm", args=[edition.pk, pending.pk]))
        assert confirmed.url == reverse("barometer:edition-detail", args=[edition.pk])
        assert Response.objects.filter(edition=edition, source="import").count() == 2
        assert Answer.objects.get(response__commune=commune_b, question__code="smartness").number == 3

    def test_errors_row_by_row_and_nothing_saved(self, referent_client, edition, commune_a, commune_b):
        text = "commune;smartness;unknown\nCourcelles;11;x\nNowhere;3;\nCourcelles;4;\n"
        response = referent_client.post(self.target(edition), {"file": upload(text)})
        assert response.status_code == 200
        errors = [(e.line, e.column) for e in response.context["check"].errors]
        assert errors == [(1, "unknown"), (2, "smartness"), (3, "commune"), (4, "")]
        assert_message_in(response, importing.ERROR_UNKNOWN_COMMUNE % {"name": "Nowhere"})
        assert_message_in(response, importing.ERROR_DUPLICATE_COMMUNE % {"name": "Courcelles", "line": 2})
        assert not ResponseImport.objects.exists()
        assert not Response.objects.exists()

    def test_errors_answer_422_to_htmx(self, referent_client, edition, commune_a):
        response = referent_client.post(
            self.target(edition), {"file": upload("commune;smartness\nCourcelles;11\n")}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 422

    def test_unreadable_file(self, referent_client, edition):
        response = referent_client.post(self.target(edition), {"file": upload(b"%PDF-1.4", "answers.pdf")})
        assert_message_in(response, spreadsheets.ERROR_EXTENSION)
        assert not ResponseImport.objects.exists()

    def test_excel_workbook_renamed_csv(self, referent_client, edition):
        response = referent_client.post(self.target(edition), {"file": upload(xlsx_file([["commune"]]), "a.csv")})
        assert_message_in(response, spreadsheets.ERROR_XLSX_NAMED_CSV)

    def test_too_big(self, referent_client, edition):
        big = b"commune\n" + b"x" * spreadsheets.MAX_UPLOAD_BYTES
        response = referent_client.post(self.target(edition), {"file": upload(big)})
        assert response.status_code == 200
        assert not ResponseImport.objects.exists()
        assert response.context["form"].errors["file"]

    def test_no_file(self, referent_client, edition):
        response = referent_client.post(self.target(edition), {})
        assert response.context["form"].errors["file"]

    def test_preview_that_no_longer_fits(self, referent_client, edition, commune_a):
        pending, _check = services.import_prepare(
            edition=edition, actor=None, filename="a.csv", data=b"commune,themes\nCourcelles,mobility\n"
        )
        services.question_delete(question=edition.questions.get(code="themes"), actor=None)
        preview = referent_client.get(reverse("barometer:import-preview", args=[edition.pk, pending.pk]))
        assert preview.context["check"].errors
        response = referent_client.post(reverse("barometer:import-confirm", args=[edition.pk, pending.pk]))
        assert response.url == self.target(edition)
        assert messages_of(response) == [translated(services.ERROR_IMPORT_NOT_CLEAN, response)]
        assert not Response.objects.exists()

    def test_discard(self, referent_client, edition, commune_a):
        pending, _check = services.import_prepare(
            edition=edition, actor=None, filename="a.csv", data=b"commune,smartness\nCourcelles,4\n"
        )
        referent_client.post(reverse("barometer:import-discard", args=[edition.pk, pending.pk]))
        pending.refresh_from_db()
        assert pending.status == ImportStatus.DISCARDED
        gone = referent_client.get(reverse("barometer:import-preview", args=[edition.pk, pending.pk]))
        assert gone.status_code == 404


class TestResponseEdit:
    def target(self, edition, commune):
        return reverse("barometer:response-edit", args=[edition.pk, commune.slug])

    def data(self, **kwargs):
        return {
            "respondent_name": "Marc Lambert",
            "alderman_name": "Jean Martin",
            "version": "0",
            "q_smartness": "6",
            "q_themes": ["mobility", "economy"],
            "q_purchasing": "strongly",
            "q_involved": "no",
            "q_obstacles": "Pas de temps",
        } | kwargs

    def test_staff_fill_their_commune_online(self, staff_a_client, staff_a, edition, commune_a):
        response = staff_a_client.post(self.target(edition, commune_a), self.data())
        assert response.url == reverse("barometer:response-detail", args=[edition.pk, commune_a.slug])
        saved = Response.objects.get(edition=edition, commune=commune_a)
        assert (saved.source, saved.entered_by, saved.respondent_name, saved.alderman_name) == (
            "online",
            staff_a,
            "Marc Lambert",
            "Jean Martin",
        )
        assert Answer.objects.get(response=saved, question__code="involved").boolean is False
        assert sorted(
            Answer.objects.get(response=saved, question__code="themes").options.values_list("code", flat=True)
        ) == ["economy", "mobility"]

    def test_form_shows_the_saved_answers(self, staff_a_client, edition, commune_a):
        answer(edition, commune_a, smartness=6, themes=["economy"], involved=True)
        form = staff_a_client.get(self.target(edition, commune_a)).context["form"]
        assert form.initial["q_smartness"] == 6
        assert form.initial["q_themes"] == ["economy"]
        assert form.initial["q_involved"] == "yes"
        assert form.initial["version"] == 1

    def test_required_answer_missing_keeps_the_input(self, staff_a_client, edition, commune_a):
        response = staff_a_client.post(self.target(edition, commune_a), self.data(q_smartness="", q_obstacles="Kept"))
        assert response.status_code == 200
        assert response.context["form"].errors["q_smartness"]
        assert "Kept" in response.content.decode()
        assert not Response.objects.exists()

    def test_value_outside_the_choices(self, staff_a_client, edition, commune_a):
        response = staff_a_client.post(self.target(edition, commune_a), self.data(q_smartness="11"))
        assert response.context["form"].errors["q_smartness"]
        assert not Response.objects.exists()

    def test_conflict_with_someone_else(self, staff_a_client, edition, commune_a):
        answer(edition, commune_a, smartness=2)
        response = staff_a_client.post(self.target(edition, commune_a), self.data(version="0"))
        assert_message_in(response, services.ERROR_RESPONSE_CONFLICT)
        assert Answer.objects.get(question__code="smartness").number == 2

    def test_closed_edition_staff_are_sent_back(self, staff_a_client, closed_edition, commune_a):
        response = staff_a_client.post(self.target(closed_edition, commune_a), self.data())
        assert response.url == reverse("barometer:response-detail", args=[closed_edition.pk, commune_a.slug])
        assert messages_of(response) == [translated(services.ERROR_EDITION_NOT_OPEN, response)]
        assert not Response.objects.exists()

    def test_the_referent_enters_answers_of_a_closed_edition(self, referent_client, closed_edition, commune_a):
        response = referent_client.post(self.target(closed_edition, commune_a), self.data(q_smartness=""))
        assert response.status_code == 302
        assert Response.objects.get().source == "referent"

    def test_htmx_invalid_answers_422(self, staff_a_client, edition, commune_a):
        response = staff_a_client.post(
            self.target(edition, commune_a), self.data(q_smartness=""), HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 422


class TestResponseDetail:
    def test_commune_against_the_territory(self, college_a_client, edition, commune_a, commune_b, territory):
        third = CommuneFactory(territory=territory)
        answer(edition, commune_a, smartness=8, obstacles="Secret de Courcelles")
        answer(edition, commune_b, smartness=2, obstacles="Secret de Lobbes")
        answer(edition, third, smartness=5)
        response = college_a_client.get(reverse("barometer:response-detail", args=[edition.pk, commune_a.slug]))
        page = response.content.decode()
        rows = {a.code: a for a in response.context["view"].answers}
        assert (rows["smartness"].value, rows["smartness"].territory_mean) == (8, 5.0)
        assert "Secret de Courcelles" in page
        assert "Secret de Lobbes" not in page
        assert response.context["can_fill"] is False

    def test_staff_may_fill_while_open(self, staff_a_client, edition, commune_a):
        response = staff_a_client.get(reverse("barometer:response-detail", args=[edition.pk, commune_a.slug]))
        assert response.context["can_fill"] is True
        assert reverse("barometer:response-edit", args=[edition.pk, commune_a.slug]) in response.content.decode()

    def test_delete_by_the_referent(self, referent_client, edition, commune_a):
        answer(edition, commune_a, smartness=8)
        response = referent_client.post(reverse("barometer:response-delete", args=[edition.pk, commune_a.slug]))
        assert response.url == reverse("barometer:edition-detail", args=[edition.pk])
        assert not Response.objects.exists()

    def test_commune_overview_quotes_the_latest_answers(self, college_a_client, edition, commune_a):
        answer(edition, commune_a, smartness=8)
        response = college_a_client.get(reverse("barometer:commune-overview", args=[commune_a.slug]))
        assert response.context["latest"].edition_year == 2025
        assert "8 / 10" in response.content.decode()


def close(edition):
    """Move an edition's dates into the past, as if its survey had ended."""
    today = timezone.localdate()
    services.edition_update(
        edition=edition, actor=None, fields={"opens_on": today - timedelta(60), "closes_on": today - timedelta(1)}
    )


class TestPublicSummary:
    def test_anonymised(self, client, territory, edition, commune_a, commune_b):
        third = CommuneFactory(territory=territory, name="Thuin")
        answer(edition, commune_a, smartness=8, themes=["mobility"], purchasing="strongly", obstacles="Secret")
        answer(edition, commune_b, smartness=2, themes=["economy"], purchasing="no")
        answer(edition, third, smartness=5, themes=["mobility"])
        close(edition)
        services.edition_publish(edition=edition, actor=None)
        response = client.get(reverse("barometer:public-summary", args=[territory.slug, edition.year]))
        page = response.content.decode()
        for name in ("Courcelles", "Lobbes", "Thuin", "Secret"):
            assert name not in page
        results = response.context["results"]
        assert results.question("smartness").mean == 5
        assert results.question("smartness").distribution == []
        assert results.question("purchasing").suppressed
        assert results.question("obstacles") is None
        # mobility 2 of 3 is withheld, and economy (1) with it; quality of life (0) names nobody
        assert [(s.code, s.count) for s in results.question("themes").shares] == [
            ("mobility", None),
            ("quality_of_life", 0),
            ("economy", None),
        ]

    def test_earlier_editions_compared_only_when_public_too(self, client, territory, edition):
        older = make_edition(territory, year=2022, open_now=False)
        for index in range(3):
            commune = CommuneFactory(territory=territory)
            answer(older, commune, smartness=2 + index)
            answer(edition, commune, smartness=5 + index, involved=True)
        close(edition)
        services.edition_publish(edition=edition, actor=None)
        target = reverse("barometer:public-summary", args=[territory.slug, edition.year])
        assert client.get(target).context["compare_groups"] == []
        services.edition_publish(edition=older, actor=None)
        assert [g.comparison.code for g in client.get(target).context["compare_groups"]] == ["smartness", "involved"]


def test_open_edition_dates_are_shown(staff_a_client, territory, commune_a):
    today = timezone.localdate()
    upcoming = make_edition(territory, year=2031, opens_on=today + timedelta(3), closes_on=today + timedelta(30))
    response = staff_a_client.get(reverse("barometer:response-detail", args=[upcoming.pk, commune_a.slug]))
    assert response.context["can_fill"] is False


class TestTwoSnapshots:
    """Reading the public page before and after one commune answers must tell nothing about that answer."""

    def public_page(self, client, territory, year):
        return client.get(reverse("barometer:public-summary", args=[territory.slug, year]))

    def figures(self, client, territory, year):
        context = self.public_page(client, territory, year).context
        return context["results"], context["compare_groups"], context["charts"]

    def test_an_open_edition_changes_nothing_public(self, client, territory, edition, closed_edition):
        for index in range(3):
            answer(closed_edition, CommuneFactory(territory=territory), smartness=4 + index, involved=True)
        services.edition_publish(edition=closed_edition, actor=None)
        before = self.figures(client, territory, 2022)
        assert self.public_page(client, territory, 2025).status_code == 404
        answer(edition, CommuneFactory(territory=territory, name="Newcomer"), smartness=10, involved=False)
        assert self.public_page(client, territory, 2025).status_code == 404
        assert self.figures(client, territory, 2022) == before

    def test_late_answers_to_a_closed_edition_stay_unpublished_until_published_again(
        self, client, territory, closed_edition
    ):
        for _index in range(3):
            answer(closed_edition, CommuneFactory(territory=territory), smartness=4, involved=True)
        services.edition_publish(edition=closed_edition, actor=None)
        before = self.figures(client, territory, 2022)
        answer(closed_edition, CommuneFactory(territory=territory, name="Latecomer"), smartness=10, involved=False)
        assert self.figures(client, territory, 2022) == before

    def test_republishing_after_one_answer_hides_the_small_cells(self, client, territory, closed_edition):
        for _index in range(4):
            answer(closed_edition, CommuneFactory(territory=territory), involved=True, purchasing="strongly")
        services.edition_publish(edition=closed_edition, actor=None)
        first = self.public_page(client, territory, 2022).context["results"]
        answer(closed_edition, CommuneFactory(territory=territory), involved=False, purchasing="no")
        services.edition_publish(edition=closed_edition, actor=None)
        second = self.public_page(client, territory, 2022).context["results"]
        assert [(s.code, s.count) for s in first.question("involved").shares] == [("yes", 4), ("no", 0)]
        # yes 4 → 5 would give the newcomer's "no" away: the lone "no" and its complement are withheld
        assert [(s.code, s.count, s.percent) for s in second.question("involved").shares] == [
            ("yes", None, None),
            ("no", None, None),
        ]
        # the lone "no" and the smallest other cell: 4 + x + y = 5 leaves x and y unknown
        assert [s.count for s in second.question("purchasing").shares] == [4, None, None]
