"""The privacy notice on respondent pages: who sees what, how long it is kept, whom to ask."""

from django.urls import reverse

NOTICE = 'id="privacy-notice-heading"'


def test_questionnaire_pages_show_the_notice(client, token, small, territory, settings):
    settings.PRIVACY_RETENTION_MONTHS = 18
    start = client.get(reverse("diagnostics:respond", args=[token])).content.decode()
    assert NOTICE in start
    assert "18" in start.split(NOTICE, 1)[1]
    assert territory.name in start.split(NOTICE, 1)[1]


def test_notice_names_the_configured_contact(client, token, small, settings):
    settings.PRIVACY_CONTACT = "dpo@intercommunale.example"
    start = client.get(reverse("diagnostics:respond", args=[token])).content.decode()
    assert "dpo@intercommunale.example" in start.split(NOTICE, 1)[1]


def test_barometer_answer_page_shows_the_notice(referent_client, territory, commune_a):
    from tests.barometer.conftest import make_edition

    edition = make_edition(territory)
    page = referent_client.get(reverse("barometer:response-edit", args=[edition.pk, commune_a.slug]))
    assert page.status_code == 200
    assert NOTICE in page.content.decode()
