"""Writes for the PST: objectives and actions by hand, and imports from a file after a preview."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import activity_record
from diagnostics.imports import ACTION, OPERATIONAL, STRATEGIC, ImportCheck, ParsedRow, check_table
from diagnostics.imports import read_table as read_import_table
from diagnostics.models import (
    ObjectiveLevel,
    PstAction,
    PstImport,
    PstObjective,
    WorkspaceActivityVerb,
)
from smartregion import imports
from smartregion.concurrency import edit_version_save
from smartregion.errors import ServiceError
from smartregion.imports import ERROR_IMPORT_EXPIRED, ERROR_IMPORT_NOT_PENDING  # noqa: F401 (the flow's messages, named here too)

ERROR_CODE_TAKEN = _("Another objective of this PST already has this code.")
ERROR_ACTION_CODE_TAKEN = _("Another action of this PST already has this code.")
ERROR_PARENT_REQUIRED = _("Choose the strategic objective this operational objective belongs to.")
ERROR_PARENT_NOT_STRATEGIC = _("An operational objective belongs to a strategic objective of the same PST.")
ERROR_STRATEGIC_NO_PARENT = _("A strategic objective has no parent.")
ERROR_ACTION_OBJECTIVE = _("An action belongs to an operational objective of the same PST.")
ERROR_OBJECTIVE_HAS_CHILDREN = _("Remove or move its operational objectives and actions first.")
ERROR_IMPORT_NOT_CLEAN = _("The PST changed since the preview and the file no longer fits it: upload it again.")

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


class PstImporter:
    """The PST import in the shared flow of `smartregion.imports` (check → preview → apply → sweep)."""

    model = PstImport
    target_field = "commune"
    not_clean_message = ERROR_IMPORT_NOT_CLEAN

    def read_table(self, data: bytes, fmt: str) -> list[list]:
        return read_import_table(data, fmt)

    def check(self, target: Commune, table: list[list]) -> ImportCheck:
        return pst_import_check(commune=target, table=table)

    def save(self, target: Commune, check: ImportCheck, *, actor, pending: PstImport) -> dict[str, int]:
        counts = pst_rows_save(commune=target, rows=check.rows)
        subject = f"{pending.source_name} ({len(check.rows)})"
        activity_record(commune=target, actor=actor, verb=WorkspaceActivityVerb.PST_IMPORTED, subject=subject)
        return {**counts, "rows": len(check.rows)}


PST_IMPORTER = PstImporter()


def pst_imports_stale_discard() -> int:
    """Forget previews nobody confirmed within a day (the periodic `smartregion.imports_sweep` does it for all)."""
    return imports.imports_sweep(only=[PstImport])


def pst_import_prepare(*, commune: Commune, actor, filename: str, data: bytes) -> tuple[PstImport | None, ImportCheck]:
    """Check an uploaded PST file; keep its cells for the preview only when nothing blocks the import
    (see `smartregion.imports.import_prepare`): nothing of the PST changes before the confirmation."""
    pending, check = imports.import_prepare(
        importer=PST_IMPORTER, target=commune, actor=actor, filename=filename, data=data
    )
    if pending is not None:
        activity_record(
            commune=commune, actor=actor, verb=WorkspaceActivityVerb.PST_IMPORT_PREPARED, subject=pending.source_name
        )
    return pending, check


def pst_import_apply(*, pst_import: PstImport, actor) -> dict[str, int]:
    """Save a previewed PST import, all or nothing (see `smartregion.imports.import_apply`): strategic
    objectives, then operational objectives, then actions, matched by code."""
    return imports.import_apply(importer=PST_IMPORTER, pending=pst_import, actor=actor)


@transaction.atomic
def pst_rows_save(*, commune: Commune, rows: list[ParsedRow]) -> dict[str, int]:
    """Create or update the objectives and actions of checked rows (sorted by level), matched by code."""
    objectives = {o.code.casefold(): o for o in PstObjective.objects.select_for_update().filter(commune=commune)}
    actions = {
        a.code.casefold(): a for a in PstAction.objects.select_for_update().filter(commune=commune).exclude(code="")
    }
    position = _next_position(PstObjective.objects.filter(commune=commune))
    counts = {"created": 0, "updated": 0}
    for row in rows:
        position += 1
        if row.level in (STRATEGIC, OPERATIONAL):
            created = _objective_save(commune, row, objectives, position)
        else:
            created = _action_save(commune, row, objectives, actions, position)
        counts["created" if created else "updated"] += 1
    return counts


def _objective_save(commune: Commune, row: ParsedRow, objectives: dict, position: int) -> bool:
    """Save an objective's row; True when it is new. `objectives` (by folded code) gains it."""
    objective = objectives.get(row.code.casefold())
    created = objective is None
    if created:
        objective = PstObjective(commune=commune, code=row.code, position=position)
    objective.level = ObjectiveLevel.STRATEGIC if row.level == STRATEGIC else ObjectiveLevel.OPERATIONAL
    objective.parent = objectives[row.parent_code.casefold()] if row.level == OPERATIONAL else None
    objective.title = row.title
    if row.description:
        objective.description = row.description
    if row.pillars:
        objective.pillars = row.pillars
    objective.save()
    objectives[row.code.casefold()] = objective
    return created


def _action_save(commune: Commune, row: ParsedRow, objectives: dict, actions: dict, position: int) -> bool:
    """Save an action's row; True when it is new. An action without a code is always new."""
    action = actions.get(row.code.casefold()) if row.code else None
    created = action is None
    if created:
        action = PstAction(commune=commune, code=row.code, position=position)
    action.objective = objectives[row.parent_code.casefold()]
    action.title, action.owner, action.budget = row.title, row.owner, row.budget
    action.deadline, action.status, action.is_smart = row.deadline, row.status, row.is_smart
    action.save()
    if row.code:
        actions[row.code.casefold()] = action
    return created


def pst_import_discard(*, pst_import: PstImport, actor) -> None:
    if imports.import_discard(importer=PST_IMPORTER, pending=pst_import):
        activity_record(
            commune=pst_import.commune,
            actor=actor,
            verb=WorkspaceActivityVerb.PST_IMPORT_DISCARDED,
            subject=pst_import.source_name,
        )
