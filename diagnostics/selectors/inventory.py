"""Reads of the inventory of existing systems, with the warnings computed from it.

Systems are listed by name whatever its case, so that “iA.Docs” sits among the I.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models.functions import Lower

from communes.models import Commune
from diagnostics.inventory_checks import ExchangeInfo, InventoryWarning, SystemInfo, inventory_warnings
from diagnostics.models import DataExchange, ExchangeMode, ExistingSystem, SystemStatus, WarningDismissal
from diagnostics.models.inventory import SystemCategory, holder_list


def _infos(systems) -> list[SystemInfo]:
    return [
        SystemInfo(
            id=s.pk, name=s.name, category=s.category, status=s.status, holders=tuple(holder_list(s.knowledge_holders))
        )
        for s in systems
    ]


def current_warnings(commune: Commune, *, systems=None, exchanges=None, dismissals=None) -> list[InventoryWarning]:
    """Every warning of the inventory (dismissed ones marked), from rows already read or in 2–3 queries."""
    if systems is None:
        systems = list(ExistingSystem.objects.filter(commune=commune))
    if exchanges is None:
        exchanges = list(DataExchange.objects.filter(commune=commune).only("source_id", "target_id"))
    if dismissals is None:
        dismissals = {d.key: d for d in WarningDismissal.objects.filter(commune=commune).select_related("dismissed_by")}
    return inventory_warnings(_infos(systems), [ExchangeInfo(e.source_id, e.target_id) for e in exchanges], dismissals)


@dataclass
class Inventory:
    systems: list
    exchanges: list
    warnings: list[InventoryWarning]
    dismissals: list

    @property
    def active_warnings(self) -> list[InventoryWarning]:
        return [w for w in self.warnings if not w.dismissed]

    @property
    def dismissed_warnings(self) -> list[InventoryWarning]:
        return [w for w in self.warnings if w.dismissed]


def inventory_for_commune(commune: Commune) -> Inventory:
    """Systems (with `.warning_kinds`), exchanges and warnings; three queries whatever the inventory's size."""
    systems = list(ExistingSystem.objects.filter(commune=commune).order_by(Lower("name"), "pk"))
    exchanges = list(
        DataExchange.objects.filter(commune=commune)
        .select_related("source", "target")
        .order_by(Lower("source__name"), Lower("target__name"), "pk")
    )
    dismissals = list(WarningDismissal.objects.filter(commune=commune).select_related("dismissed_by"))
    warnings = current_warnings(
        commune, systems=systems, exchanges=exchanges, dismissals={d.key: d for d in dismissals}
    )
    kinds: dict[int, set[str]] = {}
    for warning in warnings:
        if not warning.dismissed:
            for system_id in warning.system_ids:
                kinds.setdefault(system_id, set()).add(warning.kind)
    labels = dict(SystemCategory.choices)
    for warning in warnings:
        warning.extra["category_label"] = str(labels.get(warning.category, warning.category))
    for system in systems:
        system.warning_kinds = sorted(kinds.get(system.pk, set()))
        system.holder_count = len(holder_list(system.knowledge_holders))
    return Inventory(systems=systems, exchanges=exchanges, warnings=warnings, dismissals=dismissals)


@dataclass
class InventorySummary:
    systems: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    yearly_cost: Decimal = Decimal(0)
    exchanges: int = 0
    manual_exchanges: int = 0
    warnings: dict[str, int] = field(default_factory=dict)
    dismissed: int = 0
    warning_list: list[dict] = field(default_factory=list)


def inventory_summary(commune: Commune) -> InventorySummary:
    """The inventory as counts and warnings, without any person's name (for the synthesis and the report)."""
    inventory = inventory_for_commune(commune)
    status_labels = dict(SystemStatus.choices)
    category_labels = dict(SystemCategory.choices)
    by_status = Counter(s.status for s in inventory.systems)
    by_category = Counter(s.category for s in inventory.systems)
    active = inventory.active_warnings
    return InventorySummary(
        systems=len(inventory.systems),
        by_status={str(status_labels[k]): v for k, v in by_status.items()},
        by_category=sorted(
            ((str(category_labels.get(k, k)), v) for k, v in by_category.items()), key=lambda item: (-item[1], item[0])
        ),
        yearly_cost=sum(
            (s.yearly_cost or Decimal(0) for s in inventory.systems if s.status != "being_studied"), Decimal(0)
        ),
        exchanges=len(inventory.exchanges),
        manual_exchanges=sum(1 for e in inventory.exchanges if e.mode == ExchangeMode.MANUAL),
        warnings=dict(Counter(w.kind for w in active)),
        dismissed=len(inventory.dismissed_warnings),
        warning_list=[
            {"kind": w.kind, "systems": list(w.system_names), "category": w.extra.get("category_label", "")}
            for w in active
        ],
    )


def existing_systems_for_commune(commune: Commune) -> list[dict]:
    """The commune's systems as plain data, for the roadmap (duplicates, exchanges with project sheets).

    `category` uses the same values as `roadmaps.models.FunctionCategory` where the two lists overlap.
    """
    return [
        {
            "id": s.pk,
            "name": s.name,
            "kind": s.kind,
            "category": s.category,
            "category_label": str(s.get_category_display()),
            "status": s.status,
            "vendor": s.vendor,
            "yearly_cost": s.yearly_cost,
        }
        for s in ExistingSystem.objects.filter(commune=commune).order_by(Lower("name"), "pk")
    ]


def systems_queryset(commune: Commune):
    """Systems for form choices (e.g. the roadmap's "must exchange data with")."""
    return ExistingSystem.objects.filter(commune=commune).order_by(Lower("name"), "pk")
