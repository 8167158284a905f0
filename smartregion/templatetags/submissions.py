"""`{% form_token %}`: the hidden random token that lets `@once_per_form_token` recognise a second submit."""

import secrets

from django import template
from django.utils.html import format_html

from smartregion.submissions import TOKEN_FIELD

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """A fresh token per rendering: both submits of one page share it, a re-rendered page gets a new one."""
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, secrets.token_urlsafe(24))
