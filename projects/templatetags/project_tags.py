from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

from projects.selectors import INDICATOR_STATUSES

register = template.Library()


@register.filter
def indicator_status_label(status: str) -> str:
    """The words for an indicator status (on target, behind, no data)."""
    return str(INDICATOR_STATUSES.get(status, ""))


@register.filter
def measure(value) -> str:
    """A measured figure as the page's language writes it: grouped, two decimals only when it has some."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return "—"
    digits = 0 if number == number.to_integral_value() else 2
    return number_format(number, decimal_pos=digits, use_l10n=True, force_grouping=True)
