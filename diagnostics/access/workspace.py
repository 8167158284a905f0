"""Who may see or change the diagnostic workspace: PST, interviews, workshops, inventory, needs, synthesis.

Everything is reached through the commune (`communes.access.get_commune_for_user`), then fetched
filtered by that commune: Http404 outside the user's reach, PermissionDenied for a role too low.

- Reading the PST, workshops (without participants' names), the inventory, needs and the synthesis:
  everyone of the commune, college members included (READ).
- Interviews (notes and participants' names are personal data) and workshop participants' names:
  the commune's staff and the referent (CONTRIBUTE). College members see only published findings.
- Entering and editing the PST, interviews, findings, workshops, the inventory and needs: CONTRIBUTE.
- The referent's decisions (MANAGE): interview target, publishing findings, deciding on workshop
  ideas, dismissing inventory warnings, merging needs, writing the synthesis.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from communes.access import Level, commune_level, get_commune_for_user
from diagnostics.models import (
    DataExchange,
    ExistingSystem,
    Finding,
    Interview,
    Need,
    NeedEvidence,
    PstAction,
    PstImport,
    PstImportStatus,
    PstObjective,
    WarningDismissal,
    Workshop,
    WorkshopIdea,
)

READ = Level.READ
CONTRIBUTE = Level.CONTRIBUTE
MANAGE = Level.MANAGE

READ_PERSONAL = CONTRIBUTE


@dataclass(frozen=True)
class WorkspaceRights:
    level: int
    can_edit: bool  # PST, interviews, findings, workshops, inventory, needs
    can_read_personal: bool  # interview notes and participants, workshop participants, unpublished findings
    can_manage: bool  # target, publishing, decisions, dismissals, merges, synthesis


def rights_for(user, commune) -> WorkspaceRights:
    level = commune_level(user, commune) or 0
    return WorkspaceRights(
        level=level,
        can_edit=level >= CONTRIBUTE,
        can_read_personal=level >= READ_PERSONAL,
        can_manage=level >= MANAGE,
    )


def _commune(user, slug, level):
    return get_commune_for_user(user, slug, level=level)


def get_objective_for_user(user, slug: str, pk: int, *, level: Level = CONTRIBUTE) -> PstObjective:
    commune = _commune(user, slug, level)
    objective = get_object_or_404(PstObjective.objects.select_related("parent"), pk=pk, commune=commune)
    objective.commune = commune
    return objective


def get_action_for_user(user, slug: str, pk: int, *, level: Level = CONTRIBUTE) -> PstAction:
    commune = _commune(user, slug, level)
    action = get_object_or_404(PstAction.objects.select_related("objective"), pk=pk, commune=commune)
    action.commune = commune
    return action


def get_pst_import_for_user(user, slug: str, key, *, level: Level = CONTRIBUTE) -> PstImport:
    """A pending import of this commune, reached by its random key, by the person who uploaded it."""
    commune = _commune(user, slug, level)
    pst_import = get_object_or_404(
        PstImport, key=key, commune=commune, uploaded_by=user, status=PstImportStatus.PENDING
    )
    pst_import.commune = commune
    return pst_import


def get_interview_for_user(user, slug: str, pk: int, *, level: Level = CONTRIBUTE) -> Interview:
    commune = _commune(user, slug, max(level, READ_PERSONAL))
    interview = get_object_or_404(Interview, pk=pk, commune=commune)
    interview.commune = commune
    return interview


def get_finding_for_user(user, slug: str, pk: int, *, level: Level = CONTRIBUTE) -> Finding:
    commune = _commune(user, slug, max(level, READ_PERSONAL))
    finding = get_object_or_404(Finding.objects.select_related("interview", "objective"), pk=pk, commune=commune)
    finding.commune = commune
    return finding


def get_workshop_for_user(user, slug: str, pk: int, *, level: Level = READ) -> Workshop:
    commune = _commune(user, slug, level)
    workshop = get_object_or_404(Workshop, pk=pk, commune=commune)
    workshop.commune = commune
    return workshop


def get_idea_for_user(user, slug: str, pk: int, *, level: Level = CONTRIBUTE) -> WorkshopIdea:
    commune = _commune(user, slug, level)
    idea = get_object_or_404(WorkshopIdea.objects.select_related("workshop", "need"), pk=pk, commune=commune)
    idea.commune = commune
    idea.workshop.commune = commune
    return idea


def get_system_for_user(user, slug: str, pk: int, *, level: Level = CONTRIBUTE) -> ExistingSystem:
    commune = _commune(user, slug, level)
    system = get_object_or_404(ExistingSystem, pk=pk, commune=commune)
    system.commune = commune
    return system


def get_exchange_for_user(user, slug: str, pk: int, *, level: Level = CONTRIBUTE) -> DataExchange:
    commune = _commune(user, slug, level)
    exchange = get_object_or_404(DataExchange.objects.select_related("source", "target"), pk=pk, commune=commune)
    exchange.commune = commune
    return exchange


def get_dismissal_for_user(user, slug: str, pk: int, *, level: Level = MANAGE) -> WarningDismissal:
    commune = _commune(user, slug, level)
    dismissal = get_object_or_404(WarningDismissal, pk=pk, commune=commune)
    dismissal.commune = commune
    return dismissal


def get_need_for_user(user, slug: str, pk: int, *, level: Level = READ) -> Need:
    commune = _commune(user, slug, level)
    need = get_object_or_404(Need.objects.select_related("merged_into"), pk=pk, commune=commune)
    need.commune = commune
    return need


def get_evidence_for_user(user, slug: str, need_pk: int, pk: int, *, level: Level = CONTRIBUTE) -> NeedEvidence:
    need = get_need_for_user(user, slug, need_pk, level=level)
    evidence = get_object_or_404(NeedEvidence, pk=pk, need=need)
    evidence.need = need
    return evidence
