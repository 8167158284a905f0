"""Reads of the PST: the tree of objectives and actions, and which objectives no digital project serves.

"Served" is open to other apps: today an operational objective is served by one of its smart actions;
the roadmap registers its own provider (project sheets linked to objectives) with
`register_objective_server`, without the diagnostics app knowing about roadmaps.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from communes.models import Commune
from diagnostics.models import ObjectiveLevel, PstAction, PstObjective

# name → function(commune) returning the ids of the objectives it serves (one query at most).
OBJECTIVE_SERVERS: dict[str, Callable[[Commune], set[int]]] = {}


def register_objective_server(name: str, provider: Callable[[Commune], set[int]]) -> None:
    """Declare another way an objective can be served (e.g. the roadmap's project sheets).

    `provider(commune)` returns the ids of the commune's objectives (strategic or operational) it
    serves, in one query. Registering the same name again replaces the provider.
    """
    OBJECTIVE_SERVERS[name] = provider


def _smart_action_objectives(commune: Commune) -> set[int]:
    return set(
        PstAction.objects.filter(commune=commune, is_smart=True)
        .exclude(status="abandoned")
        .values_list("objective_id", flat=True)
    )


register_objective_server("smart_actions", _smart_action_objectives)


def served_objective_ids(commune: Commune) -> dict[int, list[str]]:
    """Objective id → names of the providers serving it (a strategic objective is served through its children)."""
    served: dict[int, list[str]] = {}
    for name, provider in OBJECTIVE_SERVERS.items():
        for objective_id in provider(commune):
            served.setdefault(objective_id, []).append(name)
    return served


def objectives_queryset(commune: Commune):
    return PstObjective.objects.filter(commune=commune).order_by("position", "code", "pk")


def pst_tree(commune: Commune) -> list[PstObjective]:
    """Strategic objectives, each with `.operational` (its operational objectives, each with `.action_list`)
    and `.served`; fixed number of queries whatever the size of the PST."""
    served = served_objective_ids(commune)
    objectives = list(
        objectives_queryset(commune).prefetch_related(
            Prefetch("actions", queryset=PstAction.objects.order_by("position", "code", "pk"), to_attr="action_list")
        )
    )
    children: dict[int, list[PstObjective]] = {}
    for objective in objectives:
        objective.served_by = served.get(objective.pk, [])
        if objective.parent_id:
            children.setdefault(objective.parent_id, []).append(objective)
    strategic = [o for o in objectives if o.level == ObjectiveLevel.STRATEGIC]
    for objective in strategic:
        objective.operational = children.get(objective.pk, [])
        objective.served_by = sorted(
            set(objective.served_by) | {name for child in objective.operational for name in child.served_by}
        )
    for objective in objectives:
        objective.served = bool(objective.served_by)
        objective.smart_count = sum(1 for a in getattr(objective, "action_list", []) if a.is_smart)
    return strategic


def unserved_objectives(commune: Commune) -> list[PstObjective]:
    """Operational objectives that no digital project serves yet (no smart action, no provider)."""
    served = served_objective_ids(commune)
    return [
        o
        for o in objectives_queryset(commune).filter(level=ObjectiveLevel.OPERATIONAL).select_related("parent")
        if o.pk not in served and o.parent_id not in served
    ]


def objective_choices(commune: Commune, *, level: str | None = None):
    queryset = objectives_queryset(commune)
    if level:
        queryset = queryset.filter(level=level)
    return queryset


@dataclass
class PstSummary:
    strategic: int = 0
    operational: int = 0
    actions: int = 0
    smart_actions: int = 0
    budget_total: Decimal | None = None
    smart_budget_total: Decimal | None = None
    unserved: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def pst_summary(commune: Commune) -> PstSummary:
    """Counts of the PST (three queries), for the workspace home and the report."""
    levels = dict(
        PstObjective.objects.filter(commune=commune)
        .order_by()
        .values("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    actions = PstAction.objects.filter(commune=commune).aggregate(
        n=Count("pk"),
        smart=Count("pk", filter=Q(is_smart=True)),
        budget_sum=Sum("budget"),
        smart_budget_sum=Sum("budget", filter=Q(is_smart=True)),
    )
    by_status = dict(
        PstAction.objects.filter(commune=commune)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return PstSummary(
        strategic=levels.get(ObjectiveLevel.STRATEGIC, 0),
        operational=levels.get(ObjectiveLevel.OPERATIONAL, 0),
        actions=actions["n"],
        smart_actions=actions["smart"],
        budget_total=actions["budget_sum"],
        smart_budget_total=actions["smart_budget_sum"],
        unserved=len(unserved_objectives(commune)),
        by_status=by_status,
    )


def pst_objectives_for_commune(commune: Commune) -> list[dict]:
    """The PST as plain data for the roadmap and the report (no owners: names stay in the portal).

    Each strategic objective: code, title, pillars, served, operational objectives with their actions
    (code, title, status, budget, deadline, smart).
    """
    result = []
    for strategic in pst_tree(commune):
        result.append(
            {
                "id": strategic.pk,
                "code": strategic.code,
                "title": strategic.title,
                "pillars": list(strategic.pillars),
                "pillar_labels": strategic.pillar_labels,
                "served": strategic.served,
                "operational": [
                    {
                        "id": objective.pk,
                        "code": objective.code,
                        "title": objective.title,
                        "pillars": list(objective.pillars),
                        "pillar_labels": objective.pillar_labels,
                        "served": objective.served,
                        "served_by": list(objective.served_by),
                        "actions": [
                            {
                                "id": action.pk,
                                "code": action.code,
                                "title": action.title,
                                "status": action.status,
                                "status_label": str(action.get_status_display()),
                                "budget": action.budget,
                                "deadline": action.deadline,
                                "is_smart": action.is_smart,
                            }
                            for action in objective.action_list
                        ],
                    }
                    for objective in strategic.operational
                ],
            }
        )
    return result
