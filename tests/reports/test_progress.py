"""Feedback while a version renders (issue 15): the step recorded at each stage, one status on the page, a
progress bar that assistive technology reads, and a submit button that shows it is working."""

import re

import pytest
from django.urls import reverse

from reports import assembly, services
from reports.models import Report, ReportStatus, ReportStep
from tests.helpers import is_full_page, messages_of, translated
from tests.reports.conftest import blank_part, make_report

pytestmark = pytest.mark.django_db


def detail(commune, report):
    return reverse("reports:report-detail", args=[commune.slug, report.pk])


class TestSteps:
    def test_each_step_is_recorded_as_it_begins(self, commune_a, monkeypatch):
        report = make_report(commune_a, status=ReportStatus.PENDING)
        seen = []

        def observe(name):
            def wrapped(*args, **kwargs):
                row = Report.objects.get(pk=report.pk)
                seen.append((name, row.step, row.progress))
                return originals[name](*args, **kwargs)

            return wrapped

        originals = {
            "context": services.report_context,
            "html": assembly.part_htmls,
            "pdf": lambda html, media_names: blank_part(html),
            "store": services._store_pdf,
        }
        monkeypatch.setattr(services, "report_context", observe("context"))
        monkeypatch.setattr(assembly, "part_htmls", observe("html"))
        monkeypatch.setattr(assembly, "render_part", observe("pdf"))
        monkeypatch.setattr(services, "_store_pdf", observe("store"))
        assert services.report_render(report_id=report.pk, token="t") is True
        assert list(dict.fromkeys(seen)) == [  # a PDF step for each part
            ("context", ReportStep.DATA, 20),
            ("html", ReportStep.HTML, 40),
            ("pdf", ReportStep.PDF, 60),
            ("store", ReportStep.SAVE, 80),
        ]
        report.refresh_from_db()
        assert (report.status, report.progress) == (ReportStatus.DONE, 100)

    def test_a_run_that_lost_its_claim_records_nothing(self, commune_a, monkeypatch):
        report = make_report(commune_a, status=ReportStatus.PENDING)

        def taken_over(html, media_names):
            Report.objects.filter(pk=report.pk).update(claimed_by="someone-else", step=ReportStep.HTML)
            return blank_part(html)

        monkeypatch.setattr(assembly, "render_part", taken_over)
        assert services.report_render(report_id=report.pk, token="t") is False
        assert Report.objects.get(pk=report.pk).step == ReportStep.HTML  # not SAVE: the other run's row

    def test_the_command_line_pipeline_reports_its_steps(self, commune_a, fast_pdf):
        steps = []
        services.report_document_build(commune=commune_a, language="fr", on_step=steps.append)
        assert steps == [ReportStep.DATA, ReportStep.HTML, ReportStep.PDF]

    def test_a_retried_version_starts_again_from_no_step(self, commune_a, referent, monkeypatch):
        report = make_report(commune_a, status=ReportStatus.FAILED, step=ReportStep.PDF, failure_reason="error")
        monkeypatch.setattr(services, "_enqueue", lambda report, on_failure=None: None)
        services.report_retry(report=report, actor=referent)
        report.refresh_from_db()
        assert (report.status, report.step, report.progress) == (ReportStatus.PENDING, "", 0)

    @pytest.mark.parametrize(
        ("status", "step", "progress"),
        [
            (ReportStatus.PENDING, "", 0),
            (ReportStatus.RUNNING, ReportStep.DATA, 20),
            (ReportStatus.RUNNING, ReportStep.SAVE, 80),
            (ReportStatus.FAILED, ReportStep.PDF, 0),
            (ReportStatus.DONE, ReportStep.SAVE, 100),
        ],
    )
    def test_progress(self, status, step, progress):
        assert Report(status=status, step=step).progress == progress


class TestStatusFragment:
    def test_running_shows_the_step_and_an_accessible_progress_bar(self, referent_client, commune_a):
        report = make_report(commune_a, status=ReportStatus.RUNNING, step=ReportStep.PDF)
        response = referent_client.get(detail(commune_a, report), HTTP_HX_REQUEST="true")
        page = response.content.decode()
        assert not is_full_page(response)
        progress = re.search(r"<progress[^>]*>", page).group(0)
        assert 'role="progressbar"' in progress
        assert 'aria-valuenow="60"' in progress and 'value="60"' in progress
        assert 'hx-trigger="every 2s"' in page
        step_text = re.search(r'id="report-step">([^<]*)<', page).group(1)
        assert re.search(r"\b3\b.*\b4\b", step_text)
        assert step_text.endswith(translated(ReportStep.PDF.label, response))

    def test_waiting_shows_an_empty_bar_and_works_without_javascript(self, referent_client, commune_a):
        report = make_report(commune_a, status=ReportStatus.PENDING)
        page = referent_client.get(detail(commune_a, report)).content.decode()
        assert 'aria-valuenow="0"' in page
        assert f'href="{detail(commune_a, report)}"' in page  # the reload link (a meta refresh fails WCAG 2.2.1)
        assert 'http-equiv="refresh"' not in page

    def test_a_finished_version_shows_one_status(self, referent_client, commune_a):
        report = make_report(commune_a, status=ReportStatus.DONE, step=ReportStep.SAVE)
        response = referent_client.get(detail(commune_a, report), HTTP_HX_REQUEST="true")
        page = response.content.decode()
        assert "<progress" not in page and "hx-trigger" not in page
        assert page.count(str(ReportStatus.DONE.label)) == 1

    def test_no_contradicting_message_after_a_quick_rendering(
        self, referent_client, commune_a, fast_pdf, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            posted = referent_client.post(reverse("reports:report-create", args=[commune_a.slug]), {"language": "fr"})
        assert Report.objects.get().status == ReportStatus.DONE
        response = referent_client.get(posted.url)
        assert messages_of(response) == []
        assert "<progress" not in response.content.decode()


class TestSubmitButton:
    def test_the_form_disables_its_button_with_a_script_file(self, referent_client, commune_a):
        page = referent_client.get(reverse("reports:report-create", args=[commune_a.slug])).content.decode()
        assert "data-busy-form" in page and "data-busy-label=" in page
        assert '<script src="/static/js/busy-submit.js"></script>' in page
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script (CSP)
