"""A questionnaire campaign: the referent prepares and sends it, a respondent fills it in over two visits."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from diagnostics.models import Answer, Campaign, EmailStatus, GroupKind, Respondent, Response
from diagnostics.selectors.responses import questionnaire_structure
from diagnostics.services import builder, campaigns
from diagnostics.tokens import open_link_token, response_token
from tests.browser.journeys import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]

RESPONDENT = "Marie Dumont <marie.dumont@courcelles.example>"
# Generous waits: the first request of a live server and the autosaves are slow on a loaded machine.
TIMEOUT = 30_000


def answer_page(page) -> dict[str, object]:
    """Answer every question shown on the current page; returns what each control should hold afterwards.

    Choices take their second answer (and "other, specify" when offered), grids and scales a middle
    value, numbers and texts something typed. Each answer is awaited until the page says it is saved.
    """
    expected: dict[str, object] = {}
    for fieldset in page.locator("fieldset.question").all():
        qid = fieldset.get_attribute("id")
        radios = fieldset.locator(".form-check-input[type=radio]")
        boxes = fieldset.locator(".form-check-input[type=checkbox]")
        lines = fieldset.locator("fieldset.grid-line")
        if lines.count():
            for line in lines.all():
                point = line.locator("input.btn-check").nth(2)
                line.locator(f"label[for='{point.get_attribute('id')}']").click()
                expected[point.get_attribute("id")] = True
        elif fieldset.locator("input.btn-check").count():
            point = fieldset.locator("input.btn-check").nth(3)
            fieldset.locator(f"label[for='{point.get_attribute('id')}']").click()
            expected[point.get_attribute("id")] = True
        elif radios.count() or boxes.count():
            choices = radios if radios.count() else boxes
            choice = choices.nth(1)
            choice.check()
            expected[choice.get_attribute("id")] = True
            other = fieldset.locator("input.other-input")
            if other.count():
                if boxes.count():
                    fieldset.locator(f"#{qid.replace('question-', 'q')}-other").check()
                    expected[f"{qid.replace('question-', 'q')}-other"] = True
                other.fill("Un groupe WhatsApp du quartier")
                other.blur()
                expected[f"#{qid} input.other-input"] = "Un groupe WhatsApp du quartier"
        else:
            field = fieldset.locator("input.js-typing, textarea.js-typing").first
            value = "3,5" if "number-input" in (field.get_attribute("class") or "") else "Le guichet en ligne"
            field.fill(value)
            field.blur()
            expected[f"#{field.get_attribute('id')}"] = value
        expect(fieldset.locator(".feedback")).to_contain_text("✓", timeout=TIMEOUT)
    return expected


def new_browser(journey, browser, **options) -> None:
    """Carry on the journey in a fresh browser context: no cookie, no session, only the link."""
    journey.close()
    journey.context = browser.new_context(locale="fr-BE", **options)
    journey.page = journey.context.new_page()
    journey.page.set_default_timeout(TIMEOUT)
    journey.page.on("console", lambda msg: msg.type == "error" and journey.console_errors.append(msg.text))


def check_page(page, expected: dict[str, object]) -> None:
    for key, value in expected.items():
        if value is True:
            expect(page.locator(f"[id='{key}']")).to_be_checked()
        else:
            expect(page.locator(key)).to_have_value(value)


def test_referent_sends_a_questionnaire_and_a_respondent_fills_it_in_two_visits(
    browser, journey, live_server, commune_a, referent
):
    builder.template_ensure()
    page = journey.page
    page.set_default_timeout(TIMEOUT)
    today = timezone.localdate()

    login(journey, referent.username, PASSWORD)
    journey.goto(f"/communes/{commune_a.slug}/questionnaires/")
    page.click("a[href$='/questionnaires/new/']")
    journey.step("the referent prepares a questionnaire from the shipped template")

    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Diagnostic")
    journey.step("the commune's copy of the template, ready to adapt")

    page.click("a[href*='/campaigns/new/']")
    page.fill("#id_title", "Diagnostic smart 2026")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_closes_on", (today + timedelta(days=30)).isoformat())
    page.fill("#id_reminder_every_days", "7")
    journey.step("the campaign form, with dates and automatic reminders")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    campaign = Campaign.objects.get(commune=commune_a)
    assert page.url.endswith(f"/campaigns/{campaign.pk}/")

    page.click("a[href$='/respondents/new/']")
    page.select_option("#id_group", label="Personnel administratif")
    page.fill("#id_people", RESPONDENT)
    journey.step("the referent invites a member of the staff by name")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    respondent = Respondent.objects.get(campaign=campaign)
    assert respondent.email_status == EmailStatus.SENT
    expect(page.locator("#respondents")).to_contain_text("Marie Dumont")
    expect(page.locator("#respondents")).to_contain_text("non commencé")
    journey.step("the invitation is sent and its status shown")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["marie.dumont@courcelles.example"]
    link = re.search(r"https?://\S+/q/[A-Za-z0-9_-]{43}/", mail.outbox[0].body).group(0)
    personal_path = "/" + link.split("/", 3)[3]

    # The respondent has no account: only the link from the e-mail, opened on a phone.
    new_browser(journey, browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = journey.page
    journey.goto(personal_path)
    expect(page.locator("h1")).to_contain_text("Diagnostic")
    journey.step("the respondent opens their personal link on a phone")

    page.click("a.btn-primary[href*='/page/1/']")
    expected = {}
    for number in range(1, 5):
        expect(page.locator(".pagination .active")).to_contain_text(str(number))
        expected[number] = answer_page(page)
        journey.step(f"page {number} answered, each answer saved as it is given")
        page.click("button[name=action][value=next]")
        page.wait_for_load_state()

    # Page 5: "yes" to Q22 shows the next question at once, through its display condition.
    q22 = page.locator("fieldset.question", has=page.locator("legend", has_text="publie-t-elle des données"))
    expect(page.locator("fieldset.question legend", has_text="Quelles données")).to_have_count(0)
    q22.locator(".form-check-input").first.check()
    expect(q22.locator(".feedback")).to_contain_text("✓", timeout=TIMEOUT)
    expect(page.locator("fieldset.question legend", has_text="Quelles données")).to_be_visible()
    journey.step("a display condition shows the follow-up question")

    answered = Answer.objects.filter(response__respondent=respondent, has_value=True).values("question").distinct()
    assert answered.count() >= 20

    # The browser is closed; the respondent comes back through the same link, on a computer this time.
    new_browser(journey, browser, viewport={"width": 1280, "height": 900})
    page = journey.page
    journey.goto(personal_path)
    expect(page.locator("main")).to_contain_text(re.compile(rf"Questions avec une réponse\s*: {answered.count()} sur"))
    journey.step("back through the same link: the progress is where it was left")

    for number, controls in expected.items():
        journey.goto(f"{personal_path}page/{number}/")
        check_page(page, controls)
        journey.step(f"page {number} comes back with every answer")

    journey.goto(f"{personal_path}submit/")
    missing = page.locator("main .alert-warning a")
    expect(missing).to_have_count(1)
    journey.step("the review lists the required question still unanswered")
    missing.click()
    page.wait_for_load_state()
    required = page.locator("fieldset.question", has=page.locator("legend .text-danger"))
    required.locator(".form-check-input").first.check()
    expect(required.locator(".feedback")).to_contain_text("✓", timeout=TIMEOUT)
    page.click("button[name=action][value=review]")
    page.wait_for_load_state()
    expect(page.locator("main .alert-warning")).to_have_count(0)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    respondent.response.refresh_from_db()
    assert respondent.response.submitted_at is not None
    expect(page.locator("main")).to_contain_text("Merci")
    journey.step("the answers are submitted")

    # Until the campaign closes, a submitted answer can still change.
    journey.goto(f"{personal_path}page/1/")
    first = page.locator("fieldset.question").first
    first.locator(".form-check-input").last.check()
    expect(first.locator(".feedback")).to_contain_text("✓", timeout=TIMEOUT)
    journey.step("after submitting, an answer is changed and saved")
    journey.goto(f"{personal_path}page/1/")
    expect(page.locator("fieldset.question").first.locator(".form-check-input").last).to_be_checked()


def _wait_for(check, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_a_citizen_through_an_open_link_comes_back_and_loses_nothing(
    browser, journey, live_server, commune_a, referent, settings
):
    """Text typed just before leaving reaches the server (beacon); the open link brings the browser back;
    "Continue later" gives the personal link; once submitted, the open link shows what was answered."""
    settings.OPEN_LINK_MIN_FILL_SECONDS = 0
    questionnaire = builder.questionnaire_copy(source=builder.template_ensure(), commune=commune_a, actor=referent)
    today = timezone.localdate()
    campaign = campaigns.campaign_create(
        commune=commune_a,
        questionnaire=questionnaire,
        actor=referent,
        title="Avis citoyen",
        opens_on=today,
        closes_on=today + timedelta(days=30),
    )
    link = campaigns.open_link_create(
        campaign=campaign, group=campaign.groups.get(kind=GroupKind.CITIZENS), actor=referent
    )
    sections, questions = questionnaire_structure(questionnaire.pk)
    text = next(q for q in questions if q.type == "long_text" and not q.condition_option_id)
    number = next(n for n, s in enumerate(sections, start=1) if s.pk == text.section_id)
    start = f"/q/open/{open_link_token(link)}/"
    page = journey.page
    page.set_default_timeout(TIMEOUT)

    journey.goto(start)
    expect(page.locator("main")).to_contain_text("ce même lien dans ce navigateur")
    journey.step("the open link says what happens")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    response = Response.objects.get(open_link=link)
    personal = f"/q/{response_token(response)}/"

    journey.goto(f"{personal}page/{number}/")
    page.locator(f"#q{text.pk}-input").fill("Des bancs le long du RAVeL")
    journey.goto(start)  # at once, before the typing delay: the beacon carries the text
    assert _wait_for(
        lambda: Answer.objects.filter(
            response=response, question=text, text_value="Des bancs le long du RAVeL"
        ).exists()
    )
    page.wait_for_load_state()
    assert page.url.endswith(personal)
    journey.step("the open link brings this browser back to its response")

    page.click(f"a[href='{personal}later/']")
    page.wait_for_load_state()
    expect(page.locator("#personal-link")).to_have_value(re.compile(re.escape(personal) + "$"))
    journey.step("continue later: the personal link to copy or to receive by e-mail")
    assert Response.objects.filter(open_link=link).count() == 1
