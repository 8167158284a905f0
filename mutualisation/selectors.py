"""Reads across a territory: convergences, the territory inventory, pooled demand, shared projects, the catalogue.

Every function runs a fixed number of queries whatever the number of communes, sheets or systems; the
figures a page, an export and the board's export show come from these functions only.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from barometer import selectors as barometer_selectors
from communes.models import Commune, Pillar, Territory
from diagnostics.models import DataExchange, ExchangeMode, ExistingSystem, Need, SystemCategory, SystemStatus
from mutualisation.grouping import Row, group_rows, most_common
from mutualisation.models import (
    SHARING_STATUSES,
    FrameworkAgreement,
    FrameworkLot,
    MemberStatus,
    SharedProject,
    SharedProjectMember,
)
from roadmaps.models import FunctionCategory, Horizon, ProjectSheet, Roadmap, SheetStatus
from smartregion import text
from smartregion.collation import french_key

HORIZONS = [Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG]
SORTS = ("communes", "investment", "score", "title")


# Convergences -------------------------------------------------------------------------------------


@dataclass
class Filters:
    pillar: str = ""
    horizon: str = ""
    province: str = ""
    sort: str = "communes"


@dataclass
class Convergence:
    """Project sheets of several communes that do the same thing."""

    label: str
    category: str
    template: str
    communes: list[str]
    sheets: int
    horizons: dict[str, int]
    investment: Decimal
    running_cost: Decimal
    mean_score: float | None
    best_score: float | None
    template_id: int | None = None
    category_value: str = ""
    commune_ids: list[int] = field(default_factory=list)

    @property
    def commune_count(self) -> int:
        return len(self.communes)

    @property
    def no_horizon(self) -> int:
        return self.horizons.get("", 0)


def _sheet_rows(territory: Territory, filters: Filters) -> list[dict]:
    rows = ProjectSheet.objects.filter(roadmap__commune__territory=territory, shared_membership__isnull=True).exclude(
        status__in=[SheetStatus.ABANDONED, SheetStatus.DONE]
    )
    if filters.horizon:
        rows = rows.filter(horizon=filters.horizon)
    if filters.province:
        rows = rows.filter(roadmap__commune__province=filters.province)
    english = (translation.get_language() or "").startswith("en")
    values = list(
        rows.values(
            "id",
            "title",
            "template_id",
            "function_category",
            "horizon",
            "investment",
            "running_cost",
            "pillars",
            "score__score",
            "template__title_fr",
            "template__title_en",
            commune_id=F("roadmap__commune_id"),
            commune_name=F("roadmap__commune__name"),
        )
    )
    for row in values:
        row["template_title"] = (english and row["template__title_en"]) or row["template__title_fr"] or ""
    if filters.pillar:
        values = [row for row in values if filters.pillar in (row["pillars"] or [])]
    return values


def _convergence(group: list[Row], by_id: dict[int, dict]) -> Convergence:
    rows = [by_id[row.id] for row in group]
    horizons = Counter(row["horizon"] or "" for row in rows)
    scores = [row["score__score"] for row in rows if row["score__score"] is not None]
    template = most_common(row["template_title"] for row in rows)
    category = most_common(row["function_category"] for row in rows if row["function_category"] != "other")
    label = template or (str(FunctionCategory(category).label) if category else most_common(r["title"] for r in rows))
    communes = {row["commune_id"]: row["commune_name"] for row in rows}
    return Convergence(
        label=str(label),
        category=str(FunctionCategory(category).label) if category else "",
        category_value=category,
        template=template,
        template_id=most_common(row["template_id"] for row in rows) or None,
        communes=sorted(communes.values(), key=french_key),
        commune_ids=sorted(communes),
        sheets=len(rows),
        horizons={h: horizons.get(h, 0) for h in [*HORIZONS, ""]},
        investment=sum((row["investment"] or Decimal(0) for row in rows), Decimal(0)),
        running_cost=sum((row["running_cost"] or Decimal(0) for row in rows), Decimal(0)),
        mean_score=round(sum(scores) / len(scores), 1) if scores else None,
        best_score=round(max(scores), 1) if scores else None,
    )


def _sort_key(sort: str):
    if sort == "investment":
        return lambda c: (-c.investment, french_key(c.label))
    if sort == "score":
        return lambda c: (-(c.mean_score or -1), french_key(c.label))
    if sort == "title":
        return lambda c: french_key(c.label)
    return lambda c: (-c.commune_count, -c.sheets, french_key(c.label))


def convergences(territory: Territory, filters: Filters | None = None) -> list[Convergence]:
    """Groups of project sheets of at least two communes that look alike (one query)."""
    filters = filters or Filters()
    values = _sheet_rows(territory, filters)
    by_id = {row["id"]: row for row in values}
    refs = [
        Row(row["id"], row["commune_id"], row["title"], row["template_id"], row["function_category"]) for row in values
    ]
    found = [_convergence(group, by_id) for group in group_rows(refs)]
    return sorted(found, key=_sort_key(filters.sort))


@dataclass
class NeedGroup:
    label: str
    communes: list[str]
    needs: int
    pillars: list[str]


def need_groups(territory: Territory, filters: Filters | None = None) -> list[NeedGroup]:
    """The communes' needs grouped by similar titles (one query)."""
    filters = filters or Filters()
    needs = Need.objects.filter(commune__territory=territory, merged_into__isnull=True)
    if filters.province:
        needs = needs.filter(commune__province=filters.province)
    values = list(needs.values("id", "title", "pillars", "commune_id", "commune__name"))
    if filters.pillar:
        values = [row for row in values if filters.pillar in (row["pillars"] or [])]
    by_id = {row["id"]: row for row in values}
    groups = []
    for group in group_rows(Row(row["id"], row["commune_id"], row["title"]) for row in values):
        rows = [by_id[row.id] for row in group]
        pillars = {pillar for row in rows for pillar in row["pillars"] or []}
        groups.append(
            NeedGroup(
                label=str(most_common(row["title"] for row in rows)),
                communes=sorted({row["commune__name"] for row in rows}, key=french_key),
                needs=len(rows),
                pillars=[str(label) for value, label in Pillar.choices if value in pillars],
            )
        )
    return groups


# Systems of the inventories -------------------------------------------------------------------------


@dataclass
class Product:
    """One software (or infrastructure) product and vendor across the communes' inventories."""

    name: str
    vendor: str
    category: str
    category_value: str
    communes: list[str]
    statuses: dict[str, int]
    yearly_cost: Decimal
    versions: list[str] = field(default_factory=list)
    end_of_support: object = None  # the earliest known date, or None

    @property
    def commune_count(self) -> int:
        return len(self.communes)


def _system_rows(territory: Territory, province: str = "") -> list[dict]:
    systems = ExistingSystem.objects.filter(commune__territory=territory)
    if province:
        systems = systems.filter(commune__province=province)
    return list(
        systems.values(
            "id",
            "name",
            "vendor",
            "version",
            "end_of_support",
            "category",
            "status",
            "yearly_cost",
            "commune_id",
            "commune__name",
        )
    )


def products(territory: Territory, *, province: str = "", rows: list[dict] | None = None) -> list[Product]:
    """Systems grouped by product and vendor (normalised names), most widespread first (one query)."""
    rows = _system_rows(territory, province) if rows is None else rows
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[(text.normalise(row["name"]), text.normalise(row["vendor"]))].append(row)
    found = []
    for group in grouped.values():
        category = most_common(row["category"] for row in group) or SystemCategory.OTHER
        found.append(
            Product(
                name=str(most_common(row["name"] for row in group)),
                vendor=str(most_common(row["vendor"] for row in group)),
                category=str(SystemCategory(category).label),
                category_value=category,
                communes=sorted({row["commune__name"] for row in group}, key=french_key),
                statuses=dict(Counter(row["status"] for row in group)),
                yearly_cost=sum((row["yearly_cost"] or Decimal(0) for row in group), Decimal(0)),
                versions=sorted({row["version"] for row in group if row["version"]}, key=french_key),
                end_of_support=min((row["end_of_support"] for row in group if row["end_of_support"]), default=None),
            )
        )
    return sorted(found, key=lambda p: (-p.commune_count, french_key(p.name)))


@dataclass
class CategoryUse:
    """One kind of system across the territory: which products, in how many communes."""

    value: str
    label: str
    communes: int
    products: list[Product]
    share: int  # % of the territory's communes, for the chart


@dataclass
class TerritoryWarning:
    kind: str  # "manual_exchange" or "duplicate"
    communes: list[str]
    source: str = ""
    target: str = ""
    data: str = ""
    category: str = ""

    @property
    def count(self) -> int:
        return len(self.communes)


def _manual_exchanges(territory: Territory) -> list[TerritoryWarning]:
    rows = DataExchange.objects.filter(commune__territory=territory, mode=ExchangeMode.MANUAL).values(
        "commune__name", "source__name", "target__name", "data"
    )
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[(text.normalise(row["source__name"]), text.normalise(row["target__name"]))].append(row)
    return [
        TerritoryWarning(
            kind="manual_exchange",
            communes=sorted({row["commune__name"] for row in group}, key=french_key),
            source=str(most_common(row["source__name"] for row in group)),
            target=str(most_common(row["target__name"] for row in group)),
            data=str(most_common(row["data"] for row in group)),
        )
        for group in grouped.values()
    ]


def _duplicates(rows: list[dict]) -> list[TerritoryWarning]:
    """Communes running two systems or more in operation for the same job."""
    per_commune: dict[tuple, int] = Counter(
        (row["commune__name"], row["category"])
        for row in rows
        if row["status"] == SystemStatus.IN_OPERATION and row["category"] != SystemCategory.OTHER
    )
    by_category: dict[str, list[str]] = defaultdict(list)
    for (commune, category), count in per_commune.items():
        if count > 1:
            by_category[category].append(commune)
    return [
        TerritoryWarning(
            kind="duplicate",
            communes=sorted(communes, key=french_key),
            category=str(SystemCategory(category).label),
        )
        for category, communes in by_category.items()
    ]


def territory_inventory(territory: Territory, *, province: str = "") -> dict:
    """The inventories of all communes together: per kind of system, the products and how many communes use
    each; the silo and duplicate warnings at territory level (three queries)."""
    rows = _system_rows(territory, province)
    communes = Commune.objects.filter(territory=territory)
    if province:
        communes = communes.filter(province=province)
    total = communes.count()
    by_category: dict[str, list[Product]] = defaultdict(list)
    for product in products(territory, rows=rows):
        by_category[product.category_value].append(product)
    reach = defaultdict(set)
    for row in rows:
        reach[row["category"]].add(row["commune_id"])
    uses = [
        CategoryUse(
            value=value,
            label=str(label),
            communes=len(reach[value]),
            products=by_category[value],
            share=round(100 * len(reach[value]) / total) if total else 0,
        )
        for value, label in SystemCategory.choices
        if reach.get(value)
    ]
    warnings = sorted(_manual_exchanges(territory) + _duplicates(rows), key=lambda w: (-w.count, w.kind))
    return {"categories": uses, "warnings": warnings, "communes": total, "systems": len(rows)}


def convergence_tables(territory: Territory, filters: Filters | None = None) -> dict:
    """The three tables of the convergences page and its exports: sheet groups, need groups and the products run
    by at least two communes (three queries)."""
    filters = filters or Filters()
    return {
        "groups": convergences(territory, filters),
        "needs": need_groups(territory, filters),
        "products": [p for p in products(territory, province=filters.province) if p.commune_count > 1],
    }


# Pooled demand ------------------------------------------------------------------------------------


# The barometer's question on a central purchasing body, and the answers that show an interest.
CENTRAL_PURCHASING = "central_purchasing"
INTERESTED = {
    "strongly_interested": _("Strongly interested"),
    "interested_not_priority": _("Interested, not a priority"),
}
SOURCE_LABELS = {
    "sheets": _("Communes with project sheets"),
    "needs": _("Communes with needs"),
    "systems": _("Communes studying or replacing a system"),
    "barometer": _("Communes interested in a central purchasing body (barometer)"),
}
SMALL_CELL = 3  # a count over fewer communes is withheld from all but the referent


@dataclass
class Demand:
    commune: str
    population: int | None
    sheets: list[str] = field(default_factory=list)
    horizon: str = ""
    investment: Decimal = Decimal(0)
    systems: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    barometer: str = ""  # the commune's interest in a central purchasing body (latest barometer edition)
    population_approximate: bool = False

    @property
    def horizon_label(self) -> str:
        return str(Horizon(self.horizon).label) if self.horizon else ""


def _demand_sheets(territory: Territory, category: str, entry) -> None:
    sheets = ProjectSheet.objects.filter(
        roadmap__commune__territory=territory, function_category=category, shared_membership__isnull=True
    ).exclude(status__in=[SheetStatus.ABANDONED, SheetStatus.DONE])
    rank = {h: i for i, h in enumerate(HORIZONS)}
    for row in sheets.values("title", "horizon", "investment", "roadmap__commune_id"):
        demand = entry(row["roadmap__commune_id"])
        demand.sheets.append(row["title"])
        demand.investment += row["investment"] or Decimal(0)
        if row["horizon"] and (not demand.horizon or rank[row["horizon"]] < rank[demand.horizon]):
            demand.horizon = row["horizon"]


def _demand_needs(territory: Territory, category: str, entry) -> None:
    """A need has no function of its own: it takes the function of the project sheets that address it."""
    needs = (
        Need.objects.filter(
            commune__territory=territory, merged_into__isnull=True, project_sheets__function_category=category
        )
        .values("id", "title", "commune_id")
        .distinct()
    )
    for row in needs:
        entry(row["commune_id"]).needs.append(row["title"])


def _demand_systems(territory: Territory, category: str, entry) -> None:
    systems = ExistingSystem.objects.filter(
        commune__territory=territory,
        category=category,
        status__in=[SystemStatus.BEING_STUDIED, SystemStatus.BEING_REPLACED],
    )
    for row in systems.values("name", "commune_id"):
        entry(row["commune_id"]).systems.append(row["name"])


def central_purchasing_interest(territory: Territory) -> dict | None:
    """The communes that told the territory's latest barometer edition asking it that a central purchasing body
    interests them: {"year", "title", "answers": {commune id: label}} or None (two queries)."""
    answers = barometer_selectors.latest_choice_answers(territory.pk, CENTRAL_PURCHASING)
    if answers is None:
        return None
    interested = {pk: str(INTERESTED[code]) for pk, code in answers.answers.items() if code in INTERESTED}
    return {"year": answers.edition_year, "title": answers.edition_title, "answers": interested}


def withheld(count: int, *, see_small: bool) -> int | None:
    """The small-cell rule: a count over fewer than three communes is shown to the referent only."""
    return count if see_small or count == 0 or count >= SMALL_CELL else None


def pooled_demand(territory: Territory, category: str, *, see_small: bool = True) -> dict:
    """For a kind of purchase: the communes whose project sheets plan it (earliest horizon, investment), whose needs
    are addressed by such sheets, whose inventory studies or replaces a system of that kind, or whose answer to
    the latest barometer shows an interest in a central purchasing body (six queries). Counts over fewer than
    three communes are None unless `see_small` (the referent, whose pages these are)."""
    communes = {
        c.pk: c
        for c in Commune.objects.filter(territory=territory).only("name", "population", "population_approximate")
    }
    found: dict[int, Demand] = {}

    def entry(commune_id: int) -> Demand:
        commune = communes[commune_id]
        return found.setdefault(
            commune_id,
            Demand(
                commune=commune.name,
                population=commune.population,
                population_approximate=commune.population_approximate,
            ),
        )

    _demand_sheets(territory, category, entry)
    _demand_needs(territory, category, entry)
    _demand_systems(territory, category, entry)
    barometer = central_purchasing_interest(territory)
    for commune_id, label in (barometer or {}).get("answers", {}).items():
        if commune_id in communes:
            entry(commune_id).barometer = label
    rows = sorted(found.values(), key=lambda d: french_key(d.commune))
    today = timezone.localdate()
    frameworks = FrameworkAgreement.objects.filter(
        territory=territory, function_category=category, valid_from__lte=today, valid_until__gte=today
    )
    sources = {
        "sheets": sum(1 for d in rows if d.sheets),
        "needs": sum(1 for d in rows if d.needs),
        "systems": sum(1 for d in rows if d.systems),
        "barometer": sum(1 for d in rows if d.barometer),
    }
    small = withheld(len(rows), see_small=see_small) is None
    horizons = {h: withheld(sum(1 for d in rows if d.horizon == h), see_small=see_small) for h in HORIZONS}
    counts = {key: withheld(count, see_small=see_small) for key, count in sources.items()}
    return {
        "rows": rows,
        "communes": withheld(len(rows), see_small=see_small),
        "sources": counts,
        "investment": None if small else sum((d.investment for d in rows), Decimal(0)),
        "population": None if small else sum(d.population or 0 for d in rows),
        "horizons": horizons,
        "breakdown": [(SOURCE_LABELS[key], counts[key]) for key in SOURCE_LABELS]
        + [(Horizon(h).label, horizons[h]) for h in HORIZONS],
        "barometer": barometer,
        "frameworks": list(frameworks),
        "approximate_population": any(d.population_approximate for d in rows),
    }


def demand_overview(territory: Territory) -> list[dict]:
    """How many communes plan each kind of purchase (one query), for choosing one."""
    counts = (
        ProjectSheet.objects.filter(roadmap__commune__territory=territory, shared_membership__isnull=True)
        .exclude(status__in=[SheetStatus.ABANDONED, SheetStatus.DONE])
        .exclude(function_category=FunctionCategory.OTHER)
        .values_list("function_category", "roadmap__commune_id")
        .distinct()
    )
    per_category = Counter(category for category, _commune in counts)
    return [
        {"value": value, "label": label, "communes": per_category[value]}
        for value, label in FunctionCategory.choices
        if per_category.get(value)
    ]


# Catalogue and shared projects --------------------------------------------------------------------


def active_frameworks(territory_id: int, *, category: str = "", day=None) -> list[FrameworkAgreement]:
    """The framework agreements of the territory valid on `day` (today), for one function when given."""
    day = day or timezone.localdate()
    agreements = FrameworkAgreement.objects.filter(
        territory_id=territory_id, valid_from__lte=day, valid_until__gte=day
    ).prefetch_related(Prefetch("lots", queryset=FrameworkLot.objects.order_by("number", "pk")))
    if category:
        agreements = agreements.filter(function_category=category)
    return list(agreements)


def catalogue(territory: Territory) -> list[FrameworkAgreement]:
    """Every framework agreement of the territory with its lots (two queries), the active ones first."""
    today = timezone.localdate()
    agreements = list(
        FrameworkAgreement.objects.filter(territory=territory).prefetch_related(
            Prefetch("lots", queryset=FrameworkLot.objects.order_by("number", "pk"))
        )
    )
    for agreement in agreements:
        agreement.active = agreement.is_active_on(today)
    return sorted(agreements, key=lambda a: (not a.active, french_key(a.title)))


def shared_projects(territory: Territory) -> list[SharedProject]:
    """The territory's shared projects with their costs and members (two queries)."""
    members = SharedProjectMember.objects.select_related("commune").order_by("commune__name", "pk")
    return list(
        SharedProject.objects.filter(territory=territory)
        .select_related("costs", "lead_commune")
        .prefetch_related(Prefetch("members", queryset=members))
    )


def shared_project_detail(project: SharedProject) -> dict:
    """The project's members, each with its share, sheet, project and whether its commune has a roadmap."""
    members = list(
        SharedProjectMember.objects.filter(shared_project=project)
        .select_related("commune", "sheet")
        .order_by("commune__name", "pk")
    )
    with_roadmap = set(
        Roadmap.objects.filter(commune_id__in=[m.commune_id for m in members]).values_list("commune_id", flat=True)
    )
    for member in members:
        member.has_roadmap = member.commune_id in with_roadmap
    sharing = [m for m in members if m.status in SHARING_STATUSES]
    return {
        "members": members,
        "investment_total": sum((m.investment_share for m in sharing), Decimal(0)),
        "running_total": sum((m.running_cost_share for m in sharing), Decimal(0)),
        "accepted": sum(1 for m in members if m.status == MemberStatus.ACCEPTED),
        "approximate_population": any(m.commune.population_approximate for m in members),
    }


def commune_memberships(commune: Commune) -> list[SharedProjectMember]:
    """The shared projects the commune is (or was) asked to join, with the project's costs (two queries)."""
    members = list(
        SharedProjectMember.objects.filter(commune=commune)
        .select_related("shared_project__costs", "shared_project__lead_commune", "sheet")
        .order_by("shared_project__title", "pk")
    )
    has_roadmap = Roadmap.objects.filter(commune=commune).exists()
    for member in members:
        member.commune_has_roadmap = has_roadmap
    return members


def sheet_membership(sheet: ProjectSheet) -> SharedProjectMember | None:
    return SharedProjectMember.objects.filter(sheet=sheet).select_related("shared_project__costs").first()
