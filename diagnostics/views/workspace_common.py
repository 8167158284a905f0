"""Helpers shared by the pages of the diagnostic workspace."""

from django.urls import reverse

from communes.access import commune_rights
from smartregion.views import keep_conflict_input, render_form  # noqa: F401 (keep_conflict_input re-exported)

FORM_TEMPLATE = "diagnostics/workspace/form.html"


def form_page(
    request, commune, form, *, heading, back_url, back_label, intro="", section="", template=FORM_TEMPLATE, **extra
):
    """A page holding one form; 422 for an invalid htmx submission, input kept."""
    context = {
        "commune": commune,
        "form": form,
        "heading": heading,
        "back_url": back_url,
        "back_label": back_label,
        "intro": intro,
        "section": section,
        "rights": commune_rights(request.user, commune),
        **extra,
    }
    return render_form(request, template, context, invalid=form.is_bound)


def url(name: str, commune, *args) -> str:
    return reverse(f"diagnostics:{name}", args=[commune.slug, *args])


def page_context(request, commune, section: str, **extra) -> dict:
    return {"commune": commune, "section": section, "rights": commune_rights(request.user, commune), **extra}
