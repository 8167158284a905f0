"""The one euro formatter (smartregion.money): pages, exports and the PDF report print amounts alike."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from reports.templatetags.report_tags import euros as report_euros
from roadmaps.selectors import money as roadmap_money
from smartregion.money import euros

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        (1234, f"1{NBSP}234{NBSP}€", f"1,234{NBSP}€"),
        (Decimal("1234567.49"), f"1{NBSP}234{NBSP}567{NBSP}€", f"1,234,567{NBSP}€"),
        (0, f"0{NBSP}€", f"0{NBSP}€"),
        ("250000", f"250{NBSP}000{NBSP}€", f"250,000{NBSP}€"),
        (-1500, f"-1{NBSP}500{NBSP}€", f"-1,500{NBSP}€"),
    ],
)
def test_french_and_english(value, french, english):
    with translation.override("fr"):
        assert euros(value) == french
    with translation.override("en"):
        assert euros(value) == english


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Decimal("12.5"), 0, "13"),  # halves away from zero, not to the even neighbour
        (12.5, 0, "13"),
        (Decimal("13.5"), 0, "14"),
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (Decimal("12.49"), 0, "12"),
        (2.675, 2, "2.68"),  # the float 2.675 is 2.67499…: read as written, not as stored
        (Decimal("12500.5"), 2, "12,500.50"),
    ],
)
def test_rounding(value, digits, expected):
    with translation.override("en"):
        assert euros(value, digits) == f"{expected}{NBSP}€"


@pytest.mark.parametrize("empty", [None, "", "abc", float("nan"), float("inf"), True])
def test_no_amount(empty):
    assert euros(empty) == "—"


@pytest.mark.parametrize("value", [Decimal("2.5"), 12.5, 1234.5, Decimal("999999.5"), 0, None])
def test_one_source_for_the_report_and_the_roadmap(value):
    with translation.override("fr"):
        assert report_euros(value) == roadmap_money(value) == euros(value)


def test_template_filter():
    with translation.override("fr"):
        rendered = Template("{% load money %}{{ a|euros }}|{{ a|euros:2 }}").render(Context({"a": Decimal("12500.5")}))
    assert rendered == f"12{NBSP}501{NBSP}€|12{NBSP}500,50{NBSP}€"
