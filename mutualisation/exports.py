"""The territory's tables as CSV or XLSX (the same figures as the pages: they come from the selectors)."""

from django.utils.translation import gettext as _

from roadmaps.exports import csv_text, xlsx_bytes
from roadmaps.models import Horizon

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _table(header: list[str], rows: list[list], fmt: str, title: str):
    if fmt == "xlsx":
        return xlsx_bytes(header, rows, sheet_title=title)
    return csv_text(header, rows)


def convergences(groups, fmt: str):
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
    return _table(header, rows, fmt, _("Convergences"))


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
