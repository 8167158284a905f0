"""Builtin filters for French typography (see smartregion.typography): `de`, `long_date`, `quoted`.

`{% blocktranslate with of_name=commune.name|de %}Roadmap of {{ of_name }}{% endblocktranslate %}`
gives "Feuille de route d’Aiseau-Presles" in French and "Roadmap of Aiseau-Presles" in English;
`{{ day|long_date:"j F Y" }}` is `date` with "1er" for the first of the month in French.
"""

from django import template
from django.template.defaultfilters import date as date_filter

from smartregion.typography import first_day, of_name, quoted

register = template.Library()


@register.filter(name="de")
def de(value) -> str:
    return of_name(value)


@register.filter(expects_localtime=True)
def long_date(value, arg: str = "DATE_FORMAT") -> str:
    """Like `date`, with the French ordinal for the first of the month."""
    formatted = date_filter(value, arg)
    return first_day(value, formatted) if formatted else formatted


@register.filter(name="quoted")
def quoted_filter(value) -> str:
    return quoted(value)
