"""The final report: the referent generates and publishes it, a college member downloads it."""

import pytest
from playwright.sync_api import expect

from communes.models import Commune
from reports import services
from reports.models import Report, ReportStatus
from reports.tasks import report_render
from smartregion.demo import seed_demo
from tests.browser.journeys import login

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]


class Queue:
    """Stands for Redis and the workers: tasks wait here until the test runs them, as a worker would."""

    def __init__(self):
        self.report_ids: list[int] = []

    def apply_async(self, args=(), kwargs=None, **options):
        self.report_ids.append(args[0])

    def work(self) -> None:
        while self.report_ids:
            services.report_render(report_id=self.report_ids.pop(0), token="test-worker")


def test_referent_publishes_the_report_and_a_college_member_downloads_it(journey, monkeypatch):
    seed_demo()
    queue = Queue()
    monkeypatch.setattr(report_render, "apply_async", queue.apply_async)
    page = journey.page

    login(journey, "referent", "demo")
    journey.goto("/communes/courcelles/reports/")
    page.click("a[href$='/reports/new/']")
    journey.step("referent asks for a new version of Courcelles' report")

    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    report = Report.objects.get(commune__slug="courcelles")
    assert page.url.endswith(f"/communes/courcelles/reports/{report.pk}/")
    assert report.status == ReportStatus.PENDING
    assert queue.report_ids == [report.pk]
    expect(page.locator("#report-status")).to_have_attribute("hx-trigger", "every 2s")
    expect(page.locator("#report-status progress[role=progressbar]")).to_have_attribute("aria-valuenow", "0")
    journey.step("the request returns at once: the status page waits for a worker")

    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, step="pdf")
    expect(page.locator("#report-status progress")).to_have_attribute("aria-valuenow", "60", timeout=15_000)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.PENDING, step="")
    journey.step("the status page follows the rendering step by step")

    queue.work()
    # The status card polls the server and offers the download once the worker is done.
    expect(page.locator("#report-status a[href$='/download/']")).to_be_visible(timeout=15_000)
    expect(page.locator("#report-status")).not_to_have_attribute("hx-trigger", "every 2s")
    expect(page.locator("#report-status progress")).to_have_count(0)
    journey.step("the status page shows the finished PDF")

    page.click("form[action$='/publish/'] button[type=submit]")
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.published_at is not None
    journey.step("the referent publishes the version")

    # A published version of another commune, which the college member of Courcelles must not reach.
    lobbes = Commune.objects.get(slug="lobbes")
    other = services.report_request(commune=lobbes, actor=report.published_by, language="fr")
    queue.work()
    other.refresh_from_db()
    services.report_publish(report=other, actor=report.published_by)

    page.click("nav form[action$='/logout/'] button")
    login(journey, "college-courcelles", "demo")
    journey.goto("/communes/courcelles/reports/")
    expect(page.locator(f"a[href$='/reports/{report.pk}/download/']")).to_be_visible()
    journey.step("a college member of Courcelles sees the published version")

    with page.expect_download() as info:
        page.click(f"a[href$='/reports/{report.pk}/download/']")
    download = info.value
    assert download.suggested_filename == f"smartregion-courcelles-v{report.number}-fr.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    journey.goto(f"/communes/courcelles/reports/{report.pk}/view/")
    expect(page.locator(".report-document #part-ranking")).to_be_visible()
    expect(page.locator(".report-document #part-diagnostic svg").first).to_be_visible()
    journey.step("the same document in the browser, drawn from the version's snapshot")

    response = journey.goto(f"/communes/lobbes/reports/{other.pk}/download/")
    assert response.status == 404
    response = journey.goto(f"/communes/lobbes/reports/{other.pk}/")
    assert response.status == 404
    journey.step("another commune's report is out of reach", expect_http_error=True)


def test_the_generate_button_shows_that_it_is_working(journey):
    seed_demo()
    page = journey.page
    login(journey, "referent", "demo")
    journey.goto("/communes/courcelles/reports/new/")
    # Held on the page (a listener after the site's stops the navigation), as while a slow answer is awaited.
    page.evaluate("window.addEventListener('submit', (event) => event.preventDefault())")
    button = page.locator("form[data-busy-form] button[type=submit]")
    button.click()
    expect(button).to_be_disabled()
    expect(button).to_have_attribute("aria-busy", "true")
    expect(button.locator(".spinner-border")).to_have_count(1)
    journey.step("the generate button is disabled with a spinner while the request runs")
    assert not Report.objects.exists()
