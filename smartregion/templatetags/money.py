from django import template

from smartregion import money

register = template.Library()


@register.filter
def euros(value, digits: int = 0) -> str:
    """`{{ amount|euros }}` → "1 234 €"; `{{ amount|euros:2 }}` → "1 234,50 €" (see smartregion.money)."""
    return money.euros(value, digits)
