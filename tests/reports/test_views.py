"""Report pages for each role: login, 404 outside reach, 403 read-only, 405 wrong method, happy paths."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Report, ReportIntroduction, ReportStatus
from reports.services import ERROR_IN_PROGRESS
from tests.helpers import assert_login_redirect, assert_message_in, is_full_page
from tests.reports.conftest import FAKE_PDF, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(commune_a, referent):
    return make_report(commune_a, number=1, published=True, author=referent)


@pytest.fixture
def unpublished(commune_a, referent):
    return make_report(commune_a, number=2, author=referent)


def url(name, commune, report=None):
    args = [commune.slug] if report is None else [commune.slug, report.pk]
    return reverse(f"reports:{name}", args=args)


VERSION_PAGES = ["report-detail", "report-version-preview", "report-download"]
WRITES = ["report-publish", "report-unpublish", "report-retry"]


class TestAccess:
    @pytest.mark.parametrize("name", ["report-list", "report-create", "report-preview"])
    def test_anonymous_commune_pages(self, client, commune_a, name):
        target = url(name, commune_a)
        assert_login_redirect(client.get(target), target)

    @pytest.mark.parametrize("name", VERSION_PAGES + WRITES)
    def test_anonymous_version_pages(self, client, published, name):
        target = url(name, published.commune, published)
        response = client.post(target) if name in WRITES else client.get(target)
        assert_login_redirect(response, target)

    @pytest.mark.parametrize("who", ["staff_b_client", "other_referent_client", "nobody_client"])
    @pytest.mark.parametrize("name", ["report-list", "report-create", "report-preview"])
    def test_outsiders_get_404(self, request, commune_a, who, name):
        assert request.getfixturevalue(who).get(url(name, commune_a)).status_code == 404

    @pytest.mark.parametrize("who", ["staff_b_client", "other_referent_client", "nobody_client"])
    @pytest.mark.parametrize("name", VERSION_PAGES + WRITES)
    def test_outsiders_get_404_on_versions(self, request, published, who, name):
        client = request.getfixturevalue(who)
        target = url(name, published.commune, published)
        response = client.post(target) if name in WRITES else client.get(target)
        assert response.status_code == 404

    @pytest.mark.parametrize("who", ["staff_a_client", "college_a_client"])
    def test_read_only_roles_cannot_generate(self, request, commune_a, who, fast_pdf):
        client = request.getfixturevalue(who)
        assert client.get(url("report-create", commune_a)).status_code == 403
        assert client.post(url("report-create", commune_a), {"language": "fr"}).status_code == 403
        assert not Report.objects.exists()

    @pytest.mark.parametrize("who", ["staff_a_client", "college_a_client"])
    @pytest.mark.parametrize("name", WRITES)
    def test_read_only_roles_cannot_publish(self, request, published, who, name):
        response = request.getfixturevalue(who).post(url(name, published.commune, published))
        assert response.status_code == 403
        published.refresh_from_db()
        assert published.published_at is not None

    def test_college_cannot_preview_live_data(self, college_a_client, commune_a):
        assert college_a_client.get(url("report-preview", commune_a)).status_code == 403

    @pytest.mark.parametrize("who", ["staff_a_client", "college_a_client"])
    @pytest.mark.parametrize("name", VERSION_PAGES)
    def test_unpublished_versions_do_not_exist_for_the_commune(self, request, unpublished, who, name):
        client = request.getfixturevalue(who)
        assert client.get(url(name, unpublished.commune, unpublished)).status_code == 404

    @pytest.mark.parametrize("who", ["staff_a_client", "college_a_client", "referent_client"])
    @pytest.mark.parametrize("name", VERSION_PAGES)
    def test_published_versions_are_readable(self, request, published, who, name):
        response = request.getfixturevalue(who).get(url(name, published.commune, published))
        assert response.status_code == 200

    def test_a_version_of_another_commune_is_404(self, referent_client, commune_b, published):
        target = reverse("reports:report-detail", args=[commune_b.slug, published.pk])
        assert referent_client.get(target).status_code == 404

    @pytest.mark.parametrize("name", ["report-list", "report-preview"])
    def test_wrong_method_commune_pages(self, referent_client, commune_a, name):
        assert referent_client.post(url(name, commune_a)).status_code == 405

    def test_wrong_method_create(self, referent_client, commune_a):
        assert referent_client.put(url("report-create", commune_a)).status_code == 405

    @pytest.mark.parametrize("name", VERSION_PAGES)
    def test_wrong_method_version_pages(self, referent_client, published, name):
        assert referent_client.post(url(name, published.commune, published)).status_code == 405

    @pytest.mark.parametrize("name", WRITES)
    def test_wrong_method_writes(self, referent_client, published, name):
        assert referent_client.get(url(name, published.commune, published)).status_code == 405


class TestList:
    def test_referent_sees_every_version_and_can_generate(self, referent_client, published, unpublished):
        response = referent_client.get(url("report-list", published.commune))
        assert [r.number for r in response.context["reports"]] == [2, 1]
        assert url("report-create", published.commune) in response.content.decode()

    @pytest.mark.parametrize("who", ["staff_a_client", "college_a_client"])
    def test_commune_people_see_published_versions_only(self, request, who, published, unpublished):
        response = request.getfixturevalue(who).get(url("report-list", published.commune))
        assert [r.number for r in response.context["reports"]] == [1]
        page = response.content.decode()
        assert url("report-download", published.commune, published) in page
        assert url("report-create", published.commune) not in page

    def test_fixed_number_of_queries(self, referent_client, commune_a, referent):
        make_report(commune_a, number=1, author=referent)
        with CaptureQueriesContext(connection) as one:
            referent_client.get(url("report-list", commune_a))
        for number in range(2, 12):
            make_report(commune_a, number=number, author=referent, published=number % 2 == 0)
        with CaptureQueriesContext(connection) as many:
            response = referent_client.get(url("report-list", commune_a))
        assert len(response.context["reports"]) == 11
        assert len(one) == len(many)


class TestCreate:
    def test_form_offers_the_saved_introduction(self, referent_client, commune_a):
        ReportIntroduction.objects.create(commune=commune_a, text="Déjà écrite.")
        form = referent_client.get(url("report-create", commune_a)).context["form"]
        assert form.initial["introduction"] == "Déjà écrite."

    def test_generates_and_goes_to_the_status_page(
        self, referent_client, commune_a, referent, fast_pdf, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = referent_client.post(
                url("report-create", commune_a), {"language": "en", "introduction": "Dear Collège,"}
            )
        report = Report.objects.get()
        assert response.status_code == 302
        assert response.url == url("report-detail", commune_a, report)
        assert (report.language, report.author, report.status) == ("en", referent, ReportStatus.DONE)
        assert ReportIntroduction.objects.get(commune=commune_a).text == "Dear Collège,"
        assert len(fast_pdf) == 1

    def test_invalid_input_is_kept_and_nothing_saved(self, referent_client, commune_a):
        response = referent_client.post(url("report-create", commune_a), {"language": "de", "introduction": "Kept."})
        assert response.status_code == 200
        assert "Kept." in response.content.decode()
        assert response.context["form"].errors["language"]
        assert not Report.objects.exists()
        assert not ReportIntroduction.objects.exists()

    def test_invalid_htmx_answers_422(self, referent_client, commune_a):
        response = referent_client.post(url("report-create", commune_a), {"language": "de"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 422

    def test_one_at_a_time(self, referent_client, commune_a):
        make_report(commune_a, status=ReportStatus.RUNNING)
        response = referent_client.post(url("report-create", commune_a), {"language": "fr"})
        assert response.status_code == 200
        assert_message_in(response, ERROR_IN_PROGRESS)
        assert Report.objects.count() == 1


class TestDetail:
    def test_polls_while_in_progress(self, referent_client, commune_a):
        report = make_report(commune_a, status=ReportStatus.RUNNING)
        page = referent_client.get(url("report-detail", commune_a, report)).content.decode()
        assert 'hx-trigger="every 2s"' in page
        assert 'aria-live="polite"' in page
        assert f'href="{url("report-detail", commune_a, report)}"' in page  # the refresh link, without JS

    def test_htmx_gets_the_status_fragment(self, referent_client, commune_a):
        report = make_report(commune_a, status=ReportStatus.PENDING)
        response = referent_client.get(url("report-detail", commune_a, report), HTTP_HX_REQUEST="true")
        assert not is_full_page(response)
        assert 'id="report-status"' in response.content.decode()

    def test_offers_the_download_when_done_and_stops_polling(self, referent_client, published):
        response = referent_client.get(url("report-detail", published.commune, published), HTTP_HX_REQUEST="true")
        page = response.content.decode()
        assert url("report-download", published.commune, published) in page
        assert "hx-trigger" not in page

    def test_failed_shows_its_reason(self, referent_client, commune_a):
        report = make_report(commune_a, status=ReportStatus.FAILED, failure_reason="time_limit")
        response = referent_client.get(url("report-detail", commune_a, report))
        assert_message_in(response, report.get_failure_reason_display())
        assert url("report-retry", commune_a, report) in response.content.decode()


class TestDownload:
    @pytest.mark.parametrize("who", ["college_a_client", "staff_a_client", "referent_client"])
    def test_downloads_through_the_view(self, request, who, published):
        response = request.getfixturevalue(who).get(url("report-download", published.commune, published))
        assert b"".join(response.streaming_content) == FAKE_PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="smartregion-courcelles-v1-fr.pdf"'
        assert response["Cache-Control"] == "private, no-store"

    @pytest.mark.parametrize("status", [ReportStatus.PENDING, ReportStatus.RUNNING, ReportStatus.FAILED])
    def test_nothing_to_download_before_done(self, referent_client, commune_a, status):
        report = make_report(commune_a, status=status)
        assert referent_client.get(url("report-download", commune_a, report)).status_code == 404

    def test_missing_file_is_404(self, referent_client, published):
        published.pdf.storage.delete(published.pdf.name)
        assert referent_client.get(url("report-download", published.commune, published)).status_code == 404

    def test_no_public_media_url(self, published, client):
        assert client.get("/media/" + published.pdf.name).status_code == 404
        assert client.get(published.pdf.url).status_code == 404


class TestPublication:
    def test_publish(self, referent_client, unpublished, college_a_client):
        target = url("report-detail", unpublished.commune, unpublished)
        assert college_a_client.get(target).status_code == 404
        response = referent_client.post(url("report-publish", unpublished.commune, unpublished))
        assert response.url == target
        unpublished.refresh_from_db()
        assert unpublished.published_at is not None
        assert college_a_client.get(target).status_code == 200

    def test_unpublish(self, referent_client, published, college_a_client):
        referent_client.post(url("report-unpublish", published.commune, published))
        published.refresh_from_db()
        assert published.published_at is None
        assert college_a_client.get(url("report-download", published.commune, published)).status_code == 404

    def test_unfinished_cannot_be_published(self, referent_client, commune_a):
        report = make_report(commune_a, status=ReportStatus.FAILED)
        response = referent_client.post(url("report-publish", commune_a, report), follow=True)
        assert response.status_code == 200
        report.refresh_from_db()
        assert report.published_at is None

    def test_retry(self, referent_client, commune_a, fast_pdf, django_capture_on_commit_callbacks):
        report = make_report(commune_a, status=ReportStatus.FAILED, failure_reason="error")
        with django_capture_on_commit_callbacks(execute=True):
            referent_client.post(url("report-retry", commune_a, report))
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE


class TestPreview:
    def test_live_preview_renders_the_document(self, staff_a_client, commune_a):
        response = staff_a_client.get(url("report-preview", commune_a) + "?language=en")
        page = response.content.decode()
        assert "Context of the approach" in page
        assert 'class="report-document"' in page
        assert "report-print.css" in page

    def test_unknown_language_falls_back(self, referent_client, commune_a):
        response = referent_client.get(url("report-preview", commune_a) + "?language=xx")
        assert response.context["doc"]["language"] in ("fr", "en")

    def test_version_preview_shows_its_snapshot(self, college_a_client, published):
        response = college_a_client.get(url("report-version-preview", published.commune, published))
        page = response.content.decode()
        assert "Projet numéro 1" in page  # from the stored snapshot, not from today's data
        assert url("report-download", published.commune, published) in page
