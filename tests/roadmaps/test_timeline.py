"""roadmaps.timeline: the SVG drawing shared with the PDF report."""

import re
from xml.etree import ElementTree

from roadmaps.timeline import Box, Column, timeline_print_svg, timeline_svg

COLUMNS = [
    Column(
        "Short term", "2 sheets", [Box(1, "Website <new>", "High · 80.0", "high"), Box(2, "Cybersecurity", "", "low")]
    ),
    Column("Medium term", "", [Box(3, "Online counter & payments", "Medium · 50.0", "medium")]),
    Column("Long term", "", []),
]


def test_is_well_formed_svg_with_a_box_per_sheet():
    svg = timeline_svg(COLUMNS, [(1, 3)], title="Timeline", description="Sheets by horizon")
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    assert len(re.findall(r"<g data-sheet=", svg)) == 3
    assert "Website &lt;new&gt;" in svg and "Online counter &amp; payments" in svg
    assert 'role="img"' in svg and '<title id="timeline-title">Timeline</title>' in svg


def test_arrows_for_dependencies_and_red_dashes_for_conflicts():
    svg = timeline_svg(COLUMNS, [(1, 3), (1, 2), (3, 1), (99, 1)], title="T")
    paths = re.findall(r"<path d=\"M[^\"]+\"[^>]*marker-end[^>]*>", svg)
    assert len(paths) == 3  # the unknown sheet 99 is skipped
    assert sum("stroke-dasharray" in p for p in paths) == 1  # 3 → 1 goes back in time


def test_passes_the_content_security_policy():
    svg = timeline_svg(COLUMNS, [(1, 3)], title="T")
    assert "style=" not in svg and "<script" not in svg and "<style" not in svg


def test_long_titles_are_shortened_but_kept_whole_in_the_tooltip():
    title = "A very long project title that does not fit in its box at all"
    svg = timeline_svg([Column("Short", "", [Box(1, title)])], [], title="T")
    assert f"<title>{title}</title>" in svg
    assert "…</text>" in svg


def test_empty_timeline_still_draws_its_columns():
    svg = timeline_svg([Column("Short"), Column("Medium"), Column("Long")], [], title="T", id_prefix="report")
    ElementTree.fromstring(svg)
    assert svg.count("<rect") == 3
    assert 'id="report-arrow"' in svg


def print_parts(svg: str) -> list[str]:
    return [f"<svg{part}" for part in svg.split("<svg")[1:]]


def test_print_draws_one_legible_drawing_per_horizon_that_has_sheets():
    svg = timeline_print_svg(COLUMNS, [(1, 3)], description="Sheets", after="After: %(titles)s")
    parts = print_parts(svg)
    assert len(parts) == 2  # the empty long term is left out
    for part in parts:
        ElementTree.fromstring(part)
        assert "style=" not in part and "<script" not in part
        # 13-unit type over a 640-unit width prints at about 10 pt across A4's text width.
        assert 'viewBox="0 0 640 ' in part and 'font-size="13"' in part
    assert "Short term" in parts[0] and "Medium term" in parts[1]
    assert ">After: Website &lt;new&gt;</text>" in parts[1]


def test_print_names_a_prerequisite_in_a_later_horizon_in_red():
    svg = timeline_print_svg(COLUMNS, [(3, 1), (99, 1)], after="After: %(titles)s")
    assert re.search(r'fill="#b02a37">After: Online counter &amp; payments</text>', svg)


def test_print_splits_a_crowded_horizon_over_several_drawings():
    boxes = [Box(n, f"Sheet {n}") for n in range(40)]
    parts = print_parts(timeline_print_svg([Column("Short term", "40 sheets", boxes)], []))
    assert len(parts) == 3  # sixteen sheets a drawing
    assert [len(re.findall(r"<g data-sheet=", p)) for p in parts] == [16, 16, 8]
    assert all("Short term" in p for p in parts)
    assert len({re.search(r'aria-labelledby="([^ "]+)', p).group(1) for p in parts}) == 3


def test_print_of_an_empty_roadmap_is_empty():
    assert timeline_print_svg([Column("Short"), Column("Medium")], []) == ""
