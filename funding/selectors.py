"""Reads of the funding app: the catalogue, a sheet's matches and share, the calendar, the territory's view.

Every function runs a fixed number of queries whatever the number of calls, rounds, sheets or applications.
The commune's share of a sheet comes from one function, `sheet_grants` (with `roadmaps.costs.commune_share`):
the sheet's funding page, the plan (through `roadmaps.costs`), the report's section and the ROI use it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from communes.models import Commune, Pillar, Territory
from funding import matching
from funding.models import (
    PENDING_STATUSES,
    Application,
    ApplicationStatus,
    Beneficiary,
    CallRound,
    FundingCall,
    FundingSettings,
)
from mutualisation import services as mutualisation_services
from mutualisation.models import SHARING_STATUSES, SharedProject, SharedProjectCosts, SharedProjectMember, SplitRule
from roadmaps import costs, scoring
from roadmaps.models import FunctionCategory, ProjectSheet, Roadmap, RoadmapStatus, SheetStatus
from roadmaps.plan_explanations import list_separator
from smartregion.errors import ServiceError

ZERO = Decimal(0)


def calls_for_territory(territory: Territory) -> QuerySet[FundingCall]:
    """The territory's calls with their rounds (two queries)."""
    return FundingCall.objects.filter(territory=territory).prefetch_related(
        Prefetch("rounds", queryset=CallRound.objects.order_by("closes_on", "pk"))
    )


def call_terms(call: FundingCall) -> matching.Terms:
    """The call as the matching rules read it (its rounds prefetched)."""
    return matching.Terms(
        beneficiaries=tuple(call.beneficiaries),
        pillars=tuple(call.pillars),
        function_categories=tuple(call.function_categories),
        floor=call.floor,
        ceiling=call.ceiling,
        cofunding_rate=call.cofunding_rate,
        requires_several_communes=call.requires_several_communes,
        rounds=tuple((r.opens_on, r.closes_on) for r in call.rounds.all()),
    )


def call_labels(call: FundingCall) -> dict[str, str]:
    """The call's lists in words, for its page."""
    return {
        "beneficiaries": ", ".join(str(Beneficiary(b).label) for b in call.beneficiaries),
        "pillars": ", ".join(str(Pillar(p).label) for p in call.pillars),
        "categories": ", ".join(str(FunctionCategory(c).label) for c in call.function_categories),
    }


def sheet_applicant(sheet: ProjectSheet) -> matching.Applicant:
    return matching.Applicant(
        pillars=tuple(sheet.pillars),
        function_category=sheet.function_category,
        investment=sheet.investment,
        horizon=sheet.horizon,
    )


def shared_applicant(shared_project: SharedProject) -> matching.Applicant:
    """A shared project as an applicant for its communes: its total investment and horizon, the pillars and
    kinds of its sharing members' sheets (and its template's pillars). Two queries."""
    costs = SharedProjectCosts.objects.filter(shared_project=shared_project).select_related("template").first()
    sheets = ProjectSheet.objects.filter(
        shared_membership__shared_project=shared_project, shared_membership__status__in=SHARING_STATUSES
    ).values_list("pillars", "function_category")
    pillars = list(costs.template.pillars) if costs is not None and costs.template is not None else []
    kinds = []
    for sheet_pillars, kind in sheets:
        pillars += [p for p in sheet_pillars if p not in pillars]
        kinds += [kind] if kind not in kinds else []
    return matching.Applicant(
        pillars=tuple(dict.fromkeys(pillars)),
        function_category=shared_project.function_category,
        other_categories=tuple(kinds),
        investment=costs.investment if costs is not None else None,
        horizon=costs.horizon if costs is not None else "",
        shared=True,
    )


def shared_funding(shared_project: SharedProject, today: date) -> dict:
    """A shared project's matching calls and near-misses, and its applications (fixed queries)."""
    applications = list(
        Application.objects.filter(shared_project=shared_project).select_related("call").order_by("-created_at", "-pk")
    )
    calls = calls_for_territory(shared_project.territory)
    fits, near = matches_for(shared_applicant(shared_project), calls, today)
    return {
        "matches": fits,
        "near_misses": near,
        "applications": applications,
        "applied": {a.call_id for a in applications},
    }


@dataclass
class CallMatch:
    call: FundingCall
    match: matching.Match

    @property
    def reasons_text(self) -> str:
        return list_separator().join(self.match.reasons)

    @property
    def failures_text(self) -> str:
        return list_separator().join(self.match.failures)


def matches_for(applicant: matching.Applicant, calls, today: date) -> tuple[list[CallMatch], list[CallMatch]]:
    """The calls that fit, then the near-misses (failing one rule), each by its next deadline."""
    fits, near = [], []
    for call in calls:
        result = matching.match(applicant, call_terms(call), today)
        if result.fits:
            fits.append(CallMatch(call, result))
        elif result.near_miss:
            near.append(CallMatch(call, result))

    def key(row: CallMatch):
        return (row.match.next_round or (date.max, date.max))[1], row.call.title

    return sorted(fits, key=key), sorted(near, key=key)


# The commune's share ------------------------------------------------------------------------------


def _grants(applications, *, expected: bool) -> dict[int, Decimal]:
    total: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for sheet_id, status, requested, granted, probability in applications:
        if status == ApplicationStatus.GRANTED:
            total[sheet_id] += granted or ZERO
        elif expected and status in PENDING_STATUSES:
            total[sheet_id] += (requested or ZERO) * Decimal(probability) / 100
    return {pk: amount.quantize(Decimal("0.01")) for pk, amount in total.items()}


def _member_parts(rule: str, members: list[SharedProjectMember], amount: Decimal) -> dict[int, Decimal]:
    """The members' parts of a shared project's grant, by the project's own split rule (mutualisation's
    `split_amount`, in cents); a rule lacking a figure since the shares were computed splits equally."""
    try:
        return mutualisation_services.split_amount(rule, members, amount)
    except ServiceError:
        return mutualisation_services.split_amount(SplitRule.EQUAL, members, amount)


@dataclass
class SharedPart:
    """A member sheet's part of its shared project's applications."""

    granted: Decimal = ZERO
    expected: Decimal = ZERO
    requested: Decimal = ZERO


@dataclass
class SharedApplicationPart(SharedPart):
    """The part of one shared application a member sheet counts."""

    application: Application | None = None
    sheet_id: int = 0


def _applications_by_project(project_ids) -> dict[int, list[Application]]:
    by_project: dict[int, list[Application]] = defaultdict(list)
    for application in (
        Application.objects.filter(shared_project_id__in=project_ids)
        .select_related("call", "shared_project")
        .order_by("call__programme", "call__title", "pk")
    ):
        by_project[application.shared_project_id].append(application)
    return by_project


def shared_application_parts(**carriers) -> list[SharedApplicationPart]:
    """Each member sheet's part of each application of the shared project it carries the share of.

    `carriers` filters the members whose sheet carries a share (`sheet=…`, `sheet__roadmap=…`, …). A shared
    project applies once for all its communes: each amount (requested, granted, expected for a what-if) is
    split among the members carrying the project's cost by its own split rule, in cents, so the parts add up
    exactly to the amount. Three queries whatever the number of projects, members and applications.
    """
    carried = list(
        SharedProjectMember.objects.filter(sheet__isnull=False, status__in=SHARING_STATUSES, **carriers).values_list(
            "shared_project_id", "commune_id", "sheet_id"
        )
    )
    if not carried:
        return []
    project_ids = {project_id for project_id, _commune, _sheet in carried}
    members: dict[int, list[SharedProjectMember]] = defaultdict(list)
    for member in SharedProjectMember.objects.filter(
        shared_project_id__in=project_ids, status__in=SHARING_STATUSES
    ).select_related("commune", "shared_project__costs"):
        members[member.shared_project_id].append(member)
    applications = _applications_by_project(project_ids)
    parts = []
    for project_id, commune_id, sheet_id in carried:
        sharing = members[project_id]
        rule = getattr(getattr(sharing[0].shared_project, "costs", None), "split_rule", SplitRule.EQUAL)
        for application in applications.get(project_id, []):
            row = [
                (
                    0,
                    application.status,
                    application.amount_requested,
                    application.amount_granted,
                    application.probability,
                )
            ]
            amounts = {
                "granted": _grants(row, expected=False).get(0, ZERO),
                "expected": _grants(row, expected=True).get(0, ZERO),
                "requested": application.amount_requested or ZERO,
            }
            split = {
                name: _member_parts(rule, sharing, amount).get(commune_id, ZERO) for name, amount in amounts.items()
            }
            parts.append(SharedApplicationPart(application=application, sheet_id=sheet_id, **split))
    return parts


def shared_parts(**carriers) -> dict[int, SharedPart]:
    """sheet id → its part of its shared project's applications, summed (see `shared_application_parts`)."""
    parts: dict[int, SharedPart] = defaultdict(SharedPart)
    for row in shared_application_parts(**carriers):
        part = parts[row.sheet_id]
        part.granted += row.granted
        part.expected += row.expected
        part.requested += row.requested
    return dict(parts)


def sheet_grants(roadmap: Roadmap, *, expected: bool = False) -> dict[int, Decimal]:
    """Grants per sheet of the roadmap: granted, plus (`expected`) pending amounts at their probability; a
    sheet carrying a commune's share of a shared project counts its part of the project's grants.

    Registered in `roadmaps.costs` (FundingConfig.ready); four queries at most.
    """
    rows = Application.objects.filter(sheet__roadmap=roadmap).values_list(
        "sheet_id", "status", "amount_requested", "amount_granted", "probability"
    )
    total = _grants(rows, expected=expected)
    for sheet_id, part in shared_parts(sheet__roadmap=roadmap).items():
        if amount := part.expected if expected else part.granted:
            total[sheet_id] = total.get(sheet_id, ZERO) + amount
    return total


@dataclass
class Share:
    investment: Decimal | None
    granted: Decimal
    expected: Decimal
    share: Decimal | None
    expected_share: Decimal | None
    shared_granted: Decimal = ZERO
    roi_gross: scoring.Roi | None = None
    roi_net: scoring.Roi | None = None


def share_of(sheet: ProjectSheet, applications: list[Application], shared: SharedPart | None = None) -> Share:
    """The sheet's share from its applications (already read) and its part of its shared project's grants
    (`shared_parts`), with its ROI gross and net of grants."""
    rows = [(sheet.pk, a.status, a.amount_requested, a.amount_granted, a.probability) for a in applications]
    shared = shared or SharedPart()
    granted = _grants(rows, expected=False).get(sheet.pk, ZERO) + shared.granted
    expected = _grants(rows, expected=True).get(sheet.pk, ZERO) + shared.expected
    share = costs.commune_share(sheet.investment, granted)

    def roi(investment):
        return scoring.return_on_investment(
            years=sheet.roi_years,
            investment=investment,
            yearly_running_cost=sheet.running_cost,
            yearly_financial_gains=sheet.yearly_financial_gains,
            yearly_socio_economic_value=sheet.yearly_socio_economic_value,
        )

    return Share(
        investment=sheet.investment,
        shared_granted=shared.granted,
        granted=granted,
        expected=expected,
        share=share,
        expected_share=costs.commune_share(sheet.investment, expected),
        roi_gross=roi(sheet.investment),
        roi_net=roi(share),
    )


def sheet_applications(sheet: ProjectSheet) -> list[Application]:
    return list(Application.objects.filter(sheet=sheet).select_related("call").order_by("-created_at", "-pk"))


def sheet_funding(sheet: ProjectSheet, territory: Territory, today: date) -> dict:
    """The sheet's funding page: matching calls, near-misses, applications and the commune's share."""
    applications = sheet_applications(sheet)
    applied = {a.call_id for a in applications}
    fits, near = matches_for(sheet_applicant(sheet), calls_for_territory(territory), today)
    return {
        "matches": fits,
        "near_misses": near,
        "applications": applications,
        "applied": applied,
        "share": share_of(sheet, applications, shared_parts(sheet=sheet).get(sheet.pk)),
    }


# The calendar -------------------------------------------------------------------------------------


@dataclass
class Deadline:
    round: CallRound
    call: FundingCall
    sheets: list[ProjectSheet] = field(default_factory=list)


def readable_sheets_q(readable: tuple[set[int], set[int]], prefix: str = "") -> Q:
    """The sheets of the roadmaps one reads as a draft (`readable[0]`) or once published (`readable[1]`)."""
    drafts, published = readable
    return Q(**{f"{prefix}roadmap__commune__in": drafts}) | Q(
        **{f"{prefix}roadmap__commune__in": published, f"{prefix}roadmap__status": RoadmapStatus.PUBLISHED}
    )


def commune_applications(commune: Commune, readable: tuple[set[int], set[int]]) -> QuerySet[Application]:
    """The applications of the commune's sheets whose roadmap one reads (see funding.access.readable_roadmaps)."""
    return (
        Application.objects.filter(sheet__roadmap__commune=commune)
        .filter(readable_sheets_q(readable, "sheet__"))
        .select_related("call", "commune", "sheet", "shared_project")
    )


def open_sheets(readable: tuple[set[int], set[int]]) -> list[ProjectSheet]:
    """Sheets that could still apply (neither done nor abandoned), with their commune, of the communes whose
    roadmap one reads as a draft (`readable[0]`) or once published (`readable[1]`; see funding.access)."""
    return list(
        ProjectSheet.objects.filter(readable_sheets_q(readable))
        .exclude(status__in=[SheetStatus.DONE, SheetStatus.ABANDONED])
        .select_related("roadmap__commune")
        .order_by("roadmap__commune__name", "title", "pk")
    )


def calendar(territory: Territory, readable, today: date) -> list[tuple[date, list[Deadline]]]:
    """Deadlines from today on, month by month, each with the sheets (of the `readable` roadmaps) the call fits."""
    calls = list(calls_for_territory(territory))
    sheets = open_sheets(readable)
    applicants = [(s, sheet_applicant(s)) for s in sheets]
    months: dict[date, list[Deadline]] = defaultdict(list)
    for call in calls:
        terms = call_terms(call)
        fitting = [s for s, applicant in applicants if matching.match(applicant, terms, today).fits]
        for round_ in call.rounds.all():
            if round_.closes_on >= today:
                months[round_.closes_on.replace(day=1)].append(Deadline(round_, call, fitting))
    return [
        (month, sorted(deadlines, key=lambda d: (d.round.closes_on, d.call.title)))
        for month, deadlines in sorted(months.items())
    ]


# The territory's view -----------------------------------------------------------------------------


@dataclass
class CallFigures:
    call: FundingCall
    by_status: dict[str, int] = field(default_factory=dict)
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    decided: int = 0
    won: int = 0
    count: int = 0

    @property
    def success_rate(self) -> float | None:
        return success_rate(self.won, self.decided)


def success_rate(won: int, decided: int) -> float | None:
    """Granted applications over decided ones (granted or refused); None before any decision."""
    return won / decided if decided else None


def _add(figures: CallFigures, application: Application) -> None:
    figures.count += 1
    figures.by_status[application.status] = figures.by_status.get(application.status, 0) + 1
    figures.requested += application.amount_requested or ZERO
    if application.status == ApplicationStatus.GRANTED:
        figures.granted += application.amount_granted or ZERO
        figures.won += 1
    if application.status in (ApplicationStatus.GRANTED, ApplicationStatus.REFUSED):
        figures.decided += 1


def territory_applications_queryset(territory: Territory) -> QuerySet[Application]:
    """Every application of the territory (its communes' sheets and its shared projects)."""
    return Application.objects.filter(territory=territory).select_related("call", "commune", "sheet", "shared_project")


def territory_applications(territory: Territory, *, status: str = "", call_id: int | None = None) -> dict:
    """Applications across the territory's communes, filtered, and the figures per call and in total."""
    applications = territory_applications_queryset(territory)
    if status:
        applications = applications.filter(status=status)
    if call_id:
        applications = applications.filter(call_id=call_id)
    rows = list(applications.order_by("call__programme", "call__title", "commune__name", "pk"))
    per_call: dict[int, CallFigures] = {}
    total = CallFigures(call=None)
    for application in rows:
        _add(per_call.setdefault(application.call_id, CallFigures(call=application.call)), application)
        _add(total, application)
    return {"applications": rows, "per_call": list(per_call.values()), "total": total}


def status_counts(territory: Territory) -> list[tuple[str, str, int]]:
    """(status, label, number of applications) across the territory, every status listed; one query."""
    counts = dict(
        Application.objects.filter(territory=territory).values_list("status").annotate(n=Count("pk")).order_by()
    )
    return [(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices]


def reminder_settings(territory: Territory) -> FundingSettings:
    return FundingSettings.objects.filter(territory=territory).first() or FundingSettings(territory=territory)


# The final report ---------------------------------------------------------------------------------


@dataclass
class FundingRow:
    """A line of the report's funding section: a sheet's application, or the commune's part of its shared
    project's application (amounts split by the project's rule, as in the plan: `shared_application_parts`)."""

    project: str
    call: FundingCall
    status: str
    status_label: str
    requested: Decimal
    granted: Decimal | None
    shared: bool = False


def _rows(commune: Commune) -> list[FundingRow]:
    rows = [
        FundingRow(
            a.sheet.title,
            a.call,
            a.status,
            a.get_status_display(),
            a.amount_requested or ZERO,
            a.amount_granted if a.status == ApplicationStatus.GRANTED else None,
        )
        for a in Application.objects.filter(sheet__roadmap__commune=commune)
        .select_related("call", "sheet")
        .order_by("call__programme", "sheet__title", "pk")
    ]
    for part in shared_application_parts(sheet__roadmap__commune=commune):
        a = part.application
        granted = part.granted if a.status == ApplicationStatus.GRANTED else None
        rows.append(
            FundingRow(a.shared_project.title, a.call, a.status, a.get_status_display(), part.requested, granted, True)
        )
    return rows


def commune_funding(commune: Commune, today: date) -> dict:
    """The report's funding section: the calls applied to (a shared project's for the commune's part), the
    amounts granted, the deadlines to come."""
    rows = _rows(commune)
    deadlines = []
    open_ids = {row.call.pk for row in rows if row.status in PENDING_STATUSES}
    for call in calls_for_territory(commune.territory).filter(pk__in=open_ids):
        found = matching.next_round(call_terms(call).rounds, today)
        if found:
            deadlines.append((found[1], call))
    return {
        "applications": rows,
        "requested": sum((row.requested for row in rows), ZERO),
        "granted": sum((row.granted or ZERO for row in rows), ZERO),
        "deadlines": sorted(deadlines, key=lambda d: (d[0], d[1].title)),
    }
