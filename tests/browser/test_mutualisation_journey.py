"""The referent turns a convergence of the demo into a shared project; Courcelles' staff accept the shared Wi-Fi
and find their share in their roadmap."""

import pytest
from playwright.sync_api import expect

from mutualisation.models import MemberStatus, SharedProject, SharedProjectMember
from smartregion.demo import seed_demo
from tests.browser.journeys import login

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]

TERRITORY = "/territories/charleroi-metropole/mutualisation/"


def test_referent_pools_a_convergence_and_staff_accept_their_share(journey):
    seed_demo()
    page = journey.page

    login(journey, "referent", "demo")
    journey.goto(TERRITORY + "convergences/")
    row = page.locator("tbody tr", has_text="Guichet électronique").first
    expect(row).to_contain_text("Chimay")
    journey.step("the convergences of the territory")

    row.locator("a", has_text="projet mutualisé").click()
    expect(page.locator("#id_title")).not_to_have_value("")
    page.fill("#id_investment", "90000")
    page.fill("#id_running_cost", "9000")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/shared-projects/*/")
    expect(page.locator("tfoot")).to_contain_text("90 000,00")
    journey.step("the new shared project with its equal shares")
    project = SharedProject.objects.exclude(title__startswith="Wi-Fi").get()
    assert project.members.count() >= 4

    journey.goto(TERRITORY + "inventory/")
    expect(page.locator("body")).to_contain_text("iA.Docs")
    journey.step("the territory inventory and its warnings")
    page.click("form[action$='/logout/'] button")

    login(journey, "staff-courcelles", "demo")
    journey.goto("/communes/courcelles/mutualisation/")
    card = page.locator("section", has_text="Wi-Fi dans les bâtiments publics")
    card.locator("button[value=accept]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    member = SharedProjectMember.objects.get(shared_project__title__startswith="Wi-Fi", commune__slug="courcelles")
    assert member.status == MemberStatus.ACCEPTED and member.sheet is not None
    journey.step("Courcelles accepted the shared Wi-Fi")

    page.locator("a", has_text="Sa fiche dans la feuille de route").first.click()
    expect(page.locator("body")).to_contain_text("porte la part de la commune")
    journey.step("the sheet of the shared project in Courcelles' roadmap")
