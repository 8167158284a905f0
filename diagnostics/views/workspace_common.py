"""Helpers shared by the pages of the diagnostic workspace."""

from django.urls import reverse

from diagnostics.access.workspace import rights_for
from smartregion.errors import EditConflict, ServiceError
from smartregion.views import apply_service_error, render_form

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
        "rights": rights_for(request.user, commune),
        **extra,
    }
    return render_form(request, template, context, invalid=form.is_bound)


def url(name: str, commune, *args) -> str:
    return reverse(f"diagnostics:{name}", args=[commune.slug, *args])


def keep_conflict_input(form, error: ServiceError) -> None:
    """Show a refusal on the form; after a save conflict, let the next save replace the newer version on purpose."""
    apply_service_error(form, error)
    if isinstance(error, EditConflict):
        form.data = form.data.copy()
        form.data["edit_version"] = error.current_version


def page_context(request, commune, section: str, **extra) -> dict:
    return {"commune": commune, "section": section, "rights": rights_for(request.user, commune), **extra}
