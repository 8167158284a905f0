"""The seam between roadmaps and the diagnostic: PST objectives, needs and existing systems.

Roadmaps depend on diagnostics, never the reverse, and read it only through its selectors, here:

- a project sheet links to the PST objectives it serves, the needs it addresses and the existing
  systems it must exchange data with (`ProjectSheet.pst_objectives`, `.needs`, `.exchanges_with`);
  the forms offer the commune's own (the querysets below), the services check they belong to it;
- duplicate warnings compare sheets with the commune's systems (`existing_systems`); a system being
  replaced is no duplicate of the project replacing it;
- the diagnostic's PST page counts an objective as served when a sheet that is not abandoned links
  to it (`served_objectives`, registered in RoadmapsConfig.ready).
"""

from communes.models import Commune
from diagnostics.selectors import inventory as inventory_selectors
from diagnostics.selectors import needs as need_selectors
from diagnostics.selectors import pst as pst_selectors
from roadmaps.duplicates import SystemRef

# A system being replaced is what a project replaces, not what it duplicates.
NOT_DUPLICATED_STATUSES = frozenset({"being_replaced"})


def existing_systems(commune: Commune) -> list[SystemRef]:
    """The commune's existing systems from the diagnostic's inventory, for duplicate warnings (one query)."""
    return [
        SystemRef(id=s["id"], name=s["name"], category=s["category"])
        for s in inventory_selectors.existing_systems_for_commune(commune)
        if s["status"] not in NOT_DUPLICATED_STATUSES
    ]


def objective_choices(commune: Commune):
    return pst_selectors.objective_choices(commune)


def need_choices(commune: Commune):
    return need_selectors.open_needs_queryset(commune)


def system_choices(commune: Commune):
    return inventory_selectors.systems_queryset(commune)


def served_objectives(commune: Commune) -> set[int]:
    """Ids of the commune's PST objectives served by a sheet of its roadmap that is not abandoned."""
    from roadmaps.models import ProjectSheet, SheetStatus

    return set(
        ProjectSheet.pst_objectives.through.objects.filter(projectsheet__roadmap__commune=commune)
        .exclude(projectsheet__status=SheetStatus.ABANDONED)
        .values_list("pstobjective_id", flat=True)
    )
