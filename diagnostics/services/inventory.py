"""Writes for the inventory: existing systems, data exchanges, and the referent's dismissed warnings.

After every change, dismissals whose condition no longer holds are removed, so that a warning that
comes back later (a silo that loses its last exchange again, a duplicate with another system) is
shown again rather than staying silently dismissed.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import activity_record
from diagnostics.inventory_checks import stale_dismissal_keys
from diagnostics.models import DataExchange, ExistingSystem, WarningDismissal, WorkspaceActivityVerb
from diagnostics.selectors.inventory import current_warnings
from smartregion.concurrency import edit_version_save
from smartregion.errors import ServiceError

ERROR_NAME_TAKEN = _("The inventory already has a system with this name.")
ERROR_EXCHANGE_SELF = _("A system does not exchange data with itself: choose two different systems.")
ERROR_EXCHANGE_OUTSIDE = _("Choose systems of this commune's inventory.")
ERROR_EXCHANGE_EXISTS = _("This exchange is already recorded.")
ERROR_WARNING_GONE = _("This warning no longer applies: the inventory changed meanwhile.")
ERROR_WARNING_DISMISSED = _("This warning is already dismissed.")
ERROR_REASON_REQUIRED = _("Say why this warning does not apply.")

SYSTEM_FIELDS = (
    "name",
    "kind",
    "category",
    "vendor",
    "version",
    "end_of_support",
    "status",
    "yearly_cost",
    "main_users",
    "knowledge_holders",
    "notes",
)
EXCHANGE_FIELDS = ("source", "target", "data", "mode")


def dismissals_prune(*, commune: Commune) -> int:
    """Remove dismissals whose warning's condition no longer holds; how many were removed."""
    dismissals = dict(WarningDismissal.objects.filter(commune=commune).values_list("key", "pk"))
    if not dismissals:
        return 0
    stale = stale_dismissal_keys(dismissals, current_warnings(commune))
    if stale:
        WarningDismissal.objects.filter(commune=commune, key__in=stale).delete()
    return len(stale)


def _check_name(commune: Commune, name: str, pk=None) -> None:
    if ExistingSystem.objects.filter(commune=commune, name__iexact=name.strip()).exclude(pk=pk).exists():
        raise ServiceError(ERROR_NAME_TAKEN, field="name")


@transaction.atomic
def system_create(*, commune: Commune, actor, name: str, category: str, **fields) -> ExistingSystem:
    _check_name(commune, name)
    system = ExistingSystem(
        commune=commune,
        name=name.strip(),
        category=category,
        **{k: v for k, v in fields.items() if k in SYSTEM_FIELDS},
    )
    system.full_clean(exclude=["commune"])
    system.save()
    dismissals_prune(commune=commune)
    activity_record(commune=commune, actor=actor, verb=WorkspaceActivityVerb.SYSTEM_SAVED, subject=system.name)
    return system


@transaction.atomic
def system_update(*, system: ExistingSystem, actor, fields: dict, edit_version: int | None = None) -> ExistingSystem:
    fields = {name: value for name, value in fields.items() if name in SYSTEM_FIELDS}
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        _check_name(system.commune, fields["name"], pk=system.pk)
    for name, value in fields.items():
        setattr(system, name, value)
    system.full_clean(exclude=["commune"])
    edit_version_save(system, edit_version=edit_version, update_fields=[*fields, "updated_at"])
    dismissals_prune(commune=system.commune)
    activity_record(commune=system.commune, actor=actor, verb=WorkspaceActivityVerb.SYSTEM_SAVED, subject=system.name)
    return system


@transaction.atomic
def system_delete(*, system: ExistingSystem, actor) -> None:
    subject = system.name
    system.delete()
    dismissals_prune(commune=system.commune)
    activity_record(commune=system.commune, actor=actor, verb=WorkspaceActivityVerb.SYSTEM_DELETED, subject=subject)


def _check_exchange(commune: Commune, source: ExistingSystem, target: ExistingSystem) -> None:
    if source.commune_id != commune.pk or target.commune_id != commune.pk:
        raise ServiceError(ERROR_EXCHANGE_OUTSIDE, field="target")
    if source.pk == target.pk:
        raise ServiceError(ERROR_EXCHANGE_SELF, field="target")


@transaction.atomic
def exchange_create(
    *, commune: Commune, actor, source: ExistingSystem, target: ExistingSystem, data: str, mode: str = "automatic"
) -> DataExchange:
    _check_exchange(commune, source, target)
    exchange = DataExchange(commune=commune, source=source, target=target, data=data.strip(), mode=mode)
    exchange.full_clean(exclude=["commune", "source", "target"])
    try:
        with transaction.atomic():
            exchange.save()
    except IntegrityError:
        raise ServiceError(ERROR_EXCHANGE_EXISTS, field="data") from None
    dismissals_prune(commune=commune)
    activity_record(commune=commune, actor=actor, verb=WorkspaceActivityVerb.EXCHANGE_SAVED, subject=str(exchange))
    return exchange


@transaction.atomic
def exchange_update(*, exchange: DataExchange, actor, fields: dict) -> DataExchange:
    fields = {name: value for name, value in fields.items() if name in EXCHANGE_FIELDS}
    _check_exchange(exchange.commune, fields.get("source", exchange.source), fields.get("target", exchange.target))
    for name, value in fields.items():
        setattr(exchange, name, value.strip() if name == "data" else value)
    exchange.full_clean(exclude=["commune", "source", "target"])
    try:
        with transaction.atomic():
            exchange.save(update_fields=list(fields))
    except IntegrityError:
        raise ServiceError(ERROR_EXCHANGE_EXISTS, field="data") from None
    dismissals_prune(commune=exchange.commune)
    activity_record(
        commune=exchange.commune, actor=actor, verb=WorkspaceActivityVerb.EXCHANGE_SAVED, subject=str(exchange)
    )
    return exchange


@transaction.atomic
def exchange_delete(*, exchange: DataExchange, actor) -> None:
    subject = str(exchange)
    exchange.delete()
    dismissals_prune(commune=exchange.commune)
    activity_record(commune=exchange.commune, actor=actor, verb=WorkspaceActivityVerb.EXCHANGE_DELETED, subject=subject)


@transaction.atomic
def warning_dismiss(*, commune: Commune, actor, key: str, reason: str) -> WarningDismissal:
    """Dismiss the current warning `key` with a reason; it stays dismissed while its condition holds."""
    reason = " ".join(reason.split())
    if not reason:
        raise ServiceError(ERROR_REASON_REQUIRED, field="reason")
    warning = next((w for w in current_warnings(commune) if w.key == key), None)
    if warning is None:
        raise ServiceError(ERROR_WARNING_GONE)
    if WarningDismissal.objects.filter(commune=commune, key=key).exists():
        raise ServiceError(ERROR_WARNING_DISMISSED)
    dismissal = WarningDismissal.objects.create(
        commune=commune,
        kind=warning.kind,
        key=key,
        reason=reason[:500],
        dismissed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    activity_record(
        commune=commune,
        actor=actor,
        verb=WorkspaceActivityVerb.WARNING_DISMISSED,
        subject=_("%(label)s: %(value)s")
        % {"label": dismissal.get_kind_display(), "value": ", ".join(warning.system_names)},
    )
    return dismissal


@transaction.atomic
def warning_restore(*, dismissal: WarningDismissal, actor) -> None:
    subject = dismissal.get_kind_display()
    dismissal.delete()
    activity_record(
        commune=dismissal.commune, actor=actor, verb=WorkspaceActivityVerb.WARNING_RESTORED, subject=subject
    )
