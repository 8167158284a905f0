"""Reads for a respondent filling in a questionnaire: the structure and their answers, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext

from diagnostics.answering import (
    AnswerValue,
    QuestionSpec,
    is_answered,
    missing_required,
    spec_of,
    visible_question_ids,
)
from diagnostics.models import Answer, Question, Respondent, RespondentGroup, Response, Section
from diagnostics.participation import Participation, participation_total
from smartregion.questions.values import ranking_of


def response_queryset():
    return Response.objects.select_related(
        "campaign__commune__territory", "campaign__questionnaire", "group", "respondent", "open_link"
    )


def response_closes_on(response: Response) -> date:
    """Last day answers are accepted: the campaign's closing date, or the open link's if earlier."""
    closes_on = response.campaign.closes_on
    link = response.open_link
    if link is not None and link.closes_on is not None:
        closes_on = min(closes_on, link.closes_on)
    return closes_on


def stored_value(answer: Answer | None) -> AnswerValue:
    if answer is None:
        return AnswerValue()
    return AnswerValue(
        option_ids=frozenset(getattr(answer, "option_ids", ())),
        number=answer.number_value,
        text=answer.text_value,
        other_text=answer.other_text,
        ranking=ranking_of(answer.choice_key),
    )


@dataclass
class FillState:
    """A response with its questionnaire, ready for showing pages and checking saves."""

    response: Response
    sections: list[Section]
    questions: list[Question]
    specs: dict[int, QuestionSpec]
    answers: dict[tuple[int, int | None], Answer]
    visible: set[int] = field(default_factory=set)

    def __post_init__(self):
        self.refresh_visibility()

    @property
    def spec_list(self) -> list[QuestionSpec]:
        return [self.specs[q.pk] for q in self.questions]

    def chosen(self) -> dict[int, frozenset[int]]:
        chosen: dict[int, set[int]] = defaultdict(set)
        for (question_id, _row), answer in self.answers.items():
            chosen[question_id].update(getattr(answer, "option_ids", ()))
        return {k: frozenset(v) for k, v in chosen.items()}

    def refresh_visibility(self) -> set[int]:
        self.visible = visible_question_ids(self.spec_list, self.chosen())
        return self.visible

    def value(self, question_id: int, row_id: int | None = None) -> AnswerValue:
        return stored_value(self.answers.get((question_id, row_id)))

    def version(self, question_id: int, row_id: int | None = None) -> int:
        answer = self.answers.get((question_id, row_id))
        return answer.version if answer is not None else 0

    def answered_units(self) -> dict[int, set[int | None]]:
        units: dict[int, set[int | None]] = defaultdict(set)
        for (question_id, row_id), answer in self.answers.items():
            if answer.has_value:
                units[question_id].add(row_id)
        return units

    def is_answered(self, question_id: int) -> bool:
        return is_answered(self.specs[question_id], self.answered_units().get(question_id, ()))

    def progress(self) -> tuple[int, int]:
        """(answered, total) among the questions currently shown to this respondent."""
        units = self.answered_units()
        shown = [q.pk for q in self.questions if q.pk in self.visible]
        answered = sum(1 for pk in shown if is_answered(self.specs[pk], units.get(pk, ())))
        return answered, len(shown)

    def missing_required(self) -> list[int]:
        return missing_required(self.spec_list, self.visible, self.answered_units())

    def page_number_of(self, question_id: int) -> int:
        for number, section in enumerate(self.sections, start=1):
            if any(q.pk == question_id for q in section.question_list):
                return number
        return 1

    def dependents_of(self, question_id: int) -> list[int]:
        return [spec.id for spec in self.spec_list if spec.condition_question_id == question_id]

    def question(self, question_id: int) -> Question | None:
        return next((q for q in self.questions if q.pk == question_id), None)


def questionnaire_structure(questionnaire_id: int) -> tuple[list[Section], list[Question]]:
    """Pages and questions in order, with options, statements and condition loaded (four queries)."""
    questions = list(
        Question.objects.filter(questionnaire_id=questionnaire_id)
        .select_related("condition_option", "section")
        .prefetch_related("options", "rows")
        .order_by("section__position", "section__pk", "position", "pk")
    )
    sections = list(Section.objects.filter(questionnaire_id=questionnaire_id).order_by("position", "pk"))
    by_section = defaultdict(list)
    for question in questions:
        by_section[question.section_id].append(question)
    for section in sections:
        section.question_list = by_section.get(section.pk, [])
    return sections, questions


@lru_cache(maxsize=64)
def _respondent_structure(questionnaire_id: int, created_at, edit_version: int):
    """The structure respondents answer, kept per process for one version of the questionnaire.

    Every change to its pages, questions, options, statements, conditions or pillars goes through the
    builder's services (or the admin), which bump `Questionnaire.edit_version`: a changed questionnaire is
    read again on the next request, never from here. `created_at` tells apart a questionnaire whose id was
    used before (tests rolled back). The objects are shared between requests and threads: read them only.
    """
    sections, questions = questionnaire_structure(questionnaire_id)
    return sections, questions, {q.pk: spec_of(q) for q in questions}


def kept_structure(questionnaire) -> tuple[list[Section], list[Question]]:
    """`questionnaire_structure` of the questionnaire as loaded, kept per process for its version (see
    `_respondent_structure`): shared objects, to read only."""
    sections, questions, _specs = _respondent_structure(
        questionnaire.pk, questionnaire.created_at, questionnaire.edit_version
    )
    return sections, questions


def fill_state(response: Response, *, edit_version: int | None = None) -> FillState:
    """The response's questionnaire and answers; `edit_version` is the questionnaire's as just read from
    the database (the services pass it, read with the response's lock), else the loaded object's."""
    questionnaire = response.campaign.questionnaire
    sections, questions, specs = _respondent_structure(
        questionnaire.pk,
        questionnaire.created_at,
        questionnaire.edit_version if edit_version is None else edit_version,
    )
    answers = {}
    for answer in Answer.objects.filter(response=response).prefetch_related(Prefetch("choices", to_attr="choice_list")):
        answer.option_ids = frozenset(c.option_id for c in answer.choice_list)
        answers[(answer.question_id, answer.row_id)] = answer
    return FillState(
        response=response,
        sections=sections,
        questions=questions,
        specs=dict(specs),
        answers=answers,
    )


@dataclass
class SummaryItem:
    """One question shown to the respondent and what they answered (no lines: not answered)."""

    number: int
    section: str
    question: str
    lines: list[str]


def _value_text(question: Question, value: AnswerValue) -> str:
    """The answer as its question's kind says it: a date day first, a ranking in its order, a number localised."""
    labels = {option.pk: option.label for option in question.options.all()}
    return question.kind.describe(value, labels)


def _answer_lines(state: FillState, question: Question) -> list[str]:
    rows = list(question.rows.all())
    if not rows:
        text = _value_text(question, state.value(question.pk))
        return [text] if text else []
    lines = []
    for row in rows:
        text = _value_text(question, state.value(question.pk, row.pk))
        if text:
            lines.append(gettext("%(statement)s: %(answer)s") % {"statement": row.text, "answer": text})
    return lines


def response_summary(state: FillState) -> list[SummaryItem]:
    """The questions shown to this respondent, numbered as on the pages, with their answers in words."""
    return [
        SummaryItem(
            number=number, section=question.section.title, question=question.text, lines=_answer_lines(state, question)
        )
        for number, question in enumerate(state.questions, start=1)
        if question.pk in state.visible
    ]


# Participation (definitions in diagnostics.participation) ----------------------------------------


def campaigns_participation(campaign_ids) -> dict[int, dict[int, Participation]]:
    """{campaign: {group: Participation}} for these campaigns, in two queries whatever their number."""
    ids = list(campaign_ids)
    counts: dict[tuple[int, int], dict] = {}
    started, submitted = Q(started_at__isnull=False), Q(submitted_at__isnull=False)
    named, anonymous = Q(respondent__isnull=False), Q(respondent__isnull=True)
    rows = (
        Response.objects.filter(campaign_id__in=ids)
        .order_by()
        .values("campaign_id", "group_id")
        .annotate(
            started_named=Count("pk", filter=started & named),
            submitted_named=Count("pk", filter=submitted & named),
            started_open=Count("pk", filter=started & anonymous),
            submitted_open=Count("pk", filter=submitted & anonymous),
        )
    )
    for row in rows:
        counts[(row.pop("campaign_id"), row.pop("group_id"))] = row
    invited = (
        Respondent.objects.filter(campaign_id__in=ids)
        .filter(Q(revoked_at__isnull=True) | Q(response__submitted_at__isnull=False))
        .order_by()
        .values("campaign_id", "group_id")
        .annotate(n=Count("pk"))
    )
    for row in invited:
        counts.setdefault((row["campaign_id"], row["group_id"]), {})["invited"] = row["n"]
    result: dict[int, dict[int, Participation]] = {pk: {} for pk in ids}
    for (campaign_id, group_id), fields in counts.items():
        result[campaign_id][group_id] = Participation(**fields)
    return result


def campaign_participation(campaign_id: int) -> dict[int, Participation]:
    """{group: Participation} of one campaign (groups nobody was invited to nor answered are absent)."""
    return campaigns_participation([campaign_id])[campaign_id]


def with_participation(campaigns) -> list:
    """The campaigns, each with `.participation`, its total over groups (two queries in all)."""
    campaigns = list(campaigns)
    parts = campaigns_participation(c.pk for c in campaigns)
    for campaign in campaigns:
        campaign.participation = participation_total(parts[campaign.pk].values())
    return campaigns


@dataclass
class CampaignParticipation:
    campaign: object
    groups: list[tuple[RespondentGroup, Participation]]
    total: Participation


def campaigns_participation_table(campaigns) -> list[CampaignParticipation]:
    """Each campaign with every group's participation and the total (three queries, any number of campaigns)."""
    campaigns = list(campaigns)
    parts = campaigns_participation(c.pk for c in campaigns)
    groups = defaultdict(list)
    for group in RespondentGroup.objects.filter(campaign__in=campaigns).order_by("position", "pk"):
        groups[group.campaign_id].append(group)
    return [
        CampaignParticipation(
            campaign=campaign,
            groups=[(g, parts[campaign.pk].get(g.pk, Participation())) for g in groups[campaign.pk]],
            total=participation_total(parts[campaign.pk].values()),
        )
        for campaign in campaigns
    ]
