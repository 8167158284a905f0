"""Pages of projects: a commune's projects, starting one, the project page and what it holds, closing its
phases, its evaluation report, and the territory's projects and checklists. Views stay thin: access helper,
form, service, redirect or page."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from projects import forms, selectors, services
from projects.access import (
    get_checklist_item_for_user,
    get_evaluation_for_user,
    get_part_for_user,
    get_project_for_user,
    get_projects_for_user,
    get_territory_projects_for_user,
)
from projects.capabilities import EDIT, MANAGE
from projects.charts import budget_chart_svg, indicator_chart_svg
from projects.models import (
    BudgetEntry,
    EvaluationStatus,
    Indicator,
    IndicatorValue,
    ProjectChecklistItem,
    ProjectMilestone,
    ProjectPhase,
    Risk,
    SteeringMeeting,
    TeamMember,
)
from roadmaps.models import ProjectSheet
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.tasks import QUEUE_UNAVAILABLE
from smartregion.views import apply_service_error, keep_conflict_input, render_form

FORM_TEMPLATE = "projects/form.html"
TERRITORY_PAGE_SIZE = 50


@dataclass(frozen=True)
class Part:
    model: type
    form: type
    anchor: str
    add_title: object
    edit_title: object


PARTS = {
    "member": Part(
        TeamMember, forms.TeamMemberForm, "team", gettext_lazy("Add a person"), gettext_lazy("Change a person")
    ),
    "risk": Part(Risk, forms.RiskForm, "risks", gettext_lazy("Add a risk"), gettext_lazy("Change a risk")),
    "milestone": Part(
        ProjectMilestone,
        forms.MilestoneForm,
        "milestones",
        gettext_lazy("Add a milestone"),
        gettext_lazy("Change a milestone"),
    ),
    "meeting": Part(
        SteeringMeeting,
        forms.MeetingForm,
        "meetings",
        gettext_lazy("Record a steering meeting"),
        gettext_lazy("Change a steering meeting"),
    ),
    "indicator": Part(
        Indicator,
        forms.IndicatorForm,
        "indicators",
        gettext_lazy("Add an indicator"),
        gettext_lazy("Change an indicator"),
    ),
    "budget": Part(
        BudgetEntry,
        forms.BudgetEntryForm,
        "budget",
        gettext_lazy("Add a budget entry"),
        gettext_lazy("Change a budget entry"),
    ),
}


def _part(name: str) -> Part:
    if name not in PARTS:
        raise Http404
    return PARTS[name]


def _project_url(project, anchor: str = "") -> str:
    url = reverse("projects:project-detail", args=[project.commune.slug, project.pk])
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, access, form, *, title, back, submit, intro="", project=None, status_invalid=True):
    context = {
        **access.context(),
        "form": form,
        "title": title,
        "back": back,
        "submit": submit,
        "intro": intro,
        "project": project,
    }
    return render_form(request, FORM_TEMPLATE, context, invalid=status_invalid and form.is_bound)


# A commune's projects ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def project_list(request, slug):
    access = get_projects_for_user(request.user, slug)
    projects = selectors.commune_projects(access.commune)
    return render(request, "projects/project_list.html", {**access.context(), "projects": projects})


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def project_create(request, slug):
    access = get_projects_for_user(request.user, slug, need=MANAGE)
    sheets = ProjectSheet.objects.filter(roadmap__commune=access.commune, project__isnull=True).order_by("title")
    initial = {"sheet": request.GET.get("sheet", "")}
    form = forms.ProjectStartForm(request.POST or None, sheets=sheets, initial=initial)
    if request.method == "POST" and form.is_valid():
        sheet = sheets.filter(pk=form.cleaned_data["sheet"]).first() if form.cleaned_data["sheet"] else None
        try:
            project = services.start_project(
                actor=request.user, commune=access.commune, sheet=sheet, title=form.cleaned_data["title"]
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            return redirect(_project_url(project))
    back = reverse("projects:project-list", args=[slug])
    intro = _("The project copies the checklists of your territory; it keeps that version even if they change later.")
    return _form_page(request, access, form, title=_("Start a project"), back=back, submit=_("Start"), intro=intro)


# The project page --------------------------------------------------------------------------------


def _charts(page) -> None:
    for indicator in page.indicators:
        indicator.chart = indicator_chart_svg(
            name=indicator.name,
            unit=indicator.unit,
            points=[(m.measured_on, m.value) for m in indicator.measures],
            target=indicator.target,
            target_date=indicator.target_date,
            baseline=indicator.baseline,
        )
    page.budget_chart = budget_chart_svg(page.budget)


@login_required
@require_http_methods(["GET"])
def project_detail(request, slug, pk):
    access, project = get_project_for_user(request.user, slug, pk)
    page = selectors.project_page(project)
    _charts(page)
    context = {
        **access.context(),
        "project": project,
        "page": page,
        "roi": selectors.actual_roi(project, page.budget),
        "close_form": forms.PhaseCloseForm(initial={"phase": project.phase}),
        "risk_matrix": _risk_matrix(page.risks),
    }
    return render(request, "projects/project_detail.html", context)


def _risk_matrix(risks) -> list[dict]:
    """Rows from high to low impact, columns from low to high likelihood, each cell with its risks."""
    rows = []
    for impact in (3, 2, 1):
        cells = [[r for r in risks if r.impact == impact and r.likelihood == likelihood] for likelihood in (1, 2, 3)]
        rows.append({"impact": impact, "cells": [{"risks": c, "level": impact * (i + 1)} for i, c in enumerate(cells)]})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def project_update(request, slug, pk):
    access, project = get_project_for_user(request.user, slug, pk, need=EDIT)
    form = forms.ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=project,
                values=form.field_values,
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            return redirect(_project_url(project))
    return _form_page(
        request,
        access,
        form,
        title=_("Change the project"),
        back=_project_url(project),
        submit=_("Save"),
        project=project,
    )


@login_required
@require_POST
def checklist_answer(request, slug, pk, item_pk):
    access, item = get_part_for_user(request.user, slug, pk, ProjectChecklistItem, item_pk, need=EDIT)
    form = forms.ChecklistAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.checklist_answer(actor=request.user, item=item, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("The answer is too long."))
    return redirect(_project_url(item.project, f"item-{item.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def phase_close(request, slug, pk):
    access, project = get_project_for_user(request.user, slug, pk, need=MANAGE)
    form = forms.PhaseCloseForm(request.POST or None, initial={"phase": project.phase})
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_close(actor=request.user, project=project, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
            if error.field == "phase":
                form.add_error(None, error.message)
        else:
            return redirect(_project_url(project))
    open_items = services.open_required_items(project, project.phase) if project.phase in services.PHASES else 0
    intro = (
        ngettext(
            "%(count)s required item of this phase is still open: say why the phase closes anyway.",
            "%(count)s required items of this phase are still open: say why the phase closes anyway.",
            open_items,
        )
        % {"count": open_items}
        if open_items
        else _("Every required item of this phase is answered.")
    )
    return _form_page(
        request,
        access,
        form,
        title=_("Close the phase “%(phase)s”") % {"phase": project.get_phase_display()},
        back=_project_url(project),
        submit=_("Close the phase"),
        intro=intro,
        project=project,
    )


# What a project holds ------------------------------------------------------------------------------


def _part_form(part: Part, request, project, instance=None):
    kwargs = {"instance": instance}
    if part.model is TeamMember:
        kwargs["people"] = selectors.people_of(project.commune)
    if part.model is Indicator and instance is None and project.sheet_id and project.sheet.impact:
        kwargs["initial"] = {"name": project.sheet.impact[:200]}
    return part.form(request.POST or None, **kwargs)


def _part_save(request, access, project, part: Part, instance=None):
    form = _part_form(part, request, project, instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_part_save(actor=request.user, project=project, part=form.instance)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            return redirect(_project_url(project, part.anchor))
    title = part.edit_title if instance is not None else part.add_title
    back = _project_url(project, part.anchor)
    return _form_page(request, access, form, title=title, back=back, submit=_("Save"), project=project)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def part_create(request, slug, pk, part):
    kind = _part(part)
    access, project = get_project_for_user(request.user, slug, pk, need=EDIT)
    return _part_save(request, access, project, kind)


@login_required
@require_http_methods(["GET", "POST"])
def part_update(request, slug, pk, part, part_pk):
    kind = _part(part)
    access, instance = get_part_for_user(request.user, slug, pk, kind.model, part_pk, need=EDIT)
    return _part_save(request, access, instance.project, kind, instance)


@login_required
@require_POST
def part_delete(request, slug, pk, part, part_pk):
    kind = _part(part)
    access, instance = get_part_for_user(request.user, slug, pk, kind.model, part_pk, need=EDIT)
    services.project_part_delete(actor=request.user, project=instance.project, part=instance)
    return redirect(_project_url(instance.project, kind.anchor))


@login_required
@require_POST
def milestone_complete(request, slug, pk, part_pk):
    access, milestone = get_part_for_user(request.user, slug, pk, ProjectMilestone, part_pk, need=EDIT)
    services.milestone_complete(actor=request.user, milestone=milestone)
    return redirect(_project_url(milestone.project, "milestones"))


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def indicator_value_create(request, slug, pk, indicator_pk):
    access, indicator = get_part_for_user(request.user, slug, pk, Indicator, indicator_pk, need=EDIT)
    form = forms.IndicatorValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_indicator_value(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            return redirect(_project_url(indicator.project, f"indicator-{indicator.pk}"))
    return _form_page(
        request,
        access,
        form,
        title=_("Record a value of “%(name)s”") % {"name": indicator.name},
        back=_project_url(indicator.project, "indicators"),
        submit=_("Record"),
        intro=_("A second value on the same date replaces the first."),
        project=indicator.project,
    )


@login_required
@require_POST
def indicator_value_delete(request, slug, pk, indicator_pk, value_pk):
    access, indicator = get_part_for_user(request.user, slug, pk, Indicator, indicator_pk, need=EDIT)
    value = get_object_or_404(IndicatorValue, pk=value_pk, indicator=indicator)
    value.indicator = indicator
    services.indicator_value_delete(actor=request.user, value=value)
    return redirect(_project_url(indicator.project, f"indicator-{indicator.pk}"))


# Evaluation report ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def evaluation_create(request, slug, pk):
    access, project = get_project_for_user(request.user, slug, pk, need=MANAGE)
    form = forms.EvaluationRequestForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.evaluation_request(actor=request.user, project=project, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            if report.queued.ok is not False:
                return redirect("projects:evaluation-detail", slug=slug, pk=project.pk, report_pk=report.pk)
            messages.warning(request, QUEUE_UNAVAILABLE)
    intro = _("A worker renders the PDF from the data of the moment: the four phases, the indicators, the budget.")
    return _form_page(
        request,
        access,
        form,
        title=_("Generate the evaluation report"),
        back=_project_url(project, "evaluation"),
        submit=_("Generate"),
        intro=intro,
        project=project,
    )


@login_required
@require_http_methods(["GET"])
def evaluation_detail(request, slug, pk, report_pk):
    access, report = get_evaluation_for_user(request.user, slug, pk, report_pk)
    context = {**access.context(), "project": report.project, "report": report}
    if request.htmx:
        return render(request, "projects/evaluation_detail.html#status", context)
    return render(request, "projects/evaluation_detail.html", context)


@login_required
@require_http_methods(["GET"])
def evaluation_download(request, slug, pk, report_pk):
    access, report = get_evaluation_for_user(request.user, slug, pk, report_pk)
    if report.status != EvaluationStatus.DONE or not report.pdf:
        raise Http404
    try:
        handle = report.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"evaluation-{access.commune.slug}-{report.project.pk}-v{report.number}-{report.language}.pdf"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


# The territory -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def territory_projects(request, slug):
    territory = get_territory_projects_for_user(request.user, slug)
    communes = list(territory.communes.all())
    form = forms.TerritoryFilterForm(request.GET or None, communes=communes)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.TerritoryFilters(
        phase=data.get("phase", ""),
        commune=data.get("commune", ""),
        status=data.get("status", ""),
        late=bool(data.get("late")),
        query=data.get("q", ""),
    )
    page = Paginator(selectors.territory_projects(territory, filters), TERRITORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"territory": territory, "form": form, "page_obj": page, "communes": communes, "filters": filters}
    return render(request, "projects/territory_projects.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def territory_checklists(request, slug):
    territory = get_territory_projects_for_user(request.user, slug)
    form = forms.ChecklistItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_save(actor=request.user, territory=territory, item=form.instance)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            return redirect("projects:territory-checklists", slug=slug)
    items = services.checklist_items_for(territory)
    own = bool(items) and items[0].territory_id == territory.pk
    groups = [
        {"label": ProjectPhase(phase).label, "items": [item for item in items if item.phase == phase]}
        for phase in selectors.PHASE_STEPS
    ]
    context = {"territory": territory, "form": form, "groups": groups, "own": own}
    return render_form(request, "projects/territory_checklists.html", context, invalid=form.is_bound)


@login_required
@require_POST
def checklist_item_delete(request, slug, item_pk):
    territory, item = get_checklist_item_for_user(request.user, slug, item_pk)
    services.checklist_item_delete(actor=request.user, item=item, territory=territory)
    return redirect("projects:territory-checklists", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_item_update(request, slug, item_pk):
    territory, item = get_checklist_item_for_user(request.user, slug, item_pk)
    form = forms.ChecklistItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_update(actor=request.user, territory=territory, item=item, values=form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The item is changed. Projects already started keep their version."))
            return redirect("projects:territory-checklists", slug=slug)
    context = {"territory": territory, "form": form, "own": item.territory_id == territory.pk}
    return render_form(request, "projects/checklist_item_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def checklist_item_move(request, slug, item_pk):
    territory, item = get_checklist_item_for_user(request.user, slug, item_pk)
    try:
        services.checklist_item_move(
            actor=request.user, territory=territory, item=item, direction=request.POST.get("direction", "")
        )
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("projects:territory-checklists", slug=slug)
