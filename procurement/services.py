"""Changing procurements: create one (specifications pre-filled), change it and its timeline, write the
specifications, the award criteria, bidders and offers, scores, propose the award, request and render the
documents.

Every service that takes `actor=` writes the audit trail (communes.services.audit_record); refusals are
`ServiceError`s with a translated message and the field they belong to.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import audit_changes, audit_record
from diagnostics.models import DataExchange, ExchangeMode, ExistingSystem, SystemStatus
from procurement import documents, selectors
from procurement.models import (
    AwardCriterion,
    Bidder,
    Buyer,
    DocumentKind,
    DocumentStatus,
    LibraryRequirement,
    Procurement,
    ProcurementDocument,
    ProcurementStatus,
    ProcurementVerb,
    Requirement,
    Score,
    Section,
    SectionKey,
)
from procurement.scoring import SCORE_SCALE
from projects.models import Project
from roadmaps.models import ProjectSheet
from smartregion.concurrency import edit_version_save
from smartregion.errors import ServiceError
from smartregion.tasks import enqueue_on_commit

WEIGHTS_NOT_100 = _("The weights of the award criteria must add up to 100 (they add up to %(total)s).")
SCORE_OUT_OF_SCALE = _("A score must be between 0 and 10.")
OFFER_AFTER_DEADLINE = _("This offer arrived after the offers deadline (%(deadline)s): it cannot be accepted.")
AWARD_TO_IRREGULAR = _("The award cannot go to an irregular offer, an excluded or unselected bidder, or no offer.")
NO_SHEET_OR_PROJECT = _("Attach the procurement to a project sheet or a project of the commune.")
OTHER_COMMUNE = _("This belongs to another commune.")
ONE_PRICE_CRITERION = _("Keep one price criterion at most.")
COMPANY_NUMBER = _("A company number reads 0123.456.789 (ten digits, starting with 0 or 1).")
AMOUNT_INVALID = _("Enter an amount excluding VAT, in euros.")
INCOMPLETE_GRID = _("Score every quality criterion of every regular offer before proposing the award.")

UPDATABLE = (
    "title",
    "function_category",
    "purchase_type",
    "buyer",
    "estimated_amount",
    "procedure_date",
    "status",
    "college_decision_on",
    "published_on",
    "questions_deadline",
    "offers_deadline",
    "opening_on",
    "evaluation_until",
    "award_decision_on",
    "notified_on",
)


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ServiceError(gettext(AMOUNT_INVALID), field="estimated_amount") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise ServiceError(gettext(AMOUNT_INVALID), field="estimated_amount")
    return amount.quantize(Decimal("0.01"))


def _english() -> bool:
    return (translation.get_language() or "fr").startswith("en")


def _context_text(sheet: ProjectSheet | None, title: str) -> str:
    if sheet is None:
        return title
    parts = [sheet.summary, sheet.objectives]
    needs = [str(need) for need in sheet.needs.all()]
    if needs:
        parts.append(gettext("Needs addressed: %(needs)s.") % {"needs": "; ".join(needs)})
    objectives = [str(objective) for objective in sheet.pst_objectives.all()]
    if objectives:
        parts.append(gettext("PST objectives served: %(objectives)s.") % {"objectives": "; ".join(objectives)})
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def interoperability_text(commune: Commune, sheet: ProjectSheet | None, function_category: str) -> str:
    """From the inventory: the systems the solution must exchange data with (the sheet's), the systems of the
    same function it replaces, the automatic exchanges of those to keep and the manual exchanges to remove."""
    linked = list(sheet.exchanges_with.all()) if sheet is not None else []
    linked_ids = {system.pk for system in linked}
    replaced = [
        system
        for system in ExistingSystem.objects.filter(
            commune=commune,
            category=function_category,
            status__in=[SystemStatus.IN_OPERATION, SystemStatus.BEING_REPLACED],
        )
        if system.pk not in linked_ids and function_category != "other"
    ]
    ids = linked_ids | {system.pk for system in replaced}
    exchanges = DataExchange.objects.filter(commune=commune).select_related("source", "target")
    exchanges = [e for e in exchanges if e.source_id in ids or e.target_id in ids]
    lines = []
    if linked:
        lines.append(gettext("The solution exchanges data with: %(systems)s.") % {"systems": _names(linked)})
    if replaced:
        lines.append(gettext("It replaces: %(systems)s; their data are taken over.") % {"systems": _names(replaced)})
    for exchange in exchanges:
        values = {"source": exchange.source.name, "target": exchange.target.name, "data": exchange.data}
        if exchange.mode == ExchangeMode.MANUAL:
            lines.append(gettext("It removes the manual exchange %(source)s → %(target)s (%(data)s).") % values)
        else:
            lines.append(gettext("It keeps the automatic exchange %(source)s → %(target)s (%(data)s).") % values)
    return "\n".join(lines)


def _names(systems) -> str:
    return ", ".join(f"{s.name} ({s.vendor})" if s.vendor else s.name for s in systems)


def _prefill(procurement: Procurement) -> None:
    """Sections (context and interoperability from the sheet and the inventory), the library's requirements
    for the kind of purchase, and default award criteria (price 40, technical value 60)."""
    sheet = procurement.sheet
    texts = {
        SectionKey.CONTEXT: _context_text(sheet, procurement.title),
        SectionKey.INTEROPERABILITY: interoperability_text(procurement.commune, sheet, procurement.function_category),
        SectionKey.AWARD_CRITERIA: gettext("The offers are compared on the criteria and weights below."),
    }
    Section.objects.bulk_create(
        [Section(procurement=procurement, key=key, text=texts.get(key, "")) for key in SectionKey.values]
    )
    english = _english()
    Requirement.objects.bulk_create(
        [
            Requirement(
                procurement=procurement,
                section=item.section,
                text=(item.text_en if english and item.text_en else item.text_fr),
                mandatory=item.mandatory,
                position=position,
                origin=item,
            )
            for position, item in enumerate(selectors.library_for(procurement))
        ]
    )
    AwardCriterion.objects.bulk_create(
        [
            AwardCriterion(procurement=procurement, name=gettext("Price"), weight=40, is_price=True, position=0),
            AwardCriterion(procurement=procurement, name=gettext("Technical value"), weight=60, position=1),
        ]
    )


def _attach(commune: Commune, sheet: ProjectSheet | None, project: Project | None):
    if project is not None and project.commune_id != commune.pk:
        raise ServiceError(gettext(OTHER_COMMUNE), field="project")
    if sheet is None and project is not None and project.sheet_id is not None:
        sheet = project.sheet
    if sheet is not None and sheet.roadmap.commune_id != commune.pk:
        raise ServiceError(gettext(OTHER_COMMUNE), field="sheet")
    if sheet is None and project is None:
        raise ServiceError(gettext(NO_SHEET_OR_PROJECT), field="sheet")
    return sheet, project


@transaction.atomic
def procurement_create(
    *,
    actor,
    commune: Commune,
    title: str,
    purchase_type: str,
    estimated_amount,
    procedure_date: datetime.date | None = None,
    sheet: ProjectSheet | None = None,
    project: Project | None = None,
    function_category: str = "",
    buyer: str = Buyer.COMMUNE,
) -> Procurement:
    """Create a procurement of `commune` for a sheet and/or a project (a project's sheet is kept too).

    Steps: check the attachment and the amount; take the kind of purchase from the sheet unless chosen;
    create the row; pre-fill the specifications; audit.
    """
    sheet, project = _attach(commune, sheet, project)
    amount = _amount(estimated_amount)
    title = (title or "").strip() or (sheet.title if sheet else project.title)
    category = function_category or (sheet.function_category if sheet else "") or "other"
    procurement = Procurement.objects.create(
        commune=commune,
        sheet=sheet,
        project=project,
        title=title[:200],
        function_category=category,
        purchase_type=purchase_type,
        buyer=buyer or Buyer.COMMUNE,
        estimated_amount=amount,
        procedure_date=procedure_date or timezone.localdate(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _prefill(procurement)
    audit_record(actor=actor, commune=commune, verb=ProcurementVerb.PROCUREMENT_CREATED, subject=procurement.title)
    return procurement


@transaction.atomic
def procurement_update(
    *, actor, procurement: Procurement, values: dict, edit_version: int | None = None
) -> Procurement:
    """Change the procurement's details and timeline (the fields of UPDATABLE present in `values`); refused
    with EditConflict when someone saved it since `edit_version` was read."""
    values = {name: value for name, value in values.items() if name in UPDATABLE}
    if "estimated_amount" in values:
        values["estimated_amount"] = _amount(values["estimated_amount"])
    changes = audit_changes(procurement, values)
    for name, value in values.items():
        setattr(procurement, name, value)
    edit_version_save(procurement, edit_version=edit_version, update_fields=[*values, "updated_at"])
    audit_record(
        actor=actor,
        commune=procurement.commune,
        verb=ProcurementVerb.PROCUREMENT_UPDATED,
        subject=procurement.title,
        changes=changes,
    )
    return procurement


@transaction.atomic
def specifications_update(
    *, actor, procurement: Procurement, texts: dict[str, str], edit_version: int | None = None
) -> Procurement:
    """Write the sections' texts (keys of SectionKey; others are ignored); refused with EditConflict when the
    procurement was saved since `edit_version` was read."""
    edit_version_save(procurement, edit_version=edit_version, update_fields=["updated_at"])
    for key, text in texts.items():
        if key in SectionKey.values:
            Section.objects.update_or_create(procurement=procurement, key=key, defaults={"text": (text or "").strip()})
    audit_record(
        actor=actor, commune=procurement.commune, verb=ProcurementVerb.SPECIFICATIONS_UPDATED, subject=procurement.title
    )
    return procurement


@transaction.atomic
def requirement_add(
    *, actor, procurement: Procurement, section: str, text: str = "", mandatory: bool = True, origin=None
) -> Requirement:
    """Add a requirement at the end of its section, typed or taken from the library (`origin`)."""
    if origin is not None:
        section, mandatory = origin.section, origin.mandatory
        text = origin.text_en if _english() and origin.text_en else origin.text_fr
    text = (text or "").strip()
    if not text:
        raise ServiceError(gettext("Write the requirement or choose one from the library."), field="text")
    if section not in SectionKey.values:
        raise ServiceError(gettext("Choose a section."), field="section")
    last = procurement.requirements.aggregate(last=Max("position"))["last"]
    requirement = Requirement.objects.create(
        procurement=procurement,
        section=section,
        text=text,
        mandatory=mandatory,
        position=(last or 0) + 1,
        origin=origin,
    )
    audit_record(
        actor=actor, commune=procurement.commune, verb=ProcurementVerb.SPECIFICATIONS_UPDATED, subject=procurement.title
    )
    return requirement


@transaction.atomic
def requirement_delete(*, actor, requirement: Requirement) -> None:
    procurement = requirement.procurement
    requirement.delete()
    audit_record(
        actor=actor, commune=procurement.commune, verb=ProcurementVerb.SPECIFICATIONS_UPDATED, subject=procurement.title
    )


def check_weights(total: int) -> None:
    if total != 100:
        raise ServiceError(gettext(WEIGHTS_NOT_100) % {"total": total}, field="weight")


@transaction.atomic
def criteria_replace(*, actor, procurement: Procurement, rows: list[tuple[str, int, bool]]) -> list[AwardCriterion]:
    """Replace the award criteria by `rows` (name, weight, is price); refused unless the weights add up to 100
    and one criterion at most is the price. Scores of criteria kept by name stay."""
    rows = [(name.strip(), int(weight), bool(is_price)) for name, weight, is_price in rows if name.strip()]
    check_weights(sum(weight for _name, weight, _price in rows))
    if sum(1 for _name, _weight, is_price in rows if is_price) > 1:
        raise ServiceError(gettext(ONE_PRICE_CRITERION), field="is_price")
    kept = {c.name: c for c in procurement.criteria.all()}
    criteria = []
    for position, (name, weight, is_price) in enumerate(rows):
        criterion = kept.pop(name, None) or AwardCriterion(procurement=procurement, name=name)
        criterion.weight, criterion.is_price, criterion.position = weight, is_price, position
        criterion.save()
        criteria.append(criterion)
    AwardCriterion.objects.filter(pk__in=[c.pk for c in kept.values()]).delete()
    audit_record(
        actor=actor, commune=procurement.commune, verb=ProcurementVerb.CRITERIA_UPDATED, subject=procurement.title
    )
    return criteria


BIDDER_FIELDS = (
    "name",
    "company_number",
    "invited",
    "excluded",
    "exclusion_reason",
    "selected",
    "offer_received_at",
    "offer_price",
    "offer_documents",
    "regular",
    "irregularity",
)
_COMPANY_NUMBER = re.compile(r"^[01]\d{9}$")


def _check_bidder(procurement: Procurement, values: dict) -> dict:
    if not (values.get("name") or "").strip():
        raise ServiceError(gettext("Give the provider's name."), field="name")
    number = re.sub(r"[\s.]", "", values.get("company_number") or "")
    if number and not _COMPANY_NUMBER.match(number):
        raise ServiceError(gettext(COMPANY_NUMBER), field="company_number")
    values["company_number"] = f"{number[:4]}.{number[4:7]}.{number[7:]}" if number else ""
    received = values.get("offer_received_at")
    deadline = procurement.offers_deadline
    if received and deadline and received > deadline:
        shown = timezone.localtime(deadline).strftime("%d/%m/%Y %H:%M")
        raise ServiceError(gettext(OFFER_AFTER_DEADLINE) % {"deadline": shown}, field="offer_received_at")
    if values.get("offer_price") is not None and values["offer_price"] <= 0:
        raise ServiceError(gettext("An offer's price must be above zero."), field="offer_price")
    return values


@transaction.atomic
def bidder_save(*, actor, procurement: Procurement, values: dict, bidder: Bidder | None = None) -> Bidder:
    """Add a bidder (or change one): its checks, its offer and the offer's regularity. An offer received after
    the offers deadline is refused."""
    values = _check_bidder(procurement, {k: v for k, v in values.items() if k in BIDDER_FIELDS})
    if bidder is None:
        last = procurement.bidders.aggregate(last=Max("position"))["last"]
        bidder = Bidder(procurement=procurement, position=(last or 0) + 1)
        changes = {}
    else:
        changes = audit_changes(bidder, values)
    for name, value in values.items():
        setattr(bidder, name, value)
    bidder.save()
    audit_record(
        actor=actor,
        commune=procurement.commune,
        verb=ProcurementVerb.BIDDER_RECORDED,
        subject=f"{procurement.title} — {bidder.name}",
        changes=changes,
    )
    return bidder


@transaction.atomic
def scores_record(*, actor, procurement: Procurement, values: dict[tuple[int, int], tuple]) -> int:
    """Record the evaluators' scores: (bidder id, criterion id) → (score or None, reasons). A score outside
    0–10 refuses the whole grid; an empty score removes it. Returns the number of scores kept."""
    bidders = set(procurement.bidders.values_list("pk", flat=True))
    criteria = set(procurement.criteria.filter(is_price=False).values_list("pk", flat=True))
    kept = 0
    for (bidder_id, criterion_id), (value, reason) in values.items():
        if bidder_id not in bidders or criterion_id not in criteria:
            continue
        if value is None:
            Score.objects.filter(bidder_id=bidder_id, criterion_id=criterion_id).delete()
            continue
        if not (0 <= value <= SCORE_SCALE):
            raise ServiceError(gettext(SCORE_OUT_OF_SCALE), field=f"score_{bidder_id}_{criterion_id}")
        Score.objects.update_or_create(
            bidder_id=bidder_id, criterion_id=criterion_id, defaults={"value": value, "reason": (reason or "").strip()}
        )
        kept += 1
    audit_record(
        actor=actor, commune=procurement.commune, verb=ProcurementVerb.SCORES_RECORDED, subject=procurement.title
    )
    return kept


@transaction.atomic
def award_propose(*, actor, procurement: Procurement, bidder: Bidder, reasons: str = "") -> Procurement:
    """Propose the award to `bidder`'s offer: refused when the weights do not add up to 100, when the offer is
    irregular (or its bidder excluded or not selected) or when the grid is incomplete."""
    grid = selectors.procurement_grid(procurement)
    check_weights(grid.weights_total)
    row = next((row for row in grid.rows if row.id == bidder.pk), None)
    if bidder.procurement_id != procurement.pk or row is None or not row.eligible:
        raise ServiceError(gettext(AWARD_TO_IRREGULAR), field="bidder")
    if not row.complete:
        raise ServiceError(gettext(INCOMPLETE_GRID), field="bidder")
    values = {"winner": bidder, "award_reasons": (reasons or "").strip(), "status": ProcurementStatus.AWARDED}
    changes = audit_changes(procurement, {"status": values["status"]})
    for name, value in values.items():
        setattr(procurement, name, value)
    procurement.save(update_fields=[*values, "updated_at"])
    audit_record(
        actor=actor,
        commune=procurement.commune,
        verb=ProcurementVerb.AWARD_PROPOSED,
        subject=f"{procurement.title} — {bidder.name}",
        changes=changes,
    )
    return procurement


@transaction.atomic
def document_request(*, actor, procurement: Procurement, kind: str, language: str = "fr") -> ProcurementDocument:
    """Freeze the data of a new version of the specifications or of the award report, then have the worker
    render its DOCX and PDF (after the commit). The award report needs a proposed award."""
    from procurement.tasks import procurement_document_render  # the task module imports this one

    if kind == DocumentKind.AWARD_REPORT and procurement.winner_id is None:
        raise ServiceError(gettext("Propose the award before generating the award report."), field="kind")
    if kind not in DocumentKind.values:
        raise ServiceError(gettext("Choose a document."), field="kind")
    with translation.override(language):
        snapshot = documents.snapshot(procurement, kind)
    last = procurement.documents.filter(kind=kind).aggregate(last=Max("number"))["last"]
    document = ProcurementDocument.objects.create(
        procurement=procurement,
        kind=kind,
        number=(last or 0) + 1,
        language=language,
        snapshot=snapshot,
        requested_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        commune=procurement.commune,
        verb=ProcurementVerb.PROCUREMENT_DOCUMENT_REQUESTED,
        subject=f"{procurement.title} — {document}",
    )
    document.enqueued = enqueue_on_commit(procurement_document_render, document.pk)
    return document


def procurement_document_render(*, document_id: int) -> bool:
    """Render a version's DOCX and PDF from its snapshot (on the worker); safe to run twice."""
    document = ProcurementDocument.objects.select_related("procurement").filter(pk=document_id).first()
    if document is None or document.status == DocumentStatus.DONE:
        return False
    try:
        with translation.override(document.language):
            docx = documents.to_docx(document.snapshot)
            pdf = documents.to_pdf(document.snapshot)
    except Exception:
        ProcurementDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.FAILED)
        raise
    base = f"{document.kind}-v{document.number}"
    document.docx.save(f"{base}.docx", ContentFile(docx), save=False)
    document.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
    document.status = DocumentStatus.DONE
    document.finished_at = timezone.now()
    document.save(update_fields=["docx", "pdf", "status", "finished_at"])
    return True


@transaction.atomic
def library_requirement_add(*, actor, territory, values: dict) -> LibraryRequirement:
    """Add a requirement to the territory's library (the referent's own texts beside the shipped ones)."""
    if not (values.get("text_fr") or "").strip():
        raise ServiceError(gettext("Write the requirement in French."), field="text_fr")
    requirement = LibraryRequirement.objects.create(territory=territory, **values)
    audit_record(
        actor=actor, territory=territory, verb=ProcurementVerb.SPECIFICATIONS_UPDATED, subject=requirement.text_fr[:80]
    )
    return requirement
