"""The roadmap's timeline as an SVG drawing: one column per horizon, one box per sheet, arrows for prerequisites.

A plain function over plain data, shared by the timeline page and the PDF report (WeasyPrint draws
inline SVG). It uses presentation attributes only (no style attribute, no script), so it passes the
Content-Security-Policy. Callers pass translated strings; this module translates nothing.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

COLUMN_WIDTH = 280
COLUMN_GAP = 64
MARGIN = 16
HEADER_HEIGHT = 52
BOX_HEIGHT = 50
BOX_GAP = 14
TITLE_CHARS = 31

# (fill, stroke) per priority class; dark text on light fills keeps AA contrast.
PALETTE = {
    "high": ("#d1e7dd", "#146c43"),
    "medium": ("#fff3cd", "#997404"),
    "low": ("#e2e3e5", "#41464b"),
    "": ("#ffffff", "#6c757d"),
}
TEXT = "#212529"
MUTED = "#495057"
CONFLICT = "#b02a37"


@dataclass(frozen=True)
class Box:
    id: Hashable
    title: str
    detail: str = ""
    """A second line, e.g. "High priority · 72.5"."""
    priority: str = ""


@dataclass(frozen=True)
class Column:
    heading: str
    subheading: str = ""
    boxes: Sequence[Box] = ()


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_svg(
    columns: Sequence[Column],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    title: str,
    description: str = "",
    id_prefix: str = "timeline",
) -> str:
    """SVG markup of the timeline. `edges` are (prerequisite, sheet) pairs; unknown ids are skipped.

    An arrow going back to an earlier column (a sheet before its prerequisite) is drawn dashed red.
    """
    positions: dict[Hashable, tuple[int, int]] = {}
    for c, column in enumerate(columns):
        for r, box in enumerate(column.boxes):
            positions[box.id] = (c, r)
    rows = max((len(column.boxes) for column in columns), default=0)
    width = MARGIN * 2 + len(columns) * COLUMN_WIDTH + max(len(columns) - 1, 0) * COLUMN_GAP
    height = MARGIN * 2 + HEADER_HEIGHT + max(rows, 1) * (BOX_HEIGHT + BOX_GAP)

    def left(c: int) -> int:
        return MARGIN + c * (COLUMN_WIDTH + COLUMN_GAP)

    def top(r: int) -> int:
        return MARGIN + HEADER_HEIGHT + r * (BOX_HEIGHT + BOX_GAP)

    arrow, conflict = f"{id_prefix}-arrow", f"{id_prefix}-conflict"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="13">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        "<defs>",
        f'<marker id="{arrow}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{MUTED}"/></marker>',
        f'<marker id="{conflict}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{CONFLICT}"/></marker>',
        "</defs>",
    ]
    for c, column in enumerate(columns):
        x = left(c)
        parts.append(
            f'<rect x="{x}" y="{MARGIN}" width="{COLUMN_WIDTH}" height="{height - 2 * MARGIN}" '
            f'rx="8" fill="#f8f9fa" stroke="#dee2e6"/>'
        )
        parts.append(
            f'<text x="{x + 12}" y="{MARGIN + 22}" font-weight="600" font-size="15" fill="{TEXT}">'
            f"{escape(column.heading)}</text>"
        )
        if column.subheading:
            parts.append(f'<text x="{x + 12}" y="{MARGIN + 40}" fill="{MUTED}">{escape(column.subheading)}</text>')
    for prerequisite, sheet in edges:
        if prerequisite not in positions or sheet not in positions:
            continue
        (cp, rp), (cs, rs) = positions[prerequisite], positions[sheet]
        y1, y2 = top(rp) + BOX_HEIGHT // 2, top(rs) + BOX_HEIGHT // 2
        if cp < cs:
            x1, x2 = left(cp) + COLUMN_WIDTH - 8, left(cs) + 8
            bend = COLUMN_GAP
            path, colour, marker, dash = f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}", MUTED, arrow, ""
        elif cp == cs:
            x = left(cp) + COLUMN_WIDTH - 8
            bulge = x + 30 + 6 * abs(rs - rp)
            path, colour, marker, dash = f"M{x},{y1} C{bulge},{y1} {bulge},{y2} {x},{y2}", MUTED, arrow, ""
        else:
            x1, x2 = left(cp) + 8, left(cs) + COLUMN_WIDTH - 8
            path = f"M{x1},{y1} C{x1 - COLUMN_GAP},{y1} {x2 + COLUMN_GAP},{y2} {x2},{y2}"
            colour, marker, dash = CONFLICT, conflict, ' stroke-dasharray="6 4"'
        parts.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.6"{dash} marker-end="url(#{marker})"/>'
        )
    for c, column in enumerate(columns):
        for r, box in enumerate(column.boxes):
            fill, stroke = PALETTE.get(box.priority, PALETTE[""])
            x, y = left(c) + 8, top(r)
            parts.append(f"<g data-sheet={quoteattr(str(box.id))}><title>{escape(box.title)}</title>")
            parts.append(
                f'<rect x="{x}" y="{y}" width="{COLUMN_WIDTH - 16}" height="{BOX_HEIGHT}" rx="6" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
            )
            parts.append(
                f'<text x="{x + 10}" y="{y + 20}" font-weight="600" fill="{TEXT}">{escape(_short(box.title))}</text>'
            )
            if box.detail:
                parts.append(f'<text x="{x + 10}" y="{y + 38}" fill="{MUTED}">{escape(_short(box.detail, 44))}</text>')
            parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
