"""What funding shows on the pages of lower apps (smartregion.panels) and in the final report (reports.sections)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communes.access import commune_rights, territory_rights
from funding import selectors
from funding.capabilities import APPLY, MANAGE, READ
from reports.plain import plain
from smartregion.panels import Panel


def sheet_panel(request, sheet):
    """On a sheet's page: how many calls fit, the next deadline, the applications and the commune's share."""
    commune = sheet.roadmap.commune
    rights = commune_rights(request.user, commune)
    if not rights.can(READ):
        return None
    data = selectors.sheet_funding(sheet, commune.territory, timezone.localdate())
    context = {"sheet": sheet, "commune": commune, "can_apply": rights.can(APPLY), **data}
    return Panel(template="funding/panels/sheet.html", context=context, order=50)


def shared_project_panel(request, shared_project):
    """On a shared project's page (the referent's): the calls it matches as one applicant for its communes,
    the near-misses with their reason, and its applications."""
    if not territory_rights(request.user, shared_project.territory_id).can(MANAGE):
        return None
    data = selectors.shared_funding(shared_project, timezone.localdate())
    context = {"project": shared_project, "territory": shared_project.territory, **data}
    return Panel(template="funding/panels/shared_project.html", context=context, order=50)


def commune_panel(request, commune):
    """On the commune's page: the ways into the catalogue and the calendar (and, for the referent, the view
    of applications across communes)."""
    rights = commune_rights(request.user, commune)
    if not rights.can(READ):
        return None
    context = {"commune": commune, "territory": commune.territory, "can_manage": rights.can(MANAGE)}
    return Panel(template="funding/panels/commune.html", context=context, order=80)


def report_section(commune) -> dict | None:
    """The final report's funding section: calls applied to, amounts granted, deadlines to come (plain data)."""
    data = selectors.commune_funding(commune, timezone.localdate())
    if not data["applications"]:
        return None
    return plain(
        {
            "title": _("Funding"),
            "template": "funding/report_section.html",
            "applications": [
                {
                    "sheet": a.project,
                    "call": a.call.title,
                    "programme": a.call.programme,
                    "status": a.status_label,
                    "requested": a.requested,
                    "granted": a.granted,
                    "shared": a.shared,
                }
                for a in data["applications"]
            ],
            "requested": data["requested"],
            "granted": data["granted"],
            "deadlines": [
                {"date": date_format(day, "SHORT_DATE_FORMAT"), "call": call.title} for day, call in data["deadlines"]
            ],
        }
    )
