"""The questionnaire's structure kept per process for respondents (diagnostics.selectors.responses): each
change to it, through the builder's services or the admin, shows on the respondent's next request."""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from diagnostics.models import Answer, Question, Questionnaire
from diagnostics.services import builder, responses
from diagnostics.services.builder import OptionInput

pytestmark = pytest.mark.django_db


def page(client, token, number=1) -> str:
    reply = client.get(reverse("diagnostics:respond-page", args=[token, number]))
    assert reply.status_code == 200
    return reply.content.decode()


def test_a_question_changed_shows_on_the_next_request(client, token, small, referent):
    assert "Question single" in page(client, token)
    builder.question_update(question=small.q["single"], actor=referent, fields={"text_fr": "Nouvelle formulation"})
    content = page(client, token)
    assert "Nouvelle formulation" in content and "Question single" not in content


def test_options_added_and_renamed_show(client, token, small, referent):
    question = small.q["single"]
    options = [OptionInput(o.pk, o.label_fr, o.label_en, o.maturity) for o in question.options.all()]
    options[0] = OptionInput(options[0].id, "Pas du tout", "", 0)
    builder.question_update(
        question=question, actor=referent, fields={}, options=[*options, OptionInput(None, "Ne sait pas", "", None)]
    )
    content = page(client, token)
    assert "Pas du tout" in content and "Ne sait pas" in content


def test_pages_and_questions_created_moved_and_deleted(client, token, small, referent):
    questionnaire = small.questionnaire
    section = builder.section_create(questionnaire=questionnaire, actor=referent, title_fr="Page ajoutée")
    question = builder.question_create(
        section=section, actor=referent, fields={"type": "short_text", "text_fr": "Question ajoutée"}, pillars=[]
    )
    assert "Question ajoutée" in page(client, token, 3)
    builder.section_update(section=section, actor=referent, fields={"title_fr": "Page renommée"})
    assert "Page renommée" in page(client, token, 3)
    first, second = small.q["single"], small.q["multiple"]
    before = page(client, token)
    assert before.index("Question single") < before.index("Question multiple")
    builder.question_move(question=second, actor=referent, direction="up")
    after = page(client, token)
    assert after.index("Question multiple") < after.index("Question single")
    builder.question_delete(question=question, actor=referent)
    assert "Question ajoutée" not in page(client, token, 3)
    assert first.pk


def test_scoring_switched_off_applies_to_the_next_answer(token, response, small, referent):
    builder.question_update(question=small.q["scale10"], actor=referent, fields={"scored": False})
    response.refresh_from_db()
    responses.response_autosave(
        response=type(response).objects.select_related("campaign__questionnaire").get(pk=response.pk),
        question_id=small.q["scale10"].pk,
        data={f"q{small.q['scale10'].pk}": "7"},
    )
    assert Answer.objects.get(question=small.q["scale10"]).score is None


def test_an_admin_change_shows_on_the_next_request(client, token, small, superuser):
    assert "Question single" in page(client, token)
    question = Question.objects.get(pk=small.q["single"].pk)
    question.text_fr = "Changée par le superutilisateur"
    question.save(update_fields=["text_fr"])
    assert "Changée par le superutilisateur" not in page(client, token)  # a change outside the services and the admin
    model_admin = admin.site._registry[Question]
    request = RequestFactory().post("/")
    request.user = superuser
    form = SimpleNamespace(instance=question, save_m2m=lambda: None)
    version = Questionnaire.objects.get(pk=small.questionnaire.pk).edit_version
    model_admin.save_related(request, form, [], True)
    assert Questionnaire.objects.get(pk=small.questionnaire.pk).edit_version == version + 1
    assert "Changée par le superutilisateur" in page(client, token)


def test_a_response_loaded_before_a_change_saves_against_the_new_questionnaire(response, small, referent):
    short = small.q["short"]
    responses.response_autosave(response=response, question_id=short.pk, data={f"q{short.pk}": "Avant"})
    added = builder.question_create(
        section=short.section, actor=referent, fields={"type": "short_text", "text_fr": "Ajoutée"}, pillars=[]
    )
    outcome = responses.response_autosave(response=response, question_id=added.pk, data={f"q{added.pk}": "Après"})
    assert outcome.ok
    assert Answer.objects.get(question=added).text_value == "Après"
