"""Building questionnaires: copies, versions, and the guard that never orphans answers."""

import pytest

from communes.models import Activity
from diagnostics.models import Answer, Option, Question, Questionnaire
from diagnostics.services import builder
from diagnostics.services.builder import OptionInput, RowInput
from diagnostics.services.responses import response_autosave
from diagnostics.services.workspace import ERROR_EDIT_CONFLICT
from smartregion.errors import ServiceError


def answer(response, question, **fields):
    return response_autosave(response=response, question_id=question.pk, data=fields)


def test_copy_of_the_template_keeps_structure_and_conditions(template, commune_a, referent):
    copy = builder.questionnaire_copy(source=template, commune=commune_a, actor=referent)
    assert copy.commune == commune_a
    assert copy.source == template
    assert copy.questions.count() == template.questions.count()
    assert copy.sections.count() == template.sections.count()
    assert (
        Option.objects.filter(question__questionnaire=copy).count()
        == Option.objects.filter(question__questionnaire=template).count()
    )
    conditional = copy.questions.filter(condition_option__isnull=False)
    assert conditional.count() == template.questions.filter(condition_option__isnull=False).count()
    for question in conditional:
        assert question.condition_option.question.questionnaire_id == copy.pk
    q22 = copy.questions.get(code="Q22")
    assert set(q22.pillar_links.values_list("pillar", flat=True)) == {"governance", "economy"}
    assert q22.source_question.questionnaire_id == template.pk
    assert Activity.objects.filter(commune=commune_a, verb="questionnaire_created").exists()


def test_empty_questionnaire_gets_a_first_page(commune_a, referent):
    questionnaire = builder.questionnaire_create(commune=commune_a, actor=referent, title_fr="Vide")
    assert questionnaire.sections.count() == 1


def test_question_codes_follow_each_other(small):
    codes = sorted(int(q.code[1:]) for q in small.q.values())
    assert codes == list(range(1, len(small.q) + 1))


def test_yes_no_questions_get_yes_and_no(small):
    assert [o.label_en for o in small.q["yesno"].options.all()] == ["Yes", "No"]


def test_choice_questions_need_two_options_and_grids_a_statement(small, referent):
    page = small.questionnaire.sections.first()
    with pytest.raises(ServiceError) as error:
        builder.question_create(
            section=page,
            actor=referent,
            fields={"type": "single_choice", "text_fr": "?"},
            options=[OptionInput(None, "Seule")],
        )
    assert error.value.message == builder.ERROR_OPTIONS_REQUIRED
    with pytest.raises(ServiceError) as error:
        builder.question_create(section=page, actor=referent, fields={"type": "grid", "text_fr": "?"}, rows=[])
    assert error.value.message == builder.ERROR_GRID_ROWS_REQUIRED
    with pytest.raises(ServiceError) as error:
        builder.question_create(
            section=page,
            actor=referent,
            fields={"type": "yes_no", "text_fr": "?"},
            options=[OptionInput(None, "Oui"), OptionInput(None, "Non"), OptionInput(None, "Peut-être")],
        )
    assert error.value.message == builder.ERROR_YES_NO_OPTIONS


def test_number_range_must_be_ordered(small, referent):
    with pytest.raises(ServiceError) as error:
        builder.question_update(question=small.q["number"], actor=referent, fields={"number_min": 50, "number_max": 10})
    assert error.value.message == builder.ERROR_NUMBER_RANGE


def test_condition_must_come_from_an_earlier_choice_question(small, referent, commune_a):
    later_page = small.questionnaire.sections.last()
    first_question = small.q["single"]
    later_option = Option.objects.filter(question=small.q["yesno"]).first()
    # Q1 cannot depend on a later question.
    with pytest.raises(ServiceError) as error:
        builder.question_update(question=first_question, actor=referent, fields={"condition_option": later_option})
    assert error.value.message == builder.ERROR_CONDITION_ORDER
    # A condition from another questionnaire is refused.
    other = builder.questionnaire_create(commune=commune_a, actor=referent, title_fr="Autre")
    other_question = builder.question_create(
        section=other.sections.first(), actor=referent, fields={"type": "yes_no", "text_fr": "?"}
    )
    with pytest.raises(ServiceError) as error:
        builder.question_create(
            section=later_page,
            actor=referent,
            fields={"type": "short_text", "text_fr": "?", "condition_option": other_question.options.first()},
        )
    assert error.value.message == builder.ERROR_CONDITION_OUTSIDE


def test_moving_a_question_above_its_condition_is_refused(small, referent):
    conditional = small.q["conditional"]
    # Move the condition's question (page 1) after its dependent by moving the dependent's page up.
    with pytest.raises(ServiceError) as error:
        builder.section_move(section=conditional.section, actor=referent, direction="up")
    assert error.value.message == builder.ERROR_CONDITION_ORDER
    assert list(small.questionnaire.sections.values_list("title_fr", flat=True)) == ["Page 1", "Page 2"]


def test_moving_questions_and_pages(small, referent):
    builder.question_move(question=small.q["multiple"], actor=referent, direction="up")
    first_page = small.questionnaire.sections.first()
    assert list(first_page.questions.order_by("position").values_list("pk", flat=True))[:2] == [
        small.q["multiple"].pk,
        small.q["single"].pk,
    ]
    # Moving the first one further up changes nothing.
    builder.question_move(question=small.q["multiple"], actor=referent, direction="up")
    assert first_page.questions.order_by("position").first().pk == small.q["multiple"].pk


def test_removing_an_option_others_depend_on_is_refused(small, referent):
    yes = small.q["yesno"].options.first()
    with pytest.raises(ServiceError) as error:
        builder.question_delete(question=small.q["yesno"], actor=referent)
    assert error.value.message == builder.ERROR_CONDITION_IN_USE % {
        "code": small.q["conditional"].code,
        "label": yes.label_fr,
    }
    with pytest.raises(ServiceError):
        builder.question_update(question=small.q["yesno"], actor=referent, fields={"type": "short_text"})
    assert Question.objects.filter(pk=small.q["yesno"].pk, type="yes_no").exists()


# The guard: answers are never orphaned -----------------------------------------------------------


def test_answered_question_cannot_be_removed_or_change_type(small, response, referent):
    answer(response, small.q["scale10"], **{f"q{small.q['scale10'].pk}": "7"})
    with pytest.raises(ServiceError) as error:
        builder.question_delete(question=small.q["scale10"], actor=referent)
    assert error.value.message == builder.ERROR_QUESTION_HAS_ANSWERS % {"count": 1}
    with pytest.raises(ServiceError) as error:
        builder.question_update(question=small.q["scale10"], actor=referent, fields={"type": "scale_5"})
    assert error.value.message == builder.ERROR_TYPE_HAS_ANSWERS
    with pytest.raises(ServiceError) as error:
        builder.section_delete(section=small.q["scale10"].section, actor=referent)
    assert error.value.message == builder.ERROR_SECTION_HAS_ANSWERS
    assert Answer.objects.filter(question=small.q["scale10"]).count() == 1


def test_chosen_option_cannot_be_removed_but_wording_and_maturity_can_change(small, response, referent):
    single = small.q["single"]
    chosen = single.options.get(label_fr="Un peu")
    answer(response, single, **{f"q{single.pk}": str(chosen.pk)})
    options = [
        OptionInput(o.pk, o.label_fr, o.label_en, o.maturity, delete=(o.pk == chosen.pk)) for o in single.options.all()
    ]
    with pytest.raises(ServiceError) as error:
        builder.question_update(question=single, actor=referent, fields={}, options=options)
    assert error.value.message == builder.ERROR_OPTION_HAS_ANSWERS % {"label": "Un peu", "count": 1}
    assert single.options.count() == 3

    # Rewording and a new maturity value are fine, and the stored score follows.
    options = [
        OptionInput(
            o.pk,
            "Un petit peu" if o.pk == chosen.pk else o.label_fr,
            o.label_en,
            30 if o.pk == chosen.pk else o.maturity,
        )
        for o in single.options.all()
    ]
    builder.question_update(
        question=single, actor=referent, fields={"text_fr": "Nouvelle formulation"}, options=options
    )
    assert Answer.objects.get(question=single).score == 30
    chosen.refresh_from_db()
    assert chosen.label_fr == "Un petit peu"


def test_answered_grid_keeps_its_scale_and_statements(small, response, referent):
    grid = small.q["grid"]
    first_row = grid.rows.first()
    answer(response, grid, **{f"q{grid.pk}_r{first_row.pk}": "4"})
    with pytest.raises(ServiceError) as error:
        builder.question_update(question=grid, actor=referent, fields={"grid_points": 10})
    assert error.value.message == builder.ERROR_GRID_SCALE_HAS_ANSWERS
    rows = [RowInput(r.pk, r.text_fr, r.text_en, delete=(r.pk == first_row.pk)) for r in grid.rows.all()]
    with pytest.raises(ServiceError) as error:
        builder.question_update(question=grid, actor=referent, fields={}, rows=rows)
    assert error.value.message == builder.ERROR_ROW_HAS_ANSWERS % {"label": first_row.text_fr}
    # An unanswered statement can go.
    rows = [RowInput(r.pk, r.text_fr, r.text_en, delete=(r.pk != first_row.pk)) for r in grid.rows.all()]
    builder.question_update(question=grid, actor=referent, fields={}, rows=rows)
    assert list(grid.rows.values_list("pk", flat=True)) == [first_row.pk]


def test_new_version_is_a_free_copy_and_campaigns_keep_theirs(small, campaign, response, referent):
    answer(response, small.q["scale10"], **{f"q{small.q['scale10'].pk}": "7"})
    new = builder.questionnaire_new_version(questionnaire=small.questionnaire, actor=referent)
    assert new.version == 2
    assert new.previous_version == small.questionnaire
    new_scale = new.questions.get(code=small.q["scale10"].code)
    builder.question_delete(question=new_scale, actor=referent)
    campaign.refresh_from_db()
    assert campaign.questionnaire == small.questionnaire
    assert small.questionnaire.questions.filter(pk=small.q["scale10"].pk).exists()
    assert new.questions.filter(condition_option__question__questionnaire=new).count() == 1
    third = builder.questionnaire_new_version(questionnaire=small.questionnaire, actor=referent)
    assert third.version == 3


def test_questionnaire_used_by_a_campaign_cannot_be_deleted(small, campaign, referent):
    with pytest.raises(ServiceError) as error:
        builder.questionnaire_delete(questionnaire=small.questionnaire, actor=referent)
    assert error.value.message == builder.ERROR_QUESTIONNAIRE_IN_USE


def test_unused_questionnaire_can_be_deleted(small, referent):
    builder.questionnaire_delete(questionnaire=small.questionnaire, actor=referent)
    assert not Questionnaire.objects.filter(pk=small.questionnaire.pk).exists()


def test_last_page_stays(commune_a, referent):
    questionnaire = builder.questionnaire_create(commune=commune_a, actor=referent, title_fr="Vide")
    with pytest.raises(ServiceError) as error:
        builder.section_delete(section=questionnaire.sections.get(), actor=referent)
    assert error.value.message == builder.ERROR_LAST_SECTION


# Two people editing the same thing ---------------------------------------------------------------


def test_second_save_from_an_old_form_is_told_of_the_conflict(small, referent):
    question = small.q["short"]
    version = question.edit_version
    builder.question_update(question=question, actor=referent, fields={"text_fr": "Première"}, edit_version=version)
    stale = Question.objects.get(pk=question.pk)
    with pytest.raises(ServiceError) as error:
        builder.question_update(question=stale, actor=referent, fields={"text_fr": "Seconde"}, edit_version=version)
    assert error.value.message == ERROR_EDIT_CONFLICT
    assert Question.objects.get(pk=question.pk).text_fr == "Première"


def test_questionnaire_header_conflict(small, referent):
    questionnaire = small.questionnaire
    version = Questionnaire.objects.get(pk=questionnaire.pk).edit_version
    builder.questionnaire_update(
        questionnaire=questionnaire, actor=referent, fields={"title_fr": "A"}, edit_version=version
    )
    with pytest.raises(ServiceError):
        builder.questionnaire_update(
            questionnaire=questionnaire, actor=referent, fields={"title_fr": "B"}, edit_version=version
        )
    assert Questionnaire.objects.get(pk=questionnaire.pk).title_fr == "A"


def test_adding_from_the_bank_copies_the_question_without_its_condition(template, small, referent):
    bank_question = template.questions.get(code="Q23")
    page = small.questionnaire.sections.last()
    question = builder.question_add_from_bank(bank_question=bank_question, section=page, actor=referent)
    assert question.questionnaire == small.questionnaire
    assert question.condition_option is None
    assert question.options.count() == bank_question.options.count()
    assert question.code == f"Q{len(small.q) + 1}"
    assert question.source_question == bank_question
    with pytest.raises(ServiceError):
        builder.question_add_from_bank(bank_question=question, section=page, actor=referent)
