"""The territory's tables as CSV or XLSX (the same figures as the pages: they come from the selectors)."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from roadmaps.exports import csv_text, xlsx_bytes
from roadmaps.models import Horizon
from smartregion.spreadsheets import sheet_title

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _table(header: list[str], rows: list[list], fmt: str, title: str):
    if fmt == "xlsx":
        return xlsx_bytes(header, rows, sheet_title=title)
    return csv_text(header, rows)


def _convergence_table(groups) -> tuple[list[str], list[list]]:
    header = [
        _("Group"),
        _("Function"),
        _("Template"),
        _("Communes"),
        _("Number of communes"),
        _("Sheets"),
        *[str(label) for _value, label in Horizon.choices],
        _("No horizon"),
        _("Summed investment (€)"),
        _("Summed yearly running cost (€)"),
        _("Mean score"),
        _("Best score"),
    ]
    rows = [
        [
            group.label,
            group.category,
            group.template,
            ", ".join(group.communes),
            group.commune_count,
            group.sheets,
            *[group.horizons[value] for value in [*Horizon.values, ""]],
            group.investment,
            group.running_cost,
            group.mean_score,
            group.best_score,
        ]
        for group in groups
    ]
    return header, rows


def _need_table(needs) -> tuple[list[str], list[list]]:
    header = [_("Need"), _("Communes"), _("Number of communes"), _("Needs"), _("Pillars")]
    rows = [
        [group.label, ", ".join(group.communes), len(group.communes), group.needs, ", ".join(group.pillars)]
        for group in needs
    ]
    return header, rows


def _product_table(products) -> tuple[list[str], list[list]]:
    header = [
        _("Product"),
        _("Vendor"),
        _("Function"),
        _("Communes"),
        _("Number of communes"),
        _("Versions"),
        _("End of support"),
        _("Summed yearly cost (€)"),
    ]
    rows = [
        [
            product.name,
            product.vendor,
            product.category,
            ", ".join(product.communes),
            product.commune_count,
            ", ".join(product.versions),
            product.end_of_support,
            product.yearly_cost,
        ]
        for product in products
    ]
    return header, rows


def _xlsx_tables(tables: list[tuple[str, list[str], list[list]]]) -> bytes:
    """One worksheet per table, header in bold; text never read as a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in tables:
        sheet = workbook.create_sheet(title=sheet_title(title, taken=workbook.sheetnames))
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_sections(tables: list[tuple[str, list[str], list[list]]]) -> str:
    """One file, one section per table: its title on a line, its header, its rows, then an empty line."""
    parts = [csv_text([title], [header, *rows]).lstrip("\ufeff") for title, header, rows in tables]
    return "\ufeff" + "\r\n".join(parts)


def convergences(tables: dict, fmt: str):
    """The three tables of the convergences page: sheets, needs and products of the inventories."""
    sections = [
        (_("Convergences"), *_convergence_table(tables["groups"])),
        (_("Needs"), *_need_table(tables["needs"])),
        (_("Products"), *_product_table(tables["products"])),
    ]
    if fmt == "xlsx":
        return _xlsx_tables(sections)
    return _csv_sections(sections)


def demand(data: dict, label, fmt: str):
    header = [
        _("Commune"),
        _("Population"),
        _("Project sheets"),
        _("Earliest horizon"),
        _("Investment planned (€)"),
        _("Needs"),
        _("Systems studied or being replaced"),
        _("Central purchasing body (barometer)"),
    ]
    rows = [
        [
            d.commune,
            d.population,
            "; ".join(d.sheets),
            d.horizon_label,
            d.investment,
            "; ".join(d.needs),
            "; ".join(d.systems),
            d.barometer,
        ]
        for d in data["rows"]
    ]
    rows.append([_("Total"), data["population"], "", "", data["investment"], "", "", ""])
    return _table(header, rows, fmt, str(label))
