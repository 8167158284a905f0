"""Who may see or change a commune's procurements.

Every procurement is reached through its commune (communes.access.get_commune_for_user), then filtered by
that commune: staff of another commune get 404. Capabilities (`procurement.capabilities`; roles in
`communes.capabilities`): `procurement.read` reads (the Collège too), `procurement.edit` writes the
specifications, criteria, bidders, offers and scores (staff and referent), `procurement.award` proposes the
award (referent), `procurement.manage_library` extends the territory's requirement library (referent).
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from communes.access import commune_rights, get_commune_for_user, get_territory_for_user
from communes.capabilities import Capability, Rights
from communes.models import Commune, Territory
from procurement.capabilities import MANAGE_LIBRARY, READ
from procurement.models import Bidder, Procurement, ProcurementDocument, Requirement


@dataclass(frozen=True)
class ProcurementAccess:
    commune: Commune
    rights: Rights

    def context(self) -> dict:
        return {"commune": self.commune, "rights": self.rights}


def get_procurements_for_user(user, slug: str, *, need: Capability = READ) -> ProcurementAccess:
    """The commune's procurements if the user holds `need` there (Http404 out of reach, PermissionDenied without)."""
    commune = get_commune_for_user(user, slug, need=need)
    return ProcurementAccess(commune=commune, rights=commune_rights(user, commune))


def get_procurement_for_user(
    user, slug: str, pk: int, *, need: Capability = READ
) -> tuple[ProcurementAccess, Procurement]:
    access = get_procurements_for_user(user, slug, need=need)
    procurement = get_object_or_404(
        Procurement.objects.select_related("sheet", "project", "winner"), pk=pk, commune=access.commune
    )
    procurement.commune = access.commune
    return access, procurement


def get_requirement_for_user(user, slug: str, pk: int, requirement_pk: int, *, need: Capability):
    access, procurement = get_procurement_for_user(user, slug, pk, need=need)
    requirement = get_object_or_404(Requirement, pk=requirement_pk, procurement=procurement)
    requirement.procurement = procurement
    return access, requirement


def get_bidder_for_user(user, slug: str, pk: int, bidder_pk: int, *, need: Capability):
    access, procurement = get_procurement_for_user(user, slug, pk, need=need)
    bidder = get_object_or_404(Bidder, pk=bidder_pk, procurement=procurement)
    bidder.procurement = procurement
    return access, bidder


def get_document_for_user(user, slug: str, pk: int, document_pk: int, *, need: Capability = READ):
    access, procurement = get_procurement_for_user(user, slug, pk, need=need)
    document = get_object_or_404(ProcurementDocument, pk=document_pk, procurement=procurement)
    document.procurement = procurement
    return access, document


def get_library_for_user(user, slug: str, *, need: Capability = MANAGE_LIBRARY) -> Territory:
    """The territory whose requirement library the user extends (referent of that territory)."""
    return get_territory_for_user(user, slug, need=need)
