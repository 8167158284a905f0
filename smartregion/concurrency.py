"""Optimistic lock shared by every form that two people may edit at once.

A form carries the `edit_version` of the row it was built from; a save built from an older version is refused
with `EditConflict`, so the later tab never silently overwrites the earlier one.
"""

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from smartregion.errors import EditConflict

ERROR_EDIT_CONFLICT = _(
    "Someone else saved this while you were editing it. Nothing of yours is saved yet: the form below keeps "
    "what you typed; compare with the current version (open the page in another tab), then save again."
)


def check_edit_version(current: int, submitted: int | None) -> None:
    """Refuse a save built from an older version than the row's current one."""
    if submitted is not None and submitted != current:
        raise EditConflict(ERROR_EDIT_CONFLICT, current_version=current)


@transaction.atomic
def edit_version_save(instance: models.Model, *, edit_version: int | None, update_fields: list[str]) -> None:
    """Save `update_fields` of an existing row unless someone saved it since `edit_version` was read.

    1. Lock the row and read its stored version.
    2. Refuse with `EditConflict` when the form was built from another version.
    3. Save the fields and bump the version with F(), then read the new version back.
    """
    model = type(instance)
    current = model.objects.select_for_update().values_list("edit_version", flat=True).get(pk=instance.pk)
    check_edit_version(current, edit_version)
    instance.edit_version = F("edit_version") + 1
    instance.save(update_fields=[*dict.fromkeys([*update_fields, "edit_version"])])
    instance.edit_version = model.objects.values_list("edit_version", flat=True).get(pk=instance.pk)
