"""SVG charts drawn in plain Python (for pages without JavaScript and for the PDF report)."""

import xml.etree.ElementTree as ET

import pytest

from diagnostics.charts import Series, bar_chart_svg, radar_svg

SVG = "{http://www.w3.org/2000/svg}"
AXES = ["Mobilité", "Qualité de vie", "Économie", "Énergie et environnement", "Gouvernance", "Citoyens"]


def test_radar_is_well_formed_svg_with_one_polygon_per_series():
    svg = radar_svg(AXES, [Series("Tous", [40, 55.5, None, 100, 0, 20]), Series("Collège", [60] * 6)], title="Maturité")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    polygons = root.findall(f"{SVG}polygon")
    # Four rings plus one polygon per series.
    assert len(polygons) == 4 + 2
    series = polygons[-2]
    assert len(series.get("points").split()) == 6
    texts = "".join(root.itertext())
    for axis in ("Mobilité", "Gouvernance", "Tous", "Collège"):
        assert axis in texts


def test_radar_values_are_clamped_and_missing_values_drawn_at_the_centre():
    svg = radar_svg(["a", "b", "c"], [Series("s", [150, -5, None])], size=300)
    points = ET.fromstring(svg).findall(f"{SVG}polygon")[-1].get("points").split()
    centre = "150.0,150.0"
    assert points[1] == centre
    assert points[2] == centre
    assert points[0] != centre


def test_text_is_escaped_and_no_style_attribute_is_used():
    svg = radar_svg(["<script>", "b & c", '"d"'], [Series("<b>x</b>", [1, 2, 3])], title="<t>")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "style=" not in svg
    ET.fromstring(svg)


def test_radar_needs_three_axes():
    with pytest.raises(ValueError):
        radar_svg(["a", "b"], [Series("s", [1, 2])])


def test_bar_chart_has_one_bar_per_label_and_long_labels_wrap():
    labels = ["Oui", "Non", "Une réponse particulièrement longue qui doit passer à la ligne proprement"]
    svg = bar_chart_svg(labels, [12, 0, 30], title="Réponses", value_suffix=" %")
    root = ET.fromstring(svg)
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 3
    widths = [float(b.get("width")) for b in bars]
    assert widths[1] == 0
    assert widths[2] > widths[0] > 0
    assert "30 %" in "".join(root.itertext())
    assert "style=" not in svg
    assert len(root.findall(f".//{SVG}tspan")) > 3


def test_bar_chart_checks_lengths():
    with pytest.raises(ValueError):
        bar_chart_svg(["a"], [1, 2])


def test_bar_chart_with_only_zeros():
    ET.fromstring(bar_chart_svg(["a", "b"], [0, 0]))


def test_figures_in_the_svg_charts_use_the_language_decimal_separator():
    """The French PDF printed "43.2" on its bars; French writes 43,2."""
    from django.utils import translation

    from diagnostics.charts import bar_chart_svg

    with translation.override("fr"):
        assert ">43,2<" in bar_chart_svg(["Économie"], [43.2], max_value=100, title="t")
    with translation.override("en"):
        assert ">43.2<" in bar_chart_svg(["Economy"], [43.2], max_value=100, title="t")
