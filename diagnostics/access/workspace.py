"""Who may see or change the diagnostic workspace: PST, interviews, workshops, inventory, needs, synthesis.

Everything is reached through the commune (`communes.access.get_commune_for_user`), then fetched
filtered by that commune: Http404 outside the user's reach, PermissionDenied for a role too low.

- Reading the PST, workshops (without participants' names), the inventory, needs and the synthesis:
  `diagnostics.read`.
- Interviews (notes and participants' names are personal data), workshop participants' names and
  unpublished findings: `diagnostics.read_interview_notes`. Others see only published findings.
- Entering and editing the PST, interviews, findings, workshops, the inventory and needs: `diagnostics.edit`.
- The referent's decisions: interview target, publishing findings, deciding on workshop ideas, dismissing
  inventory warnings, merging needs, writing the synthesis: `diagnostics.decide`.

Which roles hold which capability: `communes.capabilities.ROLE_CAPABILITIES`.
"""

from django.shortcuts import get_object_or_404

from communes.access import commune_rights, get_commune_for_user
from communes.capabilities import Capability
from diagnostics.capabilities import DECIDE, EDIT, READ, READ_INTERVIEW_NOTES
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
from smartregion.errors import CapabilityRefused


def _commune(user, slug, need):
    return get_commune_for_user(user, slug, need=need)


def _commune_with_notes(user, slug, need):
    """Interviews and findings are personal data: reaching them needs `read_interview_notes` besides `need`."""
    commune = get_commune_for_user(user, slug, need=need)
    rights = commune_rights(user, commune)
    if not rights.can(READ_INTERVIEW_NOTES):
        raise CapabilityRefused(READ_INTERVIEW_NOTES, may_read=rights.can(READ))
    return commune


def get_objective_for_user(user, slug: str, pk: int, *, need: Capability = EDIT) -> PstObjective:
    commune = _commune(user, slug, need)
    objective = get_object_or_404(PstObjective.objects.select_related("parent"), pk=pk, commune=commune)
    objective.commune = commune
    return objective


def get_action_for_user(user, slug: str, pk: int, *, need: Capability = EDIT) -> PstAction:
    commune = _commune(user, slug, need)
    action = get_object_or_404(PstAction.objects.select_related("objective"), pk=pk, commune=commune)
    action.commune = commune
    return action


def get_pst_import_for_user(user, slug: str, key, *, need: Capability = EDIT) -> PstImport:
    """A pending import of this commune, reached by its random key, by the person who uploaded it."""
    commune = _commune(user, slug, need)
    pst_import = get_object_or_404(
        PstImport, key=key, commune=commune, uploaded_by=user, status=PstImportStatus.PENDING
    )
    pst_import.commune = commune
    return pst_import


def get_interview_for_user(user, slug: str, pk: int, *, need: Capability = EDIT) -> Interview:
    commune = _commune_with_notes(user, slug, need)
    interview = get_object_or_404(Interview, pk=pk, commune=commune)
    interview.commune = commune
    return interview


def get_finding_for_user(user, slug: str, pk: int, *, need: Capability = EDIT) -> Finding:
    commune = _commune_with_notes(user, slug, need)
    finding = get_object_or_404(Finding.objects.select_related("interview", "objective"), pk=pk, commune=commune)
    finding.commune = commune
    return finding


def get_workshop_for_user(user, slug: str, pk: int, *, need: Capability = READ) -> Workshop:
    commune = _commune(user, slug, need)
    workshop = get_object_or_404(Workshop, pk=pk, commune=commune)
    workshop.commune = commune
    return workshop


def get_idea_for_user(user, slug: str, pk: int, *, need: Capability = EDIT) -> WorkshopIdea:
    commune = _commune(user, slug, need)
    idea = get_object_or_404(WorkshopIdea.objects.select_related("workshop", "need"), pk=pk, commune=commune)
    idea.commune = commune
    idea.workshop.commune = commune
    return idea


def get_system_for_user(user, slug: str, pk: int, *, need: Capability = EDIT) -> ExistingSystem:
    commune = _commune(user, slug, need)
    system = get_object_or_404(ExistingSystem, pk=pk, commune=commune)
    system.commune = commune
    return system


def get_exchange_for_user(user, slug: str, pk: int, *, need: Capability = EDIT) -> DataExchange:
    commune = _commune(user, slug, need)
    exchange = get_object_or_404(DataExchange.objects.select_related("source", "target"), pk=pk, commune=commune)
    exchange.commune = commune
    return exchange


def get_dismissal_for_user(user, slug: str, pk: int, *, need: Capability = DECIDE) -> WarningDismissal:
    commune = _commune(user, slug, need)
    dismissal = get_object_or_404(WarningDismissal, pk=pk, commune=commune)
    dismissal.commune = commune
    return dismissal


def get_need_for_user(user, slug: str, pk: int, *, need: Capability = READ) -> Need:
    commune = _commune(user, slug, need)
    found = get_object_or_404(Need.objects.select_related("merged_into"), pk=pk, commune=commune)
    found.commune = commune
    return found


def get_evidence_for_user(user, slug: str, need_pk: int, pk: int, *, need: Capability = EDIT) -> NeedEvidence:
    parent = get_need_for_user(user, slug, need_pk, need=need)
    evidence = get_object_or_404(NeedEvidence, pk=pk, need=parent)
    evidence.need = parent
    return evidence
