"""Template tags other apps' pages use to show the diagnostic (e.g. the commune page's card)."""

from django import template

from diagnostics.selectors.interviews import interview_progress

register = template.Library()


@register.simple_tag
def diagnostic_progress(commune):
    """Interviews held, planned and the target, for the commune page (two queries)."""
    return interview_progress(commune)
