"""Respondents' anonymity in results: the minimum group size.

Per-group figures and free texts of a group counting fewer respondents than `PRIVACY_MIN_GROUP_SIZE`
(setting, default 3) could point at one person: they are withheld for everyone but the referent
(results page, free-text answers, exports, the final report). Overall figures stay.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from communes.access import commune_rights
from diagnostics.capabilities import SEE_SMALL_GROUPS
from diagnostics.models import Campaign, Response
from diagnostics.selectors.results import CampaignResults, Stats

WITHHELD = _("withheld")
WITHHELD_NOTICE = _("Figures and answers of groups with fewer than %(count)d respondents are withheld.")


def min_group_size() -> int:
    return settings.PRIVACY_MIN_GROUP_SIZE


def withheld_notice() -> str:
    return WITHHELD_NOTICE % {"count": min_group_size()}


def sees_small_groups(user, commune) -> bool:
    """Only the referent (territory manager) sees the figures of groups under the minimum size."""
    return commune_rights(user, commune).can(SEE_SMALL_GROUPS)


def is_small(count: int) -> bool:
    return 0 < count < min_group_size()


def withhold_small_groups(results: CampaignResults) -> CampaignResults:
    """Marks the groups under the minimum size and blanks their figures (in place; returns `results`).

    Steps: mark the groups; replace their figures per question and per statement by withheld empty
    figures; drop their pillar scores; drop their free texts (the total of texts is lowered to match).
    """
    small = {g.id for g in results.groups if is_small(g.counted)}
    if not small:
        return results
    for group in results.groups:
        group.withheld = group.id in small
    for question in results.questions:
        hidden_texts = 0
        if question.is_text:
            hidden_texts = sum(question.by_group[g].answered for g in small if g in question.by_group)
        for group_id in small:
            if group_id in question.by_group:
                question.by_group[group_id] = Stats(withheld=True)
            for row in question.rows:
                if group_id in row.by_group:
                    row.by_group[group_id] = Stats(withheld=True)
        kept = [t for t in question.texts if t.group_id not in small]
        hidden_texts = hidden_texts or len(question.texts) - len(kept)
        question.texts_total = max(0, question.texts_total - hidden_texts)
        question.texts = kept
    for pillar in results.pillars:
        for group_id in small:
            pillar.by_group.pop(group_id, None)
    return results


def results_for(results: CampaignResults, *, user, commune) -> CampaignResults:
    """The results as this user may see them."""
    if sees_small_groups(user, commune):
        return results
    return withhold_small_groups(results)


def small_group_ids(campaign: Campaign, *, include_partial: bool = False) -> set[int]:
    """The campaign's groups counting fewer counted responses than the minimum (one query)."""
    counted = Q(started_at__isnull=False) if include_partial else Q(submitted_at__isnull=False)
    rows = (
        Response.objects.filter(campaign=campaign)
        .order_by()
        .values("group_id")
        .annotate(n=Count("pk", filter=counted))
        .values_list("group_id", "n")
    )
    return {group_id for group_id, n in rows if is_small(n)}
