"""Filters for the report templates, whose data is plain JSON (ISO dates, floats)."""

import re
from datetime import date, datetime

from django import template
from django.utils import formats
from django.utils.safestring import mark_safe

from reports.addresses import media_url, static_url
from smartregion import money

register = template.Library()

NARROW_NBSP = "\u202f"
# Charts are drawn by our own code from escaped labels; anything able to load or run something is refused
# all the same, so that a bug there cannot open a way out of the renderer's sandbox.
UNSAFE_SVG = re.compile(r"<\s*(script|foreignobject|image|use|a|iframe|style|link)\b|<[^>]*\s(xlink:)?href\s*=", re.I)


@register.filter
def report_date(value, fmt: str = "DATE_FORMAT") -> str:
    """An ISO date (or datetime) string as a localised date; "" when empty or unreadable."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value) if "T" in str(value) else date.fromisoformat(str(value))
    except ValueError:
        return ""
    return formats.date_format(parsed, fmt)


def _grouped(value, digits: int) -> str:
    return formats.number_format(value, digits, use_l10n=True, force_grouping=True)


@register.filter
def euros(value) -> str:
    """The site's one euro formatter (smartregion.money)."""
    return money.euros(value)


@register.filter
def percent(value, digits: int = 0) -> str:
    """A share already expressed out of 100."""
    if value is None or value == "":
        return "—"
    return f"{_grouped(round(float(value), int(digits)), int(digits))}{NARROW_NBSP}%"


@register.filter
def decimal(value, digits: int = 1) -> str:
    if value is None or value == "":
        return "—"
    return _grouped(round(float(value), int(digits)), int(digits))


@register.filter
def trusted_svg(value: str) -> str:
    """An SVG chart drawn by our own chart functions (they escape every label): printed as markup."""
    text = str(value or "")
    if not text.startswith("<svg") or UNSAFE_SVG.search(text):
        return ""
    return mark_safe(text)  # noqa: S308 - produced by diagnostics/roadmaps chart code from escaped labels


@register.simple_tag
def report_static(name: str) -> str:
    """A static file's URL inside the PDF renderer (resolved by the report's URL fetcher)."""
    return static_url(name)


@register.simple_tag
def report_media(name: str) -> str:
    return media_url(name) if name else ""
