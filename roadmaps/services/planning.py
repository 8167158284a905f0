"""Affordable plans: propose one for given budgets, accept it (apply its horizons) or set it aside."""

from collections import defaultdict
from dataclasses import asdict
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.services import activity_record
from roadmaps import costs, graph, planning
from roadmaps.models import (
    CostBasis,
    PlanProposal,
    PlanStatus,
    Prerequisite,
    ProjectSheet,
    Roadmap,
    RoadmapVerb,
    SheetStatus,
    horizon_rank,
)
from roadmaps.services.sheets import lock_roadmap
from smartregion.errors import ServiceError

HORIZONS = ["short", "medium", "long"]

ERROR_PLAN_INFEASIBLE = _(
    "The sheets you require cannot all fit in the budgets together with their prerequisites. "
    "Raise a budget or require fewer sheets."
)
ERROR_PLAN_NOT_SOLVED = _("No plan could be found in the time allowed. Try again with fewer required sheets.")
ERROR_REQUIRED_AND_FORBIDDEN = _("A sheet cannot be both required and left out.")
ERROR_NOT_PLANNABLE = _("Only sheets that are neither done nor abandoned can be required or left out.")
ERROR_BUDGET_NEGATIVE = _("Budgets cannot be negative.")
ERROR_PLAN_DECIDED = _("This proposal has already been accepted or set aside.")
ERROR_PLAN_OUTDATED = _("A newer proposal exists; accept that one or propose again.")
ERROR_PLAN_CONFLICT = _(
    "The roadmap changed since this proposal: “%(sheet)s” would come before its prerequisite “%(prerequisite)s”. "
    "Propose again."
)


def _money(value) -> float | None:
    return None if value is None else float(value)


@transaction.atomic
def plan_propose(
    *,
    roadmap: Roadmap,
    actor,
    budgets: dict[str, tuple[Decimal | None, int | None]],
    required: list[int] = (),
    forbidden: list[int] = (),
    cost_basis: str = CostBasis.INVESTMENT,
) -> PlanProposal:
    """Propose the sheets and horizons that maximise the total score within the budgets.

    1. Read the sheets with their last complete scores and prerequisites (three queries), each sheet
       costing its investment or, with `cost_basis`, the commune's share after grants (roadmaps.costs).
    2. Done sheets satisfy prerequisites; abandoned sheets cannot be planned; the others are candidates.
    3. Solve the mixed-integer programme (roadmaps.planning.solve_plan); refuse when the required
       sheets cannot fit.
    4. Store the proposal with why each sheet is left out or placed late, set earlier open proposals
       aside and record the activity.
    """
    _check_plan_request(budgets, required, forbidden)
    items, done, item_costs = _plan_items(roadmap, cost_basis=cost_basis)
    if (set(required) | set(forbidden)) - {item.id for item in items}:
        raise ServiceError(ERROR_NOT_PLANNABLE, field="required")
    horizon_budgets = [
        planning.HorizonBudget(investment=_money(investment), staff_days=_money(staff))
        for investment, staff in (budgets.get(h, (None, None)) for h in HORIZONS)
    ]
    plan = planning.solve_plan(items, horizon_budgets, done=done, required=required, forbidden=forbidden)
    if not plan.feasible:
        raise ServiceError(ERROR_PLAN_INFEASIBLE if plan.optimal else ERROR_PLAN_NOT_SOLVED)
    PlanProposal.objects.filter(roadmap=roadmap, status=PlanStatus.PROPOSED).update(
        status=PlanStatus.DISMISSED, decided_at=timezone.now()
    )
    proposal = PlanProposal.objects.create(
        roadmap=roadmap,
        cost_basis=cost_basis,
        costs=item_costs,
        budgets={
            h: {"investment": _money(budgets.get(h, (None, None))[0]), "staff_days": budgets.get(h, (None, None))[1]}
            for h in HORIZONS
        },
        required=sorted(required),
        forbidden=sorted(forbidden),
        feasible=True,
        optimal=plan.optimal,
        total_score=plan.total_value,
        assignments={str(pk): HORIZONS[h] for pk, h in plan.assignments.items()},
        exclusions={str(pk): _exclusion_data(e) for pk, e in plan.excluded.items()},
        placements={str(pk): _placement_data(p) for pk, p in plan.placements.items()},
        solve_seconds=round(plan.seconds, 4),
        created_by=actor,
    )
    activity_record(commune=roadmap.commune, actor=actor, verb=RoadmapVerb.PLAN_PROPOSED)
    return proposal


def _check_plan_request(budgets: dict, required, forbidden) -> None:
    for investment, staff in budgets.values():
        if (investment is not None and investment < 0) or (staff is not None and staff < 0):
            raise ServiceError(ERROR_BUDGET_NEGATIVE)
    if set(required) & set(forbidden):
        raise ServiceError(ERROR_REQUIRED_AND_FORBIDDEN, field="required")


def _plan_items(
    roadmap: Roadmap, *, cost_basis: str = CostBasis.INVESTMENT
) -> tuple[list[planning.PlanItem], set[int], dict[str, float]]:
    """The candidate sheets as plan items (neither done nor abandoned), the done sheets' ids, and what each
    candidate costs when that is not its investment (the commune's share, `cost_basis`)."""
    sheets = list(
        ProjectSheet.objects.filter(roadmap=roadmap).values_list(
            "pk", "status", "investment", "staff_days", "score__score"
        )
    )
    requires: dict[int, list[int]] = defaultdict(list)
    for sheet_id, required_id in Prerequisite.objects.filter(sheet__roadmap=roadmap).values_list(
        "sheet_id", "required_id"
    ):
        requires[sheet_id].append(required_id)
    done = {pk for pk, status, *_rest in sheets if status == SheetStatus.DONE}
    shares: dict[str, float] = {}
    if cost_basis != CostBasis.INVESTMENT:
        grants = costs.grants_for_roadmap(roadmap, expected=cost_basis == CostBasis.EXPECTED_SHARE)
        shares = {
            str(pk): float(costs.commune_share(investment or 0, grants.get(pk)))
            for pk, status, investment, _staff, _score in sheets
            if status not in (SheetStatus.DONE, SheetStatus.ABANDONED)
        }
    items = [
        planning.PlanItem(
            id=pk,
            value=score,
            investment=shares.get(str(pk), float(investment or 0)),
            staff_days=float(staff or 0),
            prerequisites=tuple(requires.get(pk, ())),
        )
        for pk, status, investment, staff, score in sheets
        if status not in (SheetStatus.DONE, SheetStatus.ABANDONED)
    ]
    return items, done, shares


def _exclusion_data(exclusion: planning.Exclusion) -> dict:
    data = asdict(exclusion)
    data["prerequisites"] = list(exclusion.prerequisites)
    data["shortfalls"] = [{**asdict(s), "horizon": HORIZONS[s.horizon]} for s in exclusion.shortfalls]
    data["earliest_horizon"] = HORIZONS[exclusion.earliest_horizon]
    return data


def _placement_data(placement: planning.Placement) -> dict:
    return {
        "reason": placement.reason,
        "prerequisites": list(placement.prerequisites),
        "shortfalls": [{**asdict(s), "horizon": HORIZONS[s.horizon]} for s in placement.shortfalls],
        "earliest_horizon": HORIZONS[placement.earliest_horizon],
    }


@transaction.atomic
def plan_accept(*, proposal: PlanProposal, actor) -> PlanProposal:
    """Apply a proposal's horizons to the sheets.

    1. Lock the roadmap; only the latest open proposal can be accepted.
    2. Chosen sheets take their proposed horizon; candidates left out leave the plan (no horizon);
       done, abandoned and newer sheets keep theirs.
    3. Refuse when the result would put a sheet before a prerequisite (the roadmap changed since).
    4. Save the horizons that change (bumping each sheet's version), mark the proposal accepted.
    """
    roadmap = proposal.roadmap
    lock_roadmap(roadmap.pk)
    proposal.refresh_from_db()
    if proposal.status != PlanStatus.PROPOSED:
        raise ServiceError(ERROR_PLAN_DECIDED)
    latest = PlanProposal.objects.filter(roadmap=roadmap).order_by("-created_at", "-pk").values_list("pk", flat=True)[0]
    if latest != proposal.pk:
        raise ServiceError(ERROR_PLAN_OUTDATED)
    sheets = {
        pk: (title, horizon, status)
        for pk, title, horizon, status in ProjectSheet.objects.filter(roadmap=roadmap).values_list(
            "pk", "title", "horizon", "status"
        )
    }
    new = {pk: horizon for pk, (_title, horizon, _status) in sheets.items()}
    for key, horizon in proposal.assignments.items():
        if int(key) in new:
            new[int(key)] = horizon
    for key in proposal.exclusions:
        if int(key) in new and sheets[int(key)][2] not in (SheetStatus.DONE, SheetStatus.ABANDONED):
            new[int(key)] = ""
    requires: dict[int, set[int]] = defaultdict(set)
    for sheet_id, required_id in Prerequisite.objects.filter(sheet__roadmap=roadmap).values_list(
        "sheet_id", "required_id"
    ):
        requires[sheet_id].add(required_id)
    done = {pk for pk, (_t, _h, status) in sheets.items() if status == SheetStatus.DONE}
    conflicts = graph.horizon_conflicts(requires, {pk: horizon_rank(h) for pk, h in new.items()}, satisfied=done)
    if conflicts:
        first = conflicts[0]
        raise ServiceError(
            ERROR_PLAN_CONFLICT % {"sheet": sheets[first.sheet][0], "prerequisite": sheets[first.prerequisite][0]}
        )
    changes: dict[str, list[int]] = defaultdict(list)
    for pk, horizon in new.items():
        if horizon != sheets[pk][1]:
            changes[horizon].append(pk)
    now = timezone.now()
    for horizon, ids in changes.items():
        ProjectSheet.objects.filter(pk__in=ids).update(
            horizon=horizon, version=F("version") + 1, updated_by=actor, updated_at=now
        )
    proposal.status = PlanStatus.ACCEPTED
    proposal.decided_by = actor
    proposal.decided_at = now
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    activity_record(commune=roadmap.commune, actor=actor, verb=RoadmapVerb.PLAN_ACCEPTED)
    return proposal


@transaction.atomic
def plan_dismiss(*, proposal: PlanProposal, actor) -> PlanProposal:
    if proposal.status != PlanStatus.PROPOSED:
        raise ServiceError(ERROR_PLAN_DECIDED)
    proposal.status = PlanStatus.DISMISSED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    activity_record(commune=proposal.roadmap.commune, actor=actor, verb=RoadmapVerb.PLAN_DISMISSED)
    return proposal
