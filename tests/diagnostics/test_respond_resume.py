"""A respondent comes back: the open link remembers the browser, "Continue later" gives the personal link
(to copy, or by e-mail without keeping the address), the summary of one's answers prints and downloads, and
the autosave accepts the beacon sent when the tab closes."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diagnostics import guards
from diagnostics.models import Answer, GroupKind, Response
from diagnostics.selectors.responses import fill_state, response_summary
from diagnostics.services import campaigns, responses
from diagnostics.tokens import open_link_token, response_token
from smartregion.errors import ServiceError
from smartregion.tasks import Enqueued
from tests.helpers import assert_message_in

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.OPEN_LINK_MIN_FILL_SECONDS = 0


@pytest.fixture
def link(campaign, groups, referent):
    return campaigns.open_link_create(campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent)


def start_response(client, link) -> Response:
    start = url("open-link-start", open_link_token(link))
    page = client.get(start)
    reply = client.post(start, {guards.STAMP_FIELD: page.context["stamp"], guards.HONEYPOT_FIELD: ""})
    assert reply.status_code == 302
    return Response.objects.filter(open_link=link).latest("pk")


def answer_and_submit(client, small, response):
    token = response_token(response)
    single = small.q["single"]
    client.post(url("respond-autosave", token, single.pk), {f"q{single.pk}": str(small.option("single", 2))})
    Response.objects.filter(pk=response.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert client.post(url("respond-submit", token), {guards.HONEYPOT_FIELD: ""}).status_code == 302


# The open link remembers the browser ------------------------------------------------------------


def test_reopening_the_open_link_comes_back_to_the_same_response(client, link):
    created = start_response(client, link)
    start = url("open-link-start", open_link_token(link))
    assert client.get(start).url == url("respond", response_token(created))
    assert Response.objects.filter(open_link=link).count() == 1
    # Another browser starts afresh.
    assert Client().get(start).status_code == 200


def test_a_submitted_response_is_shown_not_reopened(client, small, link):
    created = start_response(client, link)
    answer_and_submit(client, small, created)
    page = client.get(url("open-link-start", open_link_token(link)))
    assert page.status_code == 200
    assert page.templates[0].name == "diagnostics/respond_summary.html"
    assert page.context["already"] is True
    content = page.content.decode()
    assert "Oui" in content  # the answer, in words
    assert f'href="{url("respond-page", response_token(created), 1)}"' not in content


def test_several_per_browser_offers_to_continue_or_start_anew(client, link):
    link.several_per_browser = True
    link.save(update_fields=["several_per_browser"])
    created = start_response(client, link)
    page = client.get(url("open-link-start", open_link_token(link)))
    assert page.status_code == 200
    content = page.content.decode()
    assert url("respond", response_token(created)) in content
    assert guards.STAMP_FIELD in content  # the form to start a new one
    start_response(client, link)
    assert Response.objects.filter(open_link=link).count() == 2


def test_the_start_page_says_what_happens(client, link):
    content = client.get(url("open-link-start", open_link_token(link))).content.decode()
    assert "En revenant avec ce même lien dans ce navigateur, vous retrouvez votre réponse" in content


# Continue later ---------------------------------------------------------------------------------


def test_continue_later_saves_the_page_then_offers_the_link(client, small, token, response):
    q = small.q["scale10"]
    reply = client.post(url("respond-page", token, 1), {f"q{q.pk}": "7", "action": "later"})
    assert reply.url == url("respond-later", token)
    assert Answer.objects.get(response=response, question=q).number_value == 7
    page = client.get(reply.url)
    assert page.status_code == 200
    assert f'value="http://testserver{url("respond", token)}"' in page.content.decode()


def test_the_link_is_e_mailed_and_the_address_not_kept(client, token, response, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(url("respond-later", token), {"email": "citoyen@example.org"})
    assert reply.url == url("respond-later", token)
    (sent,) = mail.outbox
    assert sent.to == ["citoyen@example.org"]
    assert f"http://testserver{url('respond', token)}" in sent.body
    assert "&amp;" not in sent.body
    # Nothing of the address is stored on the response or its respondent.
    response.refresh_from_db()
    assert not Response.objects.filter(respondent__email="citoyen@example.org").exists()


def test_a_bad_address_is_refused_with_the_input_kept(client, token):
    reply = client.post(url("respond-later", token), {"email": "pas une adresse"})
    assert reply.status_code == 422
    content = reply.content.decode()
    assert 'value="pas une adresse"' in content
    assert re.search(r'<input type="email" name="email"[^>]* autofocus', content)  # focus back on the address
    assert "Tapez une adresse e-mail complète" in content  # the page's own word, not Django's "courriel"
    assert "courriel" not in content
    assert not mail.outbox


def test_link_e_mails_are_throttled(settings, client, token, django_capture_on_commit_callbacks):
    settings.RESPONSE_LINK_EMAIL_RATE = "2/h"
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(url("respond-later", token), {"email": "a@example.org"}).status_code == 302
        reply = client.post(url("respond-later", token), {"email": "a@example.org"})
    assert reply.status_code == 429
    assert_message_in(reply, responses.ERROR_THROTTLED)
    assert len(mail.outbox) == 2


def test_link_e_mail_says_so_when_the_queue_is_away(monkeypatch, response):
    monkeypatch.setattr(responses, "enqueue_on_commit", lambda *a, **k: Enqueued(False, 1, 0, 1))
    with pytest.raises(ServiceError) as error:
        responses.response_link_email(response=response, email="a@example.org", link="http://x/q/t/")
    assert error.value.message == responses.ERROR_LINK_NOT_SENT


def test_link_send_of_a_deleted_response_sends_nothing(response):
    pk = response.pk
    Response.objects.filter(pk=pk).delete()
    assert responses.response_link_send(response_id=pk, email="a@example.org", link="x", language="fr") is False
    assert not mail.outbox


# Summary ----------------------------------------------------------------------------------------


def test_summary_lists_the_answers_in_words(client, small, token, response):
    grid = small.q["grid"]
    single = small.q["single"]
    responses.response_autosave(
        response=response, question_id=single.pk, data={f"q{single.pk}": str(small.option("single", 1))}
    )
    responses.response_autosave(
        response=response,
        question_id=grid.pk,
        data={f"q{grid.pk}_r{small.row('grid', 0)}": "4"},
    )
    items = {item.question: item for item in response_summary(fill_state(response))}
    assert items["Question single"].lines == ["Un peu"]
    assert items["Question grid"].lines == ["Énoncé A\xa0: 4"]  # French spacing
    assert items["Question long"].lines == []
    assert "Question conditional" not in items  # not shown to this respondent
    page = client.get(url("respond-summary", token))
    assert page.status_code == 200
    assert "Un peu" in page.content.decode()


def test_summary_downloads_as_text(client, small, token, response):
    q = small.q["long"]
    responses.response_autosave(response=response, question_id=q.pk, data={f"q{q.pk}": "Plus de bancs & d'arbres"})
    reply = client.get(url("respond-summary-download", token))
    assert reply.status_code == 200
    assert reply["Content-Type"] == "text/plain; charset=utf-8"
    assert reply["Content-Disposition"] == 'attachment; filename="mes-reponses.txt"'  # not English in French
    assert "Plus de bancs & d'arbres" in reply.content.decode()


def test_summary_needs_the_respondent_token(client, token):
    assert client.get(url("respond-summary", "x" * 43)).status_code == 404
    assert client.get(url("respond-summary-download", "x" * 43)).status_code == 404
    assert client.post(url("respond-summary", token)).status_code == 405
    assert client.put(url("respond-later", token)).status_code == 405


def test_summary_page_has_print_styles(client, token):
    content = client.get(url("respond-summary", token)).content.decode()
    assert "questionnaires.css" in content
    assert "data-print" in content


# The beacon sent when the tab closes -------------------------------------------------------------


def test_autosave_accepts_a_beacon_post_with_the_csrf_field(small, token, response):
    """navigator.sendBeacon posts the form as multipart FormData, with the CSRF field, no htmx header."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url("respond-page", token, 2))
    csrf = page.context["csrf_token"]
    q = small.q["long"]
    reply = browser.post(
        url("respond-autosave", token, q.pk),
        {"csrfmiddlewaretoken": str(csrf), f"q{q.pk}": "Tapé juste avant de fermer"},
    )
    assert reply.status_code == 302
    assert Answer.objects.get(response=response, question=q).text_value == "Tapé juste avant de fermer"


def test_autosave_refuses_a_beacon_without_the_csrf_field(small, token, response):
    q = small.q["long"]
    reply = Client(enforce_csrf_checks=True).post(url("respond-autosave", token, q.pk), {f"q{q.pk}": "x"})
    assert reply.status_code == 403
    assert not Answer.objects.filter(response=response).exists()
