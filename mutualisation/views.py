from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutualisation import exports, selectors, services
from mutualisation.access import (
    get_commune_mutualisation,
    get_member_for_manager,
    get_membership_for_user,
    get_shared_project_for_manager,
    get_territory_for_manager,
)
from mutualisation.capabilities import ANSWER
from mutualisation.forms import (
    DemandForm,
    FilterForm,
    FrameworkForm,
    MemberProposeForm,
    SharedProjectForm,
    SharedProjectUpdateForm,
)
from mutualisation.models import SHARING_STATUSES
from mutualisation.split import ROUNDING_RULE
from roadmaps.models import FunctionCategory
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.views import apply_service_error, keep_conflict_input, render_form

FORMATS = {"csv": ("text/csv; charset=utf-8", "csv"), "xlsx": (exports.XLSX, "xlsx")}


def _download(body, fmt: str, name: str) -> HttpResponse:
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.{extension}"'
    return response


# The territory's view ------------------------------------------------------------------------------


@login_required
@require_GET
def convergences(request, slug):
    territory = get_territory_for_manager(request.user, slug)
    form = FilterForm(request.GET)
    filters = form.filters()
    context = {
        "territory": territory,
        "form": form,
        **selectors.convergence_tables(territory, filters),
        "query": request.GET.urlencode(),
    }
    return render(request, "mutualisation/convergences.html", context)


@login_required
@require_GET
def convergences_export(request, slug, fmt):
    territory = get_territory_for_manager(request.user, slug)
    filters = FilterForm(request.GET).filters()
    body = exports.convergences(selectors.convergence_tables(territory, filters), fmt)
    return _download(body, fmt, _("convergences") + f"-{territory.slug}")


@login_required
@require_GET
def territory_inventory(request, slug):
    territory = get_territory_for_manager(request.user, slug)
    form = FilterForm(request.GET)
    data = selectors.territory_inventory(territory, province=form.filters().province)
    return render(request, "mutualisation/territory_inventory.html", {"territory": territory, "form": form, **data})


@login_required
@require_GET
def pooled_demand(request, slug):
    territory = get_territory_for_manager(request.user, slug)
    form = DemandForm(request.GET if "category" in request.GET else None)
    demand = selectors.pooled_demand(territory, form.cleaned_data["category"]) if form.is_valid() else None
    context = {
        "territory": territory,
        "form": form,
        "overview": selectors.demand_overview(territory),
        "demand": demand,
        "category": form.cleaned_data["category"] if demand is not None else "",
    }
    return render(request, "mutualisation/pooled_demand.html", context)


@login_required
@require_GET
def pooled_demand_export(request, slug, category, fmt):
    territory = get_territory_for_manager(request.user, slug)
    if category not in FunctionCategory.values:
        raise Http404
    demand = selectors.pooled_demand(territory, category)
    body = exports.demand(demand, FunctionCategory(category).label, fmt)
    return _download(body, fmt, _("pooled-demand") + f"-{category}")


# Shared projects ----------------------------------------------------------------------------------


@login_required
@require_GET
def shared_project_list(request, slug):
    territory = get_territory_for_manager(request.user, slug)
    context = {"territory": territory, "projects": selectors.shared_projects(territory)}
    return render(request, "mutualisation/shared_project_list.html", context)


def _initial(request) -> dict:
    """A shared project started from a convergence group: its function, template and communes."""
    initial = {}
    if request.GET.get("category") in FunctionCategory.values:
        initial["function_category"] = request.GET["category"]
    if request.GET.get("template", "").isdigit():
        initial["template"] = request.GET["template"]
    initial["communes"] = [value for value in request.GET.getlist("commune") if value.isdigit()]
    if request.GET.get("title"):
        initial["title"] = request.GET["title"][:200]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def shared_project_create(request, slug):
    territory = get_territory_for_manager(request.user, slug)
    form = SharedProjectForm(request.POST or None, territory=territory, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            project = services.shared_project_create(actor=request.user, territory=territory, data=form.to_input())
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The shared project is proposed to its member communes."))
            return redirect("mutualisation:shared-project-detail", slug=territory.slug, pk=project.pk)
    context = {"territory": territory, "form": form, "rounding_rule": ROUNDING_RULE}
    return render_form(request, "mutualisation/shared_project_form.html", context, invalid=form.is_bound)


def _propose_form(project, data=None) -> MemberProposeForm:
    sharing = project.members.filter(status__in=SHARING_STATUSES).values_list("commune_id", flat=True)
    return MemberProposeForm(data, territory=project.territory, exclude=list(sharing))


@login_required
@require_GET
def shared_project_detail(request, slug, pk):
    territory, project = get_shared_project_for_manager(request.user, slug, pk)
    context = {
        "territory": territory,
        "project": project,
        "rounding_rule": ROUNDING_RULE,
        "propose_form": _propose_form(project),
        **selectors.shared_project_detail(project),
    }
    return render(request, "mutualisation/shared_project_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def member_propose(request, slug, pk):
    territory, project = get_shared_project_for_manager(request.user, slug, pk)
    form = _propose_form(project, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_propose(shared_project=project, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The project is proposed to the commune; the shares are recomputed."))
            return redirect("mutualisation:shared-project-detail", slug=territory.slug, pk=pk)
    context = {"territory": territory, "project": project, "form": form}
    return render_form(request, "mutualisation/member_propose.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def shared_project_update(request, slug, pk):
    territory, project = get_shared_project_for_manager(request.user, slug, pk)
    initial = {"title": project.title, "description": project.description}
    form = SharedProjectUpdateForm(request.POST or None, instance=services.costs_of(project), initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "edit_version"}
        try:
            services.shared_project_update(
                shared_project=project,
                actor=request.user,
                fields=fields,
                edit_version=form.cleaned_data["edit_version"],
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The shared project is saved; the shares are recomputed."))
            return redirect("mutualisation:shared-project-detail", slug=territory.slug, pk=pk)
    context = {"territory": territory, "project": project, "form": form}
    return render_form(request, "mutualisation/shared_project_update.html", context, invalid=form.is_bound)


@login_required
@require_POST
def member_leave(request, slug, pk, member_pk):
    territory, member = get_member_for_manager(request.user, slug, pk, member_pk)
    try:
        services.member_leave(member=member, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The commune left the project; the others' shares are recomputed."))
    return redirect("mutualisation:shared-project-detail", slug=territory.slug, pk=pk)


@login_required
@require_POST
def projects_start(request, slug, pk):
    territory, project = get_shared_project_for_manager(request.user, slug, pk)
    try:
        started = services.projects_start(shared_project=project, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Operational projects started: %(count)s.") % {"count": len(started)})
    return redirect("mutualisation:shared-project-detail", slug=territory.slug, pk=pk)


# The catalogue ------------------------------------------------------------------------------------


@login_required
@require_GET
def catalogue(request, slug):
    territory = get_territory_for_manager(request.user, slug)
    context = {"territory": territory, "agreements": selectors.catalogue(territory)}
    return render(request, "mutualisation/catalogue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def framework_create(request, slug):
    territory = get_territory_for_manager(request.user, slug)
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in FrameworkForm.Meta.fields}
        try:
            services.framework_create(
                actor=request.user, territory=territory, fields=fields, lots=form.cleaned_data["lots"]
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The framework agreement is in the catalogue."))
            return redirect("mutualisation:catalogue", slug=territory.slug)
    context = {"territory": territory, "form": form}
    return render_form(request, "mutualisation/framework_form.html", context, invalid=form.is_bound)


# A commune's page ---------------------------------------------------------------------------------


@login_required
@require_GET
def commune_mutualisation(request, slug):
    access = get_commune_mutualisation(request.user, slug)
    context = {
        "commune": access.commune,
        "rights": access.rights,
        "memberships": selectors.commune_memberships(access.commune),
        "agreements": selectors.active_frameworks(access.commune.territory_id),
        "rounding_rule": ROUNDING_RULE,
    }
    return render(request, "mutualisation/commune_mutualisation.html", context)


@login_required
@require_POST
def member_answer(request, slug, pk):
    access, member = get_membership_for_user(request.user, slug, pk, need=ANSWER)
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline."))
        return redirect("mutualisation:commune", slug=access.commune.slug)
    try:
        services.member_answer(member=member, actor=request.user, accept=answer == "accept")
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Your answer is recorded.") if answer == "accept" else _("The project is declined.")
        )
    return redirect("mutualisation:commune", slug=access.commune.slug)


@login_required
@require_POST
def member_sheet(request, slug, pk):
    access, member = get_membership_for_user(request.user, slug, pk, need=ANSWER)
    try:
        services.member_sheet_add(member=member, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The commune's share is in its roadmap."))
    return redirect("mutualisation:commune", slug=access.commune.slug)
