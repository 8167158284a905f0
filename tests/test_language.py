"""French first: a first visit is French whatever the browser says; English is one click away and kept.

Dates read day first in both languages (Belgian readers take 12/04 for April).
"""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def login_page(client: Client, **headers) -> str:
    return client.get(reverse("accounts:login"), **headers).content.decode()


@pytest.mark.parametrize("browser", ["en", "en-US,en;q=0.9", "de", "nl-BE"])
def test_a_first_visit_is_french_whatever_the_browser_asks(browser):
    page = login_page(Client(), HTTP_ACCEPT_LANGUAGE=browser)
    assert 'lang="fr"' in page
    assert "Se connecter" in page


def test_choosing_english_is_remembered_for_anonymous_visitors():
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post(reverse("accounts:language"), {"language": "en", "next": reverse("accounts:login")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = login_page(client)
    assert 'lang="en"' in page
    assert "Log in" in page


def test_an_unknown_language_cookie_falls_back_to_french():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert 'lang="fr"' in login_page(client, HTTP_ACCEPT_LANGUAGE="en")


def test_a_user_who_chose_english_keeps_it_after_logging_in(client_for, referent):
    referent.language = "en"
    referent.save(update_fields=["language"])
    page = client_for(referent).get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="en"' in page


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [("fr", "04/12/2026", "4 décembre 2026"), ("en", "04/12/2026", "4 December 2026")],
)
def test_dates_read_day_first_in_both_languages(language, short, long):
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}|{{ day|date:"DATE_FORMAT" }}')
    with translation.override(language):
        assert template.render(Context({"day": datetime.date(2026, 12, 4)})) == f"{short}|{long}"


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("typed", ["04/12/2026", "2026-12-04"])
def test_typed_dates_are_read_day_first(language, typed):
    with translation.override(language):
        assert forms.DateField().clean(typed) == datetime.date(2026, 12, 4)
