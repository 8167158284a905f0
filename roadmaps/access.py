"""Who may see or change a roadmap and its sheets.

Every object is reached through its commune (communes.access.get_commune_for_user), then filtered by
that commune. Capabilities (`roadmaps.capabilities`; roles in `communes.capabilities`): `roadmaps.read`
sees the roadmap once it is published, `roadmaps.read_drafts` before; `roadmaps.edit` writes sheets,
marks, prerequisites and comments; `roadmaps.manage` changes weights, criteria and the strategy, deletes
sheets and others' comments; `roadmaps.publish` and `roadmaps.plan` as named.
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from communes.access import commune_rights, get_commune_for_user
from communes.capabilities import Capability, Rights
from communes.models import Commune
from roadmaps.capabilities import EDIT, MANAGE, PLAN, READ, READ_DRAFTS
from roadmaps.models import Comment, Criterion, PlanProposal, ProjectSheet, Roadmap
from smartregion.errors import CapabilityRefused


@dataclass(frozen=True)
class RoadmapAccess:
    commune: Commune
    roadmap: Roadmap | None  # None only from get_roadmap_page_for_user, for a commune without a roadmap
    rights: Rights

    def context(self) -> dict:
        """What every roadmap page gives its template."""
        return {"commune": self.commune, "roadmap": self.roadmap, "rights": self.rights}


def roadmap_visible(roadmap: Roadmap | None, rights: Rights) -> bool:
    """Drafts are for the people who prepare the roadmap; readers see it once published."""
    if roadmap is None:
        return False
    if rights.can(READ_DRAFTS):
        return True
    return roadmap.is_published and rights.can(READ)


def get_roadmap_page_for_user(user, slug: str) -> tuple[RoadmapAccess, bool]:
    """The commune's roadmap (None when not started) as the user reaches it, and whether they may see it.

    Http404 when the commune is out of reach. The roadmap page tells the user why it cannot be seen
    (no roadmap yet, or an unpublished draft for a reader) where other pages answer 404.
    """
    commune = get_commune_for_user(user, slug, need=READ)
    return _roadmap_access(user, commune)


def _roadmap_access(user, commune: Commune) -> tuple[RoadmapAccess, bool]:
    rights = commune_rights(user, commune)
    roadmap = Roadmap.objects.filter(commune=commune).first()
    if roadmap is not None:
        roadmap.commune = commune
    return RoadmapAccess(commune=commune, roadmap=roadmap, rights=rights), roadmap_visible(roadmap, rights)


def get_roadmap_for_user(user, slug: str, *, need: Capability = READ) -> RoadmapAccess:
    """The commune's roadmap if the user holds `need` on it.

    Http404 when the commune is out of reach, has no roadmap, or the roadmap is an unpublished draft
    the user may not read; PermissionDenied when the user reaches it without `need`.
    """
    access, visible = _roadmap_access(user, get_commune_for_user(user, slug, need=need))
    if not visible:
        raise Http404
    return access


def get_sheet_for_user(user, slug: str, pk: int, *, need: Capability = READ) -> tuple[RoadmapAccess, ProjectSheet]:
    access = get_roadmap_for_user(user, slug, need=need)
    sheet = get_object_or_404(ProjectSheet.objects.select_related("template"), pk=pk, roadmap=access.roadmap)
    sheet.roadmap = access.roadmap
    return access, sheet


def get_criterion_for_user(user, slug: str, pk: int) -> tuple[RoadmapAccess, Criterion]:
    access = get_roadmap_for_user(user, slug, need=MANAGE)
    criterion = get_object_or_404(Criterion, pk=pk, roadmap=access.roadmap)
    criterion.roadmap = access.roadmap
    return access, criterion


def get_plan_for_user(user, slug: str, pk: int) -> tuple[RoadmapAccess, PlanProposal]:
    access = get_roadmap_for_user(user, slug, need=PLAN)
    proposal = get_object_or_404(PlanProposal, pk=pk, roadmap=access.roadmap)
    proposal.roadmap = access.roadmap
    return access, proposal


def get_comment_for_user(user, slug: str, sheet_pk: int, pk: int) -> tuple[RoadmapAccess, Comment]:
    """A comment its author (or who holds `roadmaps.manage`) may delete; others who reach it get PermissionDenied."""
    access, sheet = get_sheet_for_user(user, slug, sheet_pk, need=EDIT)
    comment = get_object_or_404(Comment, pk=pk, sheet=sheet)
    if comment.author_id != user.pk and not access.rights.can(MANAGE):
        raise CapabilityRefused(MANAGE, may_read=True)
    comment.sheet = sheet
    return access, comment
