"""Warnings about the inventory of existing systems: plain functions over plain data.

- Possible duplicates: two or more *active* systems (in operation or being studied) doing the same
  job (same function category, "other" excepted). A system being replaced is expected to overlap
  with its successor, so it is left out.
- Silos: an active system that exchanges no data with any other system.
- Single points of knowledge: a system in operation that only one person knows how to run.

Each warning has a `key` that identifies its condition: a dismissal stored under that key hides the
warning while the same condition holds (for a duplicate, the same set of systems; for a single point
of knowledge, the same person). When the condition changes, the key changes and the warning shows again.
"""

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

DUPLICATE = "duplicate"
SILO = "silo"
SINGLE_KNOWLEDGE = "single_knowledge"

IN_OPERATION = "in_operation"
BEING_STUDIED = "being_studied"
BEING_REPLACED = "being_replaced"
ACTIVE_STATUSES = frozenset({IN_OPERATION, BEING_STUDIED})
NEUTRAL_CATEGORIES = frozenset({"", "other"})
KIND_ORDER = {DUPLICATE: 0, SILO: 1, SINGLE_KNOWLEDGE: 2}


@dataclass(frozen=True)
class SystemInfo:
    id: int
    name: str
    category: str
    status: str
    holders: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExchangeInfo:
    source: int
    target: int


@dataclass
class InventoryWarning:
    kind: str
    key: str
    system_ids: tuple[int, ...]
    system_names: tuple[str, ...]
    category: str = ""
    dismissed: bool = False
    dismissal: object = None
    extra: dict = field(default_factory=dict)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def duplicate_warnings(systems: Sequence[SystemInfo]) -> list[InventoryWarning]:
    by_category: dict[str, list[SystemInfo]] = defaultdict(list)
    for system in systems:
        if system.status in ACTIVE_STATUSES and system.category not in NEUTRAL_CATEGORIES:
            by_category[system.category].append(system)
    warnings = []
    for category, members in sorted(by_category.items()):
        if len(members) < 2:
            continue
        members = sorted(members, key=lambda s: s.id)
        ids = tuple(s.id for s in members)
        warnings.append(
            InventoryWarning(
                kind=DUPLICATE,
                key=f"{DUPLICATE}:{category}:{','.join(str(i) for i in ids)}",
                system_ids=ids,
                system_names=tuple(s.name for s in members),
                category=category,
            )
        )
    return warnings


def silo_warnings(systems: Sequence[SystemInfo], exchanges: Iterable[ExchangeInfo]) -> list[InventoryWarning]:
    connected = set()
    for exchange in exchanges:
        if exchange.source != exchange.target:
            connected.update((exchange.source, exchange.target))
    return [
        InventoryWarning(
            kind=SILO, key=f"{SILO}:{s.id}", system_ids=(s.id,), system_names=(s.name,), category=s.category
        )
        for s in sorted(systems, key=lambda s: (s.name.casefold(), s.id))
        if s.status in ACTIVE_STATUSES and s.id not in connected
    ]


def single_knowledge_warnings(systems: Sequence[SystemInfo]) -> list[InventoryWarning]:
    warnings = []
    for system in sorted(systems, key=lambda s: (s.name.casefold(), s.id)):
        holders = {_fold(h) for h in system.holders if h.strip()}
        if system.status == IN_OPERATION and len(holders) == 1:
            (holder,) = holders
            warnings.append(
                InventoryWarning(
                    kind=SINGLE_KNOWLEDGE,
                    key=f"{SINGLE_KNOWLEDGE}:{system.id}:{holder}"[:300],
                    system_ids=(system.id,),
                    system_names=(system.name,),
                    category=system.category,
                )
            )
    return warnings


def inventory_warnings(
    systems: Sequence[SystemInfo], exchanges: Iterable[ExchangeInfo], dismissals: Mapping[str, object] | None = None
) -> list[InventoryWarning]:
    """Every warning, each marked dismissed when a dismissal is stored under its key."""
    dismissals = dismissals or {}
    warnings = [
        *duplicate_warnings(systems),
        *silo_warnings(systems, list(exchanges)),
        *single_knowledge_warnings(systems),
    ]
    for warning in warnings:
        if warning.key in dismissals:
            warning.dismissed = True
            warning.dismissal = dismissals[warning.key]
    warnings.sort(key=lambda w: (w.dismissed, KIND_ORDER[w.kind]))
    return warnings


def stale_dismissal_keys(dismissal_keys: Iterable[str], warnings: Iterable[InventoryWarning]) -> set[str]:
    """Keys of dismissals whose condition no longer holds."""
    current = {w.key for w in warnings}
    return {key for key in dismissal_keys if key not in current}
