"""Reads for building questionnaires and running campaigns, with their joins and counts applied."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from communes.models import Commune, Pillar
from diagnostics.models import (
    Answer,
    Campaign,
    EmailStatus,
    OpenLink,
    Question,
    Questionnaire,
    QuestionPillar,
    Respondent,
    RespondentGroup,
)
from diagnostics.selectors.responses import questionnaire_structure
from diagnostics.tokens import open_link_token


def _count(queryset, field: str) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by().values(field).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
        ),
        0,
    )


def commune_questionnaires(commune: Commune) -> QuerySet[Questionnaire]:
    """A commune's questionnaires, newest version first, with their question and campaign counts."""
    return (
        Questionnaire.objects.filter(commune=commune)
        .select_related("created_by")
        .annotate(
            question_count=_count(Question.objects.filter(questionnaire=OuterRef("pk")), "questionnaire"),
            campaign_count=_count(Campaign.objects.filter(questionnaire=OuterRef("pk")), "questionnaire"),
            has_next_version=Exists(Questionnaire.objects.filter(previous_version=OuterRef("pk"))),
        )
        .order_by("title_fr", "-version", "-pk")
    )


def commune_campaigns(commune: Commune) -> QuerySet[Campaign]:
    """A commune's campaigns, newest first (their participation: `selectors.responses.with_participation`)."""
    return (
        Campaign.objects.filter(commune=commune)
        .select_related("questionnaire__created_by")
        .order_by("-opens_on", "-pk")
    )


def template_questionnaires() -> QuerySet[Questionnaire]:
    return (
        Questionnaire.objects.filter(commune__isnull=True)
        .annotate(question_count=_count(Question.objects.filter(questionnaire=OuterRef("pk")), "questionnaire"))
        .order_by("title_fr", "-version")
    )


@dataclass
class BuilderView:
    questionnaire: Questionnaire
    sections: list
    questions: list
    answer_counts: dict[int, int]
    has_answers: bool
    campaigns: list


def questionnaire_builder(questionnaire: Questionnaire) -> BuilderView:
    """Pages and questions with their options, statements, pillars, conditions and answer counts."""
    sections, questions = questionnaire_structure(questionnaire.pk)
    pillars = defaultdict(list)
    for question_id, pillar in QuestionPillar.objects.filter(question__questionnaire=questionnaire).values_list(
        "question_id", "pillar"
    ):
        pillars[question_id].append(Pillar(pillar).label)
    counts = dict(
        Answer.objects.filter(question__questionnaire=questionnaire)
        .order_by()
        .values("question_id")
        .annotate(n=Count("response", distinct=True))
        .values_list("question_id", "n")
    )
    codes = {q.pk: q.code for q in questions}
    for question in questions:
        question.pillar_labels = pillars[question.pk]
        question.answer_count = counts.get(question.pk, 0)
        question.condition_code = (
            codes.get(question.condition_option.question_id) if question.condition_option_id else None
        )
    campaigns = list(questionnaire.campaigns.order_by("-opens_on"))
    return BuilderView(
        questionnaire=questionnaire,
        sections=sections,
        questions=questions,
        answer_counts=counts,
        has_answers=bool(counts),
        campaigns=campaigns,
    )


def condition_choices(questionnaire: Questionnaire, *, before=None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Answer options a question may depend on, grouped by question (for a select with optgroups)."""
    questions = (
        Question.objects.filter(questionnaire=questionnaire, type__in=["single_choice", "multiple_choice", "yes_no"])
        .select_related("section")
        .prefetch_related("options")
        .order_by("section__position", "section__pk", "position", "pk")
    )
    groups = []
    for question in questions:
        if before is not None and question.pk == before.pk:
            break
        # The code in each option too: a closed select shows only the option, and "Yes" alone is ambiguous.
        options = [(o.pk, f"{question.code} → {o.label}") for o in question.options.all()]
        groups.append((f"{question.code} — {question.text[:80]}", options))
    return groups


def bank_questions(*, pillar: str = "", theme: str = "", type: str = "", search: str = "") -> QuerySet[Question]:  # noqa: A002
    """Questions of the shipped templates, to add to a commune's questionnaire."""
    questions = (
        Question.objects.filter(questionnaire__commune__isnull=True)
        .select_related("questionnaire", "section")
        .prefetch_related("options", "rows", Prefetch("pillar_links", queryset=QuestionPillar.objects.order_by("pk")))
        .order_by("questionnaire__title_fr", "section__position", "position", "pk")
    )
    if pillar:
        questions = questions.filter(pillar_links__pillar=pillar)
    if theme:
        questions = questions.filter(theme=theme)
    if type:
        questions = questions.filter(type=type)
    if search:
        questions = questions.filter(Q(text_fr__icontains=search) | Q(text_en__icontains=search))
    return questions.distinct()


@dataclass
class CampaignOverview:
    campaign: Campaign
    groups: list[RespondentGroup]
    respondents: list[Respondent]
    open_links: list[OpenLink]
    email_counts: dict[str, int]
    not_answered: list[Respondent]
    remindable: int
    to_send: int


def _email_counts(counts: Counter) -> dict[str, int]:
    return {
        "to_send": counts[EmailStatus.TO_SEND],
        "in_queue": counts[EmailStatus.QUEUED] + counts[EmailStatus.SENDING],
        "sent": counts[EmailStatus.SENT],
        "failed": counts[EmailStatus.FAILED],
    }


def campaign_overview(campaign: Campaign) -> CampaignOverview:
    """The campaign page: groups, named respondents with their status and links, open links (fixed queries)."""
    groups = list(
        RespondentGroup.objects.filter(campaign=campaign)
        .annotate(
            respondent_count=Count("respondents", distinct=True),
            response_count=Count("responses", filter=Q(responses__started_at__isnull=False), distinct=True),
        )
        .order_by("position", "pk")
    )
    respondents = list(
        Respondent.objects.filter(campaign=campaign).select_related("group", "response").order_by("name", "pk")
    )
    open_links = list(
        OpenLink.objects.filter(campaign=campaign)
        .select_related("group")
        .annotate(response_count=Count("responses", filter=Q(responses__started_at__isnull=False)))
        .order_by("pk")
    )
    for link in open_links:
        link.token = open_link_token(link)
    active = [r for r in respondents if r.revoked_at is None]
    not_answered = [r for r in active if r.response.submitted_at is None]
    return CampaignOverview(
        campaign=campaign,
        groups=groups,
        respondents=respondents,
        open_links=open_links,
        email_counts=_email_counts(Counter(r.email_status for r in active)),
        not_answered=not_answered,
        remindable=sum(
            1
            for r in not_answered
            if r.invited_at is not None and r.email_status not in (EmailStatus.QUEUED, EmailStatus.SENDING)
        ),
        to_send=sum(
            1 for r in active if r.invited_at is None and r.email_status in (EmailStatus.TO_SEND, EmailStatus.FAILED)
        ),
    )
