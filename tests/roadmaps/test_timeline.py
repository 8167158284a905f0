"""roadmaps.timeline: the SVG drawing shared with the PDF report."""

import re
from xml.etree import ElementTree

from roadmaps.timeline import Box, Column, timeline_svg

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
