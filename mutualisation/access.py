"""Who may see or change what of mutualisation.

The territory's pages (convergences, territory inventory, pooled demand, shared projects, the catalogue's
management) are the referent's: `mutualisation.manage` on the territory (`communes.access.get_territory_for_user`;
Http404 outside it, PermissionDenied for staff and college members of its communes). A commune's page (its
shared projects and the catalogue) is reached through the commune (`get_commune_for_user`): staff of another
commune get 404; a member is looked for among the commune's own memberships only.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from communes.access import commune_rights, get_commune_for_user, get_territory_for_user
from communes.capabilities import Capability, Rights
from communes.models import Commune, Territory
from mutualisation.capabilities import MANAGE, READ
from mutualisation.models import SharedProject, SharedProjectMember


def get_territory_for_manager(user, slug: str) -> Territory:
    return get_territory_for_user(user, slug, need=MANAGE)


def get_shared_project_for_manager(user, slug: str, pk: int) -> tuple[Territory, SharedProject]:
    territory = get_territory_for_manager(user, slug)
    project = get_object_or_404(
        SharedProject.objects.select_related("costs", "lead_commune"), pk=pk, territory=territory
    )
    return territory, project


def get_member_for_manager(user, slug: str, pk: int, member_pk: int) -> tuple[Territory, SharedProjectMember]:
    territory, project = get_shared_project_for_manager(user, slug, pk)
    member = get_object_or_404(
        SharedProjectMember.objects.select_related("commune", "sheet"), pk=member_pk, shared_project=project
    )
    member.shared_project = project
    return territory, member


@dataclass(frozen=True)
class CommuneAccess:
    commune: Commune
    rights: Rights


def get_commune_mutualisation(user, slug: str, *, need: Capability = READ) -> CommuneAccess:
    commune = get_commune_for_user(user, slug, need=need)
    return CommuneAccess(commune=commune, rights=commune_rights(user, commune))


def get_membership_for_user(user, slug: str, pk: int, *, need: Capability) -> tuple[CommuneAccess, SharedProjectMember]:
    """The commune's membership of shared project `pk` (Http404 when the commune is not asked to join it)."""
    access = get_commune_mutualisation(user, slug, need=need)
    member = get_object_or_404(
        SharedProjectMember.objects.select_related("shared_project__costs", "sheet"),
        shared_project_id=pk,
        commune=access.commune,
    )
    member.commune = access.commune
    return access, member
