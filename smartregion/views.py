"""Small helpers shared by every app's views."""

from django.shortcuts import render

from smartregion.errors import EditConflict


def render_form(request, template: str, context: dict, *, invalid: bool = False):
    """Render a page holding a form; a form that failed validation answers 422 to htmx requests."""
    status = 422 if invalid and getattr(request, "htmx", False) else 200
    return render(request, template, context, status=status)


def apply_service_error(form, error) -> None:
    """Attach a ServiceError's message to the form field it names, or to the whole form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def keep_conflict_input(form, error) -> None:
    """Show a refusal on the form; after a save conflict, let the next save replace the newer version on purpose."""
    apply_service_error(form, error)
    if isinstance(error, EditConflict):
        form.data = form.data.copy()
        form.data["edit_version"] = error.current_version
