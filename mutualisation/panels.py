"""What mutualisation shows on lower apps' pages (smartregion.panels): the commune page links to the commune's
shared projects and the catalogue (and its next steps
name the proposals awaiting its answer); a project sheet says when it carries a shared project's share and when an
active framework agreement of the territory does its job (the commune may order through it)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from communes.access import commune_rights
from mutualisation.capabilities import ANSWER, READ
from mutualisation.models import FrameworkAgreement, MemberStatus, SharedProjectMember
from smartregion import memo
from smartregion.panels import Panel


def _pending_proposals(commune) -> int:
    """Shared projects proposed to the commune and awaiting its answer (one query, once per page)."""
    return memo.once(
        ("mutualisation.pending", commune.pk),
        lambda: SharedProjectMember.objects.filter(commune=commune, status=MemberStatus.PROPOSED).count(),
    )


def commune_panel(request, commune) -> Panel | None:
    """Two queries: the commune's pending proposals and the active agreements of the territory."""
    if not commune_rights(request.user, commune).can(READ):
        return None
    today = timezone.localdate()
    pending = _pending_proposals(commune)
    agreements = FrameworkAgreement.objects.filter(
        territory_id=commune.territory_id, valid_from__lte=today, valid_until__gte=today
    ).count()
    context = {"commune": commune, "pending": pending, "agreements": agreements}
    return Panel("mutualisation/panels/commune.html", context, order=50)


def sheet_panel(request, sheet) -> Panel | None:
    """Two queries: the sheet's shared project (if any) and the matching active agreements."""
    commune = sheet.roadmap.commune
    if not commune_rights(request.user, commune).can(READ):
        return None
    member = SharedProjectMember.objects.filter(sheet=sheet).select_related("shared_project__costs").first()
    today = timezone.localdate()
    agreements = list(
        FrameworkAgreement.objects.filter(
            territory_id=commune.territory_id,
            function_category=sheet.function_category,
            valid_from__lte=today,
            valid_until__gte=today,
        ).exclude(function_category="other")
    )
    if member is None and not agreements:
        return None
    context = {"commune": commune, "member": member, "agreements": agreements}
    return Panel("mutualisation/panels/sheet.html", context, order=50)


def answer_steps(commune, rights, today) -> list:
    """A next step for the commune's staff: the shared projects awaiting its answer (one query)."""
    from communes.next_steps import Step

    if not rights.can(ANSWER):
        return []
    pending = _pending_proposals(commune)
    if not pending:
        return []
    text = ngettext(
        "%(count)s shared project of the territory awaits the commune's answer.",
        "%(count)s shared projects of the territory await the commune's answer.",
        pending,
    ) % {"count": pending}
    return [
        Step(
            text=text, url=reverse("mutualisation:commune", args=[commune.slug]), action=gettext("Answer the proposals")
        )
    ]
