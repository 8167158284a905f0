"""Small helpers shared by every app's views."""

from django.shortcuts import render


def render_form(request, template: str, context: dict, *, invalid: bool = False):
    """Render a page holding a form; a form that failed validation answers 422 to htmx requests."""
    status = 422 if invalid and getattr(request, "htmx", False) else 200
    return render(request, template, context, status=status)


def apply_service_error(form, error) -> None:
    """Attach a ServiceError's message to the form field it names, or to the whole form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
