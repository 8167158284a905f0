"""Reading projects: the project page, a commune's projects, the territory's projects, late milestones.

Indicator status is decided in one place, `indicator_status_annotation` (SQL, so that the territory page
can filter on it): the project page, the territory page and the evaluation report read it from there.
Every function runs a fixed number of queries whatever the number of rows.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, Membership, Territory
from projects.models import (
    BudgetCategory,
    BudgetEntry,
    EvaluationReport,
    Indicator,
    IndicatorValue,
    Project,
    ProjectChecklistItem,
    ProjectMilestone,
    ProjectPhase,
)
from smartregion import memo

ON_TARGET = "on_target"
BEHIND = "behind"
NO_DATA = "no_data"
INDICATOR_STATUSES = {ON_TARGET: _("On target"), BEHIND: _("Behind"), NO_DATA: _("No data")}
PHASE_STEPS = [ProjectPhase.PREREQUISITES, ProjectPhase.PLANNING, ProjectPhase.EXECUTION, ProjectPhase.EVALUATION]


def people_of(commune: Commune):
    """Accounts that may be named on a commune's project: its people and the territory's referents."""
    memberships = Membership.objects.filter(
        Q(commune=commune) | Q(commune__isnull=True, territory_id=commune.territory_id)
    )
    return get_user_model().objects.filter(pk__in=memberships.values("user_id")).order_by("last_name", "username")


# Indicator status ---------------------------------------------------------------------------------


def _status_conditions(today: datetime.date, prefix: str = "") -> tuple[Q, Q]:
    """(no data, behind) as conditions on an indicator's columns (`prefix` reaches it from another model).

    No data: no measure or no target. Reached: the latest measure is at or past the target, in the target's
    direction from the baseline (up when there is no baseline). Behind: not reached and either the target
    date has passed, or the latest measure moved away from the target compared with the baseline.
    """
    p = prefix
    no_data = Q(**{f"{p}latest_value__isnull": True}) | Q(**{f"{p}target__isnull": True})
    up = Q(**{f"{p}baseline__isnull": True}) | Q(**{f"{p}target__gte": F(f"{p}baseline")})
    down = Q(**{f"{p}baseline__isnull": False, f"{p}target__lt": F(f"{p}baseline")})
    reached = (up & Q(**{f"{p}latest_value__gte": F(f"{p}target")})) | (
        down & Q(**{f"{p}latest_value__lte": F(f"{p}target")})
    )
    wrong_way = (up & Q(**{f"{p}latest_value__lt": F(f"{p}baseline")})) | (
        down & Q(**{f"{p}latest_value__gt": F(f"{p}baseline")})
    )
    late = Q(**{f"{p}target_date__lt": today})
    behind = ~no_data & ~reached & (late | wrong_way)
    return no_data, behind


def indicator_status_annotation(today: datetime.date | None = None) -> Case:
    """`status` of an indicator: on_target, behind or no_data (see `_status_conditions`)."""
    no_data, behind = _status_conditions(today or timezone.localdate())
    return Case(
        When(no_data, then=Value(NO_DATA)),
        When(behind, then=Value(BEHIND)),
        default=Value(ON_TARGET),
        output_field=CharField(),
    )


def project_indicator_status(today: datetime.date | None = None) -> Case:
    """A project's indicator status: behind when one indicator is, on target when one with data is and none
    is behind, else no data."""
    no_data, behind = _status_conditions(today or timezone.localdate())
    indicators = Indicator.objects.filter(project=OuterRef("pk"))
    return Case(
        When(Exists(indicators.filter(behind)), then=Value(BEHIND)),
        When(Exists(indicators.exclude(no_data)), then=Value(ON_TARGET)),
        default=Value(NO_DATA),
        output_field=CharField(),
    )


def distance_to_target(indicator: Indicator) -> Decimal | None:
    """How far the latest measure is from the target (positive: still to go, in the target's direction)."""
    if indicator.latest_value is None or indicator.target is None:
        return None
    going_down = indicator.baseline is not None and indicator.target < indicator.baseline
    gap = indicator.target - indicator.latest_value
    return -gap if going_down else gap


# Projects ----------------------------------------------------------------------------------------


def annotate_projects(queryset: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """`late_milestones`, `open_milestones` and `indicator_status` on each project (subqueries)."""
    today = today or timezone.localdate()
    open_milestones = ProjectMilestone.objects.filter(project=OuterRef("pk"), completed_on__isnull=True)
    late = open_milestones.filter(due_date__lt=today).order_by().values("project").annotate(n=Count("pk")).values("n")
    return queryset.annotate(
        late_milestones=Coalesce(Subquery(late, output_field=IntegerField()), Value(0)),
        next_due=Subquery(open_milestones.order_by("due_date").values("due_date")[:1]),
        indicator_status=project_indicator_status(today),
    )


def commune_projects(commune: Commune) -> list[Project]:
    return list(annotate_projects(Project.objects.filter(commune=commune).select_related("sheet")))


@dataclass
class TerritoryFilters:
    phase: str = ""
    commune: str = ""
    status: str = ""
    late: bool = False
    query: str = ""


def territory_projects(territory: Territory, filters: TerritoryFilters) -> QuerySet:
    """All projects of the territory's communes with their phase, lateness and indicator status, filtered."""
    projects = annotate_projects(
        Project.objects.filter(commune__territory=territory)
        .select_related("commune")
        .order_by("commune__name", "title", "pk")
    )
    if filters.phase in ProjectPhase.values:
        projects = projects.filter(phase=filters.phase)
    if filters.commune:
        projects = projects.filter(commune__slug=filters.commune)
    if filters.status in INDICATOR_STATUSES:
        projects = projects.filter(indicator_status=filters.status)
    if filters.late:
        projects = projects.filter(late_milestones__gt=0)
    if filters.query:
        projects = projects.filter(title__icontains=filters.query)
    return projects


# The project page --------------------------------------------------------------------------------


@dataclass
class Budget:
    planned_investment: Decimal | None
    planned_running_cost: Decimal | None
    committed: dict = field(default_factory=dict)  # category → amount
    spent: dict = field(default_factory=dict)

    @property
    def spent_investment(self) -> Decimal:
        return self.spent.get(BudgetCategory.INVESTMENT, Decimal(0))

    @property
    def committed_investment(self) -> Decimal:
        return self.committed.get(BudgetCategory.INVESTMENT, Decimal(0))

    @property
    def spent_running(self) -> Decimal:
        return self.spent.get(BudgetCategory.RUNNING, Decimal(0))

    @property
    def committed_running(self) -> Decimal:
        return self.committed.get(BudgetCategory.RUNNING, Decimal(0))


def project_budget(project: Project) -> Budget:
    """Planned (from the sheet, then the project) against committed and spent totals, per category."""
    budget = Budget(project.planned_investment, project.planned_running_cost)
    totals = BudgetEntry.objects.filter(project=project).values("kind", "category").annotate(total=Sum("amount"))
    for row in totals.order_by():
        getattr(budget, row["kind"])[row["category"]] = row["total"]
    return budget


def actual_roi(project: Project, budget: Budget):
    """The sheet's return on investment recomputed with the amounts actually spent (None without a sheet)."""
    from roadmaps.scoring import return_on_investment

    sheet = project.sheet
    if sheet is None:
        return None
    investment = budget.spent_investment or budget.committed_investment or project.planned_investment
    running = budget.spent_running or project.planned_running_cost
    return return_on_investment(
        years=sheet.roi_years,
        investment=investment,
        yearly_running_cost=running,
        yearly_financial_gains=sheet.yearly_financial_gains,
        yearly_socio_economic_value=sheet.yearly_socio_economic_value,
    )


@dataclass
class ProjectPage:
    project: Project
    checklist: dict  # phase → items
    closures: dict  # phase → PhaseClosure
    indicators: list
    milestones: list
    late_milestones: list
    next_milestone: ProjectMilestone | None
    open_items: list
    team: list
    risks: list
    meetings: list
    budget: Budget
    evaluations: list
    steps: list
    budget_entries: list = field(default_factory=list)

    @property
    def decisions(self) -> list[dict]:
        """Every decision of the steering meetings in one list: newest meeting first, each in the order written."""
        return [
            {"held_on": meeting.held_on, "meeting": meeting, "text": text}
            for meeting in self.meetings
            for text in meeting.decision_list
        ]

    @property
    def phases(self) -> list[dict]:
        """Each step of the path with its checklist items and its closure (None while open)."""
        return [
            {**step, "items": self.checklist.get(step["phase"], []), "closure": self.closures.get(step["phase"])}
            for step in self.steps
        ]


def _indicators(project: Project, today: datetime.date) -> list[Indicator]:
    values = IndicatorValue.objects.order_by("measured_on", "pk")
    indicators = list(
        Indicator.objects.filter(project=project)
        .annotate(status=indicator_status_annotation(today))
        .prefetch_related(Prefetch("values", queryset=values, to_attr="measures"))
    )
    for indicator in indicators:
        indicator.distance = distance_to_target(indicator)
        indicator.status_label = INDICATOR_STATUSES[indicator.status]
    return indicators


def phase_steps(project: Project, closures: dict) -> list[dict]:
    """The four steps of the path, each done, current or to come."""
    current = project.phase
    steps = []
    for phase in PHASE_STEPS:
        state = "done" if phase in closures else ("current" if phase == current else "todo")
        steps.append({"phase": phase, "label": ProjectPhase(phase).label, "state": state})
    return steps


def project_page(project: Project, *, today: datetime.date | None = None) -> ProjectPage:
    """Everything the project page shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    items = list(ProjectChecklistItem.objects.filter(project=project))
    checklist = {phase: [i for i in items if i.phase == phase] for phase in PHASE_STEPS}
    closures = {c.phase: c for c in project.closures.select_related("closed_by")}
    milestones = list(project.milestones.all())
    late = [m for m in milestones if m.is_late(today)]
    upcoming = [m for m in milestones if m.completed_on is None and m.due_date >= today]
    open_items = [i for i in checklist.get(project.phase, []) if not i.done]
    meetings = list(project.meetings.all())
    for number, meeting in enumerate(sorted(meetings, key=lambda m: (m.held_on, m.pk)), start=1):
        meeting.number = number
    return ProjectPage(
        project=project,
        checklist=checklist,
        closures=closures,
        indicators=_indicators(project, today),
        milestones=milestones,
        late_milestones=late,
        next_milestone=upcoming[0] if upcoming else None,
        open_items=open_items,
        team=list(project.team.select_related("user")),
        risks=list(project.risk_items.all()),
        meetings=meetings,
        budget=project_budget(project),
        evaluations=list(EvaluationReport.objects.filter(project=project).defer("snapshot").select_related("author")),
        steps=phase_steps(project, closures),
        budget_entries=list(project.budget_entries.all()),
    )


def late_milestones_of(commune: Commune, today: datetime.date | None = None) -> list[ProjectMilestone]:
    """The commune's open project milestones due before `today` (one query, once per page: the commune page's
    next steps and projects panel both show them)."""
    today = today or timezone.localdate()
    return memo.once(
        ("projects.late_milestones", commune.pk, today),
        lambda: list(
            ProjectMilestone.objects.filter(project__commune=commune, completed_on__isnull=True, due_date__lt=today)
            .select_related("project")
            .order_by("due_date", "pk")
        ),
    )


def annotate_dashboard(queryset: QuerySet) -> QuerySet:
    """`projects_in_progress` and `projects_late` on the dashboard's communes, as subqueries."""
    today = timezone.localdate()
    running = Project.objects.filter(commune=OuterRef("pk")).exclude(phase=ProjectPhase.CLOSED)
    late_ones = running.filter(
        Exists(ProjectMilestone.objects.filter(project=OuterRef("pk"), completed_on__isnull=True, due_date__lt=today))
    )

    def count(qs):
        return Coalesce(
            Subquery(qs.order_by().values("commune").annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        )

    return queryset.annotate(projects_in_progress=count(running), projects_late=count(late_ones))


def projects_with_indicators(commune: Commune) -> QuerySet[Project]:
    """The commune's projects, each with its indicators and their values in date order (three queries; the API)."""
    indicators = Indicator.objects.order_by("position", "pk").prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("measured_on", "pk"))
    )
    return (
        Project.objects.filter(commune=commune)
        .select_related("commune")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .order_by("title", "pk")
    )
