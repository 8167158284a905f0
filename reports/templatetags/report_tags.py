"""Filters for the report templates, whose data is plain JSON (ISO dates, floats)."""

import re
from datetime import date, datetime

from django import template
from django.utils import formats
from django.utils.safestring import mark_safe

from reports.addresses import media_url, static_url
from smartregion import money
from smartregion.typography import first_day

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
    return first_day(parsed, formats.date_format(parsed, fmt))


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


@register.filter
def starts_group(index, size) -> bool:
    """Whether the sheet at `index` (from 0) opens a group of `size` sheets printed as its own document
    (reports/assembly.py): such a sheet starts a page, in the single document too, so both paginate alike."""
    try:
        index, size = int(index), int(size)
    except (TypeError, ValueError):
        return False
    return size > 0 and index > 0 and index % size == 0


@register.simple_tag(takes_context=True)
def toc_page(context, *anchor) -> str:
    """` data-page="N"`: the page of `anchor` computed by the assembly, printed by the contents in place of
    WeasyPrint's target-counter (which cannot see other documents); nothing in a single document."""
    pages = context.get("toc_pages")
    if not pages:
        return ""
    number = pages.get("".join(str(bit) for bit in anchor), pages.get("*"))
    return mark_safe(f' data-page="{int(number)}"') if number is not None else ""  # noqa: S308 - an int
