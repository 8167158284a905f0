"""Personal API tokens: a staff member creates one from the profile, a script uses it, the staff member
revokes it; the public barometer page links its open data."""

import pytest
from playwright.sync_api import expect

from barometer import services as barometer_services
from communes.models import Role
from tests.barometer.conftest import answer, make_edition
from tests.browser.journeys import login
from tests.factories import CommuneFactory, MembershipFactory, TerritoryFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]


def test_staff_create_use_and_revoke_a_token(journey):
    territory = TerritoryFactory(slug="igretec")
    commune = CommuneFactory(territory=territory, name="Courcelles", slug="courcelles", nis_code="52015")
    staff = UserFactory(username="staff-courcelles")
    staff.set_password("demo")
    staff.save()
    MembershipFactory(user=staff, role=Role.STAFF, commune=commune)
    page = journey.page

    login(journey, "staff-courcelles", "demo")
    journey.goto("/accounts/profile/")
    page.click("a[href='/accounts/tokens/']")
    page.click("a[href='/accounts/tokens/new/']")
    page.fill("#id_name", "Tableau de bord")
    page.fill("#id_days", "30")
    journey.step("staff name a new token")

    page.click("form.card button[type=submit]")
    token = page.locator("#new-token").input_value()
    assert token.startswith("sr_")
    journey.step("the new token is shown once, to copy")

    api = page.request.get(journey.base_url + "/api/v1/communes/", headers={"Authorization": f"Bearer {token}"})
    assert api.status == 200
    assert [c["slug"] for c in api.json()["results"]] == ["courcelles"]

    page.reload()
    expect(page.locator("#new-token")).to_have_count(0)
    page.click("form[action$='/revoke/'] button")
    expect(page.locator(".badge", has_text="Révoqué")).to_be_visible()
    journey.step("the token is revoked")
    refused = page.request.get(journey.base_url + "/api/v1/communes/", headers={"Authorization": f"Bearer {token}"})
    assert refused.status == 401


def test_the_public_barometer_links_its_open_data(journey):
    territory = TerritoryFactory(slug="igretec")
    referent = UserFactory(username="referent")
    MembershipFactory(user=referent, role=Role.REFERENT, commune=None, territory=territory)
    edition = make_edition(territory, year=2024, open_now=False)
    for number in range(3):
        commune = CommuneFactory(territory=territory, slug=f"c{number}", nis_code=f"5500{number}")
        answer(edition, commune, smartness=number + 4)
    barometer_services.edition_publish(edition=edition, actor=referent)
    page = journey.page

    journey.goto(f"/barometer/public/{territory.slug}/2024/")
    journey.step("the public summary links the open data")
    page.click("a[href$='/2024.json']")
    assert '"licence"' in page.content()
