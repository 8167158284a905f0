"""Charts drawn as SVG strings by plain Python, for pages without JavaScript and for the PDF report.

The browser draws the same figures with Chart.js; these functions need no library and no database.
Only presentation attributes are used (no style attribute), so the output also passes the
Content-Security-Policy when it is inlined in a page.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.formats import get_format

# Colour-blind-safe palette (Okabe–Ito), dark enough for text and strokes on white.
PALETTE = ["#0b5563", "#c45a00", "#5a3e8e", "#1d6b35", "#a3195b", "#0a58ca", "#6b5b00"]
FONT = "DejaVu Sans, Arial, sans-serif"


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _number(value: float) -> str:
    """A figure as the page's language writes it: one decimal at most, "43,2" in French, "43.2" in English."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


def _wrap(text: str, width: int) -> list[str]:
    """Split a label into lines of about `width` characters (at most three lines)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > 3:
        lines = lines[:3]
        lines[2] = lines[2][: max(0, width - 1)] + "…"
    return lines or [""]


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    colour: str = ""


@dataclass(frozen=True)
class _RadarFrame:
    """Where a radar's axes go: `count` axes around (cx, cy), `radius` long."""

    count: int
    cx: float
    cy: float
    radius: float

    def point(self, index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / self.count
        return self.cx + self.radius * fraction * math.cos(angle), self.cy + self.radius * fraction * math.sin(angle)


def _radar_rings(frame: _RadarFrame, rings: int, max_value: float) -> list[str]:
    parts = []
    for ring in range(1, rings + 1):
        fraction = ring / rings
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (frame.point(i, fraction) for i in range(frame.count)))
        parts.append(f'<polygon points="{points}" fill="none" stroke="#c8c8c8" stroke-width="1"/>')
        x, y = frame.point(0, fraction)
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" fill="#555" font-size="10">{_number(max_value * fraction)}</text>'
        )
    return parts


def _radar_axes(frame: _RadarFrame, axes: Sequence[str]) -> list[str]:
    parts = []
    cx, cy = frame.cx, frame.cy
    for index, label in enumerate(axes):
        x, y = frame.point(index, 1)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c8c8c8" stroke-width="1"/>')
        lx, ly = frame.point(index, 1.18)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        lines = _wrap(label, 16)
        top = ly - (len(lines) - 1) * 7
        tspans = "".join(
            f'<tspan x="{lx:.1f}" y="{top + 14 * i:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
        )
        parts.append(f'<text text-anchor="{anchor}" fill="#222" dominant-baseline="middle">{tspans}</text>')
    return parts


def _radar_series(frame: _RadarFrame, axes: Sequence[str], item: Series, number: int, *, max_value: float, size: int):
    """One series: its polygon, its points, and its legend line (whose tooltip lists the values)."""
    colour = item.colour or PALETTE[number % len(PALETTE)]
    values = [max(0.0, min(float(v), max_value)) if v is not None else 0.0 for v in item.values]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (frame.point(i, v / max_value) for i, v in enumerate(values)))
    parts = [f'<polygon points="{points}" fill="{colour}" fill-opacity="0.15" stroke="{colour}" stroke-width="2"/>']
    for index, value in enumerate(values):
        x, y = frame.point(index, value / max_value)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
    ly = size + 22 * number + 6
    parts.append(f'<rect x="20" y="{ly:.1f}" width="14" height="14" fill="{colour}"/>')
    summary = ", ".join(
        f"{axis} {_number(v) if v is not None else '—'}" for axis, v in zip(axes, item.values, strict=False)
    )
    parts.append(
        f'<text x="40" y="{ly + 11:.1f}" fill="#222">{escape(item.label)}<title>{escape(summary)}</title></text>'
    )
    return parts


def radar_svg(
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    max_value: float = 100,
    size: int = 420,
    title: str = "",
    rings: int = 4,
) -> str:
    """A radar (spider) chart: one axis per label, one closed polygon per series.

    Missing values (None) are drawn at the centre and listed as "—" in the legend text.
    """
    if len(axes) < 3:
        raise ValueError("a radar needs at least three axes")
    height = size + 22 * len(series)
    frame = _RadarFrame(count=len(axes), cx=size / 2, cy=size / 2, radius=size / 2 - 90)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {height}" width="{size}" height="{height}" '
        f'role="img" aria-label="{_attr(title or "radar")}" font-family="{FONT}" font-size="12">',
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    parts += _radar_rings(frame, rings, max_value)
    parts += _radar_axes(frame, axes)
    for number, item in enumerate(series):
        parts += _radar_series(frame, axes, item, number, max_value=max_value, size=size)
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    max_value: float | None = None,
    width: int = 560,
    bar_height: int = 22,
    title: str = "",
    value_suffix: str = "",
    colour: str = PALETTE[0],
) -> str:
    """Horizontal bars, one per label, with the value written after each bar.

    Horizontal bars leave room for long labels (French answers often are).
    """
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    label_width = int(width * 0.42)
    value_width = 56
    plot_width = width - label_width - value_width - 10
    top = 28 if title else 8
    gap = 10
    rows = [_wrap(label, max(12, label_width // 7)) for label in labels]
    heights = [max(bar_height, 14 * len(lines) + 6) for lines in rows]
    height = top + sum(h + gap for h in heights) + 8
    largest = max_value if max_value is not None else max([float(v) for v in values] or [0]) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_attr(title or "bar chart")}" font-family="{FONT}" font-size="12">',
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
        parts.append(f'<text x="0" y="16" fill="#222" font-weight="bold">{escape(title)}</text>')
    y = top
    for lines, value, row_height in zip(rows, values, heights, strict=True):
        centre = y + row_height / 2
        first = centre - (len(lines) - 1) * 7
        tspans = "".join(
            f'<tspan x="{label_width - 8}" y="{first + 14 * i:.1f}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text text-anchor="end" dominant-baseline="middle" fill="#222">{tspans}</text>')
        length = max(0.0, min(float(value), largest)) / largest * plot_width
        bar_top = centre - bar_height / 2
        parts.append(
            f'<rect x="{label_width}" y="{bar_top:.1f}" width="{length:.1f}" height="{bar_height}" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{centre:.1f}" dominant-baseline="middle" fill="#222">'
            f"{escape(_number(float(value)) + value_suffix)}</text>"
        )
        y += row_height + gap
    axis_bottom = y - gap + 4
    parts.append(
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{axis_bottom}" '
        'stroke="#888" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
