"""Charts of a project drawn as SVG by plain Python (the approach of diagnostics/charts.py): an indicator's
measured values over time against its target, and the budget planned against committed and spent.

Labels are escaped here; pages print the result through `trusted_svg`, and the same figures are in a table
next to each chart. Every amount of money is written by `smartregion.money.euros`, the one money formatter.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from diagnostics.charts import FONT, PALETTE
from diagnostics.charts import _attr as attr
from diagnostics.charts import _number as number
from smartregion.money import euros

MONEY_UNITS = {"€", "eur", "euro", "euros"}

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 36


def _scale(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    return low - pad, high + pad


def _frame(title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{attr(title)}" font-family="{FONT}" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]


def _is_money(unit: str) -> bool:
    return unit.strip().lower() in MONEY_UNITS


def _figure(value, unit: str = "") -> str:
    """A value of an indicator with its unit; an amount of money (unit "€") as `euros` writes it."""
    if _is_money(unit):
        return euros(value, 0 if Decimal(str(value)) == int(Decimal(str(value))) else 2)
    return f"{number(float(value))} {unit}".strip()


def _axes(low: float, high: float, first: datetime.date, last: datetime.date, y, unit: str = "") -> list[str]:
    bottom = HEIGHT - BOTTOM
    parts = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#888"/>',
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#888"/>',
    ]
    for value in (low, (low + high) / 2, high):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value):.1f}" text-anchor="end" dominant-baseline="middle" fill="#222">'
            f"{escape(euros(value) if _is_money(unit) else number(value))}</text>"
        )
    for day, anchor, x in ((first, "start", LEFT), (last, "end", WIDTH - RIGHT)):
        parts.append(
            f'<text x="{x}" y="{HEIGHT - 12}" text-anchor="{anchor}" fill="#222">'
            f"{escape(date_format(day, 'SHORT_DATE_FORMAT'))}</text>"
        )
    return parts


def indicator_chart_svg(
    *,
    name: str,
    unit: str,
    points: Sequence[tuple[datetime.date, Decimal]],
    target: Decimal | None = None,
    target_date: datetime.date | None = None,
    baseline: Decimal | None = None,
) -> str:
    """A line of the measured values over time, the target as a dashed line (and its date as a point)."""
    title = _("%(name)s over time") % {"name": name}
    if not points:
        return ""
    days = [day for day, _value in points] + ([target_date] if target_date else [])
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    figures = [float(v) for _day, v in points] + [float(v) for v in (target, baseline) if v is not None]
    low, high = _scale(figures)

    def x(day: datetime.date) -> float:
        return LEFT + (day - first).days / span * (WIDTH - LEFT - RIGHT)

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * (HEIGHT - TOP - BOTTOM)

    parts = _frame(title) + _axes(low, high, first, last, y, unit)
    if target is not None:
        ty = y(float(target))
        label = _("Target: %(value)s") % {"value": _figure(target, unit)}
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="{PALETTE[1]}" '
            'stroke-dasharray="6 4" stroke-width="1.5"/>'
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{ty - 5:.1f}" text-anchor="end" fill="{PALETTE[1]}">{escape(label)}</text>'
        )
    line = " ".join(f"{x(day):.1f},{y(float(value)):.1f}" for day, value in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>')
    for day, value in points:
        text = f"{date_format(day, 'SHORT_DATE_FORMAT')}: {_figure(value, unit)}"
        parts.append(
            f'<circle cx="{x(day):.1f}" cy="{y(float(value)):.1f}" r="3" fill="{PALETTE[0]}">'
            f"<title>{escape(text)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


BAR_LABEL, BAR_VALUE, BAR_HEIGHT, BAR_GAP = 250, 96, 22, 10


def budget_chart_svg(budget) -> str:
    """Planned, committed and spent investment and running cost, as horizontal bars with their amounts."""
    rows = [
        (_("Investment planned"), budget.planned_investment),
        (_("Investment committed"), budget.committed_investment),
        (_("Investment spent"), budget.spent_investment),
        (_("Running cost planned (yearly)"), budget.planned_running_cost),
        (_("Running cost committed"), budget.committed_running),
        (_("Running cost spent"), budget.spent_running),
    ]
    rows = [(label, value or 0) for label, value in rows]
    largest = float(max(value for _label, value in rows))
    if not largest:
        return ""
    title = _("Budget: planned, committed and spent")
    height = 28 + len(rows) * (BAR_HEIGHT + BAR_GAP) + 4
    plot = WIDTH - BAR_LABEL - BAR_VALUE
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="{attr(title)}" font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" fill="#222" font-weight="bold">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(rows):
        top = 28 + index * (BAR_HEIGHT + BAR_GAP)
        centre = top + BAR_HEIGHT / 2
        length = max(0.0, float(value)) / largest * plot
        amount = euros(value)
        parts += [
            f'<text x="{BAR_LABEL - 8}" y="{centre:.1f}" text-anchor="end" dominant-baseline="middle" fill="#222">'
            f"{escape(str(label))}</text>",
            f'<rect x="{BAR_LABEL}" y="{top}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{PALETTE[index // 3]}">'
            f"<title>{escape(f'{label}: {amount}')}</title></rect>",
            f'<text x="{BAR_LABEL + length + 6:.1f}" y="{centre:.1f}" dominant-baseline="middle" fill="#222">'
            f"{escape(amount)}</text>",
        ]
    parts.append(f'<line x1="{BAR_LABEL}" y1="24" x2="{BAR_LABEL}" y2="{height - 4}" stroke="#888"/>')
    parts.append("</svg>")
    return "".join(parts)
