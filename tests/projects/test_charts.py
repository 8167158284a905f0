"""The project charts: every amount written by `smartregion.money.euros`, the one money formatter."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from projects.charts import budget_chart_svg, indicator_chart_svg
from projects.models import BudgetEntry
from projects.selectors import project_budget
from smartregion.money import euros


class FakeBudget:
    planned_investment = Decimal("40000")
    committed_investment = Decimal("12500.5")
    spent_investment = None
    planned_running_cost = Decimal("6000")
    committed_running = Decimal("0")
    spent_running = Decimal("1234567")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_budget_chart_writes_every_amount_with_euros(language):
    with translation.override(language):
        svg = budget_chart_svg(FakeBudget())
        for amount in ("40000", "12500.5", None, "6000", "0", "1234567"):
            assert f">{euros(amount)}<" in svg or amount is None
        assert f">{euros(0)}<" in svg  # the empty amount is drawn as a zero bar
    ET.fromstring(svg)
    assert "40000 €" not in svg and "40000" not in svg
    assert svg.count("\u00a0€") == 12  # six labels and six tooltips


def test_the_french_budget_chart_groups_thousands():
    with translation.override("fr"):
        svg = budget_chart_svg(FakeBudget())
    assert ">40\u202f000\u00a0€<" in svg or ">40\u00a0000\u00a0€<" in svg


def test_no_budget_no_chart():
    budget = FakeBudget()
    for name in ("planned_investment", "committed_investment", "planned_running_cost", "spent_running"):
        setattr(budget, name, None)
    assert budget_chart_svg(budget) == ""


def test_an_indicator_in_euros_writes_its_values_target_and_axis_with_euros():
    points = [(datetime.date(2026, 1, 1), Decimal("1500")), (datetime.date(2026, 6, 1), Decimal("2500.25"))]
    with translation.override("fr"):
        svg = indicator_chart_svg(name="Économies", unit="€", points=points, target=Decimal("40000"))
        assert euros(Decimal("2500.25"), 2) in svg
        assert euros(Decimal("40000")) in svg
        assert euros(1500) in svg
    ET.fromstring(svg)
    assert "40000" not in svg and " €" not in svg


def test_an_indicator_in_another_unit_keeps_its_unit():
    points = [(datetime.date(2026, 1, 1), Decimal("12"))]
    with translation.override("fr"):
        svg = indicator_chart_svg(name="Usagers", unit="personnes", points=points, target=Decimal("40"))
    assert "12 personnes" in svg and "€" not in svg


@pytest.mark.django_db
def test_the_project_page_chart_and_table_agree(referent_client, project):
    BudgetEntry.objects.create(
        project=project,
        kind="spent",
        category="investment",
        amount=Decimal("40000"),
        recorded_on=datetime.date(2026, 2, 1),
    )
    html = referent_client.get(reverse("projects:project-detail", args=[project.commune.slug, project.pk])).content
    html = html.decode()
    budget = project_budget(project)
    assert budget.spent_investment == Decimal("40000")
    with translation.override("fr"):
        assert f">{euros(budget.spent_investment)}<" in html
    assert "40000 €" not in html
