"""Writes shared by the diagnostic workspace: the commune's Diagnostic row, the interview target, the
synthesis texts, and the optimistic lock used by every form that two people may edit at once."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import activity_record
from diagnostics.models import Diagnostic, WorkspaceActivityVerb
from smartregion.concurrency import ERROR_EDIT_CONFLICT, check_edit_version  # noqa: F401 (kept for callers)
from smartregion.errors import ServiceError

ERROR_TARGET_RANGE = _("The target is between 1 and 100 interviews.")
SYNTHESIS_FIELDS = ("summary_text", "strengths_text", "weaknesses_text", "existing_text")


def diagnostic_get_or_create(*, commune: Commune) -> Diagnostic:
    diagnostic, _created = Diagnostic.objects.get_or_create(commune=commune)
    return diagnostic


@transaction.atomic
def interview_target_set(*, commune: Commune, actor, target: int) -> Diagnostic:
    if not 1 <= target <= 100:
        raise ServiceError(ERROR_TARGET_RANGE, field="interview_target")
    diagnostic = diagnostic_get_or_create(commune=commune)
    diagnostic.interview_target = target
    diagnostic.save(update_fields=["interview_target", "updated_at"])
    activity_record(
        commune=commune, actor=actor, verb=WorkspaceActivityVerb.INTERVIEW_TARGET_CHANGED, subject=str(target)
    )
    return diagnostic


@transaction.atomic
def synthesis_update(*, commune: Commune, actor, fields: dict, edit_version: int | None) -> Diagnostic:
    """Save the referent's synthesis texts, refusing a save built on an older version."""
    diagnostic_get_or_create(commune=commune)
    diagnostic = Diagnostic.objects.select_for_update().get(commune=commune)
    check_edit_version(diagnostic.edit_version, edit_version)
    changed = [name for name in SYNTHESIS_FIELDS if name in fields]
    for name in changed:
        setattr(diagnostic, name, fields[name])
    diagnostic.edit_version += 1
    diagnostic.updated_by = actor if actor is not None and actor.is_authenticated else None
    diagnostic.save(update_fields=[*changed, "edit_version", "updated_by", "updated_at"])
    activity_record(commune=commune, actor=actor, verb=WorkspaceActivityVerb.SYNTHESIS_SAVED)
    return diagnostic
