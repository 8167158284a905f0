"""Building questionnaires through the pages (happy paths, refusals, input kept)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from diagnostics.models import Question, Questionnaire
from diagnostics.services import builder
from diagnostics.services.responses import response_autosave
from diagnostics.services.workspace import ERROR_EDIT_CONFLICT
from tests.helpers import assert_message_in, messages_of, translated


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


def question_post(question=None, **overrides) -> dict:
    """What the question form posts: the fields, and empty option and statement formsets."""
    data = {
        "type": "short_text",
        "text_fr": "Une question",
        "text_en": "A question",
        "theme": "other",
        "scored": "on",
        "grid_points": "5",
        "options-TOTAL_FORMS": "0",
        "options-INITIAL_FORMS": "0",
        "rows-TOTAL_FORMS": "0",
        "rows-INITIAL_FORMS": "0",
    }
    if question is not None:
        data.update(section=str(question.section_id), edit_version=str(question.edit_version))
    data.update(overrides)
    return data


def test_list_shows_campaigns_and_questionnaires(referent_client, small, campaign, commune_a):
    response = referent_client.get(url("questionnaire-list", commune_a.slug))
    assert response.status_code == 200
    assert campaign.title in response.content.decode()
    assert small.questionnaire.title_fr in response.content.decode()


def test_college_members_see_campaign_results_but_not_questionnaires(college_a_client, small, campaign, commune_a):
    content = college_a_client.get(url("questionnaire-list", commune_a.slug)).content.decode()
    assert url("campaign-results", commune_a.slug, campaign.pk) in content
    assert url("questionnaire-detail", commune_a.slug, small.questionnaire.pk) not in content
    assert f'href="{url("campaign-detail", commune_a.slug, campaign.pk)}"' not in content


def test_referent_copies_the_template(referent_client, template, commune_a):
    response = referent_client.post(url("questionnaire-create", commune_a.slug), {"template": template.pk})
    copy = Questionnaire.objects.get(commune=commune_a)
    assert response.url == url("questionnaire-detail", commune_a.slug, copy.pk)
    assert copy.questions.count() == template.questions.count()


def test_empty_questionnaire_needs_a_title(referent_client, template, commune_a):
    response = referent_client.post(url("questionnaire-create", commune_a.slug), {"template": ""})
    assert response.status_code == 200
    assert not Questionnaire.objects.filter(commune=commune_a).exists()
    response = referent_client.post(
        url("questionnaire-create", commune_a.slug), {"template": "", "title_fr": "Mon questionnaire"}
    )
    assert Questionnaire.objects.get(commune=commune_a).title_fr == "Mon questionnaire"


def test_builder_page_runs_a_fixed_number_of_queries(referent_client, small, template, commune_a, referent):
    with CaptureQueriesContext(connection) as few:
        assert (
            referent_client.get(url("questionnaire-detail", commune_a.slug, small.questionnaire.pk)).status_code == 200
        )
    big = builder.questionnaire_copy(source=template, commune=commune_a, actor=referent)
    with CaptureQueriesContext(connection) as many:
        response = referent_client.get(url("questionnaire-detail", commune_a.slug, big.pk))
    assert response.status_code == 200
    assert len(few) == len(many)


def test_create_a_choice_question_with_its_options(referent_client, small, commune_a):
    page = small.questionnaire.sections.first()
    data = question_post(
        type="single_choice",
        section=str(page.pk),
        pillars=["mobility", "economy"],
        **{
            "options-TOTAL_FORMS": "3",
            "options-0-label_fr": "Jamais",
            "options-0-maturity": "0",
            "options-1-label_fr": "Souvent",
            "options-1-label_en": "Often",
            "options-1-maturity": "100",
            "options-2-label_fr": "",
        },
    )
    response = referent_client.post(url("question-create", commune_a.slug, small.questionnaire.pk, page.pk), data)
    assert response.status_code == 302
    question = Question.objects.get(questionnaire=small.questionnaire, text_fr="Une question")
    assert [(o.label_fr, o.maturity) for o in question.options.all()] == [("Jamais", 0), ("Souvent", 100)]
    assert set(question.pillar_links.values_list("pillar", flat=True)) == {"mobility", "economy"}


def test_invalid_question_keeps_the_input(referent_client, small, commune_a):
    page = small.questionnaire.sections.first()
    count = Question.objects.count()
    data = question_post(
        type="single_choice",
        text_fr="Ma question gardée",
        section=str(page.pk),
        **{"options-TOTAL_FORMS": "1", "options-0-label_fr": "Seule"},
    )
    response = referent_client.post(
        url("question-create", commune_a.slug, small.questionnaire.pk, page.pk), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert_message_in(response, builder.ERROR_OPTIONS_REQUIRED)
    assert "Ma question gardée" in response.content.decode()
    assert Question.objects.count() == count


def test_update_from_a_stale_form_is_told_of_the_conflict(referent_client, small, commune_a, referent):
    question = small.q["short"]
    stale = question_post(question, text_fr="Ma version")
    builder.question_update(question=question, actor=referent, fields={"text_fr": "Leur version"})
    target = url("question-update", commune_a.slug, small.questionnaire.pk, question.pk)
    response = referent_client.post(target, stale)
    assert response.status_code == 200
    assert_message_in(response, ERROR_EDIT_CONFLICT)
    assert "Ma version" in response.content.decode()
    assert Question.objects.get(pk=question.pk).text_fr == "Leur version"
    # Saving again, knowingly, replaces it.
    fresh = question_post(Question.objects.get(pk=question.pk), text_fr="Ma version")
    assert referent_client.post(target, fresh).status_code == 302
    assert Question.objects.get(pk=question.pk).text_fr == "Ma version"


def test_deleting_an_answered_question_is_refused_with_a_message(referent_client, small, commune_a, response):
    question = small.q["long"]
    response_autosave(response=response, question_id=question.pk, data={f"q{question.pk}": "Réponse"})
    reply = referent_client.post(url("question-delete", commune_a.slug, small.questionnaire.pk, question.pk))
    assert reply.status_code == 302
    assert translated(builder.ERROR_QUESTION_HAS_ANSWERS % {"count": 1}, reply) in messages_of(reply)
    assert Question.objects.filter(pk=question.pk).exists()
    unanswered = small.q["number"]
    referent_client.post(url("question-delete", commune_a.slug, small.questionnaire.pk, unanswered.pk))
    assert not Question.objects.filter(pk=unanswered.pk).exists()


def test_moves(referent_client, small, commune_a):
    second = small.q["multiple"]
    referent_client.post(url("question-move", commune_a.slug, small.questionnaire.pk, second.pk), {"direction": "up"})
    assert Question.objects.get(pk=second.pk).position == 1
    page_two = small.questionnaire.sections.last()
    reply = referent_client.post(
        url("section-move", commune_a.slug, small.questionnaire.pk, page_two.pk), {"direction": "up"}
    )
    assert translated(builder.ERROR_CONDITION_ORDER, reply) in messages_of(reply)


def test_pages_are_added_and_edited(referent_client, small, commune_a):
    referent_client.post(url("section-create", commune_a.slug, small.questionnaire.pk), {"title_fr": "Page 3"})
    page = small.questionnaire.sections.get(title_fr="Page 3")
    referent_client.post(
        url("section-update", commune_a.slug, small.questionnaire.pk, page.pk),
        {"title_fr": "Conclusion", "title_en": "End"},
    )
    page.refresh_from_db()
    assert page.title_en == "End"
    referent_client.post(url("section-delete", commune_a.slug, small.questionnaire.pk, page.pk))
    assert not small.questionnaire.sections.filter(pk=page.pk).exists()


def test_question_bank_filters_and_adds(referent_client, small, template, commune_a):
    bank = url("question-bank", commune_a.slug, small.questionnaire.pk)
    content = referent_client.get(bank + "?pillar=energy_environment").content.decode()
    assert escape(template.questions.get(code="Q10").text_fr) in content
    assert escape(template.questions.get(code="Q32").text_fr) not in content
    page = small.questionnaire.sections.first()
    reply = referent_client.post(bank, {"question": template.questions.get(code="Q3").pk, "section": page.pk})
    assert reply.status_code == 302
    assert small.questionnaire.questions.filter(source_question__code="Q3").exists()
    # A commune's question is not part of the bank.
    assert referent_client.post(bank, {"question": small.q["long"].pk, "section": page.pk}).status_code == 404


def test_new_version_and_title(referent_client, small, commune_a):
    reply = referent_client.post(url("questionnaire-new-version", commune_a.slug, small.questionnaire.pk))
    new = Questionnaire.objects.get(previous_version=small.questionnaire)
    assert reply.url == url("questionnaire-detail", commune_a.slug, new.pk)
    edit = url("questionnaire-update", commune_a.slug, new.pk)
    referent_client.post(edit, {"title_fr": "Titre", "title_en": "Title", "edit_version": new.edit_version})
    new.refresh_from_db()
    assert new.title_en == "Title"
    reply = referent_client.post(edit, {"title_fr": "Trop tard", "edit_version": 1})
    assert_message_in(reply, ERROR_EDIT_CONFLICT)


def test_condition_choices_name_their_question(referent_client, small, commune_a):
    question = small.q["long"]
    content = referent_client.get(
        url("question-update", commune_a.slug, small.questionnaire.pk, question.pk)
    ).content.decode()
    # A closed select shows only the chosen option: it names its question, "Yes" alone would be ambiguous.
    assert f"{small.q['yesno'].code} → Oui" in content


def test_delete_questionnaire_in_use_is_refused(referent_client, small, campaign, commune_a):
    reply = referent_client.post(url("questionnaire-delete", commune_a.slug, small.questionnaire.pk))
    assert translated(builder.ERROR_QUESTIONNAIRE_IN_USE, reply) in messages_of(reply)
    assert Questionnaire.objects.filter(pk=small.questionnaire.pk).exists()


def test_preview_shows_every_question_and_saves_nothing(staff_a_client, small, commune_a):
    content = staff_a_client.get(
        url("questionnaire-preview", commune_a.slug, small.questionnaire.pk, 2)
    ).content.decode()
    assert small.q["conditional"].text_fr in content
    assert "hx-post" not in content
    assert (
        staff_a_client.get(url("questionnaire-preview", commune_a.slug, small.questionnaire.pk, 9)).status_code == 404
    )
