"""Figures as people read them: one formatter per kind of figure, for the pages and the report alike."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

# Between a figure and its unit: never breaks, narrower than a space (French typography; fine in English).
NARROW_NBSP = "\u202f"
NO_FIGURE = "—"


def euros(value: Decimal | float | int | str | None) -> str:
    """Whole euros, grouped in the active language's way, rounded half up (2.5 → 3); "—" without a figure."""
    if value is None or value == "":
        return NO_FIGURE
    try:
        amount = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return NO_FIGURE
    return f"{number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)}{NARROW_NBSP}€"
