"""The questionnaire template shipped with the portal, and its data migration."""

import importlib

from django.apps import apps
from django.utils import translation

from diagnostics.data import questionnaire_template_v1 as data
from diagnostics.models import GridRow, Option, Question, Questionnaire, QuestionPillar, QuestionType, Theme
from diagnostics.services import builder

migration = importlib.import_module("diagnostics.migrations.0002_questionnaire_template")


def test_template_has_about_forty_questions_in_french_and_english(template):
    questions = list(template.questions.prefetch_related("options", "rows"))
    assert 38 <= len(questions) <= 45
    assert template.title_fr and template.title_en and template.intro_en
    for question in questions:
        assert question.text_fr and question.text_en, question.code
        assert all(o.label_fr and o.label_en for o in question.options.all()), question.code
        assert all(r.text_fr and r.text_en for r in question.rows.all()), question.code
        if question.help_fr:
            assert question.help_en, question.code
    assert all(s.title_fr and s.title_en for s in template.sections.all())


def test_template_covers_every_type_pillar_and_theme(template):
    types = set(template.questions.values_list("type", flat=True))
    # Ranking and date questions came after the shipped template (issue 14): communes add them themselves.
    assert types == set(QuestionType.values) - {"ranking", "date"}
    pillars = set(QuestionPillar.objects.filter(question__questionnaire=template).values_list("pillar", flat=True))
    assert pillars == {"mobility", "quality_of_life", "economy", "energy_environment", "governance", "smart_citizens"}
    themes = set(template.questions.values_list("theme", flat=True))
    for theme in [
        Theme.EXISTING_PROJECTS,
        Theme.SMART_CITY_CONCEPT,
        Theme.ADMIN_MODERNISATION,
        Theme.DIGITAL_ARCHIVING,
        Theme.OPEN_DATA,
        Theme.CONNECTIVITY,
        Theme.CYBERSECURITY,
        Theme.OBSTACLES_FEARS,
        Theme.CITIZEN_PARTICIPATION,
    ]:
        assert theme in themes
    # Every pillar gets a score from at least one question whose answers carry maturity.
    scored = QuestionPillar.objects.filter(question__questionnaire=template, question__scored=True)
    assert set(scored.values_list("pillar", flat=True)) == pillars


def test_template_conditions_point_to_earlier_questions(template):
    ordered = list(template.questions.order_by("section__position", "position"))
    rank = {q.pk: i for i, q in enumerate(ordered)}
    conditional = [q for q in ordered if q.condition_option_id]
    assert len(conditional) >= 3
    for question in conditional:
        assert rank[question.condition_option.question_id] < rank[question.pk]


def test_texts_follow_the_language_and_fall_back_to_french(template):
    question = template.questions.get(code="Q3")
    with translation.override("en"):
        assert question.text == "Do you think your municipality is smart?"
    with translation.override("fr"):
        assert question.text == "Selon vous, votre commune est-elle « smart » ?"
    question.text_en = ""
    with translation.override("en"):
        assert question.text == question.text_fr


def test_installing_twice_changes_nothing(template):
    counts = (Questionnaire.objects.count(), Question.objects.count(), Option.objects.count(), GridRow.objects.count())
    assert builder.template_ensure().pk == template.pk
    migration.install(apps, None)
    assert counts == (
        Questionnaire.objects.count(),
        Question.objects.count(),
        Option.objects.count(),
        GridRow.objects.count(),
    )


def test_migration_is_reversible_and_copies_survive(template, commune_a, referent):
    copy = builder.questionnaire_copy(source=template, commune=commune_a, actor=referent)
    migration.uninstall(apps, None)
    assert not Questionnaire.objects.filter(template_key=data.TEMPLATE_KEY).exists()
    migration.uninstall(apps, None)
    copy.refresh_from_db()
    assert copy.source is None
    assert copy.questions.count() == len([q for s in data.TEMPLATE["sections"] for q in s["questions"]])
    migration.install(apps, None)
    assert Questionnaire.objects.filter(template_key=data.TEMPLATE_KEY).count() == 1
