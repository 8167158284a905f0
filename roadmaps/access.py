"""Who may see or change a roadmap and its sheets.

Every object is reached through its commune (communes.access.get_commune_for_user), then filtered by
that commune. College members (READ) see a roadmap only once it is published; commune staff
(CONTRIBUTE) see drafts, write sheets, marks, prerequisites and comments; the referent (MANAGE) also
changes weights and criteria, publishes, plans and deletes.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from communes.access import Level, commune_level, get_commune_for_user
from communes.models import Commune
from roadmaps.models import Comment, Criterion, PlanProposal, ProjectSheet, Roadmap


@dataclass(frozen=True)
class RoadmapAccess:
    commune: Commune
    roadmap: Roadmap | None  # None only from get_roadmap_page_for_user, for a commune without a roadmap
    level: Level

    @property
    def can_contribute(self) -> bool:
        return self.level >= Level.CONTRIBUTE

    @property
    def can_manage(self) -> bool:
        return self.level >= Level.MANAGE

    def flags(self) -> dict:
        """What templates may offer: `can_contribute` (sheets, marks, comments), `can_manage` (the rest)."""
        return {"can_contribute": self.can_contribute, "can_manage": self.can_manage}


def roadmap_visible(roadmap: Roadmap | None, level: Level) -> bool:
    """Drafts are for the people who prepare the roadmap; the college reads it once published."""
    if roadmap is None:
        return False
    if level >= Level.CONTRIBUTE:
        return True
    return roadmap.is_published


def get_roadmap_page_for_user(user, slug: str) -> tuple[RoadmapAccess, bool]:
    """The commune's roadmap (None when not started) as the user reaches it, and whether they may see it.

    Http404 when the commune is out of reach. The roadmap page tells the user why it cannot be seen
    (no roadmap yet, or an unpublished draft for a reader) where other pages answer 404.
    """
    commune = get_commune_for_user(user, slug)
    return _roadmap_access(user, commune)


def _roadmap_access(user, commune: Commune) -> tuple[RoadmapAccess, bool]:
    level = commune_level(user, commune)
    roadmap = Roadmap.objects.filter(commune=commune).first()
    if roadmap is not None:
        roadmap.commune = commune
    return RoadmapAccess(commune=commune, roadmap=roadmap, level=level), roadmap_visible(roadmap, level)


def get_roadmap_for_user(user, slug: str, *, level: Level = Level.READ) -> RoadmapAccess:
    """The commune's roadmap if the user reaches it at `level`.

    Http404 when the commune is out of reach, has no roadmap, or the roadmap is an unpublished draft
    and the user only reads; PermissionDenied when the user may read but not act at `level`.
    """
    access, visible = _roadmap_access(user, get_commune_for_user(user, slug, level=level))
    if not visible:
        raise Http404
    return access


def get_sheet_for_user(user, slug: str, pk: int, *, level: Level = Level.READ) -> tuple[RoadmapAccess, ProjectSheet]:
    access = get_roadmap_for_user(user, slug, level=level)
    sheet = get_object_or_404(ProjectSheet.objects.select_related("template"), pk=pk, roadmap=access.roadmap)
    sheet.roadmap = access.roadmap
    return access, sheet


def get_criterion_for_user(user, slug: str, pk: int) -> tuple[RoadmapAccess, Criterion]:
    access = get_roadmap_for_user(user, slug, level=Level.MANAGE)
    criterion = get_object_or_404(Criterion, pk=pk, roadmap=access.roadmap)
    criterion.roadmap = access.roadmap
    return access, criterion


def get_plan_for_user(user, slug: str, pk: int) -> tuple[RoadmapAccess, PlanProposal]:
    access = get_roadmap_for_user(user, slug, level=Level.MANAGE)
    proposal = get_object_or_404(PlanProposal, pk=pk, roadmap=access.roadmap)
    proposal.roadmap = access.roadmap
    return access, proposal


def get_comment_for_user(user, slug: str, sheet_pk: int, pk: int) -> tuple[RoadmapAccess, Comment]:
    """A comment its author (or the referent) may delete; others who reach it get PermissionDenied."""
    access, sheet = get_sheet_for_user(user, slug, sheet_pk, level=Level.CONTRIBUTE)
    comment = get_object_or_404(Comment, pk=pk, sheet=sheet)
    if comment.author_id != user.pk and not access.can_manage:
        raise PermissionDenied
    comment.sheet = sheet
    return access, comment
