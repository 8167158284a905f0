from django import template

from projects.selectors import INDICATOR_STATUSES

register = template.Library()


@register.filter
def indicator_status_label(status: str) -> str:
    """The words for an indicator status (on target, behind, no data)."""
    return str(INDICATOR_STATUSES.get(status, ""))
