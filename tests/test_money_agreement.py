"""One euro formatter (smartregion.money.euros) for the pages and the report (issue 14)."""

from decimal import Decimal

import pytest
from django.utils import translation

from reports.templatetags.report_tags import euros as report_euros
from roadmaps.selectors import money as roadmap_money
from smartregion.money import NBSP as NARROW_NBSP
from smartregion.money import euros


@pytest.mark.parametrize(
    ("value", "english", "french"),
    [
        (1234567, "1,234,567", "1\N{NO-BREAK SPACE}234\N{NO-BREAK SPACE}567"),
        (Decimal("2.5"), "3", "3"),
        (Decimal("3.5"), "4", "4"),
        (2.5, "3", "3"),
        ("12500.49", "12,500", "12\N{NO-BREAK SPACE}500"),
        (0, "0", "0"),
    ],
    ids=["grouped", "half-up-even", "half-up-odd", "float", "text", "zero"],
)
def test_whole_euros_grouped_and_rounded_half_up(value, english, french):
    with translation.override("en"):
        assert euros(value) == f"{english}{NARROW_NBSP}€"
    with translation.override("fr"):
        assert euros(value) == f"{french}{NARROW_NBSP}€"


@pytest.mark.parametrize("value", [None, "", "n/a"], ids=["none", "empty", "not-a-number"])
def test_no_figure_is_a_dash(value):
    assert euros(value) == "—"


@pytest.mark.parametrize(
    "value", [Decimal("40000"), Decimal("2.5"), 1999.5, None], ids=["round", "half", "float", "none"]
)
def test_the_report_and_the_roadmap_print_the_same_amount(value):
    for language in ("fr", "en"):
        with translation.override(language):
            assert report_euros(value) == roadmap_money(value) == euros(value)


def test_no_template_writes_an_amount_of_its_own():
    """Pages print money through the one formatter (`|euros`), never `floatformat` followed by a euro sign."""
    import re
    from pathlib import Path

    from django.conf import settings

    own = [
        str(path.relative_to(settings.BASE_DIR))
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        if re.search(r"floatformat[^}]*\}\}\s*€|€\s*\{\{[^}]*floatformat", path.read_text("utf-8"))
    ]
    assert own == []
