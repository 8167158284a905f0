import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from communes.models import Membership, Role
from smartregion.demo import seed_demo
from tests.browser.journeys import login

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]


def test_referent_invites_a_staff_member_who_lands_on_their_commune(journey, settings):
    seed_demo()
    page = journey.page

    login(journey, "referent", "demo")
    assert page.locator("h1").inner_text()
    assert page.locator("tbody tr").count() == 30
    journey.step("referent dashboard lists the 30 communes")

    page.select_option("#id_phase", "diagnostic")
    expect(page.locator("#results")).not_to_contain_text("Charleroi")
    expect(page.locator("#results")).to_contain_text("Lobbes")
    assert "phase=diagnostic" in page.url
    journey.step("dashboard filtered on the diagnostic phase")

    journey.goto("/communes/courcelles/")
    page.click("a[href*='/invitations/new/']")
    page.fill("#id_email", "nadia.staff@courcelles.example")
    page.select_option("#id_role", "staff")
    page.click("form.card button[type=submit]")
    assert page.url.endswith("/communes/courcelles/")
    journey.step("invitation sent from the commune page")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/invitations/accept/\S+/", mail.outbox[0].body).group(0)
    path = link.split("/", 3)[3]
    page.click("nav form[action$='/logout/'] button")

    journey.goto("/" + path)
    page.fill("#id_first_name", "Nadia")
    page.fill("#id_last_name", "Staff")
    page.fill("#id_username", "nadia")
    page.fill("#id_password1", "a-long-Pass-phrase-2026")
    page.fill("#id_password2", "a-long-Pass-phrase-2026")
    journey.step("invitation form filled by the new staff member")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/communes/courcelles/")
    assert Membership.objects.filter(user__username="nadia", role=Role.STAFF, commune__slug="courcelles").exists()
    journey.step("the new staff member lands on their commune")

    journey.goto("/communes/lobbes/")
    assert page.locator("h1").count() == 1
    assert "Lobbes" not in page.locator("h1").inner_text()
    journey.step("another commune is out of reach", expect_http_error=True)
