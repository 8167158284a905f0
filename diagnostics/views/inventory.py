"""Pages of the inventory: systems, data exchanges and the warnings computed from them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communes.access import get_commune_for_user
from diagnostics.access.workspace import (
    get_dismissal_for_user,
    get_exchange_for_user,
    get_system_for_user,
)
from diagnostics.capabilities import DECIDE, EDIT, READ
from diagnostics.forms.inventory import DismissForm, ExchangeForm, SystemForm
from diagnostics.selectors import inventory as selectors
from diagnostics.services import inventory as services
from diagnostics.views.workspace_common import form_page, page_context, url
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.views import apply_service_error, keep_conflict_input


@login_required
@require_http_methods(["GET"])
def inventory(request, slug):
    commune = get_commune_for_user(request.user, slug, need=READ)
    context = page_context(request, commune, "inventory", inventory=selectors.inventory_for_commune(commune))
    return render(request, "diagnostics/workspace/inventory.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def system_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=EDIT)
    form = SystemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.system_create(commune=commune, actor=request.user, **form.field_values)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The system is added to the inventory."))
            return redirect(url("inventory", commune))
    return form_page(
        request,
        commune,
        form,
        heading=_("New system"),
        back_url=url("inventory", commune),
        back_label=_("Inventory"),
        section="inventory",
    )


@login_required
@require_http_methods(["GET", "POST"])
def system_update(request, slug, pk):
    system = get_system_for_user(request.user, slug, pk)
    commune = system.commune
    form = SystemForm(request.POST or None, instance=system)
    if request.method == "POST" and form.is_valid():
        try:
            services.system_update(
                system=system,
                actor=request.user,
                fields=form.cleaned_data,
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The system is saved."))
            return redirect(url("inventory", commune))
    return form_page(
        request,
        commune,
        form,
        heading=system.name,
        back_url=url("inventory", commune),
        back_label=_("Inventory"),
        section="inventory",
        delete_url=url("system-delete", commune, system.pk),
    )


@login_required
@require_POST
def system_delete(request, slug, pk):
    system = get_system_for_user(request.user, slug, pk)
    services.system_delete(system=system, actor=request.user)
    messages.success(request, _("The system and its exchanges are removed from the inventory."))
    return redirect(url("inventory", system.commune))


def _exchange_page(request, commune, form, heading, **extra):
    return form_page(
        request,
        commune,
        form,
        heading=heading,
        back_url=url("inventory", commune) + "#exchanges",
        back_label=_("Inventory"),
        section="inventory",
        **extra,
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def exchange_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=EDIT)
    systems = selectors.systems_queryset(commune)
    if systems.count() < 2:
        messages.error(request, _("Add at least two systems before recording what they exchange."))
        return redirect(url("inventory", commune))
    form = ExchangeForm(request.POST or None, systems=systems, initial={"source": request.GET.get("source")})
    if request.method == "POST" and form.is_valid():
        try:
            services.exchange_create(commune=commune, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The data exchange is recorded."))
            return redirect(url("inventory", commune) + "#exchanges")
    return _exchange_page(request, commune, form, _("New data exchange"))


@login_required
@require_http_methods(["GET", "POST"])
def exchange_update(request, slug, pk):
    exchange = get_exchange_for_user(request.user, slug, pk)
    commune = exchange.commune
    form = ExchangeForm(request.POST or None, instance=exchange, systems=selectors.systems_queryset(commune))
    if request.method == "POST" and form.is_valid():
        try:
            services.exchange_update(exchange=exchange, actor=request.user, fields=form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The data exchange is saved."))
            return redirect(url("inventory", commune) + "#exchanges")
    return _exchange_page(
        request, commune, form, _("Data exchange"), delete_url=url("exchange-delete", commune, exchange.pk)
    )


@login_required
@require_POST
def exchange_delete(request, slug, pk):
    exchange = get_exchange_for_user(request.user, slug, pk)
    services.exchange_delete(exchange=exchange, actor=request.user)
    messages.success(request, _("The data exchange is removed."))
    return redirect(url("inventory", exchange.commune) + "#exchanges")


@login_required
@require_POST
def warning_dismiss(request, slug):
    """The referent dismisses a warning with a reason; it stays dismissed while its condition holds."""
    commune = get_commune_for_user(request.user, slug, need=DECIDE)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why this warning does not apply."))
        return redirect(url("inventory", commune) + "#warnings")
    try:
        services.warning_dismiss(
            commune=commune, actor=request.user, key=form.cleaned_data["key"], reason=form.cleaned_data["reason"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The warning is dismissed."))
    return redirect(url("inventory", commune) + "#warnings")


@login_required
@require_POST
def warning_restore(request, slug, pk):
    dismissal = get_dismissal_for_user(request.user, slug, pk)
    services.warning_restore(dismissal=dismissal, actor=request.user)
    messages.success(request, _("The warning is shown again."))
    return redirect(url("inventory", dismissal.commune) + "#warnings")
