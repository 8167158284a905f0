"""Who may see or change calls, applications and the funding settings.

The catalogue belongs to the territory: anyone who reaches the territory reads it (`funding.read` is held by
every role on its communes), its referent (`funding.manage`, held on the territory) keeps it. A sheet's
funding page and its applications are reached through the commune (communes.access.get_commune_for_user),
then filtered by that commune: staff of another commune get 404. Applications of shared projects have no
single commune: the referent reaches them from the territory.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from communes.access import (
    commune_rights,
    communes_for_user,
    get_commune_for_user,
    get_territory_for_user,
    territory_rights,
)
from communes.capabilities import Capability, Rights
from communes.models import Commune, Territory
from funding.capabilities import MANAGE, READ
from funding.models import Application, CallImport, FundingCall
from roadmaps import capabilities as roadmap_capabilities
from roadmaps.access import get_sheet_for_user
from roadmaps.models import ProjectSheet


@dataclass(frozen=True)
class TerritoryAccess:
    territory: Territory
    rights: Rights

    def context(self) -> dict:
        return {"territory": self.territory, "rights": self.rights}


def get_catalogue_for_user(user, slug: str, *, need: Capability | None = None) -> TerritoryAccess:
    """The territory's catalogue: read by whoever reaches the territory; `need=MANAGE` for the referent."""
    territory = get_territory_for_user(user, slug, need=need)
    return TerritoryAccess(territory=territory, rights=territory_rights(user, territory.pk))


def get_call_for_user(
    user, slug: str, pk: int, *, need: Capability | None = None
) -> tuple[TerritoryAccess, FundingCall]:
    access = get_catalogue_for_user(user, slug, need=need)
    call = get_object_or_404(FundingCall.objects.prefetch_related("rounds"), pk=pk, territory=access.territory)
    return access, call


def get_call_import_for_user(user, slug: str, key) -> tuple[TerritoryAccess, CallImport]:
    """A pending catalogue import of the territory, by its random key (the referent's)."""
    access = get_catalogue_for_user(user, slug, need=MANAGE)
    pending = get_object_or_404(CallImport, key=key, territory=access.territory, status="pending")
    pending.territory = access.territory
    return access, pending


def get_shared_application_for_user(user, slug: str, pk: int) -> tuple[TerritoryAccess, Application]:
    """A shared project's application of the territory (the referent's)."""
    access = get_catalogue_for_user(user, slug, need=MANAGE)
    application = get_object_or_404(
        Application.objects.select_related("call", "shared_project"),
        pk=pk,
        territory=access.territory,
        shared_project__isnull=False,
    )
    return access, application


def get_territory_applications_for_user(user, slug: str) -> TerritoryAccess:
    return get_catalogue_for_user(user, slug, need=MANAGE)


@dataclass(frozen=True)
class SheetAccess:
    commune: Commune
    sheet: ProjectSheet
    rights: Rights

    def context(self) -> dict:
        return {"commune": self.commune, "roadmap": self.sheet.roadmap, "sheet": self.sheet, "rights": self.rights}


def get_sheet_funding_for_user(user, slug: str, pk: int, *, need: Capability = READ) -> SheetAccess:
    """The sheet (through its commune and roadmap: drafts only for who may read them) if the user holds `need`."""
    get_commune_for_user(user, slug, need=need)
    roadmap_access, sheet = get_sheet_for_user(user, slug, pk)
    return SheetAccess(commune=roadmap_access.commune, sheet=sheet, rights=roadmap_access.rights)


def get_application_for_user(user, slug: str, pk: int, *, need: Capability = READ) -> tuple[SheetAccess, Application]:
    """A sheet application of the commune `slug` (found through the commune: 404 from another commune)."""
    commune = get_commune_for_user(user, slug, need=need)
    application = get_object_or_404(
        Application.objects.select_related("call", "sheet__roadmap"), pk=pk, commune=commune, sheet__isnull=False
    )
    access = get_sheet_funding_for_user(user, slug, application.sheet_id, need=need)
    application.sheet = access.sheet
    return access, application


def readable_roadmaps(user, territory: Territory) -> tuple[set[int], set[int]]:
    """The communes of the territory whose roadmap the user reads as a draft, and those they read once
    published (`roadmaps.access.roadmap_visible`); one query."""
    drafts, published = set(), set()
    for commune in communes_for_user(user).filter(territory=territory).select_related("territory"):
        rights = commune_rights(user, commune)
        if rights.can(roadmap_capabilities.READ_DRAFTS):
            drafts.add(commune.pk)
        elif rights.can(roadmap_capabilities.READ):
            published.add(commune.pk)
    return drafts, published


def get_commune_applications_for_user(user, slug: str) -> tuple[Commune, tuple[set[int], set[int]]]:
    """The commune (through `get_commune_for_user`: 404 from another commune) and the roadmaps the user reads,
    which decide whose sheets' applications they see."""
    commune = get_commune_for_user(user, slug, need=READ)
    return commune, readable_roadmaps(user, commune.territory)
