from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join

from smartregion.panels import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot: str, obj) -> str:
    """`{% panels "roadmaps.sheet" sheet %}`: the panels other apps registered for this slot (smartregion.panels)."""
    request = context["request"]
    html = [
        render_to_string(panel.template, {**panel.context, "rights": context.get("rights")}, request=request)
        for panel in panels_for(slot, request, obj)
    ]
    # Each part is a SafeString from a Django template (escaped by its own autoescaping), kept as it is.
    return format_html_join("", "{}", ((part,) for part in html))
