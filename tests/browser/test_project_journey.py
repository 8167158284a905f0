"""A project carried out: the referent starts it from a sheet, answers the prerequisites, closes the phase,
records a steering meeting and an indicator value; a college member downloads the evaluation report."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects import services
from projects.models import EvaluationReport, EvaluationStatus, Project, SteeringMeeting
from projects.tasks import evaluation_render
from roadmaps.models import ProjectSheet
from smartregion.demo import seed_demo
from tests.browser.journeys import login

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]


class Queue:
    """Stands for Redis and the workers: tasks wait here until the test runs them, as a worker would."""

    def __init__(self):
        self.ids: list[int] = []

    def apply_async(self, args=(), kwargs=None, **options):
        self.ids.append(args[0])

    def work(self) -> None:
        while self.ids:
            services.evaluation_render(report_id=self.ids.pop(0), token="test-worker")


def _answer_prerequisites(page) -> None:
    forms = page.locator("details[open] form[action*='/checklist/']")
    for index in range(forms.count()):
        form = page.locator("details[open] form[action*='/checklist/']").nth(index)
        if form.locator("textarea").count():
            form.locator("textarea").fill("Oui, voir la délibération du Collège.")
        else:
            form.locator("input[type=checkbox]").check()
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()


def test_referent_carries_out_a_project_and_the_college_downloads_its_evaluation(journey, monkeypatch):
    seed_demo()
    queue = Queue()
    monkeypatch.setattr(evaluation_render, "apply_async", queue.apply_async)
    page = journey.page
    sheet = ProjectSheet.objects.filter(roadmap__commune__slug="courcelles", project__isnull=True).order_by("pk")[0]

    login(journey, "referent", "demo")
    journey.goto(f"/communes/courcelles/roadmap/sheets/{sheet.pk}/")
    page.click(f"a[href$='/projects/start/?sheet={sheet.pk}']")
    journey.step("the referent is offered to start the project of a sheet")

    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    project = Project.objects.get(sheet=sheet)
    assert page.url.endswith(f"/communes/courcelles/projects/{project.pk}/")
    journey.step("the project page shows the four phases")

    _answer_prerequisites(page)
    assert not project.checklist.filter(phase="prerequisites", done=False).exists()
    journey.step("the prerequisites are answered")

    page.click(f"a[href$='/projects/{project.pk}/close-phase/']")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    project.refresh_from_db()
    assert project.phase == "planning"
    expect(page.locator("[aria-current=step]")).to_contain_text("Planification")
    journey.step("the prerequisites phase is closed")

    page.click(f"a[href$='/projects/{project.pk}/meeting/add/']")
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.fill("#id_participants", "La bourgmestre, le chef de projet, IGRETEC")
    page.fill("#id_decisions", "Lancer le marché en mars")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert SteeringMeeting.objects.filter(project=project).count() == 1
    expect(page.locator("#meetings")).to_contain_text("Lancer le marché en mars")
    journey.step("a steering meeting and its decision are on the project")

    page.click(f"a[href$='/projects/{project.pk}/indicator/add/']")
    page.fill("#id_name", "Démarches en ligne")
    page.fill("#id_target", "60")
    page.fill("#id_baseline", "10")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    page.click("a[href*='/values/add/']")
    page.fill("#id_measured_on", timezone.localdate().isoformat())
    page.fill("#id_value", "18")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator("#indicators svg")).to_have_count(1)
    journey.step("an indicator value is recorded and charted")

    page.click(f"a[href$='/projects/{project.pk}/evaluation/new/']")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    report = EvaluationReport.objects.get(project=project)
    assert queue.ids == [report.pk]
    queue.work()
    expect(page.locator("#evaluation-status a[href$='/download/']")).to_be_visible(timeout=15_000)
    report.refresh_from_db()
    assert report.status == EvaluationStatus.DONE
    journey.step("the evaluation report is rendered by the worker")

    page.click("nav form[action$='/logout/'] button")
    login(journey, "college-courcelles", "demo")
    journey.goto(f"/communes/courcelles/projects/{project.pk}/")
    expect(page.locator(f"a[href$='/projects/{project.pk}/close-phase/']")).to_have_count(0)
    with page.expect_download() as download:
        page.click(f"#evaluation a[href$='/evaluation/{report.pk}/download/']")
    assert download.value.suggested_filename.endswith(".pdf")
    journey.step("a college member reads the project and downloads the evaluation report")
