"""Amounts of money as people read them: the one euro formatter of pages, exports and the PDF report."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats

NBSP = "\u00a0"
EMPTY = "—"


def euros(value: object, digits: int = 0) -> str:
    """An amount in the current language: "1 234 €" in French (no-break spaces), "1,234 €" in English.

    Halves round away from zero, as on an invoice (12.5 → 13, 2.675 → 2.68 with two digits), whatever
    the value's type (Decimal, float, int or numeric text); "—" when there is no amount.
    """
    if value is None or value == "" or isinstance(value, bool):
        return EMPTY
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return EMPTY
    if not amount.is_finite():
        return EMPTY
    digits = max(int(digits), 0)
    rounded = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{formats.number_format(rounded, digits, use_l10n=True, force_grouping=True)}{NBSP}€"
