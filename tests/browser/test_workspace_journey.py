"""The referent holds Courcelles' diagnostic in the portal: PST import, interviews, workshop, inventory,
needs and synthesis; then a Collège member sees the published findings and nothing private."""

import pytest
from playwright.sync_api import expect

from diagnostics.models import Interview, PstObjective
from smartregion.demo import seed_demo
from tests.browser.journeys import login

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]

D = "/communes/courcelles/diagnostic/"
# Excel's CSV: byte-order mark, semicolons, CRLF; the second file is Latin-1 with a row whose parent is unknown.
EXCEL_CSV = "\ufefftype;code;parent;intitulé;budget;échéance;smart\r\nOS;OS9;;Territoire connecté;;;\r\n"
EXCEL_CSV += "OO;OO9.1;OS9;Capteurs partagés;;;\r\n"
EXCEL_CSV += "action;A9.1.1;OO9.1;Capteurs de qualité de l'air;12 500,50 €;31/12/2027;oui\r\n"
LATIN1_CSV = "code;parent;intitulé\nOS8;;Écoles numériques\nA8;OO8.9;Tableaux interactifs\n"


def upload(page, tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    page.set_input_files("#id_file", str(path))
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()


def test_referent_holds_the_diagnostic_and_the_college_sees_published_findings(journey, tmp_path):
    seed_demo()
    page = journey.page
    login(journey, "referent", "demo")

    journey.goto("/communes/courcelles/")
    expect(page.locator("body")).to_contain_text("8 / 10")
    journey.step("commune page shows the interview progress")

    journey.goto(D)
    journey.step("diagnostic overview")

    journey.goto(D + "pst/")
    expect(page.locator("body")).to_contain_text("OO3.2")
    journey.step("PST with objectives no digital project serves yet")

    journey.goto(D + "pst/import/")
    upload(page, tmp_path, "ecoles.csv", LATIN1_CSV.encode("latin-1"))
    expect(page.locator("main")).to_contain_text("OO8.9")
    assert not PstObjective.objects.filter(code="OS8").exists()
    journey.step("a Latin-1 file with an unknown parent is explained row by row and nothing is saved")

    upload(page, tmp_path, "pst excel.csv", EXCEL_CSV.encode("utf-8"))
    assert "/pst/import/" in page.url
    expect(page.locator("main")).to_contain_text("Capteurs de qualité de l'air")
    assert not PstObjective.objects.filter(code="OS9").exists()
    journey.step("Excel CSV preview before anything is saved")
    page.click("form[action*='/pst/import/'] button[type=submit] >> nth=0")
    page.wait_for_load_state()
    assert page.url.endswith("/pst/")
    assert PstObjective.objects.filter(code="OO9.1", parent__code="OS9").exists()
    journey.step("imported PST")

    journey.goto(D + "interviews/")
    journey.step("interviews and progress towards the target")
    journey.goto(D + "interviews/new/")
    page.fill("#id_held_on", "2026-12-01")
    page.fill("#id_topic", "Service des sports")
    page.fill("#id_participants-0-name", "Paul Sportif")
    page.select_option("#id_participants-0-group", "head_of_department")
    page.fill("#id_notes", "Notes privées de l'entretien.")
    page.click("form.card button[type=submit] >> nth=0")
    page.wait_for_load_state()
    interview = Interview.objects.get(topic="Service des sports")
    assert interview.participants.get().name == "Paul Sportif"
    assert interview.duration_minutes == 60
    journey.step("a new interview with one participant")

    journey.goto(D + "workshops/")
    page.click("main table a >> nth=0")
    page.wait_for_load_state()
    journey.step("workshop ideas, dot votes and decisions")

    journey.goto(D + "inventory/")
    page.click("summary >> nth=0")
    page.fill("#reason-1", "Migration vers iA.Docs prévue en 2027.")
    page.click("form[action$='/warnings/dismiss/'] button >> nth=0")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Migration vers iA.Docs prévue en 2027.")
    journey.step("inventory warning dismissed with a reason")

    journey.goto(D + "needs/")
    journey.step("needs ranked by independent sources")
    page.click("main table a >> nth=0")
    page.wait_for_load_state()
    journey.step("a need and its evidence")

    journey.goto(D + "synthesis/")
    page.wait_for_selector("#synthesis-radar")
    journey.step("synthesis with the maturity radar")

    page.click("nav form[action$='/logout/'] button")
    login(journey, "college-courcelles", "demo")
    journey.goto(D + "findings/")
    expect(page.locator("main")).not_to_contain_text("Une seule personne connaît")  # not published
    journey.step("a Collège member sees the published findings only")
    journey.goto(D + "synthesis/")
    expect(page.locator("main")).not_to_contain_text("Paul Sportif")
    journey.step("the synthesis as a Collège member sees it")
    journey.goto(D + "interviews/")
    journey.step("interview notes are out of a Collège member's reach", expect_http_error=True)
