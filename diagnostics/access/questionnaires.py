"""Who may see or change questionnaires, campaigns and their results.

Everything is reached through the commune (`communes.access.get_commune_for_user`), then fetched
filtered by that commune: Http404 outside the user's reach, PermissionDenied for a read-only role.

- Building questionnaires (copy a template, adapt it, new versions): the referent (MANAGE).
- Campaigns (groups, respondents, invitations, reminders, open links): the commune's staff and the
  referent (CONTRIBUTE).
- Raw answer exports (one row per respondent): the referent only (MANAGE, see diagnostics.privacy).
- Results and aggregated exports: staff, college members and the referent (READ).
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from communes.access import Level, commune_level, get_commune_for_user
from diagnostics.models import Campaign, OpenLink, Question, Questionnaire, Respondent, RespondentGroup, Section

BUILD = Level.MANAGE
RUN_CAMPAIGNS = Level.CONTRIBUTE
READ_RESULTS = Level.READ
EXPORT_RAW = Level.MANAGE


@dataclass(frozen=True)
class QuestionnaireRights:
    can_build: bool
    can_run_campaigns: bool
    can_export_raw: bool


def rights_for(user, commune) -> QuestionnaireRights:
    level = commune_level(user, commune) or 0
    return QuestionnaireRights(
        can_build=level >= BUILD, can_run_campaigns=level >= RUN_CAMPAIGNS, can_export_raw=level >= EXPORT_RAW
    )


def get_questionnaire_for_user(user, slug: str, pk: int, *, level: Level = Level.READ) -> Questionnaire:
    commune = get_commune_for_user(user, slug, level=level)
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("source", "created_by"), pk=pk, commune=commune
    )
    questionnaire.commune = commune
    return questionnaire


def get_section_for_user(user, slug: str, questionnaire_pk: int, pk: int, *, level: Level = BUILD) -> Section:
    questionnaire = get_questionnaire_for_user(user, slug, questionnaire_pk, level=level)
    section = get_object_or_404(Section, pk=pk, questionnaire=questionnaire)
    section.questionnaire = questionnaire
    return section


def get_question_for_user(user, slug: str, questionnaire_pk: int, pk: int, *, level: Level = BUILD) -> Question:
    questionnaire = get_questionnaire_for_user(user, slug, questionnaire_pk, level=level)
    question = get_object_or_404(
        Question.objects.select_related("section", "condition_option__question"), pk=pk, questionnaire=questionnaire
    )
    question.questionnaire = questionnaire
    return question


def get_bank_question(pk: int) -> Question:
    """A question of a shipped template (the question bank): readable by whoever may build questionnaires."""
    return get_object_or_404(
        Question.objects.select_related("questionnaire").prefetch_related("options", "rows", "pillar_links"),
        pk=pk,
        questionnaire__commune__isnull=True,
    )


def get_campaign_for_user(user, slug: str, pk: int, *, level: Level = Level.READ) -> Campaign:
    commune = get_commune_for_user(user, slug, level=level)
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk, commune=commune)
    campaign.commune = commune
    return campaign


def get_group_for_user(user, slug: str, campaign_pk: int, pk: int, *, level: Level = RUN_CAMPAIGNS) -> RespondentGroup:
    campaign = get_campaign_for_user(user, slug, campaign_pk, level=level)
    group = get_object_or_404(RespondentGroup, pk=pk, campaign=campaign)
    group.campaign = campaign
    return group


def get_respondent_for_user(user, slug: str, campaign_pk: int, pk: int, *, level: Level = RUN_CAMPAIGNS) -> Respondent:
    campaign = get_campaign_for_user(user, slug, campaign_pk, level=level)
    respondent = get_object_or_404(Respondent, pk=pk, campaign=campaign)
    respondent.campaign = campaign
    return respondent


def get_open_link_for_user(user, slug: str, campaign_pk: int, pk: int, *, level: Level = RUN_CAMPAIGNS) -> OpenLink:
    campaign = get_campaign_for_user(user, slug, campaign_pk, level=level)
    link = get_object_or_404(OpenLink.objects.select_related("group"), pk=pk, campaign=campaign)
    link.campaign = campaign
    return link
