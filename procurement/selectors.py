"""Reading procurements: the thresholds in force, the proposed procedure and its warnings, the scoring grid,
the panels' lists. Every function runs a fixed number of queries whatever the number of rows."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutualisation import selectors as mutualisation_selectors
from mutualisation.models import FrameworkAgreement
from procurement import procedure, scoring
from procurement.models import (
    Bidder,
    Buyer,
    LibraryRequirement,
    Procurement,
    ProcurementDocument,
    ProcurementStatus,
    Requirement,
    Score,
    SectionKey,
    Threshold,
    ThresholdKind,
)
from projects.models import Project
from roadmaps.models import FunctionCategory, ProjectSheet
from smartregion.money import euros


def thresholds_on(day: datetime.date, purchase_type: str, buyer: str = Buyer.COMMUNE) -> procedure.ThresholdSet:
    """The thresholds valid on `day` for `purchase_type` and `buyer` (a row for that type, then for that level of
    buyer, wins over a row for all)."""
    rows = Threshold.objects.filter(
        Q(purchase_type=purchase_type) | Q(purchase_type=""),
        Q(buyer_level=Buyer.level(buyer)) | Q(buyer_level=""),
        valid_from__lte=day,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    found: dict[str, tuple] = {}
    for row in rows.order_by("valid_from", "pk"):
        rank = (row.purchase_type != "", row.buyer_level != "", row.valid_from)
        if row.kind not in found or rank >= found[row.kind][0]:
            found[row.kind] = (rank, procedure.Limit(row.amount, row.source))
    return procedure.ThresholdSet(
        low_value=found.get(ThresholdKind.LOW_VALUE, (None, None))[1],
        negotiated=found.get(ThresholdKind.NEGOTIATED, (None, None))[1],
        eu_publication=found.get(ThresholdKind.EU_PUBLICATION, (None, None))[1],
    )


def frameworks_for(procurement: Procurement) -> list[FrameworkAgreement]:
    """The framework agreements of the commune's territory for the same function, valid on the procedure's date,
    as the mutualisation catalogue says (its one query for it)."""
    return mutualisation_selectors.active_frameworks(
        procurement.commune.territory_id, category=procurement.function_category, day=procurement.procedure_date
    )


def same_kind_amounts(procurement: Procurement) -> list[Decimal]:
    """The estimated amounts of the commune's procurements of the same kind of purchase and type in the same
    budget year (this one included), cancelled ones left out."""
    return list(
        Procurement.objects.filter(
            commune_id=procurement.commune_id,
            function_category=procurement.function_category,
            purchase_type=procurement.purchase_type,
            procedure_date__year=procurement.procedure_date.year,
        )
        .exclude(status=ProcurementStatus.CANCELLED)
        .values_list("estimated_amount", flat=True)
    )


@dataclass
class Overview:
    proposal: procedure.Proposal
    splitting: procedure.SplittingWarning | None
    frameworks: list[FrameworkAgreement]


def overview(procurement: Procurement) -> Overview:
    """The procedure the portal proposes and why, the splitting warning and the central purchasing offers."""
    thresholds = thresholds_on(procurement.procedure_date, procurement.purchase_type, procurement.buyer)
    return Overview(
        proposal=procedure.propose(procurement.estimated_amount, thresholds, format_amount=euros),
        splitting=procedure.splitting_warning(same_kind_amounts(procurement), thresholds),
        frameworks=frameworks_for(procurement),
    )


def procurement_grid(procurement: Procurement, bidders: list[Bidder] | None = None) -> scoring.Grid:
    """The scoring grid of the procurement (the one function behind the page and the award report)."""
    criteria = [
        scoring.CriterionIn(c.pk, c.name, c.weight, c.is_price) for c in procurement.criteria.order_by("position", "pk")
    ]
    if bidders is None:
        bidders = list(procurement.bidders.order_by("position", "pk"))
    offers = [
        scoring.OfferIn(b.pk, b.name, b.offer_price, bool(b.has_offer and b.regular and b.selected and not b.excluded))
        for b in bidders
        if b.has_offer
    ]
    scores = {(s.bidder_id, s.criterion_id): s.value for s in Score.objects.filter(bidder__procurement=procurement)}
    return scoring.grid(criteria, offers, scores)


def requirement_number(section_index: int, position: int) -> str:
    return f"R{section_index}.{position}"


def specification_sections(procurement: Procurement) -> list[dict]:
    """The sections in their printed order, each with its number, text and numbered requirements."""
    texts = dict(procurement.sections.values_list("key", "text"))
    by_section: dict[str, list[Requirement]] = {}
    for requirement in procurement.requirements.order_by("position", "pk"):
        by_section.setdefault(requirement.section, []).append(requirement)
    sections = []
    for index, (key, label) in enumerate(SectionKey.choices, start=1):
        requirements = [
            {"pk": r.pk, "number": requirement_number(index, n), "text": r.text, "mandatory": r.mandatory}
            for n, r in enumerate(by_section.get(key, []), start=1)
        ]
        sections.append(
            {"number": index, "key": key, "title": str(label), "text": texts.get(key, ""), "requirements": requirements}
        )
    return sections


TIMELINE_STEPS = (
    ("college_decision_on", _("Collège decision approving the specifications and the procedure")),
    ("published_on", _("Publication or invitations")),
    ("questions_deadline", _("Questions deadline")),
    ("offers_deadline", _("Offers deadline")),
    ("opening_on", _("Opening of the offers")),
    ("evaluation_until", _("Evaluation")),
    ("award_decision_on", _("Award decision")),
    ("notified_on", _("Notification")),
)
# The status a procurement has reached once each step is done (a step with a past date is late until then).
_DONE_WHEN = {
    "college_decision_on": ProcurementStatus.LAUNCHED,
    "published_on": ProcurementStatus.LAUNCHED,
    "questions_deadline": ProcurementStatus.LAUNCHED,
    "offers_deadline": ProcurementStatus.EVALUATION,
    "opening_on": ProcurementStatus.EVALUATION,
    "evaluation_until": ProcurementStatus.AWARDED,
    "award_decision_on": ProcurementStatus.AWARDED,
    "notified_on": None,
}
_STATUS_ORDER = [
    ProcurementStatus.DRAFT,
    ProcurementStatus.LAUNCHED,
    ProcurementStatus.EVALUATION,
    ProcurementStatus.AWARDED,
]
STANDSTILL_DAYS = 15


def timeline(procurement: Procurement, *, standstill: bool, today: datetime.date | None = None) -> list[dict]:
    """The steps with their dates; a step is late when its date has passed and the procurement has not reached
    the status that follows it. The standstill period (15 days after the award decision) when it applies."""
    today = today or timezone.localdate()
    status = procurement.status
    reached = _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER)
    steps = []
    for name, label in TIMELINE_STEPS:
        value = getattr(procurement, name)
        day = timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value
        done_when = _DONE_WHEN[name]
        late = bool(day and day < today and done_when is not None and reached < _STATUS_ORDER.index(done_when))
        steps.append({"name": name, "label": label, "value": value, "late": late})
        if name == "award_decision_on" and standstill:
            until = day + datetime.timedelta(days=STANDSTILL_DAYS) if day else None
            steps.append({"name": "standstill", "label": _("Standstill period"), "value": until, "late": False})
    return steps


def documents_of(procurement: Procurement) -> list[ProcurementDocument]:
    return list(procurement.documents.order_by("kind", "-number"))


def library_for(procurement: Procurement) -> QuerySet[LibraryRequirement]:
    """The library requirements that fit the procurement's kind: its function's and everyone's, shipped or the
    territory's."""
    return LibraryRequirement.objects.filter(
        Q(territory__isnull=True) | Q(territory_id=procurement.commune.territory_id),
        Q(function_category="") | Q(function_category=procurement.function_category),
    ).order_by("section", "function_category", "position", "pk")


def procurements_of(commune_id: int) -> QuerySet[Procurement]:
    return Procurement.objects.filter(commune_id=commune_id).select_related("sheet", "project", "winner")


def procurements_for_sheet(sheet_id: int) -> list[Procurement]:
    return list(Procurement.objects.filter(sheet_id=sheet_id).order_by("-procedure_date", "pk"))


def procurements_for_project(project_id: int) -> list[Procurement]:
    return list(Procurement.objects.filter(project_id=project_id).order_by("-procedure_date", "pk"))


def specification_templates(territory_id: int) -> list[dict]:
    """The kinds of project the requirement library has requirements for (the specifications templates), with
    their own count; the requirements for every kind come on top of each."""
    counts: dict[str, int] = {}
    rows = LibraryRequirement.objects.filter(Q(territory__isnull=True) | Q(territory_id=territory_id))
    for category in rows.exclude(function_category="").values_list("function_category", flat=True):
        counts[category] = counts.get(category, 0) + 1
    labels = dict(FunctionCategory.choices)
    return sorted(
        ({"function": key, "label": str(labels.get(key, key)), "count": count} for key, count in counts.items()),
        key=lambda kind: kind["label"],
    )


def specification_template(territory_id: int, function: str) -> list[dict]:
    """The specifications template of a kind of project: each section with the library's requirements for that
    kind and for every kind, numbered as a procurement started from it would number them."""
    rows = LibraryRequirement.objects.filter(
        Q(territory__isnull=True) | Q(territory_id=territory_id),
        Q(function_category="") | Q(function_category=function),
    ).order_by("section", "function_category", "position", "pk")
    by_section: dict[str, list[LibraryRequirement]] = {}
    for row in rows:
        by_section.setdefault(row.section, []).append(row)
    return [
        {
            "number": index,
            "title": str(label),
            "requirements": [
                {"number": requirement_number(index, n), "requirement": r}
                for n, r in enumerate(by_section.get(key, []), 1)
            ],
        }
        for index, (key, label) in enumerate(SectionKey.choices, start=1)
    ]


def library_of_territory(territory_id: int) -> QuerySet[LibraryRequirement]:
    """The shipped requirements and the territory's own."""
    return LibraryRequirement.objects.filter(Q(territory__isnull=True) | Q(territory_id=territory_id)).order_by(
        "function_category", "section", "position", "pk"
    )


def attachable_sheets(commune_id: int) -> QuerySet[ProjectSheet]:
    return ProjectSheet.objects.filter(roadmap__commune_id=commune_id).order_by("title", "pk")


def attachable_projects(commune_id: int) -> QuerySet[Project]:
    return Project.objects.filter(commune_id=commune_id).order_by("title", "pk")


def scores_of(procurement: Procurement) -> dict[tuple[int, int], tuple]:
    """(bidder id, criterion id) → (score, reasons) of the procurement's evaluators."""
    return {
        (s.bidder_id, s.criterion_id): (s.value, s.reason)
        for s in Score.objects.filter(bidder__procurement=procurement)
    }
