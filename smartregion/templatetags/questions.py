"""Filters for the question kinds' partials (templates/questions/)."""

from datetime import date

from django import template

from smartregion.questions.kinds import day_first as day_first_text

register = template.Library()


@register.filter
def day_first(value: date | None) -> str:
    """A date as 24/03/2026 in every language ("" when there is none)."""
    return day_first_text(value) if isinstance(value, date) else ""


@register.filter
def month_year(value: date | None) -> str:
    """A month as 03/2026."""
    return f"{value.month:02d}/{value.year}" if isinstance(value, date) else ""
