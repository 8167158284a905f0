"""Pages of the PST: the tree of objectives and actions, hand entry, and the two-step import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from communes.access import get_commune_for_user
from diagnostics.access.workspace import (
    get_action_for_user,
    get_objective_for_user,
    get_pst_import_for_user,
)
from diagnostics.capabilities import EDIT, READ
from diagnostics.forms.pst import ActionForm, ObjectiveForm, PstImportForm
from diagnostics.imports import column_titles, template_csv
from diagnostics.models import ObjectiveLevel
from diagnostics.selectors import pst as selectors
from diagnostics.services import pst as services
from diagnostics.views.workspace_common import form_page, page_context, url
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.views import apply_service_error, keep_conflict_input, render_form

OBJECTIVE_HEADINGS = {
    ObjectiveLevel.STRATEGIC: (gettext_lazy("New strategic objective"), gettext_lazy("Strategic objective")),
    ObjectiveLevel.OPERATIONAL: (gettext_lazy("New operational objective"), gettext_lazy("Operational objective")),
}


@login_required
@require_http_methods(["GET"])
def pst_detail(request, slug):
    commune = get_commune_for_user(request.user, slug, need=READ)
    context = page_context(
        request,
        commune,
        "pst",
        tree=selectors.pst_tree(commune),
        unserved=selectors.unserved_objectives(commune),
        summary=selectors.pst_summary(commune),
    )
    return render(request, "diagnostics/workspace/pst_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def objective_create(request, slug, level):
    commune = get_commune_for_user(request.user, slug, need=EDIT)
    if level not in ObjectiveLevel.values:
        level = ObjectiveLevel.STRATEGIC
    strategic = selectors.objective_choices(commune, level=ObjectiveLevel.STRATEGIC)
    if level == ObjectiveLevel.OPERATIONAL and not strategic.exists():
        messages.error(request, _("Add a strategic objective first."))
        return redirect(url("pst", commune))
    form = ObjectiveForm(
        request.POST or None,
        level=level,
        strategic_objectives=strategic,
        initial={"parent": request.GET.get("parent")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pst_objective_create(commune=commune, actor=request.user, level=level, **form.field_values)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The objective is added."))
            return redirect(url("pst", commune))
    heading = OBJECTIVE_HEADINGS[level][0]
    return form_page(
        request, commune, form, heading=heading, back_url=url("pst", commune), back_label=_("PST"), section="pst"
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_update(request, slug, pk):
    objective = get_objective_for_user(request.user, slug, pk)
    commune = objective.commune
    strategic = selectors.objective_choices(commune, level=ObjectiveLevel.STRATEGIC)
    form = ObjectiveForm(
        request.POST or None, instance=objective, level=objective.level, strategic_objectives=strategic
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pst_objective_update(
                objective=objective,
                actor=request.user,
                fields=form.cleaned_data,
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The objective is saved."))
            return redirect(url("pst", commune))
    heading = f"{OBJECTIVE_HEADINGS[objective.level][1]} {objective.code}"
    return form_page(
        request,
        commune,
        form,
        heading=heading,
        back_url=url("pst", commune),
        back_label=_("PST"),
        section="pst",
        delete_url=url("pst-objective-delete", commune, objective.pk),
    )


@login_required
@require_POST
def objective_delete(request, slug, pk):
    objective = get_objective_for_user(request.user, slug, pk)
    try:
        services.pst_objective_delete(objective=objective, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The objective is deleted."))
    return redirect(url("pst", objective.commune))


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def action_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=EDIT)
    operational = selectors.objective_choices(commune, level=ObjectiveLevel.OPERATIONAL)
    if not operational.exists():
        messages.error(request, _("Add an operational objective first."))
        return redirect(url("pst", commune))
    form = ActionForm(
        request.POST or None, operational_objectives=operational, initial={"objective": request.GET.get("objective")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pst_action_create(commune=commune, actor=request.user, **form.field_values)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The action is added."))
            return redirect(url("pst", commune))
    return form_page(
        request,
        commune,
        form,
        heading=_("New action"),
        back_url=url("pst", commune),
        back_label=_("PST"),
        section="pst",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request, slug, pk):
    action = get_action_for_user(request.user, slug, pk)
    commune = action.commune
    operational = selectors.objective_choices(commune, level=ObjectiveLevel.OPERATIONAL)
    form = ActionForm(request.POST or None, instance=action, operational_objectives=operational)
    if request.method == "POST" and form.is_valid():
        try:
            services.pst_action_update(
                action=action,
                actor=request.user,
                fields=form.cleaned_data,
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect(url("pst", commune))
    return form_page(
        request,
        commune,
        form,
        heading=_("Action %(code)s") % {"code": action.code or action.title[:40]},
        back_url=url("pst", commune),
        back_label=_("PST"),
        section="pst",
        delete_url=url("pst-action-delete", commune, action.pk),
    )


@login_required
@require_POST
def action_delete(request, slug, pk):
    action = get_action_for_user(request.user, slug, pk)
    services.pst_action_delete(action=action, actor=request.user)
    messages.success(request, _("The action is deleted."))
    return redirect(url("pst", action.commune))


# Import -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pst_import(request, slug):
    """Step 1: upload. A file with problems is explained row by row; a clean one goes to the preview."""
    commune = get_commune_for_user(request.user, slug, need=EDIT)
    form = PstImportForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pst_import, check = services.pst_import_prepare(
                commune=commune, actor=request.user, filename=upload.name, data=upload.read()
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            if pst_import is not None:
                return redirect(url("pst-import-preview", commune, pst_import.key))
            form.add_error(None, _("Nothing is imported: fix the rows listed below, then send the file again."))
    context = page_context(request, commune, "pst", form=form, check=check, columns=column_titles())
    return render_form(request, "diagnostics/workspace/pst_import.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def pst_import_preview(request, slug, key):
    """Step 2: what the import will do, row by row; confirming saves it all or nothing."""
    pst_import = get_pst_import_for_user(request.user, slug, key)
    commune = pst_import.commune
    if request.method == "POST":
        try:
            counts = services.pst_import_apply(pst_import=pst_import, actor=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(url("pst-import", commune))
        messages.success(
            request,
            _("The PST is imported: %(created)s rows added, %(updated)s updated.") % counts,
        )
        return redirect(url("pst", commune))
    check = services.pst_import_check(commune=commune, table=pst_import.table)
    context = page_context(request, commune, "pst", pst_import=pst_import, check=check, counts=check.counts())
    return render(request, "diagnostics/workspace/pst_import_preview.html", context)


@login_required
@require_POST
def pst_import_discard(request, slug, key):
    pst_import = get_pst_import_for_user(request.user, slug, key)
    services.pst_import_discard(pst_import=pst_import, actor=request.user)
    messages.info(request, _("The import is cancelled; nothing was saved."))
    return redirect(url("pst", pst_import.commune))


@login_required
@require_http_methods(["GET"])
def pst_template(request, slug):
    get_commune_for_user(request.user, slug, need=EDIT)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pst-template.csv"'
    return response
