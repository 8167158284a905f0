"""Funding: from a project sheet to its matching calls, then to a submitted application that the plan counts."""

import pytest
from playwright.sync_api import expect

from funding.models import Application
from roadmaps.models import ProjectSheet
from smartregion.demo import seed_demo
from tests.browser.journeys import login

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]


def test_staff_find_a_call_for_a_sheet_and_submit_an_application(journey):
    seed_demo()
    sheet = ProjectSheet.objects.get(roadmap__commune__slug="courcelles", template__code="smart-street-lighting")
    page = journey.page

    login(journey, "staff-courcelles", "demo")
    journey.goto(f"/communes/courcelles/roadmap/sheets/{sheet.pk}/")
    panel = page.locator("#funding-panel-heading").locator("xpath=ancestor::section[1]")
    expect(panel).to_contain_text("Part de la commune")
    journey.step("the sheet's page says which calls fit and what the commune would pay")

    panel.get_by_role("link", name="Appels et candidatures").click()
    page.wait_for_load_state()
    matches = page.locator("section[aria-labelledby=matches-heading]")
    expect(matches).to_contain_text("PIC — éclairage public et mobilité")
    expect(matches).to_contain_text("type de projet « Éclairage public » éligible")
    expect(page.locator("section[aria-labelledby=near-heading]")).to_contain_text("sous le plancher")
    journey.step("matching calls with their reasons, and the near-misses with what fails")

    matches.locator("li", has_text="PIC — éclairage public").get_by_role("link", name="Candidater").click()
    page.wait_for_load_state()
    expect(page.locator("#id_call option:checked")).to_contain_text("PIC — éclairage public et mobilité")
    page.select_option("#id_status", "submitted")
    page.fill("#id_amount_requested", "150000")
    page.fill("#id_amount_granted", "200000")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator("#id_amount_granted")).to_have_value("200000")
    expect(page.locator(".invalid-feedback, .text-danger").first).to_contain_text("montant demandé")
    assert not Application.objects.filter(sheet=sheet).exists()
    journey.step("a granted amount above the amount requested is refused, what was typed is kept")

    page.fill("#id_amount_granted", "")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith(f"/roadmap/sheets/{sheet.pk}/funding/")
    application = Application.objects.get(sheet=sheet)
    assert (application.status, application.amount_requested) == ("submitted", 150000)
    expect(page.locator("section[aria-labelledby=applications-heading]")).to_contain_text("Soumise")
    journey.step("the application is submitted and listed on the sheet's funding page")
