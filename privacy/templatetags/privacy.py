"""`{% privacy_notice commune %}`: who sees what, how long it is kept, whom to ask (respondent pages)."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("privacy/includes/notice.html")
def privacy_notice(commune=None):
    territory = getattr(commune, "territory", None)
    return {
        "commune": commune,
        "territory": territory,
        "min_group_size": settings.PRIVACY_MIN_GROUP_SIZE,
        "retention_months": settings.PRIVACY_RETENTION_MONTHS,
        "contact": settings.PRIVACY_CONTACT,
    }
