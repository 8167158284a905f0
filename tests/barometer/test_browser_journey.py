"""The barometer in a real browser: results, a new edition, an import, a commune answering, the public summary.

Uses the journey of tests/browser (screenshots under var/screenshots/, axe-core on every step, no console
or Content-Security-Policy error).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from barometer.models import Edition, Response
from smartregion.demo import seed_demo
from tests.browser.journeys import login

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]


def logout(journey):
    journey.page.click("nav form[action$='/logout/'] button")
    journey.page.wait_for_load_state()


def test_referent_runs_an_edition_that_a_commune_answers(journey):
    seed_demo()
    page = journey.page
    today = timezone.localdate()

    login(journey, "referent", "demo")
    page.click("nav a[href='/barometer/']")
    expect(page.locator("main")).to_contain_text("14")
    journey.step("barometer editions of the territory")

    edition_2022 = Edition.objects.get(year=2022)
    journey.goto(f"/barometer/editions/{edition_2022.pk}/results/")
    comparison = page.locator("#compare-heading + .table-responsive")
    expect(comparison).to_contain_text("2,8")
    expect(comparison).to_contain_text("4,4")
    page.wait_for_function("document.querySelectorAll('canvas').length > 0 && window.Chart !== undefined")
    assert page.evaluate("Object.keys(Chart.instances).length") >= 10
    journey.step("2022 results compared with 2019, with charts")

    journey.goto("/barometer/territories/charleroi-metropole/editions/new/")
    # The demo holds this year's edition already (answered through the communes' links): the next year's.
    year = today.year + 1
    page.fill("#id_year", str(year))
    page.fill("#id_title", f"Barometer {year}")
    page.fill("#id_opens_on", (today - timedelta(days=1)).isoformat())
    page.fill("#id_closes_on", (today + timedelta(days=30)).isoformat())
    page.select_option("#id_start_from", str(edition_2022.pk))
    journey.step("a new edition starts from the 2022 questions")
    page.click("form.card button[type=submit]")
    edition = Edition.objects.get(year=year)
    assert page.url.endswith(f"/barometer/editions/{edition.pk}/")
    expect(page.locator("main")).to_contain_text("central_purchasing")

    expect(page.locator("#publish-later")).to_be_visible()
    journey.step("an open edition cannot be published yet")

    journey.goto(f"/barometer/editions/{edition.pk}/import/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "answers.csv",
                "mimeType": "text/csv",
                "buffer": "commune;smartness\nGotham;5\nThuin;12\n".encode("cp1252"),
            }
        ],
    )
    page.click("form.card button[type=submit]")
    expect(page.locator("#import-result")).to_contain_text("Gotham")
    journey.step("import refused row by row")

    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "answers.csv",
                "mimeType": "text/csv",
                "buffer": 'commune;smartness;priority_themes\nThuin;6;"mobility;governance"\n'.encode("cp1252"),
            }
        ],
    )
    page.click("form.card button[type=submit]")
    expect(page.locator("main")).to_contain_text("Thuin")
    journey.step("import preview")
    page.click("main form[action$='/confirm/'] button")
    expect(page.locator("main")).to_contain_text("1 sur 30")
    assert Response.objects.get(edition=edition).source == "import"
    logout(journey)

    login(journey, "staff-courcelles", "demo")
    journey.goto(f"/barometer/editions/{edition.pk}/communes/courcelles/")
    page.click(f"a[href='/barometer/editions/{edition.pk}/communes/courcelles/answer/']")
    page.fill("#id_respondent_name", "Marc Lambert")
    page.fill("#id_alderman_name", "Jean Martin")
    page.check("#id_q_smartness_6")
    page.check("#id_q_citizens_informed_7")
    page.check("input[name=q_priority_themes][value=quality_of_life]")
    page.check("input[name=q_call_for_projects][value=yes]")
    page.fill("#id_q_obstacles", "Pas de personnel dédié")
    journey.step("the commune fills its answers online")
    page.click("form.card button[type=submit]")
    expect(page.locator("main table")).to_contain_text("7 / 10")
    journey.step("the commune against the territory")
    answered = Response.objects.get(edition=edition, commune__slug="courcelles")
    assert (answered.source, answered.respondent_name) == ("online", "Marc Lambert")
    logout(journey)

    journey.goto("/barometer/public/charleroi-metropole/2022/")
    expect(page.locator("main")).not_to_contain_text("Courcelles")
    expect(page.locator("main")).not_to_contain_text("Pas de personnel")
    journey.step("anonymised public summary")

    login(journey, "college-courcelles", "demo")
    journey.goto("/barometer/communes/courcelles/")
    expect(page.locator("main")).to_contain_text("7 / 10")
    journey.step("a college member reads the commune's latest answers")
    journey.goto(f"/barometer/editions/{edition_2022.pk}/communes/courcelles/")
    page.wait_for_function("window.Chart !== undefined && Object.keys(Chart.instances).length === 2")
    journey.step("the commune's trend against the territory since 2019")
    journey.goto(f"/barometer/editions/{edition.pk}/results/")
    assert page.locator("h1").count() == 1
    journey.step("a college member cannot open the territory results", expect_http_error=True)


def _answer_every_page(journey, *, last_step: str) -> None:
    """On each page of a link: the first option of every question not answered yet, a text where empty; Next."""
    page = journey.page
    while "/page/" in page.url:
        page.evaluate(
            """() => {
              const names = new Set([...document.querySelectorAll('main input[type=radio], main input[type=checkbox]')]
                .filter(i => i.name.startsWith('q_')).map(i => i.name));
              for (const name of names) {
                const inputs = [...document.querySelectorAll(`main input[name="${name}"]`)];
                if (!inputs.some(i => i.checked)) inputs[0].checked = true;
              }
              for (const area of document.querySelectorAll('main textarea')) if (!area.value) area.value = 'Texte';
            }"""
        )
        page.click("main button[value=next]")
        page.wait_for_load_state()
    journey.step(last_step)


def test_a_commune_answers_through_its_links_and_the_referent_sees_the_rate_move(journey):
    from barometer import invitations
    from barometer.models import Invitee

    seed_demo()
    page = journey.page
    edition = Edition.objects.get(year=timezone.localdate().year)
    admin = Invitee.objects.get(
        invitation__edition=edition, invitation__commune__slug="courcelles", role="administration"
    )
    alderman = Invitee.objects.get(invitation__edition=edition, invitation__commune__slug="courcelles", role="alderman")

    login(journey, "referent", "demo")
    journey.goto(f"/barometer/editions/{edition.pk}/")
    expect(page.locator("#response-rate")).to_contain_text("9 sur 30")
    journey.step("the referent follows the response rate per province")
    logout(journey)

    journey.goto(f"/barometer/answer/{invitations.invitee_token(admin)}/")
    expect(page.locator("main")).to_contain_text("Courcelles")
    journey.step("the administration contact opens the personal link")
    page.click("main a.btn-primary")
    page.fill("#id_name", "Claire Fontaine")
    page.check("#id_q_smartness_6")
    _answer_every_page(journey, last_step="review before confirming")
    page.click("main form button[type=submit]")
    expect(page.locator("main [role=status]")).to_be_visible()
    journey.step("confirmed: the alderman is asked to review")
    assert not Response.objects.filter(edition=edition, commune__slug="courcelles").exists()

    journey.goto(f"/barometer/answer/{invitations.invitee_token(alderman)}/page/1/")
    expect(page.locator("#id_q_smartness_6")).to_be_checked()
    page.fill("#id_name", "Jean Martin")
    journey.step("the alderman finds the answers to review")
    _answer_every_page(journey, last_step="the alderman reviews the answers")
    page.click("main form button[type=submit]")
    expect(page.locator("main .alert-success")).to_be_visible()
    journey.step("both confirmed: the commune's answers are submitted")
    response = Response.objects.get(edition=edition, commune__slug="courcelles")
    assert (response.respondent_name, response.alderman_name) == ("Claire Fontaine", "Jean Martin")

    login(journey, "referent", "demo")
    journey.goto(f"/barometer/editions/{edition.pk}/")
    expect(page.locator("#response-rate")).to_contain_text("10 sur 30")
    journey.step("the rate moved")
    journey.goto(f"/barometer/editions/{edition.pk}/communes/courcelles/")
    expect(page.locator("main")).to_contain_text("Claire Fontaine")
    journey.step("who answered what and when")
