"""Who may see or change questionnaires, campaigns and their results.

Everything is reached through the commune (`communes.access.get_commune_for_user`), then fetched
filtered by that commune: Http404 outside the user's reach, PermissionDenied for a read-only role.

- Building questionnaires (copy a template, adapt it, new versions): `diagnostics.build_questionnaires`.
- Campaigns (groups, respondents, invitations, reminders, open links): `diagnostics.send_questionnaires`.
- Raw answer exports (one row per respondent, see diagnostics.privacy): `diagnostics.export_raw_answers`.
- Reading questionnaires (questions, preview): `diagnostics.read_questionnaires`.
- Results and aggregated exports: `diagnostics.read_results`.

Which roles hold which capability: `communes.capabilities.ROLE_CAPABILITIES`.
"""

from django.shortcuts import get_object_or_404

from communes.access import get_commune_for_user
from communes.capabilities import Capability
from diagnostics.capabilities import BUILD_QUESTIONNAIRES, READ_QUESTIONNAIRES, READ_RESULTS, SEND_QUESTIONNAIRES
from diagnostics.models import Campaign, OpenLink, Question, Questionnaire, Respondent, RespondentGroup, Section


def get_questionnaire_for_user(user, slug: str, pk: int, *, need: Capability = READ_QUESTIONNAIRES) -> Questionnaire:
    commune = get_commune_for_user(user, slug, need=need)
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("source", "created_by"), pk=pk, commune=commune
    )
    questionnaire.commune = commune
    return questionnaire


def get_section_for_user(
    user, slug: str, questionnaire_pk: int, pk: int, *, need: Capability = BUILD_QUESTIONNAIRES
) -> Section:
    questionnaire = get_questionnaire_for_user(user, slug, questionnaire_pk, need=need)
    section = get_object_or_404(Section, pk=pk, questionnaire=questionnaire)
    section.questionnaire = questionnaire
    return section


def get_question_for_user(
    user, slug: str, questionnaire_pk: int, pk: int, *, need: Capability = BUILD_QUESTIONNAIRES
) -> Question:
    questionnaire = get_questionnaire_for_user(user, slug, questionnaire_pk, need=need)
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


def get_campaign_for_user(user, slug: str, pk: int, *, need: Capability = READ_RESULTS) -> Campaign:
    commune = get_commune_for_user(user, slug, need=need)
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk, commune=commune)
    campaign.commune = commune
    return campaign


def get_group_for_user(
    user, slug: str, campaign_pk: int, pk: int, *, need: Capability = SEND_QUESTIONNAIRES
) -> RespondentGroup:
    campaign = get_campaign_for_user(user, slug, campaign_pk, need=need)
    group = get_object_or_404(RespondentGroup, pk=pk, campaign=campaign)
    group.campaign = campaign
    return group


def get_respondent_for_user(
    user, slug: str, campaign_pk: int, pk: int, *, need: Capability = SEND_QUESTIONNAIRES
) -> Respondent:
    campaign = get_campaign_for_user(user, slug, campaign_pk, need=need)
    respondent = get_object_or_404(Respondent, pk=pk, campaign=campaign)
    respondent.campaign = campaign
    return respondent


def get_open_link_for_user(
    user, slug: str, campaign_pk: int, pk: int, *, need: Capability = SEND_QUESTIONNAIRES
) -> OpenLink:
    campaign = get_campaign_for_user(user, slug, campaign_pk, need=need)
    link = get_object_or_404(OpenLink.objects.select_related("group"), pk=pk, campaign=campaign)
    link.campaign = campaign
    return link
