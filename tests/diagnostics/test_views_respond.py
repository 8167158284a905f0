"""The respondent's pages: no account, a personal link, autosave with htmx or a Save button without it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from diagnostics import guards
from diagnostics.answering import ERROR_SCALE, version_token
from diagnostics.models import Answer, Campaign, GroupKind, Response
from diagnostics.selectors.responses import fill_state
from diagnostics.services import campaigns, responses
from diagnostics.tokens import open_link_token, response_token
from tests.helpers import assert_message_in, messages_of, translated

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


def version_fields(response, *questions) -> dict:
    state = fill_state(response)
    fields = {}
    for question in questions:
        for row in [r.pk for r in question.rows.all()] or [None]:
            name = f"v_q{question.pk}" + (f"_r{row}" if row else "")
            fields[name] = version_token(state.version(question.pk, row), state.value(question.pk, row))
    return fields


def test_first_page_says_where_the_respondent_stands(client, token, small):
    response = client.get(url("respond", token))
    assert response.status_code == 200
    content = response.content.decode()
    assert small.questionnaire.title_fr in content
    assert url("respond-page", token, 1) in content


@pytest.mark.parametrize("bad", ["abc", "x" * 43])
def test_unknown_link_says_so(client, bad, response):
    reply = client.get(url("respond", bad))
    assert reply.status_code == 404
    assert_message_in(reply, responses.ERROR_LINK_UNKNOWN)


def test_revoked_link_says_so(client, token, respondent, referent):
    campaigns.respondent_revoke(respondent=respondent, actor=referent)
    reply = client.get(url("respond-page", token, 1))
    assert reply.status_code == 410
    assert_message_in(reply, responses.ERROR_LINK_REVOKED)


def test_closed_campaign_says_so_and_thanks_those_who_submitted(client, token, response, campaign):
    Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now())
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=timezone.localdate() - timedelta(days=9), closes_on=timezone.localdate() - timedelta(days=1)
    )
    reply = client.get(url("respond", token))
    assert reply.status_code == 410
    assert "closed" in reply.content.decode() or "clôturé" in reply.content.decode()
    autosave = client.post(url("respond-autosave", token, 1), {}, **HTMX)
    assert autosave.status_code == 410


def test_campaign_not_open_yet(client, token, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=timezone.localdate() + timedelta(days=3))
    assert client.get(url("respond-page", token, 1)).status_code == 403


def test_page_in_english_and_french(token, small):
    # The browser's language is ignored (French first); the language switch's cookie decides.
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = english_client.get(url("respond-page", token, 1)).content.decode()
    assert "Question single (en)" in english
    french = Client(HTTP_ACCEPT_LANGUAGE="en").get(url("respond-page", token, 1)).content.decode()
    assert "Question single" in french
    assert "Question single (en)" not in french


def test_page_shows_only_visible_questions(client, token, small, response):
    content = client.get(url("respond-page", token, 2)).content.decode()
    assert f'id="question-{small.q["conditional"].pk}"' not in content
    responses.response_autosave(
        response=response,
        question_id=small.q["yesno"].pk,
        data={f"q{small.q['yesno'].pk}": str(small.option("yesno", 0))},
    )
    content = client.get(url("respond-page", token, 2)).content.decode()
    assert f'id="question-{small.q["conditional"].pk}"' in content


def test_page_out_of_range(client, token):
    assert client.get(url("respond-page", token, 3)).status_code == 404


def test_respondent_page_runs_a_fixed_number_of_queries(client, token, small, response):
    responses.response_autosave(
        response=response, question_id=small.q["number"].pk, data={f"q{small.q['number'].pk}": "3"}
    )
    # The structure is read once per process and questionnaire version (diagnostics.selectors.responses).
    client.get(url("respond-page", token, 2))
    with CaptureQueriesContext(connection) as one:
        client.get(url("respond-page", token, 2))
    for name, value in [("short", "Court"), ("long", "Long texte")]:
        responses.response_autosave(
            response=response, question_id=small.q[name].pk, data={f"q{small.q[name].pk}": value}
        )
    grid = small.q["grid"]
    responses.response_autosave(
        response=response,
        question_id=grid.pk,
        data={f"q{grid.pk}_r{small.row('grid', 0)}": "2", f"q{grid.pk}_r{small.row('grid', 1)}": "4"},
    )
    with CaptureQueriesContext(connection) as full:
        client.get(url("respond-page", token, 2))
    assert len(one) == len(full)


# Without JavaScript: the buttons save the page ---------------------------------------------------


def test_save_button_saves_the_page(client, token, small, response):
    q = small.q
    data = {
        f"q{q['single'].pk}": str(small.option("single", 1)),
        f"q{q['scale10'].pk}": "8",
        f"q{q['multiple'].pk}": [str(small.option("multiple", 0)), "other"],
        f"q{q['multiple'].pk}_other": "Covoiturage",
        "action": "save",
        **version_fields(response, q["single"], q["scale10"], q["multiple"]),
    }
    reply = client.post(url("respond-page", token, 1), data)
    assert reply.url == url("respond-page", token, 1)
    assert translated(gettext_lazy("Your answers are saved."), reply) in messages_of(reply)
    assert Answer.objects.get(question=q["scale10"]).number_value == 8
    assert Answer.objects.get(question=q["multiple"]).other_text == "Covoiturage"
    # Coming back with the same link shows the same state.
    content = client.get(url("respond-page", token, 1)).content.decode()
    assert 'value="Covoiturage"' in content


def test_next_and_previous(client, token, response):
    assert client.post(url("respond-page", token, 1), {"action": "next"}).url == url("respond-page", token, 2)
    assert client.post(url("respond-page", token, 2), {"action": "previous"}).url == url("respond-page", token, 1)
    assert client.post(url("respond-page", token, 2), {"action": "next"}).url == url("respond-submit", token)


def test_invalid_answer_keeps_the_input_and_saves_the_rest(client, token, small, response):
    q = small.q
    data = {
        f"q{q['number'].pk}": "deux cents",
        f"q{q['short'].pk}": "Gardé",
        "action": "next",
        **version_fields(response, q["number"], q["short"]),
    }
    reply = client.post(url("respond-page", token, 2), data)
    assert reply.status_code == 422
    content = reply.content.decode()
    assert 'value="deux cents"' in content
    assert Answer.objects.get(question=q["short"]).text_value == "Gardé"
    assert not Answer.objects.filter(question=q["number"]).exists()


def test_stale_page_is_told_instead_of_overwriting(client, token, small, response):
    q = small.q["long"]
    stale = version_fields(response, q)
    responses.response_autosave(response=response, question_id=q.pk, data={f"q{q.pk}": "Écrit dans l'autre onglet"})
    reply = client.post(url("respond-page", token, 2), {f"q{q.pk}": "Écrit ici", "action": "save", **stale})
    assert reply.status_code == 422
    assert_message_in(reply, responses.ERROR_CONFLICT)
    assert "Écrit ici" in reply.content.decode()
    assert Answer.objects.get(question=q).text_value == "Écrit dans l'autre onglet"


# With htmx: every answer saved as it is given ----------------------------------------------------


def test_autosave_returns_the_new_version_and_progress(client, token, small, response):
    q = small.q["scale10"]
    reply = client.post(url("respond-autosave", token, q.pk), {f"q{q.pk}": "6", **version_fields(response, q)}, **HTMX)
    assert reply.status_code == 200
    content = reply.content.decode()
    answer = Answer.objects.get(question=q)
    assert answer.number_value == 6
    assert f'value="{version_token(1, fill_state(response).value(q.pk))}"' in content
    assert 'hx-swap-oob="true"' in content
    assert 'id="progress-answered"' in content


def test_autosave_refuses_out_of_range_with_422(client, token, small, response):
    q = small.q["scale5"]
    reply = client.post(url("respond-autosave", token, q.pk), {f"q{q.pk}": "9"}, **HTMX)
    assert reply.status_code == 422
    assert_message_in(reply, ERROR_SCALE % {"low": 1, "high": 5})
    assert not Answer.objects.exists()


def test_autosave_conflict_swaps_the_question_with_the_newer_answer(client, token, small, response):
    q = small.q["short"]
    stale = version_fields(response, q)
    responses.response_autosave(response=response, question_id=q.pk, data={f"q{q.pk}": "Plus récent"})
    reply = client.post(url("respond-autosave", token, q.pk), {f"q{q.pk}": "Périmé", **stale}, **HTMX)
    assert reply.status_code == 409
    assert reply.headers["HX-Retarget"] == f"#qwrap-{q.pk}"
    content = reply.content.decode()
    assert 'value="Plus récent"' in content
    assert "Périmé" in content
    assert Answer.objects.get(question=q).text_value == "Plus récent"


def test_autosave_shows_dependent_questions_on_the_same_page(client, token, small, response):
    page1_yesno = small.q["yesno"]
    reply = client.post(
        url("respond-autosave", token, page1_yesno.pk), {f"q{page1_yesno.pk}": str(small.option("yesno", 0))}, **HTMX
    )
    assert reply.status_code == 200
    # The conditional question is on page 2: nothing to swap on this page, but it now shows there.
    assert f'id="qwrap-{small.q["conditional"].pk}"' not in reply.content.decode()
    assert f'id="question-{small.q["conditional"].pk}"' in client.get(url("respond-page", token, 2)).content.decode()


def test_autosave_without_htmx_goes_back_to_the_page(client, token, small, response):
    q = small.q["long"]
    reply = client.post(url("respond-autosave", token, q.pk), {f"q{q.pk}": "Sans JS"})
    assert reply.url == url("respond-page", token, 2)


def test_autosave_of_an_unknown_question_is_404(client, token, template):
    assert client.post(url("respond-autosave", token, template.questions.first().pk), {}, **HTMX).status_code == 404


def test_respond_pages_refuse_wrong_methods(client, token):
    assert client.get(url("respond-autosave", token, 1)).status_code == 405
    assert client.put(url("respond-page", token, 1)).status_code == 405
    assert client.post(url("respond", token)).status_code == 405


# Submitting --------------------------------------------------------------------------------------


def test_review_lists_missing_required_answers(client, token, small):
    content = client.get(url("respond-submit", token)).content.decode()
    assert f"#question-{small.q['single'].pk}" in content
    reply = client.post(url("respond-submit", token))
    assert reply.status_code == 422
    assert not Response.objects.filter(submitted_at__isnull=False).exists()


def test_submit_then_submit_again_from_another_tab(client, token, small, response):
    q = small.q["single"]
    responses.response_autosave(response=response, question_id=q.pk, data={f"q{q.pk}": str(small.option("single", 2))})
    reply = client.post(url("respond-submit", token))
    assert reply.url == url("respond", token)
    assert translated(gettext_lazy("Thank you! Your answers are submitted."), reply) in messages_of(reply)
    again = client.post(url("respond-submit", token))
    assert translated(
        gettext_lazy("Your answers were already submitted; every change you made is saved. Thank you!"), again
    ) in messages_of(again)
    first = Response.objects.get(pk=response.pk).submitted_at
    assert first is not None
    # Still editable until the campaign closes.
    edit = client.post(
        url("respond-autosave", token, q.pk),
        {f"q{q.pk}": str(small.option("single", 0)), **version_fields(response, q)},
        **HTMX,
    )
    assert edit.status_code == 200
    assert Answer.objects.get(question=q).score == 0
    assert Response.objects.get(pk=response.pk).submitted_at == first


# Open links --------------------------------------------------------------------------------------


def start_data(client, start) -> dict:
    """What the start page's form sends: its signed stamp, the honeypot left empty."""
    page = client.get(start)
    assert page.status_code == 200
    return {guards.STAMP_FIELD: page.context["stamp"], guards.HONEYPOT_FIELD: ""}


def submit_open_response(client, small, personal):
    single = small.q["single"]
    client.post(url("respond-autosave", personal, single.pk), {f"q{single.pk}": str(small.option("single", 0))})
    return client.post(url("respond-submit", personal), {guards.HONEYPOT_FIELD: ""})


@pytest.fixture
def no_fill_time(settings):
    settings.OPEN_LINK_MIN_FILL_SECONDS = 0


def test_open_link_starts_a_personal_response_and_remembers_it(client, campaign, groups, referent, small, no_fill_time):
    link = campaigns.open_link_create(
        campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent, max_responses=1
    )
    start = url("open-link-start", open_link_token(link))
    reply = client.post(start, start_data(client, start))
    created = Response.objects.get(open_link=link)
    assert reply.url == url("respond", response_token(created))
    Response.objects.filter(pk=created.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert submit_open_response(client, small, response_token(created)).status_code == 302
    assert Response.objects.get(pk=created.pk).submitted_at is not None
    # The visitor who started may still continue even though the link is now full.
    # Back through the open link once submitted: what they answered, not reopened from there.
    again = client.get(start)
    assert again.status_code == 200
    assert again.context["already"] is True
    assert url("respond-summary-download", response_token(created)) in again.content.decode()
    assert client.post(start).status_code == 200
    assert Response.objects.filter(open_link=link).count() == 1
    # The cap is reached: another visitor is told.
    other = Client()
    full = other.get(start)
    assert full.status_code == 410
    assert_message_in(full, responses.ERROR_LINK_FULL)


def test_open_link_remembers_the_visitor_while_there_is_room(client, campaign, groups, referent, no_fill_time):
    link = campaigns.open_link_create(campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent)
    start = url("open-link-start", open_link_token(link))
    client.post(start, start_data(client, start))
    created = Response.objects.get(open_link=link)
    # The same browser goes straight back to its response: no form to start another one.
    assert client.get(start).url == url("respond", response_token(created))


def test_unknown_open_link(client, response):
    reply = client.get(url("open-link-start", "y" * 43))
    assert reply.status_code == 404
    assert client.put(url("open-link-start", "y" * 43)).status_code == 405


def test_progress_in_french_agrees_with_one_answer(client, token, small, response):
    """The plural follows the number of questions, so the French must not read "1 questions"."""
    single = small.q["single"]
    responses.response_autosave(
        response=response, question_id=single.pk, data={f"q{single.pk}": str(small.option("single", 1))}
    )
    for name, args in [("respond", ()), ("respond-page", (1,)), ("respond-submit", ())]:
        content = client.get(url(name, token, *args)).content.decode()
        assert "Questions avec une réponse\xa0: 1 sur " in content
        assert " 1 questions" not in content


def test_the_list_of_answers_not_saved_puts_french_spacing_before_the_colon(client, token, small, response):
    q = small.q["number"]
    data = {f"q{q.pk}": "deux cents", "action": "save", **version_fields(response, q)}
    content = client.post(url("respond-page", token, 2), data).content.decode()
    assert f'<a href="#question-{q.pk}">Question ' in content
    assert "</a>\xa0: " in content
    assert "</a>: " not in content


def test_someone_invited_in_english_reads_the_pages_in_english_until_they_choose(
    client, campaign, groups, referent, small
):
    (person,) = campaigns.respondents_add(
        campaign=campaign,
        group=groups[GroupKind.ADMINISTRATION],
        actor=referent,
        people=[("John Smith", "john@example.org")],
        language="en",
        send=False,
    )
    token = response_token(person.response)
    page = client.get(url("respond", token)).content.decode()
    assert '<html lang="en">' in page
    assert "Where you stand" in page
    assert "Review and submit" in client.get(url("respond-submit", token)).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"  # the language switch
    assert "Où vous en êtes" in client.get(url("respond", token)).content.decode()


def test_someone_invited_in_french_reads_french(client, token):
    assert "Où vous en êtes" in client.get(url("respond", token)).content.decode()
