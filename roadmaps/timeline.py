"""The roadmap's timeline as SVG: one column per horizon, one box per sheet, arrows for prerequisites.

Plain functions over plain data. `timeline_svg` draws the page's timeline (three columns side by side,
arrows between boxes); `timeline_print_svg` draws the PDF's: the three columns side by side shrank to
unreadable type on an A4 page, so print gets one drawing per horizon (and per 16 sheets), two boxes a
row, each box naming its prerequisites in words instead of arrows; WeasyPrint breaks pages between the
drawings. Both use presentation attributes only (no style attribute, no script), so they pass the
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
LINE_CHARS = 44

# Print: 640 units across the text width (~170 mm) puts 13-unit type at about 10 pt.
PRINT_WIDTH = 640
PRINT_PER_ROW = 2
PRINT_ROWS = 8
PRINT_BOX_HEIGHT = 66
PRINT_CHARS = (34, 40)  # title (bold), other lines

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
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"


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


@dataclass(frozen=True)
class _Grid:
    """Where columns and rows of the screen drawing sit."""

    columns: int
    rows: int

    @property
    def width(self) -> int:
        return MARGIN * 2 + self.columns * COLUMN_WIDTH + max(self.columns - 1, 0) * COLUMN_GAP

    @property
    def height(self) -> int:
        return MARGIN * 2 + HEADER_HEIGHT + max(self.rows, 1) * (BOX_HEIGHT + BOX_GAP)

    @staticmethod
    def left(c: int) -> int:
        return MARGIN + c * (COLUMN_WIDTH + COLUMN_GAP)

    @staticmethod
    def top(r: int) -> int:
        return MARGIN + HEADER_HEIGHT + r * (BOX_HEIGHT + BOX_GAP)


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _open(width: int, height: int, id_prefix: str, title: str, description: str, markers: bool = True) -> list[str]:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="{FONT}" font-size="13">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
    ]
    if markers:
        marker = (
            '<marker id="{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker>'
        )
        parts += [
            "<defs>",
            marker.format(f"{id_prefix}-arrow", MUTED),
            marker.format(f"{id_prefix}-conflict", CONFLICT),
        ]
        parts.append("</defs>")
    return parts


def _heading(x: int, y: int, width: int, height: int, column: Column) -> list[str]:
    parts = [
        f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="8" fill="#f8f9fa" stroke="#dee2e6"/>',
        f'<text x="{x + 12}" y="{y + 22}" font-weight="600" font-size="15" fill="{TEXT}">'
        f"{escape(column.heading)}</text>",
    ]
    if column.subheading:
        parts.append(f'<text x="{x + 12}" y="{y + 40}" fill="{MUTED}">{escape(column.subheading)}</text>')
    return parts


def _box(
    box: Box, x: int, y: int, size: tuple[int, int], lines: Sequence[tuple[str, str]], chars: tuple[int, int]
) -> list[str]:
    """One sheet: its rectangle, its title in bold, then (text, colour) lines below."""
    fill, stroke = PALETTE.get(box.priority, PALETTE[""])
    parts = [
        f"<g data-sheet={quoteattr(str(box.id))}><title>{escape(box.title)}</title>",
        f'<rect x="{x}" y="{y}" width="{size[0]}" height="{size[1]}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>',
        f'<text x="{x + 10}" y="{y + 20}" font-weight="600" fill="{TEXT}">{escape(_short(box.title, chars[0]))}</text>',
    ]
    for n, (text, colour) in enumerate(lines, start=1):
        parts.append(
            f'<text x="{x + 10}" y="{y + 20 + 18 * n}" fill="{colour}">{escape(_short(text, chars[1]))}</text>'
        )
    parts.append("</g>")
    return parts


def _edge(grid: _Grid, start: tuple[int, int], end: tuple[int, int], id_prefix: str) -> str:
    """The arrow from a prerequisite to its sheet; dashed red when it goes back to an earlier column."""
    (cp, rp), (cs, rs) = start, end
    y1, y2 = grid.top(rp) + BOX_HEIGHT // 2, grid.top(rs) + BOX_HEIGHT // 2
    colour, marker, dash = MUTED, f"{id_prefix}-arrow", ""
    if cp < cs:
        x1, x2 = grid.left(cp) + COLUMN_WIDTH - 8, grid.left(cs) + 8
        path = f"M{x1},{y1} C{x1 + COLUMN_GAP},{y1} {x2 - COLUMN_GAP},{y2} {x2},{y2}"
    elif cp == cs:
        x = grid.left(cp) + COLUMN_WIDTH - 8
        bulge = x + 30 + 6 * abs(rs - rp)
        path = f"M{x},{y1} C{bulge},{y1} {bulge},{y2} {x},{y2}"
    else:
        x1, x2 = grid.left(cp) + 8, grid.left(cs) + COLUMN_WIDTH - 8
        path = f"M{x1},{y1} C{x1 - COLUMN_GAP},{y1} {x2 + COLUMN_GAP},{y2} {x2},{y2}"
        colour, marker, dash = CONFLICT, f"{id_prefix}-conflict", ' stroke-dasharray="6 4"'
    return f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.6"{dash} marker-end="url(#{marker})"/>'


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
    positions = {box.id: (c, r) for c, column in enumerate(columns) for r, box in enumerate(column.boxes)}
    grid = _Grid(len(columns), max((len(column.boxes) for column in columns), default=0))
    parts = _open(grid.width, grid.height, id_prefix, title, description)
    for c, column in enumerate(columns):
        parts += _heading(grid.left(c), MARGIN, COLUMN_WIDTH, grid.height - 2 * MARGIN, column)
    parts += [
        _edge(grid, positions[prerequisite], positions[sheet], id_prefix)
        for prerequisite, sheet in edges
        if prerequisite in positions and sheet in positions
    ]
    for c, column in enumerate(columns):
        for r, box in enumerate(column.boxes):
            lines = [(box.detail, MUTED)] if box.detail else []
            parts += _box(
                box, grid.left(c) + 8, grid.top(r), (COLUMN_WIDTH - 16, BOX_HEIGHT), lines, (TITLE_CHARS, LINE_CHARS)
            )
    parts.append("</svg>")
    return "".join(parts)


def _print_part(column: Column, boxes: Sequence[Box], after: dict, id_prefix: str, description: str) -> str:
    rows = max((len(boxes) + PRINT_PER_ROW - 1) // PRINT_PER_ROW, 1)
    height = MARGIN * 2 + HEADER_HEIGHT + rows * (PRINT_BOX_HEIGHT + BOX_GAP)
    box_width = (PRINT_WIDTH - 2 * MARGIN - 16 - (PRINT_PER_ROW - 1) * BOX_GAP) // PRINT_PER_ROW
    parts = _open(PRINT_WIDTH, height, id_prefix, column.heading, description, markers=False)
    parts += _heading(MARGIN, MARGIN, PRINT_WIDTH - 2 * MARGIN, height - 2 * MARGIN, column)
    for n, box in enumerate(boxes):
        x = MARGIN + 8 + (n % PRINT_PER_ROW) * (box_width + BOX_GAP)
        y = MARGIN + HEADER_HEIGHT + (n // PRINT_PER_ROW) * (PRINT_BOX_HEIGHT + BOX_GAP)
        lines = [(box.detail, MUTED)] if box.detail else []
        lines += [after[box.id]] if box.id in after else []
        parts += _box(box, x, y, (box_width, PRINT_BOX_HEIGHT), lines, PRINT_CHARS)
    parts.append("</svg>")
    return "".join(parts)


def timeline_print_svg(
    columns: Sequence[Column],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    description: str = "",
    after: str = "After: %(titles)s",
    id_prefix: str = "print-timeline",
) -> str:
    """The PDF's timeline: one drawing per horizon and per PRINT_ROWS rows, prerequisites named in words.

    `after` is the translated line listing a sheet's prerequisites; it is red when a prerequisite sits in
    a later horizon than the sheet. Empty horizons are left out; the drawings follow one another.
    """
    column_of = {box.id: c for c, column in enumerate(columns) for box in column.boxes}
    titles = {box.id: box.title for column in columns for box in column.boxes}
    needs: dict[Hashable, list[Hashable]] = {}
    for prerequisite, sheet in edges:
        if prerequisite in column_of and sheet in column_of:
            needs.setdefault(sheet, []).append(prerequisite)
    lines = {
        sheet: (
            after % {"titles": ", ".join(titles[p] for p in required)},
            CONFLICT if any(column_of[p] > column_of[sheet] for p in required) else MUTED,
        )
        for sheet, required in needs.items()
    }
    size = PRINT_PER_ROW * PRINT_ROWS
    chunks = [
        (c, column, column.boxes[start : start + size])
        for c, column in enumerate(columns)
        for start in range(0, len(column.boxes), size)
    ]
    return "".join(
        _print_part(column, boxes, lines, f"{id_prefix}-{c}-{n}", description)
        for n, (c, column, boxes) in enumerate(chunks)
    )
