"""The diagnostic's next steps on the commune page (registered in DiagnosticsConfig.ready).

Staff: questionnaires prepared but never sent, invitations waiting to be sent, interviews still to plan.
Collège members: the results of closed campaigns to read. A fixed number of queries whatever the rows.
"""

from datetime import date

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from communes.capabilities import Rights
from communes.models import Commune
from communes.next_steps import Step
from diagnostics.capabilities import BUILD_QUESTIONNAIRES, EDIT, READ_RESULTS, SEND_QUESTIONNAIRES
from diagnostics.models import (
    Campaign,
    EmailStatus,
    Question,
    Questionnaire,
    Respondent,
    Response,
)
from diagnostics.selectors.interviews import interview_progress


def diagnostic_steps(commune: Commune, rights: Rights, today: date) -> list[Step]:
    steps = []
    if rights.can(SEND_QUESTIONNAIRES):
        steps += [*_questionnaire_steps(commune, rights), *_invitation_steps(commune, today)]
    if rights.can(EDIT):
        steps += _interview_steps(commune)
    if rights.can(READ_RESULTS) and not rights.can(SEND_QUESTIONNAIRES):
        steps += _results_steps(commune, today)
    return steps


def _questionnaire_steps(commune: Commune, rights: Rights) -> list[Step]:
    """Questionnaires to send (the latest version of each, with at least one question), else the empty ones to
    fill (for those who build them), else a first one to prepare."""
    # One query: the commune's questionnaires, each flagged sent, superseded (a later version exists) and asking.
    flagged = Questionnaire.objects.filter(commune=commune).annotate(
        sent=Exists(Campaign.objects.filter(questionnaire=OuterRef("pk"))),
        superseded=Exists(Questionnaire.objects.filter(previous_version=OuterRef("pk"))),
        asks=Exists(Question.objects.filter(questionnaire=OuterRef("pk"))),
    )
    latest_unsent = Q(sent=False, superseded=False)
    unsent = flagged.aggregate(
        count=Count("pk", filter=latest_unsent & Q(asks=True)),
        latest=Max("pk", filter=latest_unsent & Q(asks=True)),
        empty=Count("pk", filter=latest_unsent & Q(asks=False)),
        latest_empty=Max("pk", filter=latest_unsent & Q(asks=False)),
        any=Count("pk"),
    )
    if unsent["count"]:
        text = ngettext(
            "%(count)s questionnaire is ready but has not been sent.",
            "%(count)s questionnaires are ready but have not been sent.",
            unsent["count"],
        ) % {"count": unsent["count"]}
        url = reverse("diagnostics:campaign-create", args=[commune.slug]) + f"?questionnaire={unsent['latest']}"
        # Not an ngettext: "Send it: new campaign" is also a plain message of the questionnaire page.
        action = gettext("Send it: new campaign") if unsent["count"] == 1 else gettext("Send the latest: new campaign")
        return [Step(text, url, action)]
    if not rights.can(BUILD_QUESTIONNAIRES):
        return []
    if unsent["empty"]:
        text = ngettext(
            "%(count)s questionnaire has no question yet.",
            "%(count)s questionnaires have no question yet.",
            unsent["empty"],
        ) % {"count": unsent["empty"]}
        url = reverse("diagnostics:questionnaire-detail", args=[commune.slug, unsent["latest_empty"]])
        return [Step(text, url, gettext("Add questions"))]
    if not unsent["any"]:
        text = gettext("The commune has no questionnaire yet.")
        return [Step(text, reverse("diagnostics:questionnaire-create", args=[commune.slug]), gettext("Prepare one"))]
    return []


def _invitation_steps(commune: Commune, today: date) -> list[Step]:
    waiting = Respondent.objects.filter(
        campaign__commune=commune,
        campaign__closes_on__gte=today,
        revoked_at__isnull=True,
        invited_at__isnull=True,
        email_status__in=[EmailStatus.TO_SEND, EmailStatus.FAILED],
    ).aggregate(count=Count("pk"), campaign=Min("campaign_id"))
    if not waiting["count"]:
        return []
    text = ngettext(
        "%(count)s invitation is waiting to be sent.", "%(count)s invitations are waiting to be sent.", waiting["count"]
    ) % {"count": waiting["count"]}
    url = reverse("diagnostics:campaign-detail", args=[commune.slug, waiting["campaign"]]) + "#respondents"
    return [Step(text, url, gettext("Send the invitations"), urgent=True)]


def _interview_steps(commune: Commune) -> list[Step]:
    # Held or planned: every interview but the cancelled ones.
    progress = interview_progress(commune)
    missing = progress.target - (progress.held + progress.planned)
    if missing <= 0:
        return []
    text = ngettext("%(count)s interview is still to plan.", "%(count)s interviews are still to plan.", missing) % {
        "count": missing
    }
    return [Step(text, reverse("diagnostics:interview-create", args=[commune.slug]), gettext("Plan an interview"))]


def _results_steps(commune: Commune, today: date) -> list[Step]:
    submitted = Response.objects.filter(campaign=OuterRef("pk"), submitted_at__isnull=False)
    campaign = (
        Campaign.objects.filter(commune=commune, closes_on__lt=today)
        .filter(Exists(submitted))
        .order_by("-closes_on", "-pk")
        .values("pk", "title")
        .first()
    )
    if campaign is None:
        return []
    text = gettext("The results of “%(title)s” are ready to read.") % {"title": campaign["title"]}
    url = reverse("diagnostics:campaign-results", args=[commune.slug, campaign["pk"]])
    return [Step(text, url, gettext("Read the results"))]
