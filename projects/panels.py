"""What projects show on lower apps' pages: panels (smartregion/panels.py), next steps and the dashboard
column, registered from ProjectsConfig.ready(). Each runs a fixed number of queries."""

from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from communes.access import commune_rights
from communes.capabilities import Rights
from communes.models import Commune
from communes.next_steps import Step
from projects.capabilities import EDIT, MANAGE, READ
from projects.models import Project
from projects.selectors import commune_projects, late_milestones_of
from smartregion.panels import Panel


def sheet_panel(request, sheet) -> Panel | None:
    """On a project sheet: its project, or "Start the project" for the referent."""
    commune = sheet.roadmap.commune
    rights = commune_rights(request.user, commune)
    if not rights.can(READ):
        return None
    project = Project.objects.filter(sheet=sheet).only("pk", "title", "phase").first()
    if project is None and not rights.can(MANAGE):
        return None
    context = {"commune": commune, "sheet": sheet, "project": project, "rights": rights}
    return Panel("projects/panels/sheet.html", context, order=10)


def commune_panel(request, commune) -> Panel | None:
    """On the commune page: its projects, where each stands, and the late milestones."""
    rights = commune_rights(request.user, commune)
    if not rights.can(READ):
        return None
    projects = commune_projects(commune)
    if not projects and not rights.can(MANAGE):
        return None
    late = late_milestones_of(commune)
    context = {"commune": commune, "projects": projects, "late": late, "rights": rights}
    return Panel("projects/panels/commune.html", context, order=20)


def project_steps(commune: Commune, rights: Rights, today: date) -> list[Step]:
    """Late milestones of the commune's projects, for those who carry them (staff and referent)."""
    if not rights.can(EDIT):
        return []
    late = late_milestones_of(commune, today)
    if not late:
        return []
    text = ngettext(
        "%(count)s project milestone is late (since %(date)s).",
        "%(count)s project milestones are late (the oldest since %(date)s).",
        len(late),
    ) % {"count": len(late), "date": date_format(late[0].due_date, "DATE_FORMAT")}
    url = reverse("projects:project-list", args=[commune.slug])
    return [Step(text, url, gettext("See the projects"), urgent=True)]
