"""The referent starts a procurement from a project sheet, drafts its specifications, records and scores three
offers, proposes the award and downloads the award report."""

import pytest
from docx import Document
from playwright.sync_api import expect

from procurement.models import Procurement
from roadmaps.models import ProjectSheet
from smartregion.demo import seed_demo
from tests.browser.journeys import login

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]

OFFERS = [
    ("Alpha SRL", "0123.456.789", "41000", "6"),
    ("Beta SA", "0456.789.123", "44500", "9"),
    ("Gamma SC", "", "39000", "5"),
]


def test_referent_drafts_specifications_scores_three_offers_and_downloads_the_award_report(journey):
    seed_demo()
    sheet = ProjectSheet.objects.get(roadmap__commune__slug="courcelles", template__code="online-counter")
    page = journey.page
    login(journey, "referent", "demo")

    journey.goto(f"/communes/courcelles/roadmap/sheets/{sheet.pk}/")
    page.click(f"a[href$='/procurements/new/?sheet={sheet.pk}']")
    page.fill("#id_estimated_amount", "45 000")
    page.fill("#id_procedure_date", "2026-12-04")
    journey.step("a procurement is started from the online counter's sheet")

    page.click("form.card button[type=submit]")
    procurement = Procurement.objects.get(sheet=sheet)
    page.wait_for_url(f"**/procurements/{procurement.pk}/")
    expect(page.locator("#procedure")).to_contain_text("Procédure négociée sans publication préalable")
    expect(page.locator("#specifications")).to_contain_text("R6.1")
    journey.step("the portal proposes the negotiated procedure and pre-fills the specifications")

    page.click(f"a[href$='/procurements/{procurement.pk}/specifications/']")
    page.fill("#id_scope", "Lot unique : guichet en ligne, intégration au site et formation des agents.")
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"**/procurements/{procurement.pk}/#specifications")
    expect(page.locator("#specifications")).to_contain_text("Lot unique")
    page.locator("#specifications summary").click()
    page.fill("#id_text", "Le guichet permet le paiement en ligne des documents.")
    page.select_option("#id_section", "functional")
    page.click("#specifications form.card button[type=submit]")
    expect(page.locator("#specifications")).to_contain_text("Le guichet permet le paiement en ligne")
    journey.step("the specifications are drafted: a section written, a requirement added")

    for name, number, price, _score in OFFERS:
        page.click(f"a[href$='/procurements/{procurement.pk}/bidders/new/']")
        page.fill("#id_name", name)
        page.fill("#id_company_number", number)
        page.fill("#id_offer_received_at", "2026-12-01T10:00")
        page.fill("#id_offer_price", price)
        page.click("form.card button[type=submit]")
        expect(page.locator("#offers")).to_contain_text(name)
    journey.step("three offers are recorded")

    page.click(f"a[href$='/procurements/{procurement.pk}/scores/']")
    for bidder in procurement.bidders.all():
        score = next(s for n, _number, _price, s in OFFERS if n == bidder.name)
        page.locator(f"input[name^='score_{bidder.pk}_']").fill(score)
        page.locator(f"textarea[name^='reason_{bidder.pk}_']").fill(f"Motifs pour {bidder.name}")
    journey.step("the evaluators score the offers with their reasons")

    page.get_by_role("button", name="Enregistrer les cotes").click()
    page.wait_for_url(f"**/procurements/{procurement.pk}/#grid")
    expect(page.locator("#scoring-grid tbody tr").first).to_contain_text("Beta SA")
    page.get_by_role("button", name="Proposer l’attribution").click()
    expect(page.locator("#award")).to_contain_text("Beta SA")
    journey.step("the grid ranks the offers and the award is proposed")

    page.get_by_role("button", name="Générer le rapport d’attribution").click()
    link = page.locator("#documents a", has_text="DOCX")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    text = "\n".join(p.text for p in Document(str(download.value.path())).paragraphs)
    assert "Beta SA" in text and "Motifs pour Beta SA" in text
    journey.step("the award report is downloaded")
