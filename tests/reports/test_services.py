"""Asking for, rendering, recovering and publishing report versions."""

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from communes.models import Activity
from reports import services
from reports.models import FailureReason, Report, ReportIntroduction, ReportStatus, ReportVerb
from reports.tasks import report_render, reports_sweep_stale
from smartregion.errors import ServiceError
from tests.reports.conftest import FAKE_PDF, blank_part, make_report, pdf_text

pytestmark = pytest.mark.django_db


def request(commune, actor, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.report_request(commune=commune, actor=actor, language=kwargs.pop("language", "fr"), **kwargs)


def stale_time():
    return timezone.now() - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS + 5)


@pytest.fixture
def publish_refused(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(report_render, "apply_async", refuse)


class TestRequest:
    def test_creates_a_version_that_a_worker_renders(
        self, commune_a, referent, fast_pdf, django_capture_on_commit_callbacks
    ):
        report = request(commune_a, referent, django_capture_on_commit_callbacks, introduction="Bonjour.")
        report.refresh_from_db()
        assert (report.number, report.language, report.author, report.status) == (1, "fr", referent, "done")
        assert report.queued.ok is True
        assert report.pdf.name == f"reports/{commune_a.pk}/{report.pk}.pdf"
        assert report.pdf.read() == FAKE_PDF
        assert (report.page_count, report.pdf_size, report.attempts) == (3, len(FAKE_PDF), 1)
        assert report.snapshot["commune"]["name"] == "Courcelles"
        assert report.snapshot["introduction"] == {"status": "ok", "paragraphs": ["Bonjour."]}
        assert ReportIntroduction.objects.get(commune=commune_a).text == "Bonjour."
        assert Activity.objects.filter(commune=commune_a, verb=ReportVerb.REQUESTED, subject="v1").exists()
        assert len(fast_pdf) == 1

    def test_versions_are_numbered_per_commune(
        self, commune_a, commune_b, referent, fast_pdf, django_capture_on_commit_callbacks
    ):
        numbers = [request(c, referent, django_capture_on_commit_callbacks).number for c in (commune_a, commune_a)]
        assert numbers == [1, 2]
        assert request(commune_b, referent, django_capture_on_commit_callbacks).number == 1

    def test_unknown_language(self, commune_a, referent):
        with pytest.raises(ServiceError) as error:
            services.report_request(commune=commune_a, actor=referent, language="de")
        assert error.value.message == services.ERROR_LANGUAGE
        assert error.value.field == "language"
        assert not Report.objects.exists()

    @pytest.mark.parametrize("status", [ReportStatus.PENDING, ReportStatus.RUNNING])
    def test_one_version_at_a_time(self, commune_a, referent, status):
        make_report(commune_a, status=status)
        with pytest.raises(ServiceError) as error:
            services.report_request(commune=commune_a, actor=referent, language="fr")
        assert error.value.message == services.ERROR_IN_PROGRESS
        assert Report.objects.count() == 1

    def test_introduction_kept_when_not_given(self, commune_a, referent, fast_pdf, django_capture_on_commit_callbacks):
        services.introduction_update(commune=commune_a, actor=referent, text="  Gardé.  ")
        report = request(commune_a, referent, django_capture_on_commit_callbacks)
        report.refresh_from_db()
        assert report.snapshot["introduction"]["paragraphs"] == ["Gardé."]

    def test_queue_unreachable_undoes_the_version(
        self, commune_a, referent, publish_refused, django_capture_on_commit_callbacks
    ):
        report = request(commune_a, referent, django_capture_on_commit_callbacks)
        assert report.queued.ok is False
        assert not Report.objects.filter(commune=commune_a).exists()  # nothing pending blocks asking again

    def test_real_rendering_end_to_end(self, commune_a, referent, tmp_path, django_capture_on_commit_callbacks):
        report = request(commune_a, referent, django_capture_on_commit_callbacks, language="en")
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE
        data = report.pdf.read()
        assert data.startswith(b"%PDF")
        text = pdf_text(data, tmp_path)
        assert "Courcelles" in text
        assert "Context of the approach" in text
        assert report.page_count == len(text.split("\f")) - 1


class TestClaim:
    def test_pending_is_taken_once(self, commune_a):
        report = make_report(commune_a, status=ReportStatus.PENDING)
        assert services.report_claim(report_id=report.pk, token="a") is True
        assert services.report_claim(report_id=report.pk, token="b") is False
        report.refresh_from_db()
        assert (report.status, report.claimed_by, report.attempts) == ("running", "a", 1)

    @pytest.mark.parametrize("status", [ReportStatus.DONE, ReportStatus.FAILED])
    def test_finished_is_never_taken(self, commune_a, status):
        report = make_report(commune_a, status=status)
        assert services.report_claim(report_id=report.pk, token="a") is False
        report.refresh_from_db()
        assert report.status == status

    def test_the_same_task_takes_its_job_back_after_its_worker_died(self, commune_a):
        report = make_report(commune_a, status=ReportStatus.RUNNING, claimed_by="t1", claimed_at=timezone.now())
        assert services.report_claim(report_id=report.pk, token="t1") is True

    def test_a_stale_claim_is_taken_over(self, commune_a):
        report = make_report(commune_a, status=ReportStatus.RUNNING, claimed_by="t1", claimed_at=stale_time())
        assert services.report_claim(report_id=report.pk, token="t2") is True
        report.refresh_from_db()
        assert report.claimed_by == "t2"

    def test_a_fresh_claim_of_another_task_is_left_alone(self, commune_a):
        report = make_report(commune_a, status=ReportStatus.RUNNING, claimed_by="t1", claimed_at=timezone.now())
        assert services.report_claim(report_id=report.pk, token="t2") is False
        report.refresh_from_db()
        assert (report.status, report.claimed_by) == ("running", "t1")

    def test_gives_up_after_the_last_attempt(self, commune_a):
        report = make_report(
            commune_a,
            status=ReportStatus.RUNNING,
            claimed_by="t1",
            claimed_at=timezone.now(),
            attempts=settings.REPORT_MAX_ATTEMPTS,
        )
        assert services.report_claim(report_id=report.pk, token="t1") is False
        report.refresh_from_db()
        assert (report.status, report.failure_reason) == ("failed", FailureReason.ABANDONED)


class TestRender:
    def test_running_twice_renders_once(self, commune_a, fast_pdf):
        report = make_report(commune_a, status=ReportStatus.PENDING)
        assert services.report_render(report_id=report.pk, token="t1") is True
        assert services.report_render(report_id=report.pk, token="t1") is False
        assert services.report_render(report_id=report.pk, token="t2") is False
        assert len(fast_pdf) == 1
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE

    def test_the_task_twice(self, commune_a, fast_pdf):
        report = make_report(commune_a, status=ReportStatus.PENDING)
        assert report_render.apply(args=[report.pk]).get() is True
        assert report_render.apply(args=[report.pk]).get() is False
        assert len(fast_pdf) == 1

    def test_a_killed_worker_s_task_delivered_again_completes(self, commune_a, fast_pdf, settings):
        """The worker died mid-render: the row is left running with its claim; acks_late re-delivers the
        same task (same id), which takes the job back and completes it, overwriting the partial file."""
        report = make_report(commune_a, status=ReportStatus.PENDING)
        assert services.report_claim(report_id=report.pk, token="task-1") is True
        partial = settings.MEDIA_ROOT / "reports" / str(commune_a.pk) / f"{report.pk}.pdf"
        partial.parent.mkdir(parents=True)
        partial.write_bytes(b"%PDF-1.4 half")

        assert report_render.apply(args=[report.pk], task_id="task-1").get() is True
        report.refresh_from_db()
        assert (report.status, report.attempts) == ("done", 2)
        assert report.pdf.name == f"reports/{commune_a.pk}/{report.pk}.pdf"
        assert partial.read_bytes() == FAKE_PDF

    def test_a_killed_worker_s_job_is_completed_by_another_task_once_stale(self, commune_a, fast_pdf):
        report = make_report(commune_a, status=ReportStatus.RUNNING, claimed_by="task-1", claimed_at=stale_time())
        assert report_render.apply(args=[report.pk], task_id="task-2").get() is True
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE

    def test_time_limit_marks_it_failed_with_a_reason(self, commune_a, monkeypatch):
        def too_slow(html, media_names):
            raise SoftTimeLimitExceeded()

        monkeypatch.setattr("reports.assembly.render_part", too_slow)
        report = make_report(commune_a, status=ReportStatus.PENDING)
        assert report_render.apply(args=[report.pk]).get() is False
        report.refresh_from_db()
        assert (report.status, report.failure_reason) == ("failed", FailureReason.TIME_LIMIT)
        assert report.finished_at is not None
        with translation.override("en"):
            assert "longer than allowed" in report.get_failure_reason_display()

    def test_an_error_marks_it_failed(self, commune_a, monkeypatch):
        def broken(html, media_names):
            raise ValueError("boom")

        monkeypatch.setattr("reports.assembly.render_part", broken)
        report = make_report(commune_a, status=ReportStatus.PENDING)
        assert services.report_render(report_id=report.pk, token="t") is False
        report.refresh_from_db()
        assert (report.status, report.failure_reason) == ("failed", FailureReason.ERROR)

    def test_a_run_that_lost_its_claim_does_not_finish(self, commune_a, monkeypatch):
        report = make_report(commune_a, status=ReportStatus.PENDING)

        def taken_over(html, media_names):
            Report.objects.filter(pk=report.pk).update(claimed_by="someone-else")
            return blank_part(html)

        monkeypatch.setattr("reports.assembly.render_part", taken_over)
        assert services.report_render(report_id=report.pk, token="t") is False
        report.refresh_from_db()
        assert (report.status, report.claimed_by) == ("running", "someone-else")

    def test_task_options(self):
        assert report_render.acks_late is True
        assert report_render.reject_on_worker_lost is True
        assert report_render.soft_time_limit == settings.REPORT_SOFT_TIME_LIMIT
        assert report_render.time_limit == settings.REPORT_TIME_LIMIT
        assert settings.REPORT_SOFT_TIME_LIMIT < settings.REPORT_TIME_LIMIT < settings.REPORT_STALE_AFTER_SECONDS
        assert settings.CELERY_BEAT_SCHEDULE["reports-sweep-stale"]["task"] == reports_sweep_stale.name


class TestRetry:
    def test_failed_goes_back_to_the_workers(self, commune_a, referent, fast_pdf, django_capture_on_commit_callbacks):
        report = make_report(
            commune_a, status=ReportStatus.FAILED, failure_reason=FailureReason.ERROR, attempts=2, claimed_by="x"
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.report_retry(report=report, actor=referent)
        report.refresh_from_db()
        assert (report.status, report.failure_reason, report.attempts) == ("done", "", 1)

    def test_pending_is_sent_again(self, commune_a, referent, fast_pdf, django_capture_on_commit_callbacks):
        report = make_report(commune_a, status=ReportStatus.PENDING)
        with django_capture_on_commit_callbacks(execute=True):
            retried = services.report_retry(report=report, actor=referent)
        assert retried.queued.ok is True
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE

    @pytest.mark.parametrize("status", [ReportStatus.DONE, ReportStatus.RUNNING])
    def test_refused_otherwise(self, commune_a, referent, status):
        report = make_report(commune_a, status=status)
        with pytest.raises(ServiceError) as error:
            services.report_retry(report=report, actor=referent)
        assert error.value.message == services.ERROR_NOT_RETRYABLE


class TestSweep:
    def test_resets_stale_running_jobs_and_sends_them_again(
        self, commune_a, commune_b, fast_pdf, django_capture_on_commit_callbacks
    ):
        stale = make_report(commune_a, status=ReportStatus.RUNNING, claimed_by="dead", claimed_at=stale_time())
        fresh = make_report(commune_b, status=ReportStatus.RUNNING, claimed_by="alive", claimed_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            result = reports_sweep_stale.apply().get()
        assert result == {"reset": 1, "failed": 0, "resent": 1}
        stale.refresh_from_db()
        fresh.refresh_from_db()
        assert stale.status == ReportStatus.DONE
        assert (fresh.status, fresh.claimed_by) == ("running", "alive")

    def test_only_resets_without_a_queue(self, commune_a, publish_refused, django_capture_on_commit_callbacks):
        stale = make_report(commune_a, status=ReportStatus.RUNNING, claimed_by="dead", claimed_at=stale_time())
        with django_capture_on_commit_callbacks(execute=True):
            services.reports_sweep_stale()
        stale.refresh_from_db()
        assert (stale.status, stale.claimed_by) == ("pending", "")

    def test_gives_up_on_a_job_that_used_its_attempts(self, commune_a, django_capture_on_commit_callbacks):
        report = make_report(
            commune_a,
            status=ReportStatus.RUNNING,
            claimed_at=stale_time(),
            attempts=settings.REPORT_MAX_ATTEMPTS,
        )
        with django_capture_on_commit_callbacks(execute=True):
            result = services.reports_sweep_stale()
        assert (result.failed, result.reset, result.resent) == (1, 0, 0)
        report.refresh_from_db()
        assert (report.status, report.failure_reason) == ("failed", FailureReason.ABANDONED)

    def test_sends_again_pending_versions_whose_task_was_lost(
        self, commune_a, commune_b, fast_pdf, django_capture_on_commit_callbacks
    ):
        lost = make_report(commune_a, status=ReportStatus.PENDING, queued_at=stale_time())
        recent = make_report(commune_b, status=ReportStatus.PENDING, queued_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            result = services.reports_sweep_stale()
        assert result.resent == 1
        lost.refresh_from_db()
        recent.refresh_from_db()
        assert (lost.status, recent.status) == ("done", "pending")


class TestPublication:
    def test_publish_and_withdraw(self, commune_a, referent):
        report = make_report(commune_a)
        services.report_publish(report=report, actor=referent)
        report.refresh_from_db()
        assert report.published_at is not None
        assert report.published_by == referent
        first = report.published_at
        services.report_publish(report=report, actor=referent)
        report.refresh_from_db()
        assert report.published_at == first
        services.report_unpublish(report=report, actor=referent)
        report.refresh_from_db()
        assert (report.published_at, report.published_by) == (None, None)
        verbs = list(Activity.objects.filter(commune=commune_a).values_list("verb", flat=True))
        assert verbs.count(ReportVerb.PUBLISHED) == 1
        assert verbs.count(ReportVerb.UNPUBLISHED) == 1

    @pytest.mark.parametrize("status", [ReportStatus.PENDING, ReportStatus.RUNNING, ReportStatus.FAILED])
    def test_only_finished_versions(self, commune_a, referent, status):
        report = make_report(commune_a, status=status)
        with pytest.raises(ServiceError) as error:
            services.report_publish(report=report, actor=referent)
        assert error.value.message == services.ERROR_NOT_READY
        report.refresh_from_db()
        assert report.published_at is None


class TestIntroduction:
    def test_records_a_change_only(self, commune_a, referent):
        services.introduction_update(commune=commune_a, actor=referent, text="Un")
        services.introduction_update(commune=commune_a, actor=referent, text="Un")
        services.introduction_update(commune=commune_a, actor=referent, text="Deux")
        assert ReportIntroduction.objects.get(commune=commune_a).text == "Deux"
        assert Activity.objects.filter(verb=ReportVerb.INTRODUCTION_UPDATED).count() == 2
