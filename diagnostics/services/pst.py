"""Writes for the PST: objectives and actions by hand, and imports from a file after a preview."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import activity_record
from diagnostics.imports import ACTION, OPERATIONAL, STRATEGIC, ImportCheck, check_table
from diagnostics.imports import read_table as read_import_table
from diagnostics.models import (
    ObjectiveLevel,
    PstAction,
    PstImport,
    PstImportStatus,
    PstObjective,
    WorkspaceActivityVerb,
)
from smartregion.concurrency import edit_version_save
from smartregion.errors import ServiceError
from smartregion.spreadsheets import TableFileError, file_format

ERROR_CODE_TAKEN = _("Another objective of this PST already has this code.")
ERROR_ACTION_CODE_TAKEN = _("Another action of this PST already has this code.")
ERROR_PARENT_REQUIRED = _("Choose the strategic objective this operational objective belongs to.")
ERROR_PARENT_NOT_STRATEGIC = _("An operational objective belongs to a strategic objective of the same PST.")
ERROR_STRATEGIC_NO_PARENT = _("A strategic objective has no parent.")
ERROR_ACTION_OBJECTIVE = _("An action belongs to an operational objective of the same PST.")
ERROR_OBJECTIVE_HAS_CHILDREN = _("Remove or move its operational objectives and actions first.")
ERROR_IMPORT_NOT_PENDING = _("This import was already confirmed or discarded.")
ERROR_IMPORT_NOT_CLEAN = _("The PST changed since the preview and the file no longer fits it: upload it again.")
ERROR_IMPORT_EXPIRED = _("This preview has expired: upload the file again.")

IMPORT_VALID_FOR = timedelta(days=1)
OBJECTIVE_FIELDS = ("code", "title", "description", "pillars", "parent")
ACTION_FIELDS = ("objective", "code", "title", "owner", "budget", "deadline", "status", "is_smart")


def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


def _check_objective(*, commune: Commune, level: str, parent: PstObjective | None, code: str, pk=None) -> None:
    if level == ObjectiveLevel.STRATEGIC and parent is not None:
        raise ServiceError(ERROR_STRATEGIC_NO_PARENT, field="parent")
    if level == ObjectiveLevel.OPERATIONAL:
        if parent is None:
            raise ServiceError(ERROR_PARENT_REQUIRED, field="parent")
        if parent.commune_id != commune.pk or parent.level != ObjectiveLevel.STRATEGIC:
            raise ServiceError(ERROR_PARENT_NOT_STRATEGIC, field="parent")
    taken = PstObjective.objects.filter(commune=commune, code__iexact=code).exclude(pk=pk).exists()
    if taken:
        raise ServiceError(ERROR_CODE_TAKEN, field="code")


@transaction.atomic
def pst_objective_create(
    *,
    commune: Commune,
    actor,
    level: str,
    code: str,
    title: str,
    parent: PstObjective | None = None,
    description: str = "",
    pillars: list[str] | None = None,
) -> PstObjective:
    code = code.strip()
    _check_objective(commune=commune, level=level, parent=parent, code=code)
    objective = PstObjective(
        commune=commune,
        level=level,
        parent=parent,
        code=code,
        title=title,
        description=description,
        pillars=list(pillars or []),
        position=_next_position(PstObjective.objects.filter(commune=commune)),
    )
    objective.full_clean(exclude=["commune", "parent"])
    objective.save()
    activity_record(
        commune=commune, actor=actor, verb=WorkspaceActivityVerb.PST_OBJECTIVE_SAVED, subject=str(objective)
    )
    return objective


@transaction.atomic
def pst_objective_update(
    *, objective: PstObjective, actor, fields: dict, edit_version: int | None = None
) -> PstObjective:
    fields = {name: value for name, value in fields.items() if name in OBJECTIVE_FIELDS}
    if "code" in fields:
        fields["code"] = fields["code"].strip()
    _check_objective(
        commune=objective.commune,
        level=objective.level,
        parent=fields.get("parent", objective.parent),
        code=fields.get("code", objective.code),
        pk=objective.pk,
    )
    for name, value in fields.items():
        setattr(objective, name, value)
    objective.full_clean(exclude=["commune", "parent"])
    edit_version_save(objective, edit_version=edit_version, update_fields=[*fields, "updated_at"])
    activity_record(
        commune=objective.commune, actor=actor, verb=WorkspaceActivityVerb.PST_OBJECTIVE_SAVED, subject=str(objective)
    )
    return objective


@transaction.atomic
def pst_objective_delete(*, objective: PstObjective, actor) -> None:
    if objective.children.exists() or objective.actions.exists():
        raise ServiceError(ERROR_OBJECTIVE_HAS_CHILDREN)
    subject = str(objective)
    objective.delete()
    activity_record(
        commune=objective.commune, actor=actor, verb=WorkspaceActivityVerb.PST_OBJECTIVE_DELETED, subject=subject
    )


def _check_action(*, commune: Commune, objective: PstObjective, code: str, pk=None) -> None:
    if objective.commune_id != commune.pk or objective.level != ObjectiveLevel.OPERATIONAL:
        raise ServiceError(ERROR_ACTION_OBJECTIVE, field="objective")
    if code and PstAction.objects.filter(commune=commune, code__iexact=code).exclude(pk=pk).exists():
        raise ServiceError(ERROR_ACTION_CODE_TAKEN, field="code")


@transaction.atomic
def pst_action_create(
    *,
    commune: Commune,
    actor,
    objective: PstObjective,
    title: str,
    code: str = "",
    owner: str = "",
    budget: Decimal | None = None,
    deadline=None,
    status: str = "planned",
    is_smart: bool = False,
) -> PstAction:
    code = code.strip()
    _check_action(commune=commune, objective=objective, code=code)
    action = PstAction(
        commune=commune,
        objective=objective,
        code=code,
        title=title,
        owner=owner,
        budget=budget,
        deadline=deadline,
        status=status,
        is_smart=is_smart,
        position=_next_position(PstAction.objects.filter(objective=objective)),
    )
    action.full_clean(exclude=["commune", "objective"])
    action.save()
    activity_record(commune=commune, actor=actor, verb=WorkspaceActivityVerb.PST_ACTION_SAVED, subject=str(action))
    return action


@transaction.atomic
def pst_action_update(*, action: PstAction, actor, fields: dict, edit_version: int | None = None) -> PstAction:
    fields = {name: value for name, value in fields.items() if name in ACTION_FIELDS}
    if "code" in fields:
        fields["code"] = fields["code"].strip()
    _check_action(
        commune=action.commune,
        objective=fields.get("objective", action.objective),
        code=fields.get("code", action.code),
        pk=action.pk,
    )
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean(exclude=["commune", "objective"])
    edit_version_save(action, edit_version=edit_version, update_fields=[*fields, "updated_at"])
    activity_record(
        commune=action.commune, actor=actor, verb=WorkspaceActivityVerb.PST_ACTION_SAVED, subject=str(action)
    )
    return action


@transaction.atomic
def pst_action_delete(*, action: PstAction, actor) -> None:
    subject = str(action)
    action.delete()
    activity_record(commune=action.commune, actor=actor, verb=WorkspaceActivityVerb.PST_ACTION_DELETED, subject=subject)


# Import -------------------------------------------------------------------------------------------


def existing_codes(commune: Commune) -> dict[str, tuple[str, str]]:
    """Codes already in the commune's PST → (level, parent code), as `imports.check_table` expects."""
    codes: dict[str, tuple[str, str]] = {}
    for code, level, parent_code in PstObjective.objects.filter(commune=commune).values_list(
        "code", "level", "parent__code"
    ):
        codes[code] = (STRATEGIC if level == ObjectiveLevel.STRATEGIC else OPERATIONAL, parent_code or "")
    for code, parent_code in (
        PstAction.objects.filter(commune=commune).exclude(code="").values_list("code", "objective__code")
    ):
        codes.setdefault(code, (ACTION, parent_code))
    return codes


def pst_import_check(*, commune: Commune, table: list[list]) -> ImportCheck:
    return check_table(table, existing_codes(commune))


def read_upload(*, filename: str, data: bytes) -> tuple[str, list[list]]:
    """The format and cells of an uploaded file; ServiceError naming what is wrong with it."""
    try:
        fmt = file_format(filename, data)
        return fmt, read_import_table(data, fmt)
    except TableFileError as error:
        raise ServiceError(error.message, field="file") from None


def display_name(filename: str) -> str:
    """The file's name for display only (never a path): its last component, printable, shortened."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable())
    return name[:120] or "upload"


def pst_imports_stale_discard() -> int:
    """Forget previews nobody confirmed within a day (their cells are the only copy of the file)."""
    return PstImport.objects.filter(
        status=PstImportStatus.PENDING, created_at__lt=timezone.now() - IMPORT_VALID_FOR
    ).update(status=PstImportStatus.DISCARDED, table=[])


@transaction.atomic
def pst_import_prepare(*, commune: Commune, actor, filename: str, data: bytes) -> tuple[PstImport | None, ImportCheck]:
    """Check an uploaded PST file; keep its cells for the preview only when nothing blocks the import.

    1. Read the file: size, extension against content, encoding, separator (ServiceError otherwise).
    2. Check every row against the file and the PST already saved: columns, codes, parents, values.
    3. When nothing blocks, keep the decoded cells under a random key (replacing this person's earlier
       preview for the commune); nothing of the PST changes before the confirmation.
    """
    fmt, table = read_upload(filename=filename, data=data)
    check = pst_import_check(commune=commune, table=table)
    if not check.is_clean:
        return None, check
    PstImport.objects.filter(commune=commune, uploaded_by=actor, status=PstImportStatus.PENDING).update(
        status=PstImportStatus.DISCARDED, table=[]
    )
    pst_imports_stale_discard()
    pst_import = PstImport.objects.create(
        commune=commune,
        uploaded_by=actor,
        source_name=display_name(filename),
        file_format=fmt,
        table=table,
        row_count=len(check.rows),
    )
    activity_record(
        commune=commune, actor=actor, verb=WorkspaceActivityVerb.PST_IMPORT_PREPARED, subject=pst_import.source_name
    )
    return pst_import, check


@transaction.atomic
def pst_import_apply(*, pst_import: PstImport, actor) -> dict[str, int]:
    """Save a previewed PST import, all or nothing.

    1. Lock the import; refuse one already applied, discarded or expired.
    2. Check its cells again against the current PST (someone may have changed it since the preview).
    3. Create or update strategic objectives, then operational objectives, then actions (matched by code).
    4. Mark the import applied and forget its cells. Any failure rolls back every row.
    """
    locked = PstImport.objects.select_for_update().select_related("commune").get(pk=pst_import.pk)
    if locked.status != PstImportStatus.PENDING:
        raise ServiceError(ERROR_IMPORT_NOT_PENDING)
    if locked.created_at < timezone.now() - IMPORT_VALID_FOR:
        raise ServiceError(ERROR_IMPORT_EXPIRED)
    commune = locked.commune
    check = pst_import_check(commune=commune, table=locked.table)
    if not check.is_clean:
        raise ServiceError(ERROR_IMPORT_NOT_CLEAN)

    objectives = {o.code.casefold(): o for o in PstObjective.objects.select_for_update().filter(commune=commune)}
    actions = {
        a.code.casefold(): a for a in PstAction.objects.select_for_update().filter(commune=commune).exclude(code="")
    }
    position = _next_position(PstObjective.objects.filter(commune=commune))
    counts = {"created": 0, "updated": 0}
    for row in check.rows:
        position += 1
        if row.level in (STRATEGIC, OPERATIONAL):
            parent = objectives[row.parent_code.casefold()] if row.level == OPERATIONAL else None
            objective = objectives.get(row.code.casefold())
            if objective is None:
                objective = PstObjective(commune=commune, code=row.code, position=position)
                counts["created"] += 1
            else:
                counts["updated"] += 1
            objective.level = ObjectiveLevel.STRATEGIC if row.level == STRATEGIC else ObjectiveLevel.OPERATIONAL
            objective.parent = parent
            objective.title = row.title
            if row.description:
                objective.description = row.description
            if row.pillars:
                objective.pillars = row.pillars
            objective.save()
            objectives[row.code.casefold()] = objective
            continue
        action = actions.get(row.code.casefold()) if row.code else None
        if action is None:
            action = PstAction(commune=commune, code=row.code, position=position)
            counts["created"] += 1
        else:
            counts["updated"] += 1
        action.objective = objectives[row.parent_code.casefold()]
        action.title = row.title
        action.owner = row.owner
        action.budget = row.budget
        action.deadline = row.deadline
        action.status = row.status
        action.is_smart = row.is_smart
        action.save()
        if row.code:
            actions[row.code.casefold()] = action

    locked.status, locked.applied_at, locked.table = PstImportStatus.APPLIED, timezone.now(), []
    locked.save(update_fields=["status", "applied_at", "table"])
    activity_record(
        commune=commune,
        actor=actor,
        verb=WorkspaceActivityVerb.PST_IMPORTED,
        subject=f"{locked.source_name} ({len(check.rows)})",
    )
    return {**counts, "rows": len(check.rows)}


@transaction.atomic
def pst_import_discard(*, pst_import: PstImport, actor) -> None:
    activity_record(
        commune=pst_import.commune,
        actor=actor,
        verb=WorkspaceActivityVerb.PST_IMPORT_DISCARDED,
        subject=pst_import.source_name,
    )
    PstImport.objects.filter(pk=pst_import.pk, status=PstImportStatus.PENDING).update(
        status=PstImportStatus.DISCARDED, table=[]
    )
