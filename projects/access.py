"""Who may see or change a commune's projects.

Every project is reached through its commune (communes.access.get_commune_for_user), then filtered by that
commune: staff of another commune get 404. Capabilities (`projects.capabilities`; roles in
`communes.capabilities`): `projects.read` reads (the Collège too), `projects.edit` writes what a project
holds (staff and referent), `projects.manage` starts projects and closes phases (referent).
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from communes.access import commune_rights, get_commune_for_user
from communes.capabilities import Capability, Rights
from communes.models import Commune
from projects.capabilities import READ
from projects.models import Indicator, Project


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
