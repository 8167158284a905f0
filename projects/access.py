"""Who may see or change a commune's projects.

Every project is reached through its commune (communes.access.get_commune_for_user), then filtered by that
commune: staff of another commune get 404. Capabilities (`projects.capabilities`; roles in
`communes.capabilities`): `projects.read` reads (the Collège too), `projects.edit` writes what a project
holds (staff and referent), `projects.manage` starts projects and closes phases (referent).
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from communes.access import commune_rights, get_commune_for_user, get_territory_for_user
from communes.capabilities import Capability, Rights
from communes.models import Commune, Territory
from projects.capabilities import MANAGE, READ
from projects.models import ChecklistTemplateItem, EvaluationReport, Indicator, Project


@dataclass(frozen=True)
class ProjectAccess:
    commune: Commune
    rights: Rights

    def context(self) -> dict:
        return {"commune": self.commune, "rights": self.rights}


def get_projects_for_user(user, slug: str, *, need: Capability = READ) -> ProjectAccess:
    """The commune's projects if the user holds `need` there (Http404 out of reach, PermissionDenied without it)."""
    commune = get_commune_for_user(user, slug, need=need)
    return ProjectAccess(commune=commune, rights=commune_rights(user, commune))


def get_project_for_user(user, slug: str, pk: int, *, need: Capability = READ) -> tuple[ProjectAccess, Project]:
    access = get_projects_for_user(user, slug, need=need)
    project = get_object_or_404(Project.objects.select_related("sheet"), pk=pk, commune=access.commune)
    project.commune = access.commune
    return access, project


def get_indicator_for_user(
    user, slug: str, project_pk: int, pk: int, *, need: Capability = READ
) -> tuple[ProjectAccess, Indicator]:
    access, project = get_project_for_user(user, slug, project_pk, need=need)
    indicator = get_object_or_404(Indicator, pk=pk, project=project)
    indicator.project = project
    return access, indicator


def get_part_for_user(user, slug: str, project_pk: int, model, pk: int, *, need: Capability = READ):
    """A row of `model` (team member, risk, milestone…) held by project `project_pk` of commune `slug`."""
    access, project = get_project_for_user(user, slug, project_pk, need=need)
    part = get_object_or_404(model, pk=pk, project=project)
    part.project = project
    return access, part


def get_evaluation_for_user(user, slug: str, project_pk: int, pk: int, *, need: Capability = READ):
    """A version of the project's evaluation report (every version is readable by who reads the project)."""
    access, project = get_project_for_user(user, slug, project_pk, need=need)
    report = get_object_or_404(
        EvaluationReport.objects.defer("snapshot").select_related("author"), pk=pk, project=project
    )
    report.project = project
    return access, report


def get_territory_projects_for_user(user, slug: str, *, need: Capability = MANAGE) -> Territory:
    """The territory `slug` for who holds `need` there territory-wide (the referent)."""
    return get_territory_for_user(user, slug, need=need)


def get_checklist_item_for_user(
    user, slug: str, pk: int, *, need: Capability = MANAGE
) -> tuple[Territory, ChecklistTemplateItem]:
    """An item of the checklists the territory uses: its own, or the default set's while it has none."""
    territory = get_territory_for_user(user, slug, need=need)
    items = ChecklistTemplateItem.objects.filter(territory=territory)
    if not items.exists():
        items = ChecklistTemplateItem.objects.filter(territory__isnull=True)
    return territory, get_object_or_404(items, pk=pk)
