"""Importing a file in two steps, the same way for every app: check → preview → apply, and a sweep.

An app describes one kind of import with an `Importer` (see the protocol below): the model of its
pending imports (a subclass of `PendingImport`), how to read a file within its limits, how to check a
table against the data already saved, and how to save the rows of a clean check. This module does the
rest, identically for the PST, the barometer and what comes next:

1. `import_prepare` reads the upload (`smartregion.spreadsheets`: bounded, never the file system),
   checks it and, when nothing blocks, keeps its decoded cells as a pending import (replacing the same
   person's earlier preview for the same target); nothing else changes;
2. the app's preview page shows the check again from those cells (`templates/includes/import_problems.html`
   and `templates/includes/import_confirm.html`);
3. `import_apply` locks the pending import, refuses one already applied, discarded or expired, checks
   its cells again (the data may have changed since the preview), saves the rows all or nothing and
   forgets the cells;
4. `imports_sweep` (the periodic task `smartregion.imports_sweep`) discards previews nobody confirmed
   within their model's `valid_for`: their cells are the only copy of the file.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar, Protocol

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartregion.errors import ServiceError
from smartregion.spreadsheets import TableFileError, file_format

ERROR_IMPORT_NOT_PENDING = _("This import was already confirmed or discarded.")
ERROR_IMPORT_EXPIRED = _("This preview has expired: upload the file again.")


# What a check gives back --------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: the whole file (e.g. a missing column)
    column: str  # the importer's name of the column (stable, for code and tests)
    message: str
    label: str = ""  # the column as the user knows it (their file's title, or translated); `column` when empty

    @property
    def column_label(self) -> str:
        return self.label or self.column


@dataclass
class ImportCheck:
    """Every problem of a table, row by row; `rows` are what would be saved. Apps add their own fields."""

    rows: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.errors and bool(self.rows)

    def problems_by_line(self) -> dict[int | None, list[tuple[str, RowError]]]:
        """Errors and warnings per row, for the preview ("error" or "warning", then the problem)."""
        result: dict[int | None, list[tuple[str, RowError]]] = {}
        for severity, items in (("error", self.errors), ("warning", self.warnings)):
            for item in items:
                result.setdefault(item.line, []).append((severity, item))
        return result


# Pending imports ----------------------------------------------------------------------------------


class PendingImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    APPLIED = "applied", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class PendingImport(models.Model):
    """A checked file waiting for confirmation. Only its decoded cells are kept (never the file, never a
    path built from its name), so that the confirmation checks again exactly what the preview showed.

    A subclass adds the foreign key to what the import fills (a commune, an edition…) and may change
    `valid_for`.
    """

    valid_for: ClassVar[timedelta] = timedelta(days=1)

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    source_name = models.CharField(_("file"), max_length=120)
    file_format = models.CharField(_("format"), max_length=8)
    table = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=PendingImportStatus.choices, default=PendingImportStatus.PENDING)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.created_at < (now or timezone.now()) - self.valid_for


# What an app provides -----------------------------------------------------------------------------


class Importer(Protocol):
    """One kind of import. `target` is the object the import fills, reached from a pending import
    through its foreign key named `target_field`."""

    model: type[PendingImport]
    target_field: str
    # Shown when the confirmation finds problems the preview did not (the data changed meanwhile).
    not_clean_message: Any

    def read_table(self, data: bytes, fmt: str) -> list[list]:
        """The cells of a file of format `fmt`, within the import's limits (TableFileError otherwise)."""
        ...

    def check(self, target, table: list[list]) -> ImportCheck:
        """Every problem of `table` against what `target` already holds; plain data, no writes."""
        ...

    def save(self, target, check: ImportCheck, *, actor, pending: PendingImport) -> Any:
        """Save the rows of a clean check (inside the confirmation's transaction); returns what the view shows."""
        ...


# The flow -----------------------------------------------------------------------------------------


def display_name(filename: str) -> str:
    """The file's name for display only (never a path): its last component, printable, shortened."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable())
    return name[:120] or "upload"


def upload_read(*, importer: Importer, filename: str, data: bytes) -> tuple[str, list[list]]:
    """The format and cells of an uploaded file; ServiceError on the form's `file` field naming what is wrong."""
    try:
        fmt = file_format(filename, data)
        return fmt, importer.read_table(data, fmt)
    except TableFileError as error:
        raise ServiceError(error.message, field="file") from None


@transaction.atomic
def import_prepare(
    *, importer: Importer, target, actor, filename: str, data: bytes
) -> tuple[PendingImport | None, ImportCheck]:
    """Check an uploaded file; keep its cells for the preview only when nothing blocks the import.

    1. Read the file: size, extension against content, encoding, separator (ServiceError otherwise).
    2. Check every row against the file and what `target` already holds.
    3. When nothing blocks, discard this person's earlier preview for `target` and keep the decoded
       cells as a pending import; nothing else changes before the confirmation.
    """
    fmt, table = upload_read(importer=importer, filename=filename, data=data)
    check = importer.check(target, table)
    if not check.is_clean:
        return None, check
    model = importer.model
    uploader = actor if actor is not None and actor.is_authenticated else None
    model.objects.filter(
        **{importer.target_field: target}, uploaded_by=uploader, status=PendingImportStatus.PENDING
    ).update(status=PendingImportStatus.DISCARDED, table=[])
    imports_sweep(only=[model])
    pending = model.objects.create(
        **{importer.target_field: target},
        uploaded_by=uploader,
        source_name=display_name(filename),
        file_format=fmt,
        table=table,
        row_count=len(check.rows),
    )
    return pending, check


def import_preview(*, importer: Importer, pending: PendingImport) -> ImportCheck:
    """The check the preview shows, from the kept cells against the data as it is now."""
    return importer.check(getattr(pending, importer.target_field), pending.table)


@transaction.atomic
def import_apply(*, importer: Importer, pending: PendingImport, actor) -> Any:
    """Save a previewed import, all or nothing.

    1. Lock the pending import; refuse one already applied, discarded or expired.
    2. Check its cells again against the current data (someone may have changed it since the preview).
    3. Save the rows (the importer's `save`), then mark the import applied and forget its cells.
    Any failure rolls back every row.
    """
    locked = importer.model.objects.select_for_update().select_related(importer.target_field).get(pk=pending.pk)
    if locked.status != PendingImportStatus.PENDING:
        raise ServiceError(ERROR_IMPORT_NOT_PENDING)
    if locked.is_expired():
        raise ServiceError(ERROR_IMPORT_EXPIRED)
    target = getattr(locked, importer.target_field)
    check = importer.check(target, locked.table)
    if not check.is_clean:
        raise ServiceError(importer.not_clean_message)
    result = importer.save(target, check, actor=actor, pending=locked)
    locked.status, locked.applied_at, locked.table = PendingImportStatus.APPLIED, timezone.now(), []
    locked.save(update_fields=["status", "applied_at", "table"])
    return result


def import_discard(*, importer: Importer, pending: PendingImport) -> bool:
    """Forget a preview; False when it was no longer pending (applied or discarded already)."""
    updated = importer.model.objects.filter(pk=pending.pk, status=PendingImportStatus.PENDING).update(
        status=PendingImportStatus.DISCARDED, table=[]
    )
    if updated:
        pending.status, pending.table = PendingImportStatus.DISCARDED, []
    return bool(updated)


def pending_import_models() -> list[type[PendingImport]]:
    """Every concrete model of pending imports, whichever app declares it."""
    return [model for model in apps.get_models() if issubclass(model, PendingImport)]


def imports_sweep(*, now: datetime | None = None, only: list[type[PendingImport]] | None = None) -> int:
    """Discard previews nobody confirmed within their model's `valid_for`; returns how many. Safe to run twice."""
    now = now or timezone.now()
    discarded = 0
    for model in pending_import_models() if only is None else only:
        discarded += model.objects.filter(
            status=PendingImportStatus.PENDING, created_at__lt=now - model.valid_for
        ).update(status=PendingImportStatus.DISCARDED, table=[])
    return discarded
