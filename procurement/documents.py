"""The specifications and the award report: plain data frozen at the request (`snapshot`), then a DOCX
(python-docx, for the clerk to edit in Word or LibreOffice) and a PDF (WeasyPrint, through the report's
renderer, fonts and URL fetcher). Sections and requirements are numbered the same way in both and on the
page (`selectors.specification_sections`); the grid's figures come from `selectors.procurement_grid`."""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from docx import Document
from docx.shared import Pt

from procurement import scoring, selectors
from procurement.models import DocumentKind, Procurement
from reports.fetcher import ReportURLFetcher
from reports.rendering import html_to_pdf
from smartregion.money import euros

PDF_TEMPLATE = "procurement/document/pdf.html"


def _base(procurement: Procurement, kind: str) -> dict:
    overview = selectors.overview(procurement)
    commune = procurement.commune
    return {
        "kind": kind,
        "title": procurement.title,
        "commune": commune.name,
        "intercommunale": commune.territory.intercommunale,
        "purchase_type": str(procurement.get_purchase_type_display()),
        "function": str(procurement.get_function_category_display()),
        "estimated_amount": euros(procurement.estimated_amount),
        "procedure": {
            "label": overview.proposal.label,
            "advice": overview.proposal.advice,
            "reasons": overview.proposal.reasons,
        },
        "made_on": date_format(timezone.localdate(), "j F Y"),
    }


def points_text(value) -> str:
    """Points as the page shows them (the active language's decimal separator, two decimals)."""
    return "—" if value is None else number_format(value, 2)


def _grid_data(grid: scoring.Grid) -> dict:
    return {
        "criteria": [{"name": c.name, "weight": c.weight, "is_price": c.is_price} for c in grid.criteria],
        "rows": [
            {
                "name": row.name,
                "price": euros(row.price, 2) if row.price is not None else "",
                "points": [points_text(points) for points in row.cells],
                "total": points_text(row.total),
                "rank": row.rank,
                "eligible": row.eligible,
            }
            for row in grid.rows
        ],
        "ties": grid.ties,
        "weights_total": grid.weights_total,
    }


def _bidders(procurement: Procurement) -> list[dict]:
    rows = []
    for bidder in procurement.bidders.order_by("position", "pk").prefetch_related("scores__criterion"):
        received = timezone.localtime(bidder.offer_received_at) if bidder.offer_received_at else None
        rows.append(
            {
                "name": bidder.name,
                "company_number": bidder.company_number,
                "invited": bidder.invited,
                "excluded": bidder.excluded,
                "exclusion_reason": bidder.exclusion_reason,
                "selected": bidder.selected,
                "has_offer": bidder.has_offer,
                "received": date_format(received, "j F Y H:i") if received else "",
                "price": euros(bidder.offer_price, 2) if bidder.offer_price is not None else "",
                "regular": bidder.regular,
                "irregularity": bidder.irregularity,
                "scores": [
                    {"criterion": s.criterion.name, "value": number_format(s.value), "reason": s.reason}
                    for s in sorted(bidder.scores.all(), key=lambda s: (s.criterion.position, s.criterion_id))
                ],
            }
        )
    return rows


def snapshot(procurement: Procurement, kind: str) -> dict:
    """The document's plain data, in the active language."""
    doc = _base(procurement, kind)
    doc["sections"] = selectors.specification_sections(procurement)
    doc["criteria"] = [
        {"name": c.name, "weight": c.weight, "is_price": c.is_price} for c in procurement.criteria.order_by("position")
    ]
    doc["formulas"] = [str(scoring.PRICE_FORMULA), str(scoring.QUALITY_FORMULA)]
    if kind == DocumentKind.AWARD_REPORT:
        doc["bidders"] = _bidders(procurement)
        doc["grid"] = _grid_data(selectors.procurement_grid(procurement))
        doc["winner"] = procurement.winner.name if procurement.winner_id else ""
        doc["award_reasons"] = procurement.award_reasons
    return doc


# DOCX --------------------------------------------------------------------------------------------------


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)


def _criteria_table(document, doc: dict) -> None:
    rows = [
        [c["name"], str(c["weight"]), gettext("price") if c["is_price"] else gettext("quality")]
        for c in doc["criteria"]
    ]
    _table(document, [gettext("Criterion"), gettext("Weight"), gettext("Kind")], rows)
    for formula in doc["formulas"]:
        document.add_paragraph(formula)


def _specifications_docx(document, doc: dict) -> None:
    for section in doc["sections"]:
        document.add_heading(f"{section['number']}. {section['title']}", level=1)
        for paragraph in section["text"].split("\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        for requirement in section["requirements"]:
            kind = gettext("mandatory") if requirement["mandatory"] else gettext("scored")
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{requirement['number']} ({kind}) ").bold = True
            paragraph.add_run(requirement["text"])
        if section["key"] == "award_criteria":
            _criteria_table(document, doc)


AWARD_SECTIONS = (
    _("Procedure"),
    _("Bidders and offers"),
    _("Award criteria"),
    _("Scores per criterion"),
    _("Ranking"),
    _("Proposed winner"),
)


def _award_heading(document, number: int) -> None:
    title = str(AWARD_SECTIONS[number - 1])
    document.add_heading(f"{number}. {title}", level=1)


def _award_docx(document, doc: dict) -> None:
    _award_heading(document, 1)
    document.add_paragraph(doc["procedure"]["label"])
    for reason in doc["procedure"]["reasons"]:
        document.add_paragraph(reason, style="List Bullet")
    _award_heading(document, 2)
    rows = [
        [b["name"], b["company_number"], b["received"] or "—", b["price"] or "—", _checks(b)] for b in doc["bidders"]
    ]
    _table(
        document,
        [
            gettext("Provider"),
            gettext("Company number"),
            gettext("Offer received"),
            gettext("Price"),
            gettext("Checks"),
        ],
        rows,
    )
    _award_heading(document, 3)
    _criteria_table(document, doc)
    _award_heading(document, 4)
    for bidder in doc["bidders"]:
        for score in bidder["scores"]:
            line = gettext("%(bidder)s — %(criterion)s: %(value)s/10.") % {
                "bidder": bidder["name"],
                "criterion": score["criterion"],
                "value": score["value"],
            }
            document.add_paragraph(f"{line} {score['reason']}".strip(), style="List Bullet")
    _award_heading(document, 5)
    grid = doc["grid"]
    header = [
        gettext("Rank"),
        gettext("Offer"),
        *[f"{c['name']} ({c['weight']})" for c in grid["criteria"]],
        gettext("Total"),
    ]
    _table(document, header, [[r["rank"] or "—", r["name"], *r["points"], r["total"]] for r in grid["rows"]])
    for tie in grid["ties"]:
        document.add_paragraph(tie)
    _award_heading(document, 6)
    document.add_paragraph(doc["winner"])
    if doc["award_reasons"]:
        document.add_paragraph(doc["award_reasons"])


def _checks(bidder: dict) -> str:
    if bidder["excluded"]:
        return gettext("excluded: %(reason)s") % {"reason": bidder["exclusion_reason"] or "—"}
    if not bidder["selected"]:
        return gettext("does not meet the selection criteria")
    if bidder["has_offer"] and not bidder["regular"]:
        return gettext("irregular offer: %(reason)s") % {"reason": bidder["irregularity"] or "—"}
    return gettext("regular") if bidder["has_offer"] else gettext("no offer")


def document_title(doc: dict) -> str:
    if doc["kind"] == DocumentKind.AWARD_REPORT:
        return gettext("Award report: %(title)s") % {"title": doc["title"]}
    return gettext("Specifications: %(title)s") % {"title": doc["title"]}


def to_docx(doc: dict) -> bytes:
    """The document as a DOCX: title, the commune, numbered sections and requirement numbers."""
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(document_title(doc), level=0)
    document.add_paragraph(
        f"{doc['commune']} — {doc['function']}, {doc['purchase_type']} — {doc['estimated_amount']} "
        + gettext("excl. VAT")
    )
    document.add_paragraph(f"{doc['procedure']['label']}. {doc['procedure']['advice']}")
    if doc["kind"] == DocumentKind.AWARD_REPORT:
        _award_docx(document, doc)
    else:
        _specifications_docx(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_html(doc: dict) -> str:
    return render_to_string(PDF_TEMPLATE, {"doc": doc, "title": document_title(doc)})


def to_pdf(doc: dict, *, fetcher: ReportURLFetcher | None = None) -> bytes:
    """The document as a PDF, with the report's print stylesheet, fonts and fetcher (nothing else is read)."""
    pdf, _pages = html_to_pdf(to_html(doc), fetcher=fetcher or ReportURLFetcher())
    return pdf
