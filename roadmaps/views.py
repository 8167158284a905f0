from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communes.access import get_commune_for_user
from roadmaps import exports, selectors
from roadmaps.access import (
    get_comment_for_user,
    get_criterion_for_user,
    get_plan_for_user,
    get_roadmap_for_user,
    get_roadmap_page_for_user,
    get_sheet_for_user,
)
from roadmaps.capabilities import EDIT, MANAGE, PLAN, PUBLISH
from roadmaps.forms import (
    CommentForm,
    CriterionForm,
    HorizonForm,
    MarksForm,
    PlanForm,
    PrerequisiteForm,
    RoadmapForm,
    SheetForm,
    WeightsForm,
)
from roadmaps.models import Criterion, ProjectSheet, ProjectTemplate
from roadmaps.services import planning as plan_services
from roadmaps.services import roadmaps as roadmap_services
from roadmaps.services import scoring as scoring_services
from roadmaps.services import sheets as sheet_services
from smartregion.errors import ServiceError
from smartregion.pagecache import kept_page
from smartregion.submissions import once_per_form_token
from smartregion.tasks import QUEUE_UNAVAILABLE
from smartregion.views import apply_service_error, keep_conflict_input, render_form


def _detail(access):
    return redirect("roadmaps:roadmap-detail", slug=access.commune.slug)


def _sheet_page(access, sheet):
    return redirect("roadmaps:sheet-detail", slug=access.commune.slug, pk=sheet.pk)


# The roadmap --------------------------------------------------------------------------------------


def _sheet_urls(slug: str, ids) -> dict[int, str]:
    """The sheet pages' addresses by id, the pattern resolved once: `{% url %}` per row of a long list
    resolves it again for every row."""
    url = reverse("roadmaps:sheet-detail", args=[slug, 0])
    prefix = url.removesuffix("0/")  # the id is the pattern's last part
    return {pk: f"{prefix}{pk}/" if prefix != url else reverse("roadmaps:sheet-detail", args=[slug, pk]) for pk in ids}


def _link_sheets(commune, context: dict) -> None:
    """`sheet.url` on the ranking's sheets, `sheet_url` and `other_url` on the duplicates' rows."""
    ranking = context["ranking"]
    sheets = [*ranking["ranked"], *ranking["not_ranked"]]
    urls = _sheet_urls(commune.slug, [s.pk for s in sheets])
    for sheet in sheets:
        sheet.url = urls[sheet.pk]
    for row in context.get("duplicates", ()):
        row["sheet_url"] = urls.get(row["sheet"], "")
        row["other_url"] = "" if row["is_system"] else urls.get(row["other"], "")


@login_required
@require_http_methods(["GET"])
@kept_page
def roadmap_detail(request, slug):
    """The roadmap: ranking, horizons, warnings. Without a roadmap, or for the college before publication, says so."""
    access, visible = get_roadmap_page_for_user(request.user, slug)
    context = {"commune": access.commune, "roadmap": access.roadmap, "rights": access.rights}
    if not visible:
        return render(request, "roadmaps/roadmap_missing.html", context)
    context.update(selectors.roadmap_page(access.roadmap))
    _link_sheets(access.commune, context)
    return render(request, "roadmaps/roadmap_detail.html", context)


@login_required
@require_http_methods(["GET"])
def roadmap_ranking(request, slug):
    """The ranking alone, polled by the page while new scores are being computed."""
    access = get_roadmap_for_user(request.user, slug)
    if not request.htmx:
        return _detail(access)
    context = {"commune": access.commune, "roadmap": access.roadmap, "rights": access.rights}
    context["ranking"] = selectors.ranking(access.roadmap)
    _link_sheets(access.commune, context)
    return render(request, "roadmaps/roadmap_detail.html#ranking", context)


@login_required
@require_POST
@once_per_form_token
def roadmap_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=MANAGE)
    try:
        roadmap_services.roadmap_create(commune=commune, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The roadmap is started, with the default criteria."))
    return redirect("roadmaps:roadmap-detail", slug=commune.slug)


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_update(request, slug):
    access = get_roadmap_for_user(request.user, slug, need=MANAGE)
    form = RoadmapForm(request.POST or None, instance=access.roadmap)
    if request.method == "POST" and form.is_valid():
        try:
            roadmap_services.roadmap_update(
                roadmap=access.roadmap,
                actor=request.user,
                summary=form.cleaned_data["summary"],
                focus_pillars=form.cleaned_data["focus_pillars"],
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The strategy is saved."))
            return _detail(access)
    context = {
        "form": form,
        "heading": _("Strategy of the roadmap"),
        "back_url": reverse("roadmaps:roadmap-detail", args=[access.commune.slug]),
        "back_label": _("Back to the roadmap"),
    }
    return render_form(request, "roadmaps/roadmap_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def roadmap_publish(request, slug):
    access = get_roadmap_for_user(request.user, slug, need=PUBLISH)
    publish = request.POST.get("publish") != "0"
    try:
        if publish:
            roadmap_services.roadmap_publish(roadmap=access.roadmap, actor=request.user)
        else:
            roadmap_services.roadmap_unpublish(roadmap=access.roadmap, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The roadmap is published: the Collège can read it.")
            if publish
            else _("The roadmap is back to draft: the Collège no longer sees it."),
        )
    return _detail(access)


@login_required
@require_POST
def roadmap_rescore(request, slug):
    """Ask for the scores again, e.g. after the task queue was unreachable."""
    access = get_roadmap_for_user(request.user, slug, need=EDIT)
    queued = scoring_services.scoring_request(roadmap_id=access.roadmap.pk)
    if queued.ok is False:
        messages.warning(request, QUEUE_UNAVAILABLE)
    else:
        messages.info(request, _("New scores are being computed."))
    return _detail(access)


def _queue_feedback(request, roadmap) -> None:
    """Tell the person when the scores could not be queued (the broker was unreachable)."""
    roadmap.refresh_from_db(fields=["scoring_enqueue_failed_at", "scoring_version", "scored_version"])
    if roadmap.scoring_enqueue_failed_at:
        messages.warning(request, QUEUE_UNAVAILABLE)


@login_required
@require_http_methods(["GET"])
def roadmap_export(request, slug, fmt):
    access = get_roadmap_for_user(request.user, slug)
    header, rows = selectors.export_table(access.roadmap)
    stamp = timezone.localdate().isoformat()
    name = f"roadmap-{access.commune.slug}-{stamp}"
    if fmt == "xlsx":
        content = exports.xlsx_bytes(header, rows, sheet_title=access.commune.name)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(exports.csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
@require_http_methods(["GET"])
def roadmap_timeline(request, slug):
    access = get_roadmap_for_user(request.user, slug)
    context = {"commune": access.commune, "roadmap": access.roadmap, "rights": access.rights}
    context.update(selectors.timeline(access.roadmap))
    return render(request, "roadmaps/roadmap_timeline.html", context)


# Criteria and weights -----------------------------------------------------------------------------


def _criteria(roadmap) -> list[Criterion]:
    return list(Criterion.objects.filter(roadmap=roadmap))


def _weights_context(access, form, criteria, moves=None):
    return {
        "commune": access.commune,
        "roadmap": access.roadmap,
        "form": form,
        "criteria": criteria,
        "moves": moves,
        "rights": access.rights,
    }


def _preview_moves(access, form, criteria):
    weights = form.weights()
    total = sum(weights.values()) or 1
    for criterion in criteria:
        criterion.new_weight = weights[criterion.pk]
        criterion.new_share = round(100 * weights[criterion.pk] / total)
    return selectors.what_if(access.roadmap, criteria, weights)


@login_required
@require_http_methods(["GET", "POST"])
def weights_update(request, slug):
    """The referent's weights, with a what-if preview of the ranking before saving."""
    access = get_roadmap_for_user(request.user, slug, need=MANAGE)
    criteria = _criteria(access.roadmap)
    form = WeightsForm(request.POST or None, criteria=criteria)
    moves = None
    if request.method == "POST" and form.is_valid():
        try:
            roadmap_services.criteria_weights_update(roadmap=access.roadmap, actor=request.user, weights=form.weights())
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The weights are saved; the ranking is being computed again."))
            _queue_feedback(request, access.roadmap)
            return _detail(access)
    elif request.method == "GET":
        moves = selectors.what_if(access.roadmap, criteria, {c.pk: c.weight for c in criteria})
    context = _weights_context(access, form, criteria, moves)
    return render_form(request, "roadmaps/weights_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def weights_preview(request, slug):
    """What-if: the ranking with the weights being typed, computed in memory; nothing is saved."""
    access = get_roadmap_for_user(request.user, slug, need=MANAGE)
    criteria = _criteria(access.roadmap)
    form = WeightsForm(request.POST, criteria=criteria)
    moves = _preview_moves(access, form, criteria) if form.is_valid() else None
    context = _weights_context(access, form, criteria, moves)
    context["preview"] = True
    template = "roadmaps/weights_form.html#what-if" if request.htmx else "roadmaps/weights_form.html"
    return render_form(request, template, context, invalid=not form.is_valid())


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def criterion_create(request, slug):
    access = get_roadmap_for_user(request.user, slug, need=MANAGE)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            roadmap_services.criterion_create(roadmap=access.roadmap, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The criterion is added. Mark the sheets on it."))
            _queue_feedback(request, access.roadmap)
            return redirect("roadmaps:weights-update", slug=access.commune.slug)
    context = {"commune": access.commune, "form": form, "rights": access.rights}
    return render_form(request, "roadmaps/criterion_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def criterion_delete(request, slug, pk):
    access, criterion = get_criterion_for_user(request.user, slug, pk)
    try:
        roadmap_services.criterion_delete(criterion=criterion, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The criterion and its marks are deleted."))
        _queue_feedback(request, access.roadmap)
    return redirect("roadmaps:weights-update", slug=access.commune.slug)


# Sheets -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def template_list(request, slug):
    access = get_roadmap_for_user(request.user, slug, need=EDIT)
    context = {
        "commune": access.commune,
        "templates": selectors.templates_catalogue(access.roadmap),
        "rights": access.rights,
    }
    return render(request, "roadmaps/template_list.html", context)


def _origin_idea(request, access) -> tuple[dict | None, ServiceError | None]:
    """The workshop idea a new sheet starts from (?idea=id, then a hidden field), or why it cannot."""
    idea_id = request.POST.get("idea") or request.GET.get("idea")
    if not idea_id:
        return None, None
    try:
        return sheet_services.origin_idea_check(roadmap=access.roadmap, idea_id=idea_id), None
    except ServiceError as error:
        return None, error


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def sheet_create(request, slug):
    """A new sheet, blank, from a template of the catalogue (?template=code) or from a workshop idea made a
    project-sheet candidate (?idea=id): the form comes prefilled and nothing is saved before it is sent.

    An idea that cannot be used sends the person back to the roadmap with the reason; on a POST their
    input is kept instead, and saving again creates the sheet without the link to the idea.
    """
    access = get_roadmap_for_user(request.user, slug, need=EDIT)
    code = request.POST.get("template") or request.GET.get("template")
    template = get_object_or_404(ProjectTemplate, code=code) if code else None
    idea, refusal = _origin_idea(request, access)
    if refusal is not None and request.method == "GET":
        messages.error(request, refusal.message)
        return _detail(access)
    initial = sheet_services.template_initial(template) if template else {}
    if idea is not None:
        initial |= sheet_services.idea_initial(idea)
    form = SheetForm(request.POST or None, initial=initial, commune=access.commune)
    if request.method == "POST" and form.is_valid() and refusal is None:
        try:
            sheet = sheet_services.sheet_create(
                roadmap=access.roadmap,
                actor=request.user,
                fields=form.all_fields(),
                template=template,
                links=form.links(),
                origin_idea_id=idea["id"] if idea else None,
            )
        except ServiceError as error:
            apply_service_error(form, error)
            if error.field == "idea":
                idea, refusal = None, error
        else:
            messages.success(request, _("The sheet is created. Give it its marks to rank it."))
            return redirect("roadmaps:sheet-marks", slug=access.commune.slug, pk=sheet.pk)
    elif refusal is not None and form.is_bound:
        form.add_error(None, refusal.message)
    context = {
        "commune": access.commune,
        "form": form,
        "template": template,
        "idea": idea,
        "idea_refused": refusal is not None,
        "sheet": None,
        "rights": access.rights,
    }
    return render_form(request, "roadmaps/sheet_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET"])
def sheet_detail(request, slug, pk):
    access, sheet = get_sheet_for_user(request.user, slug, pk)
    return render(request, "roadmaps/sheet_detail.html", _sheet_context(access, sheet, CommentForm()))


def _sheet_context(access, sheet: ProjectSheet, comment_form: CommentForm) -> dict:
    """The sheet page's context, with the comment form as the user left it."""
    detail = selectors.sheet_detail(sheet)
    return {
        "commune": access.commune,
        "roadmap": access.roadmap,
        "sheet": sheet,
        "rights": access.rights,
        **detail,
        "prerequisite_form": PrerequisiteForm(candidates=detail["prerequisite_candidates"]),
        "horizon_form": HorizonForm(initial={"horizon": sheet.horizon}),
        "comment_form": comment_form,
    }


def _display(sheet: ProjectSheet, name: str) -> str:
    value = getattr(sheet, name)
    if name == "pillars":
        return ", ".join(selectors.pillar_labels(value))
    if name == "skills_needed":
        return ", ".join(selectors.skill_labels(value))
    display = getattr(sheet, f"get_{name}_display", None)
    if display is not None:
        return str(display() or "—")
    return "—" if value in (None, "") else str(value)


def _conflict_rows(form: SheetForm, current: ProjectSheet) -> list[dict]:
    """Fields where the person's input differs from what is saved now."""
    mine = ProjectSheet(**form.all_fields())
    rows = []
    for name in sheet_services.SHEET_FIELDS:
        if getattr(mine, name) != getattr(current, name):
            rows.append(
                {"label": form.fields[name].label, "saved": _display(current, name), "yours": _display(mine, name)}
            )
    for name, chosen in form.links().items():
        saved = list(getattr(current, name).all())
        if {o.pk for o in saved} != {o.pk for o in chosen}:
            rows.append(
                {
                    "label": form.fields[name].label,
                    "saved": "\n".join(map(str, saved)) or "—",
                    "yours": "\n".join(map(str, chosen)) or "—",
                }
            )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def sheet_update(request, slug, pk):
    """Edit a sheet; a save over someone else's newer one is refused, keeping the input and showing both."""
    access, sheet = get_sheet_for_user(request.user, slug, pk, need=EDIT)
    form = SheetForm(request.POST or None, instance=sheet, initial={"version": sheet.version}, commune=access.commune)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            sheet_services.sheet_update(
                sheet=sheet,
                actor=request.user,
                fields=form.all_fields(),
                expected_version=form.cleaned_data["version"] or 0,
                links=form.links(),
            )
        except sheet_services.SheetConflict as error:
            conflict = {"rows": _conflict_rows(form, error.current), "by": error.current.updated_by}
            data = request.POST.copy()
            data["version"] = error.current.version
            form = SheetForm(data, instance=error.current, commune=access.commune)
            form.is_valid()
            form.add_error(None, error.message)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The sheet is saved."))
            return _sheet_page(access, sheet)
    context = {"commune": access.commune, "form": form, "sheet": sheet, "conflict": conflict, "rights": access.rights}
    return render_form(request, "roadmaps/sheet_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_delete(request, slug, pk):
    access, sheet = get_sheet_for_user(request.user, slug, pk, need=MANAGE)
    if request.method == "POST":
        sheet_services.sheet_delete(sheet=sheet, actor=request.user)
        messages.success(request, _("The sheet “%(title)s” is deleted.") % {"title": sheet.title})
        return _detail(access)
    context = {"commune": access.commune, "sheet": sheet, "needed_by": selectors.sheet_titles_needing(sheet)}
    return render(request, "roadmaps/sheet_confirm_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_marks(request, slug, pk):
    access, sheet = get_sheet_for_user(request.user, slug, pk, need=EDIT)
    detail = selectors.sheet_detail(sheet)
    marks = {c.pk: c.mark for c in detail["criteria"] if c.mark is not None}
    form = MarksForm(
        request.POST or None,
        criteria=detail["criteria"],
        marks=marks,
        suggested_budget=detail["suggested_budget_mark"],
    )
    if request.method == "POST" and form.is_valid():
        try:
            sheet_services.sheet_marks_update(sheet=sheet, actor=request.user, marks=form.marks())
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The marks are saved; the ranking is being computed again."))
            _queue_feedback(request, access.roadmap)
            return _sheet_page(access, sheet)
    context = {"commune": access.commune, "sheet": sheet, "form": form, "rights": access.rights}
    return render_form(request, "roadmaps/sheet_marks.html", context, invalid=form.is_bound)


@login_required
@require_POST
def sheet_horizon(request, slug, pk):
    access, sheet = get_sheet_for_user(request.user, slug, pk, need=EDIT)
    form = HorizonForm(request.POST)
    if form.is_valid():
        try:
            sheet_services.sheet_set_horizon(sheet=sheet, actor=request.user, horizon=form.cleaned_data["horizon"])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The horizon is saved."))
    else:
        messages.error(request, _("Choose a horizon from the list."))
    return _sheet_page(access, sheet)


@login_required
@require_POST
@once_per_form_token
def prerequisite_add(request, slug, pk):
    access, sheet = get_sheet_for_user(request.user, slug, pk, need=EDIT)
    detail = selectors.sheet_detail(sheet)
    form = PrerequisiteForm(request.POST, candidates=detail["prerequisite_candidates"])
    if form.is_valid():
        required = get_object_or_404(ProjectSheet, pk=form.cleaned_data["required"], roadmap=access.roadmap)
        try:
            sheet_services.prerequisite_add(sheet=sheet, actor=request.user, required=required)
        except ServiceError as error:
            form.add_error("required", error.message)
        else:
            messages.success(request, _("The prerequisite is added."))
            return _sheet_page(access, sheet)
    context = {
        "commune": access.commune,
        "roadmap": access.roadmap,
        "sheet": sheet,
        "rights": access.rights,
        **detail,
        "prerequisite_form": form,
        "horizon_form": HorizonForm(initial={"horizon": sheet.horizon}),
        "comment_form": CommentForm(),
    }
    return render_form(request, "roadmaps/sheet_detail.html", context, invalid=True)


@login_required
@require_POST
def prerequisite_remove(request, slug, pk, required_pk):
    access, sheet = get_sheet_for_user(request.user, slug, pk, need=EDIT)
    required = get_object_or_404(ProjectSheet, pk=required_pk, roadmap=access.roadmap)
    sheet_services.prerequisite_remove(sheet=sheet, actor=request.user, required=required)
    messages.success(request, _("The prerequisite is removed."))
    return _sheet_page(access, sheet)


@login_required
@require_POST
@once_per_form_token
def comment_create(request, slug, pk):
    access, sheet = get_sheet_for_user(request.user, slug, pk, need=EDIT)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            sheet_services.comment_create(sheet=sheet, actor=request.user, body=form.cleaned_data["body"])
        except ServiceError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect(f"{_sheet_page(access, sheet).url}#comments")
    return render_form(request, "roadmaps/sheet_detail.html", _sheet_context(access, sheet, form), invalid=True)


@login_required
@require_POST
def comment_delete(request, slug, pk, comment_pk):
    access, comment = get_comment_for_user(request.user, slug, pk, comment_pk)
    sheet_services.comment_delete(comment=comment, actor=request.user)
    messages.success(request, _("The comment is deleted."))
    return _sheet_page(access, comment.sheet)


# Affordable plan ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, slug):
    """Budgets per horizon → a proposed plan, explained; the referent accepts, adjusts or ignores it."""
    access = get_roadmap_for_user(request.user, slug, need=PLAN)
    page = selectors.plan_page(access.roadmap)
    form = PlanForm(
        request.POST or None, candidates=page["candidates"], initial=PlanForm.initial_from(page["proposal"])
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.plan_propose(
                roadmap=access.roadmap,
                actor=request.user,
                budgets=form.budgets(),
                required=form.cleaned_data["required"],
                forbidden=form.cleaned_data["forbidden"],
                cost_basis=form.chosen_cost_basis(),
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Here is the proposed plan. Accept it, adjust the budgets, or ignore it."))
            return redirect("roadmaps:plan", slug=access.commune.slug)
    context = {"commune": access.commune, "roadmap": access.roadmap, "form": form, **page, "rights": access.rights}
    return render_form(request, "roadmaps/plan.html", context, invalid=form.is_bound)


@login_required
@require_POST
def plan_decide(request, slug, pk):
    access, proposal = get_plan_for_user(request.user, slug, pk)
    accept = request.POST.get("decision") == "accept"
    try:
        if accept:
            plan_services.plan_accept(proposal=proposal, actor=request.user)
        else:
            plan_services.plan_dismiss(proposal=proposal, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("roadmaps:plan", slug=access.commune.slug)
    if accept:
        messages.success(request, _("The plan is accepted: the sheets are placed in its horizons."))
        return redirect("roadmaps:roadmap-timeline", slug=access.commune.slug)
    messages.info(request, _("The proposal is set aside; the horizons are unchanged."))
    return redirect("roadmaps:plan", slug=access.commune.slug)
