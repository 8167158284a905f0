"""Panels the procurement app shows on lower apps' pages (smartregion.panels): the procurements of a project
sheet ("roadmaps.sheet") and of a project ("projects.project", rendered by the projects app's page), with a
link to start one for those who may. One query for the rights (cached per request), one for the list."""

from communes.access import commune_rights
from procurement import selectors
from procurement.capabilities import EDIT, READ
from smartregion.panels import Panel

TEMPLATE = "procurement/includes/panel.html"


def _panel(request, commune, procurements, start_query: str) -> Panel | None:
    rights = commune_rights(request.user, commune)
    if not rights.reaches or not rights.can(READ):
        return None
    return Panel(
        TEMPLATE,
        {
            "panel_commune": commune,
            "procurements": procurements(),
            "can_start": rights.can(EDIT),
            "start_query": start_query,
        },
        order=60,
    )


def sheet_panel(request, sheet) -> Panel | None:
    commune = sheet.roadmap.commune
    return _panel(request, commune, lambda: selectors.procurements_for_sheet(sheet.pk), f"sheet={sheet.pk}")


def project_panel(request, project) -> Panel | None:
    return _panel(
        request, project.commune, lambda: selectors.procurements_for_project(project.pk), f"project={project.pk}"
    )


def templates_panel(request, commune) -> Panel | None:
    """On the catalogue of project templates: the specifications template of each kind of project."""
    rights = commune_rights(request.user, commune)
    if not rights.reaches or not rights.can(READ):
        return None
    return Panel(
        "procurement/includes/templates_panel.html",
        {"panel_commune": commune, "kinds": selectors.specification_templates(commune.territory_id)},
        order=10,
    )
