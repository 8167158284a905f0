"""Pages of a commune's procurements: list, create, the procurement (procedure, timeline, specifications,
offers, grid, award, documents) and the forms that change it. Thin: access helper → form → service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from procurement import scoring, selectors, services
from procurement.access import (
    get_bidder_for_user,
    get_document_for_user,
    get_library_for_user,
    get_procurement_for_user,
    get_procurements_for_user,
    get_requirement_for_user,
)
from procurement.capabilities import AWARD, EDIT, MANAGE_LIBRARY
from procurement.forms import (
    AwardForm,
    BidderForm,
    CriteriaFormSet,
    DocumentForm,
    LibraryRequirementForm,
    ProcurementForm,
    ProcurementUpdateForm,
    RequirementForm,
    ScoresForm,
    SpecificationsForm,
)
from procurement.models import DocumentStatus
from roadmaps.models import FunctionCategory
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.tasks import QUEUE_UNAVAILABLE
from smartregion.views import apply_service_error, keep_conflict_input, render_form

PER_PAGE = 50


def _page(procurement, anchor: str = ""):
    response = redirect("procurement:procurement-detail", slug=procurement.commune.slug, pk=procurement.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
@require_GET
def procurement_list(request, slug):
    access = get_procurements_for_user(request.user, slug)
    page = Paginator(selectors.procurements_of(access.commune.pk), PER_PAGE).get_page(request.GET.get("page"))
    context = {**access.context(), "procurements": page.object_list, "page": page}
    return render(request, "procurement/procurement_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def procurement_create(request, slug):
    access = get_procurements_for_user(request.user, slug, need=EDIT)
    commune = access.commune
    sheets, projects = selectors.attachable_sheets(commune.pk), selectors.attachable_projects(commune.pk)
    initial = {
        "sheet": request.GET.get("sheet"),
        "project": request.GET.get("project"),
        "purchase_type": "services",
        "buyer": "commune",
        "procedure_date": timezone.localdate(),
    }
    form = ProcurementForm(request.POST or None, sheets=sheets, projects=projects, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            procurement = services.procurement_create(actor=request.user, commune=commune, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The procurement is created; its specifications are pre-filled."))
            return _page(procurement)
    context = {**access.context(), "form": form}
    return render_form(request, "procurement/procurement_form.html", context, invalid=form.is_bound)


@login_required
@require_GET
def procurement_detail(request, slug, pk):
    access, procurement = get_procurement_for_user(request.user, slug, pk)
    overview = selectors.overview(procurement)
    bidders = list(procurement.bidders.order_by("position", "pk"))
    context = {
        **access.context(),
        "procurement": procurement,
        "overview": overview,
        "timeline": selectors.timeline(procurement, standstill=overview.proposal.standstill),
        "sections": selectors.specification_sections(procurement),
        "criteria": list(procurement.criteria.order_by("position", "pk")),
        "bidders": bidders,
        "grid": selectors.procurement_grid(procurement, bidders),
        "documents": selectors.documents_of(procurement),
        "formulas": [scoring.PRICE_FORMULA, scoring.QUALITY_FORMULA],
    }
    if access.rights.can(EDIT):
        context["requirement_form"] = RequirementForm(library=selectors.library_for(procurement))
    if access.rights.can(AWARD):
        eligible = [row.id for row in context["grid"].ranked]
        context["award_form"] = AwardForm(
            bidders=procurement.bidders.filter(pk__in=eligible),
            initial={"bidder": procurement.winner_id or (eligible[0] if eligible else None)},
        )
    return render(request, "procurement/procurement_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def procurement_update(request, slug, pk):
    access, procurement = get_procurement_for_user(request.user, slug, pk, need=EDIT)
    form = ProcurementUpdateForm(request.POST or None, instance=procurement)
    if request.method == "POST" and form.is_valid():
        try:
            services.procurement_update(
                actor=request.user,
                procurement=procurement,
                values=form.field_values,
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The procurement is saved."))
            return _page(procurement)
    context = {**access.context(), "procurement": procurement, "form": form}
    return render_form(request, "procurement/procurement_update.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def specifications_update(request, slug, pk):
    access, procurement = get_procurement_for_user(request.user, slug, pk, need=EDIT)
    initial = {**dict(procurement.sections.values_list("key", "text")), "edit_version": procurement.edit_version}
    form = SpecificationsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.specifications_update(
                actor=request.user,
                procurement=procurement,
                texts=form.field_values,
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The specifications are saved."))
            return _page(procurement, "specifications")
    context = {**access.context(), "procurement": procurement, "form": form}
    return render_form(request, "procurement/specifications_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
@once_per_form_token
def requirement_add(request, slug, pk):
    access, procurement = get_procurement_for_user(request.user, slug, pk, need=EDIT)
    form = RequirementForm(request.POST, library=selectors.library_for(procurement))
    if form.is_valid():
        try:
            services.requirement_add(actor=request.user, procurement=procurement, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The requirement is added."))
    else:
        messages.error(request, _("Choose a requirement of the library or write one."))
    return _page(procurement, "specifications")


@login_required
@require_POST
def requirement_delete(request, slug, pk, requirement_pk):
    access, requirement = get_requirement_for_user(request.user, slug, pk, requirement_pk, need=EDIT)
    services.requirement_delete(actor=request.user, requirement=requirement)
    messages.success(request, _("The requirement is removed."))
    return _page(requirement.procurement, "specifications")


@login_required
@require_http_methods(["GET", "POST"])
def criteria_update(request, slug, pk):
    access, procurement = get_procurement_for_user(request.user, slug, pk, need=EDIT)
    initial = [{"name": c.name, "weight": c.weight, "is_price": c.is_price} for c in procurement.criteria.all()]
    formset = CriteriaFormSet(request.POST or None, initial=initial, prefix="criteria")
    error = None
    if request.method == "POST" and formset.is_valid():
        rows = [
            (f.cleaned_data.get("name") or "", f.cleaned_data.get("weight") or 0, f.cleaned_data.get("is_price"))
            for f in formset
        ]
        try:
            services.criteria_replace(actor=request.user, procurement=procurement, rows=rows)
        except ServiceError as refused:
            error = refused.message
        else:
            messages.success(request, _("The award criteria are saved."))
            return _page(procurement, "criteria")
    context = {**access.context(), "procurement": procurement, "formset": formset, "error": error}
    return render_form(request, "procurement/criteria_form.html", context, invalid=formset.is_bound)


def _bidder_form(request, access, procurement, bidder=None):
    form = BidderForm(request.POST or None, instance=bidder)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.bidder_save(actor=request.user, procurement=procurement, values=values, bidder=bidder)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The bidder is saved."))
            return _page(procurement, "offers")
    context = {**access.context(), "procurement": procurement, "form": form, "bidder": bidder}
    return render_form(request, "procurement/bidder_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def bidder_create(request, slug, pk):
    access, procurement = get_procurement_for_user(request.user, slug, pk, need=EDIT)
    return _bidder_form(request, access, procurement)


@login_required
@require_http_methods(["GET", "POST"])
def bidder_update(request, slug, pk, bidder_pk):
    access, bidder = get_bidder_for_user(request.user, slug, pk, bidder_pk, need=EDIT)
    return _bidder_form(request, access, bidder.procurement, bidder)


@login_required
@require_http_methods(["GET", "POST"])
def scores_update(request, slug, pk):
    access, procurement = get_procurement_for_user(request.user, slug, pk, need=EDIT)
    bidders = [b for b in procurement.bidders.order_by("position", "pk") if b.has_offer]
    criteria = list(procurement.criteria.filter(is_price=False).order_by("position", "pk"))
    initial = {}
    for (bidder_id, criterion_id), (value, reason) in selectors.scores_of(procurement).items():
        initial[f"score_{bidder_id}_{criterion_id}"] = value
        initial[f"reason_{bidder_id}_{criterion_id}"] = reason
    form = ScoresForm(request.POST or None, bidders=bidders, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_record(actor=request.user, procurement=procurement, values=form.values())
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The scores are saved."))
            return _page(procurement, "grid")
    context = {**access.context(), "procurement": procurement, "form": form, "criteria": criteria, "bidders": bidders}
    return render_form(request, "procurement/scores_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def procurement_award(request, slug, pk):
    access, procurement = get_procurement_for_user(request.user, slug, pk, need=AWARD)
    form = AwardForm(request.POST, bidders=procurement.bidders.all())
    if not form.is_valid():
        messages.error(request, _("Choose the offer to award."))
        return _page(procurement, "award")
    try:
        services.award_propose(
            actor=request.user,
            procurement=procurement,
            bidder=form.cleaned_data["bidder"],
            reasons=form.cleaned_data["reasons"],
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The award is proposed; generate the award report."))
    return _page(procurement, "award")


@login_required
@require_POST
@once_per_form_token
def document_create(request, slug, pk):
    access, procurement = get_procurement_for_user(request.user, slug, pk, need=EDIT)
    form = DocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a document."))
        return _page(procurement, "documents")
    try:
        document = services.document_request(
            actor=request.user, procurement=procurement, kind=form.cleaned_data["kind"], language=request.LANGUAGE_CODE
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return _page(procurement, "documents")
    if document.enqueued.ok is False:
        messages.error(request, QUEUE_UNAVAILABLE)
    else:
        messages.success(request, _("The document is being generated; it appears below when ready."))
    return _page(procurement, "documents")


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
@require_GET
def document_download(request, slug, pk, document_pk, fmt):
    access, document = get_document_for_user(request.user, slug, pk, document_pk)
    file = getattr(document, fmt, None)
    if document.status != DocumentStatus.DONE or not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = f"{document.kind}-{document.procurement.pk}-v{document.number}.{fmt}"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def library(request, slug):
    territory = get_library_for_user(request.user, slug, need=MANAGE_LIBRARY)
    form = LibraryRequirementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.library_requirement_add(actor=request.user, territory=territory, values=form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The requirement is added to the library."))
            return redirect("procurement:library", slug=territory.slug)
    context = {"territory": territory, "form": form, "requirements": selectors.library_of_territory(territory.pk)}
    return render_form(request, "procurement/library.html", context, invalid=form.is_bound)


@login_required
@require_GET
def specifications_template(request, slug, function):
    """The specifications template of a kind of project: what a procurement of that kind starts with."""
    access = get_procurements_for_user(request.user, slug)
    labels = dict(FunctionCategory.choices)
    if function not in labels:
        raise Http404
    context = {
        **access.context(),
        "function_label": labels[function],
        "sections": selectors.specification_template(access.commune.territory_id, function),
        "english": (request.LANGUAGE_CODE or "fr").startswith("en"),
    }
    return render(request, "procurement/specifications_template.html", context)
