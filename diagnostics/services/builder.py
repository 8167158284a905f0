"""Building questionnaires: copy a template, adapt pages and questions, create new versions.

Guard: answers are never orphaned or reinterpreted. Removing a page, question, answer option or grid
statement that already has answers, changing an answered question's type or grid scale, is refused
with a message that points to a new version of the questionnaire. Wording, translations, help texts,
maturity values and new questions remain editable. Forms carry an `edit_version`: a save built
from an older version is refused (someone else changed it meanwhile).
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import activity_record
from diagnostics.answering import AnswerValue, answer_score, spec_of
from diagnostics.models import (
    Answer,
    GridRow,
    Option,
    Question,
    Questionnaire,
    QuestionnaireActivityVerb,
    QuestionPillar,
    Section,
)
from diagnostics.services.tallies import contributions, difference, tallies_apply
from diagnostics.services.workspace import check_edit_version
from smartregion.errors import ServiceError

ERROR_QUESTION_HAS_ANSWERS = _(
    "This question already has %(count)s answers: it cannot be removed. "
    "Create a new version of the questionnaire to change it."
)
ERROR_TYPE_HAS_ANSWERS = _(
    "This question already has answers: its type cannot change. Create a new version of the questionnaire to change it."
)
ERROR_GRID_SCALE_HAS_ANSWERS = _(
    "This grid already has answers: its scale cannot change. Create a new version of the questionnaire to change it."
)
ERROR_OPTION_HAS_ANSWERS = _(
    "The answer “%(label)s” was already chosen %(count)s times: it cannot be removed. "
    "Create a new version of the questionnaire to change it."
)
ERROR_ROW_HAS_ANSWERS = _(
    "The statement “%(label)s” already has answers: it cannot be removed. "
    "Create a new version of the questionnaire to change it."
)
ERROR_SECTION_HAS_ANSWERS = _(
    "Questions of this page already have answers: it cannot be removed. "
    "Create a new version of the questionnaire to change it."
)
ERROR_LAST_SECTION = _("A questionnaire keeps at least one page.")
ERROR_QUESTIONNAIRE_IN_USE = _("This questionnaire is used by a campaign: it cannot be deleted.")
ERROR_CONDITION_IN_USE = _("Question %(code)s is shown only when “%(label)s” is chosen: change that question first.")
ERROR_CONDITION_ORDER = _("A question can only depend on a question that comes before it.")
ERROR_CONDITION_OUTSIDE = _("Choose the condition among the answers of earlier questions of this questionnaire.")
ERROR_OPTIONS_REQUIRED = _("A choice question needs at least two answers.")
ERROR_YES_NO_OPTIONS = _("A yes/no question has exactly two answers.")
ERROR_GRID_ROWS_REQUIRED = _("A grid needs at least one statement.")
ERROR_OPTION_UNKNOWN = _("This answer option does not belong to the question. Reload the page.")
ERROR_SECTION_OUTSIDE = _("Choose a page of this questionnaire.")
ERROR_NOT_A_TEMPLATE = _("Only questions of the question bank can be added this way.")
ERROR_NUMBER_RANGE = _("The smallest number cannot be larger than the largest one.")

QUESTION_FIELDS = [
    "section",
    "type",
    "theme",
    "text_fr",
    "text_en",
    "help_fr",
    "help_en",
    "required",
    "allow_other",
    "scored",
    "low_label_fr",
    "low_label_en",
    "high_label_fr",
    "high_label_en",
    "grid_points",
    "number_min",
    "number_max",
    "max_length",
    "condition_option",
]


@dataclass
class OptionInput:
    id: int | None
    label_fr: str
    label_en: str = ""
    maturity: int | None = None
    delete: bool = False


@dataclass
class RowInput:
    id: int | None
    text_fr: str
    text_en: str = ""
    delete: bool = False


def _touch(questionnaire: Questionnaire) -> None:
    Questionnaire.objects.filter(pk=questionnaire.pk).update(edit_version=F("edit_version") + 1)


def questionnaire_touch(*, questionnaire: Questionnaire) -> None:
    """Mark a questionnaire changed outside these services (the admin): edit forms built before are stale,
    and respondents' pages read its structure again (diagnostics.selectors.responses)."""
    _touch(questionnaire)


# Questionnaires ----------------------------------------------------------------------------------


def _copy_structure(source: Questionnaire, target: Questionnaire) -> None:
    """Copy pages, questions, options, statements, pillars and conditions of `source` into `target`."""
    sections = {}
    for section in source.sections.all():
        sections[section.pk] = Section.objects.create(
            questionnaire=target,
            position=section.position,
            title_fr=section.title_fr,
            title_en=section.title_en,
            intro_fr=section.intro_fr,
            intro_en=section.intro_en,
        )
    questions = {}
    options = {}
    pillars = []
    rows = []
    source_questions = (
        source.questions.select_related("section")
        .prefetch_related("options", "rows", "pillar_links")
        .order_by("section__position", "position", "pk")
    )
    for question in source_questions:
        copy = Question.objects.create(
            questionnaire=target,
            section=sections[question.section_id],
            position=question.position,
            code=question.code,
            source_question=question if source.is_template else question.source_question,
            **{
                name: getattr(question, name) for name in QUESTION_FIELDS if name not in ("section", "condition_option")
            },
        )
        questions[question.pk] = (question, copy)
        for option in question.options.all():
            options[option.pk] = Option.objects.create(
                question=copy,
                position=option.position,
                label_fr=option.label_fr,
                label_en=option.label_en,
                maturity=option.maturity,
            )
        rows.extend(
            GridRow(question=copy, position=r.position, text_fr=r.text_fr, text_en=r.text_en)
            for r in question.rows.all()
        )
        pillars.extend(QuestionPillar(question=copy, pillar=link.pillar) for link in question.pillar_links.all())
    GridRow.objects.bulk_create(rows)
    QuestionPillar.objects.bulk_create(pillars)
    for original, copy in questions.values():
        if original.condition_option_id and original.condition_option_id in options:
            copy.condition_option = options[original.condition_option_id]
            copy.save(update_fields=["condition_option"])


@transaction.atomic
def questionnaire_copy(*, source: Questionnaire, commune: Commune, actor) -> Questionnaire:
    """Copy a template (or another questionnaire) for a commune, which can then adapt its copy.

    1. Create the commune's questionnaire, linked to its source.
    2. Copy the whole structure, conditions included.
    3. Record the activity.
    """
    questionnaire = Questionnaire.objects.create(
        commune=commune,
        title_fr=source.title_fr,
        title_en=source.title_en,
        intro_fr=source.intro_fr,
        intro_en=source.intro_en,
        source=source if source.is_template else source.source,
        created_by=actor,
    )
    _copy_structure(source, questionnaire)
    activity_record(
        commune=commune, actor=actor, verb=QuestionnaireActivityVerb.QUESTIONNAIRE_CREATED, subject=source.title_fr
    )
    return questionnaire


@transaction.atomic
def questionnaire_create(
    *, commune: Commune, actor, title_fr: str, title_en: str = "", intro_fr: str = "", intro_en: str = ""
) -> Questionnaire:
    """An empty questionnaire with a first page, to fill from the question bank or by hand."""
    questionnaire = Questionnaire.objects.create(
        commune=commune, title_fr=title_fr, title_en=title_en, intro_fr=intro_fr, intro_en=intro_en, created_by=actor
    )
    Section.objects.create(questionnaire=questionnaire, position=1, title_fr="Page 1", title_en="Page 1")
    activity_record(
        commune=commune, actor=actor, verb=QuestionnaireActivityVerb.QUESTIONNAIRE_CREATED, subject=title_fr
    )
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *, questionnaire: Questionnaire, actor, fields: dict, edit_version: int | None = None
) -> Questionnaire:
    current = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    check_edit_version(current.edit_version, edit_version)
    for name, value in fields.items():
        setattr(questionnaire, name, value)
    questionnaire.edit_version = current.edit_version + 1
    questionnaire.save(update_fields=[*fields, "edit_version", "updated_at"])
    activity_record(
        commune=questionnaire.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED,
        subject=questionnaire.title_fr,
    )
    return questionnaire


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire, actor) -> Questionnaire:
    """A free-to-change copy of a questionnaire whose answers must stay as they are.

    1. Create the next version, linked to the previous one (campaigns keep the version they used).
    2. Copy the whole structure.
    3. Record the activity.
    """
    latest = (
        Questionnaire.objects.filter(commune=questionnaire.commune, title_fr=questionnaire.title_fr).aggregate(
            v=Max("version")
        )["v"]
        or questionnaire.version
    )
    new = Questionnaire.objects.create(
        commune=questionnaire.commune,
        title_fr=questionnaire.title_fr,
        title_en=questionnaire.title_en,
        intro_fr=questionnaire.intro_fr,
        intro_en=questionnaire.intro_en,
        version=max(latest, questionnaire.version) + 1,
        previous_version=questionnaire,
        source=questionnaire.source,
        created_by=actor,
    )
    _copy_structure(questionnaire, new)
    activity_record(
        commune=questionnaire.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.QUESTIONNAIRE_VERSIONED,
        subject=f"{new.title_fr} (v{new.version})",
    )
    return new


@transaction.atomic
def questionnaire_delete(*, questionnaire: Questionnaire, actor) -> None:
    if questionnaire.campaigns.exists():
        raise ServiceError(ERROR_QUESTIONNAIRE_IN_USE)
    commune, title = questionnaire.commune, questionnaire.title_fr
    questionnaire.questions.update(condition_option=None)
    questionnaire.delete()
    activity_record(commune=commune, actor=actor, verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED, subject=title)


# Pages -------------------------------------------------------------------------------------------


@transaction.atomic
def section_create(
    *, questionnaire: Questionnaire, actor, title_fr: str, title_en: str = "", intro_fr: str = "", intro_en: str = ""
) -> Section:
    position = (questionnaire.sections.aggregate(p=Max("position"))["p"] or 0) + 1
    section = Section.objects.create(
        questionnaire=questionnaire,
        position=position,
        title_fr=title_fr,
        title_en=title_en,
        intro_fr=intro_fr,
        intro_en=intro_en,
    )
    _touch(questionnaire)
    activity_record(
        commune=questionnaire.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED,
        subject=questionnaire.title_fr,
    )
    return section


@transaction.atomic
def section_update(*, section: Section, actor, fields: dict) -> Section:
    for name, value in fields.items():
        setattr(section, name, value)
    section.save(update_fields=list(fields))
    _touch(section.questionnaire)
    activity_record(
        commune=section.questionnaire.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED,
        subject=section.questionnaire.title_fr,
    )
    return section


def _check_conditions_leaving(options: Q, exclude_questions: Q | None = None) -> None:
    """Refuse to remove answer options that other (remaining) questions depend on."""
    dependent = (
        Question.objects.filter(condition_option__in=Option.objects.filter(options))
        .exclude(exclude_questions or Q(pk__in=[]))
        .select_related("condition_option")
        .first()
    )
    if dependent is not None:
        raise ServiceError(
            ERROR_CONDITION_IN_USE % {"code": dependent.code, "label": dependent.condition_option.label_fr}
        )


@transaction.atomic
def section_delete(*, section: Section, actor) -> None:
    questionnaire = section.questionnaire
    if questionnaire.sections.count() <= 1:
        raise ServiceError(ERROR_LAST_SECTION)
    if Answer.objects.filter(question__section=section).exists():
        raise ServiceError(ERROR_SECTION_HAS_ANSWERS)
    _check_conditions_leaving(Q(question__section=section), exclude_questions=Q(section=section))
    section.questions.update(condition_option=None)
    section.delete()
    _touch(questionnaire)
    activity_record(
        commune=questionnaire.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED,
        subject=questionnaire.title_fr,
    )


def _ordered_questions(questionnaire: Questionnaire) -> list[Question]:
    return list(
        questionnaire.questions.select_related("section", "condition_option__question__section").order_by(
            "section__position", "section__pk", "position", "pk"
        )
    )


def _check_condition_order(questionnaire: Questionnaire) -> None:
    """Every display condition must point to a question placed before the one it shows."""
    rank = {q.pk: index for index, q in enumerate(_ordered_questions(questionnaire))}
    for question in Question.objects.filter(questionnaire=questionnaire, condition_option__isnull=False).values(
        "pk", "condition_option__question_id"
    ):
        if rank[question["condition_option__question_id"]] >= rank[question["pk"]]:
            raise ServiceError(ERROR_CONDITION_ORDER)


def _swap_positions(items: list, index: int, direction: str) -> list:
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return []
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items, start=1):
        item.position = position
    return items


@transaction.atomic
def section_move(*, section: Section, actor, direction: str) -> Section:
    sections = list(section.questionnaire.sections.order_by("position", "pk"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    changed = _swap_positions(sections, index, direction)
    if changed:
        Section.objects.bulk_update(changed, ["position"])
        _check_condition_order(section.questionnaire)
        _touch(section.questionnaire)
        activity_record(
            commune=section.questionnaire.commune,
            actor=actor,
            verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED,
            subject=section.questionnaire.title_fr,
        )
    return section


# Questions ---------------------------------------------------------------------------------------


def _next_code(questionnaire: Questionnaire) -> str:
    numbers = [
        int(m.group(1))
        for code in questionnaire.questions.values_list("code", flat=True)
        if (m := re.fullmatch(r"Q(\d+)", code))
    ]
    return f"Q{max(numbers, default=0) + 1}"


def _check_condition(question: Question, condition: Option | None) -> None:
    if condition is None:
        return
    if condition.question.questionnaire_id != question.questionnaire_id or condition.question_id == question.pk:
        raise ServiceError(ERROR_CONDITION_OUTSIDE, field="condition_option")
    if not condition.question.kind.can_be_condition:
        raise ServiceError(ERROR_CONDITION_OUTSIDE, field="condition_option")


def _apply_options(question: Question, options: list[OptionInput] | None) -> bool:
    """Create, change and remove answer options; returns whether any maturity value changed."""
    existing = {o.pk: o for o in question.options.annotate(chosen=Count("answer_choices"))}
    fixed = question.kind.fixed_options
    if not question.kind.has_options:
        if existing:
            _check_conditions_leaving(Q(question=question))
            for option in existing.values():
                if option.chosen:
                    raise ServiceError(ERROR_TYPE_HAS_ANSWERS)
            question.options.all().delete()
        return False
    if options is None:
        options = [OptionInput(o.pk, o.label_fr, o.label_en, o.maturity) for o in existing.values()]
    kept = [o for o in options if not o.delete and (o.label_fr.strip() or o.id)]
    if fixed and not kept and not existing:
        options = kept = [OptionInput(None, fr, en) for fr, en in fixed]
    if fixed and len(kept) != len(fixed):
        raise ServiceError(ERROR_YES_NO_OPTIONS)
    if len(kept) < 2:
        raise ServiceError(ERROR_OPTIONS_REQUIRED)
    maturity_changed = False
    for item in options:
        if item.id is not None and item.id not in existing:
            raise ServiceError(ERROR_OPTION_UNKNOWN)
        if item.delete and item.id:
            option = existing[item.id]
            if option.chosen:
                raise ServiceError(ERROR_OPTION_HAS_ANSWERS % {"label": option.label_fr, "count": option.chosen})
            _check_conditions_leaving(Q(pk=option.pk))
            option.delete()
            maturity_changed = True
    for position, item in enumerate(kept, start=1):
        if item.id:
            option = existing[item.id]
            maturity_changed |= option.maturity != item.maturity
            option.label_fr, option.label_en, option.maturity, option.position = (
                item.label_fr.strip() or option.label_fr,
                item.label_en.strip(),
                item.maturity,
                position,
            )
            option.save(update_fields=["label_fr", "label_en", "maturity", "position"])
        else:
            Option.objects.create(
                question=question,
                position=position,
                label_fr=item.label_fr.strip(),
                label_en=item.label_en.strip(),
                maturity=item.maturity,
            )
            maturity_changed = True
    return maturity_changed


def _apply_rows(question: Question, rows: list[RowInput] | None) -> None:
    existing = {r.pk: r for r in question.rows.annotate(answered=Count("answers"))}
    if not question.kind.has_rows:
        if any(r.answered for r in existing.values()):
            raise ServiceError(ERROR_TYPE_HAS_ANSWERS)
        question.rows.all().delete()
        return
    if rows is None:
        rows = [RowInput(r.pk, r.text_fr, r.text_en) for r in existing.values()]
    kept = [r for r in rows if not r.delete and (r.text_fr.strip() or r.id)]
    if not kept:
        raise ServiceError(ERROR_GRID_ROWS_REQUIRED)
    for item in rows:
        if item.id is not None and item.id not in existing:
            raise ServiceError(ERROR_OPTION_UNKNOWN)
        if item.delete and item.id:
            row = existing[item.id]
            if row.answered:
                raise ServiceError(ERROR_ROW_HAS_ANSWERS % {"label": row.text_fr})
            row.delete()
    for position, item in enumerate(kept, start=1):
        if item.id:
            row = existing[item.id]
            row.text_fr, row.text_en, row.position = item.text_fr.strip() or row.text_fr, item.text_en.strip(), position
            row.save(update_fields=["text_fr", "text_en", "position"])
        else:
            GridRow.objects.create(
                question=question, position=position, text_fr=item.text_fr.strip(), text_en=item.text_en.strip()
            )


def _apply_pillars(question: Question, pillars: list[str] | None) -> None:
    if pillars is None:
        return
    wanted = set(pillars)
    current = set(question.pillar_links.values_list("pillar", flat=True))
    question.pillar_links.filter(pillar__in=current - wanted).delete()
    QuestionPillar.objects.bulk_create(QuestionPillar(question=question, pillar=p) for p in sorted(wanted - current))


def question_rescore(*, question: Question) -> int:
    """Recompute the stored score of every answer to a question (after its maturity values changed)."""
    question = (
        Question.objects.prefetch_related("options", "rows").select_related("condition_option").get(pk=question.pk)
    )
    spec = spec_of(question)
    answers = list(Answer.objects.filter(question=question).prefetch_related("choices"))
    counted = contributions(answers)
    for answer in answers:
        value = AnswerValue(
            option_ids=frozenset(c.option_id for c in answer.choices.all()),
            number=answer.number_value,
            text=answer.text_value,
            other_text=answer.other_text,
        )
        answer.score = answer_score(spec, value)
    Answer.objects.bulk_update(answers, ["score"], batch_size=1000)
    tallies_apply(difference(counted, contributions(answers)))
    return len(answers)


def _check_fields(fields: dict) -> None:
    low, high = fields.get("number_min"), fields.get("number_max")
    if low is not None and high is not None and low > high:
        raise ServiceError(ERROR_NUMBER_RANGE, field="number_max")


@transaction.atomic
def question_create(
    *,
    section: Section,
    actor,
    fields: dict,
    pillars: list[str] | None = None,
    options: list[OptionInput] | None = None,
    rows: list[RowInput] | None = None,
) -> Question:
    """Add a question at the end of a page.

    1. Check the fields and the display condition.
    2. Create the question with the next free code (Q1, Q2…).
    3. Create its answer options (a kind's fixed options, e.g. yes/no's "Yes" and "No"), grid statements and
       pillars.
    """
    fields = dict(fields)
    target = fields.pop("section", None) or section
    if target.questionnaire_id != section.questionnaire_id:
        raise ServiceError(ERROR_SECTION_OUTSIDE, field="section")
    _check_fields(fields)
    questionnaire = section.questionnaire
    position = (target.questions.aggregate(p=Max("position"))["p"] or 0) + 1
    question = Question(
        questionnaire=questionnaire, section=target, position=position, code=_next_code(questionnaire), **fields
    )
    _check_condition(question, fields.get("condition_option"))
    question.save()
    _apply_options(question, options)
    _apply_rows(question, rows)
    _apply_pillars(question, pillars)
    _check_condition_order(questionnaire)
    _touch(questionnaire)
    activity_record(
        commune=questionnaire.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED,
        subject=questionnaire.title_fr,
    )
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    actor,
    fields: dict,
    pillars: list[str] | None = None,
    options: list[OptionInput] | None = None,
    rows: list[RowInput] | None = None,
    edit_version: int | None = None,
) -> Question:
    """Change a question without orphaning or reinterpreting its answers.

    1. Refuse a save built from an older version of the question.
    2. Refuse a new type or grid scale when the question has answers.
    3. Save the fields, options, statements and pillars (removing answered options is refused).
    4. Recompute stored scores when maturity values or scoring changed.
    """
    current = Question.objects.select_for_update().get(pk=question.pk)
    check_edit_version(current.edit_version, edit_version)
    _check_fields({"number_min": current.number_min, "number_max": current.number_max, **fields})
    answered = Answer.objects.filter(question=question).exists()
    if answered and fields.get("type", current.type) != current.type:
        raise ServiceError(ERROR_TYPE_HAS_ANSWERS, field="type")
    if answered and current.kind.has_rows and fields.get("grid_points", current.grid_points) != (current.grid_points):
        raise ServiceError(ERROR_GRID_SCALE_HAS_ANSWERS, field="grid_points")
    section = fields.get("section")
    if section is not None and section.questionnaire_id != question.questionnaire_id:
        raise ServiceError(ERROR_SECTION_OUTSIDE, field="section")
    _check_condition(question, fields.get("condition_option", current.condition_option))
    if section is not None and section.pk != current.section_id:
        fields["position"] = (section.questions.aggregate(p=Max("position"))["p"] or 0) + 1
    for name, value in fields.items():
        setattr(question, name, value)
    question.edit_version = current.edit_version + 1
    question.save(update_fields=[*fields, "edit_version"])
    maturity_changed = _apply_options(question, options)
    _apply_rows(question, rows)
    _apply_pillars(question, pillars)
    _check_condition_order(question.questionnaire)
    if answered and (maturity_changed or current.scored != question.scored):
        question_rescore(question=question)
    _touch(question.questionnaire)
    activity_record(
        commune=question.questionnaire.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED,
        subject=f"{question.questionnaire.title_fr} — {question.code}",
    )
    return question


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    count = Answer.objects.filter(question=question).count()
    if count:
        raise ServiceError(ERROR_QUESTION_HAS_ANSWERS % {"count": count})
    _check_conditions_leaving(Q(question=question), exclude_questions=Q(pk=question.pk))
    questionnaire = question.questionnaire
    question.delete()
    _touch(questionnaire)
    activity_record(
        commune=questionnaire.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED,
        subject=questionnaire.title_fr,
    )


@transaction.atomic
def question_move(*, question: Question, actor, direction: str) -> Question:
    siblings = list(question.section.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    changed = _swap_positions(siblings, index, direction)
    if changed:
        Question.objects.bulk_update(changed, ["position"])
        _check_condition_order(question.questionnaire)
        _touch(question.questionnaire)
        activity_record(
            commune=question.questionnaire.commune,
            actor=actor,
            verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED,
            subject=question.questionnaire.title_fr,
        )
    return question


@transaction.atomic
def question_add_from_bank(*, bank_question: Question, section: Section, actor) -> Question:
    """Copy a question of a template (the question bank) at the end of a page; its condition is not copied."""
    if not bank_question.questionnaire.is_template:
        raise ServiceError(ERROR_NOT_A_TEMPLATE)
    questionnaire = section.questionnaire
    position = (section.questions.aggregate(p=Max("position"))["p"] or 0) + 1
    fields = {
        name: getattr(bank_question, name) for name in QUESTION_FIELDS if name not in ("section", "condition_option")
    }
    question = Question.objects.create(
        questionnaire=questionnaire,
        section=section,
        position=position,
        code=_next_code(questionnaire),
        source_question=bank_question,
        **fields,
    )
    Option.objects.bulk_create(
        Option(question=question, position=o.position, label_fr=o.label_fr, label_en=o.label_en, maturity=o.maturity)
        for o in bank_question.options.all()
    )
    GridRow.objects.bulk_create(
        GridRow(question=question, position=r.position, text_fr=r.text_fr, text_en=r.text_en)
        for r in bank_question.rows.all()
    )
    QuestionPillar.objects.bulk_create(
        QuestionPillar(question=question, pillar=link.pillar) for link in bank_question.pillar_links.all()
    )
    _touch(questionnaire)
    activity_record(
        commune=questionnaire.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.QUESTIONNAIRE_UPDATED,
        subject=questionnaire.title_fr,
    )
    return question


def template_ensure() -> Questionnaire:
    """The shipped template (installed by a data migration; installed again here if it was removed)."""
    from diagnostics.data import questionnaire_template_v1

    return questionnaire_template_v1.install(
        Questionnaire=Questionnaire,
        Section=Section,
        Question=Question,
        Option=Option,
        GridRow=GridRow,
        QuestionPillar=QuestionPillar,
    )
