"""Pages of interviews and findings.

Interview pages (notes, participants' names) are for the commune's staff and the referent only;
college members reach the findings page, which shows them the published findings alone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communes.access import commune_rights, get_commune_for_user
from communes.models import Pillar
from diagnostics.access.workspace import (
    get_finding_for_user,
    get_interview_for_user,
)
from diagnostics.capabilities import DECIDE, EDIT, READ, READ_INTERVIEW_NOTES
from diagnostics.forms.interviews import FindingForm, InterviewForm, InterviewTargetForm, participant_formset
from diagnostics.models import FindingKind
from diagnostics.selectors import interviews as selectors
from diagnostics.selectors.interviews import diagnostic_of
from diagnostics.selectors.pst import objective_choices
from diagnostics.services import interviews as services
from diagnostics.services import needs as need_services
from diagnostics.services import workspace as workspace_services
from diagnostics.views.workspace_common import form_page, keep_conflict_input, page_context, url
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.views import apply_service_error, render_form


@login_required
@require_http_methods(["GET"])
def interview_list(request, slug):
    commune = get_commune_for_user(request.user, slug, need=READ_INTERVIEW_NOTES)
    context = page_context(
        request,
        commune,
        "interviews",
        interviews=list(selectors.interview_list(commune)),
        progress=selectors.interview_progress(commune),
        by_group=selectors.participants_by_group(commune),
    )
    return render(request, "diagnostics/workspace/interview_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def interview_target(request, slug):
    commune = get_commune_for_user(request.user, slug, need=DECIDE)
    form = InterviewTargetForm(request.POST or None, instance=diagnostic_of(commune))
    if request.method == "POST" and form.is_valid():
        try:
            workspace_services.interview_target_set(
                commune=commune, actor=request.user, target=form.cleaned_data["interview_target"]
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The interview target is saved."))
            return redirect(url("interview-list", commune))
    return form_page(
        request,
        commune,
        form,
        heading=_("Interview target"),
        back_url=url("interview-list", commune),
        back_label=_("Interviews"),
        section="interviews",
    )


def _interview_page(request, commune, form, formset, heading, back_url, interview=None):
    context = page_context(
        request,
        commune,
        "interviews",
        form=form,
        formset=formset,
        heading=heading,
        back_url=back_url,
        interview=interview,
    )
    invalid = form.is_bound
    return render_form(request, "diagnostics/workspace/interview_form.html", context, invalid=invalid)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def interview_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=EDIT)
    form = InterviewForm(
        request.POST or None,
        interviewer_choices=selectors.interviewer_candidates(commune),
        initial={"interviewer_users": [request.user.pk]},
    )
    formset = participant_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "edit_version"}
        try:
            interview = services.interview_create(
                commune=commune, actor=request.user, participants=formset.participants(), **data
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The interview is saved."))
            return redirect(url("interview-detail", commune, interview.pk))
    return _interview_page(request, commune, form, formset, _("New interview"), url("interview-list", commune))


@login_required
@require_http_methods(["GET"])
def interview_detail(request, slug, pk):
    interview = get_interview_for_user(request.user, slug, pk, need=READ_INTERVIEW_NOTES)
    commune = interview.commune
    context = page_context(
        request,
        commune,
        "interviews",
        interview=interview,
        finding_form=FindingForm(objectives=objective_choices(commune)),
        **selectors.interview_detail(interview),
    )
    return render(request, "diagnostics/workspace/interview_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def interview_update(request, slug, pk):
    interview = get_interview_for_user(request.user, slug, pk)
    commune = interview.commune
    form = InterviewForm(
        request.POST or None,
        instance=interview,
        interviewer_choices=selectors.interviewer_candidates(commune),
        initial={"edit_version": interview.edit_version},
    )
    formset = participant_formset(request.POST or None, participants=list(interview.participants.all()))
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("edit_version", "interviewer_users")}
        try:
            services.interview_update(
                interview=interview,
                actor=request.user,
                fields=fields,
                participants=formset.participants(),
                interviewer_users=form.cleaned_data["interviewer_users"],
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The interview is saved."))
            return redirect(url("interview-detail", commune, interview.pk))
    heading = _("Interview of %(date)s") % {"date": interview.held_on.strftime("%d/%m/%Y")}
    return _interview_page(
        request, commune, form, formset, heading, url("interview-detail", commune, interview.pk), interview
    )


@login_required
@require_POST
def interview_delete(request, slug, pk):
    interview = get_interview_for_user(request.user, slug, pk)
    services.interview_delete(interview=interview, actor=request.user)
    messages.success(request, _("The interview and its findings are deleted."))
    return redirect(url("interview-list", interview.commune))


# Findings -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def finding_list(request, slug):
    """Every finding for the staff and the referent; only published ones for college members."""
    commune = get_commune_for_user(request.user, slug, need=READ)
    rights = commune_rights(request.user, commune)
    pillar = request.GET.get("pillar", "")
    kind = request.GET.get("kind", "")
    pillar = pillar if pillar in Pillar.values else ""
    kind = kind if kind in FindingKind.values else ""
    findings = selectors.findings_for_commune(
        commune, published_only=not rights.can(READ_INTERVIEW_NOTES), pillar=pillar, kind=kind
    )
    context = page_context(
        request,
        commune,
        "findings",
        findings=findings,
        pillar=pillar,
        kind=kind,
        pillars=Pillar.choices,
        kinds=FindingKind.choices,
    )
    if request.htmx and not request.htmx.boosted:
        return render(request, "diagnostics/workspace/finding_list.html#findings", context)
    return render(request, "diagnostics/workspace/finding_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def finding_create(request, slug, pk):
    interview = get_interview_for_user(request.user, slug, pk)
    commune = interview.commune
    form = FindingForm(request.POST or None, objectives=objective_choices(commune))
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_create(interview=interview, actor=request.user, **form.field_values)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The finding is added."))
            return redirect(url("interview-detail", commune, interview.pk) + "#findings")
    return form_page(
        request,
        commune,
        form,
        heading=_("New finding"),
        back_url=url("interview-detail", commune, interview.pk),
        back_label=str(interview),
        section="interviews",
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_update(request, slug, pk):
    finding = get_finding_for_user(request.user, slug, pk)
    commune = finding.commune
    form = FindingForm(request.POST or None, instance=finding, objectives=objective_choices(commune))
    back = url("interview-detail", commune, finding.interview_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_update(
                finding=finding,
                actor=request.user,
                fields=form.field_values,
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The finding is saved."))
            return redirect(back + "#findings")
    return form_page(
        request,
        commune,
        form,
        heading=_("Finding"),
        back_url=back,
        back_label=str(finding.interview),
        section="interviews",
        delete_url=url("finding-delete", commune, finding.pk),
    )


@login_required
@require_POST
def finding_delete(request, slug, pk):
    finding = get_finding_for_user(request.user, slug, pk)
    services.finding_delete(finding=finding, actor=request.user)
    messages.success(request, _("The finding is deleted."))
    return redirect(url("interview-detail", finding.commune, finding.interview_id) + "#findings")


@login_required
@require_POST
def finding_publish(request, slug, pk):
    """The referent lets the Collège read a finding (or withdraws it)."""
    finding = get_finding_for_user(request.user, slug, pk, need=DECIDE)
    published = request.POST.get("published") == "1"
    services.finding_set_published(finding=finding, actor=request.user, published=published)
    if request.htmx:
        context = {
            "commune": finding.commune,
            "finding": finding,
            "rights": commune_rights(request.user, finding.commune),
        }
        return render(request, "diagnostics/workspace/interview_detail.html#finding-publish", context)
    messages.success(request, _("The finding is published.") if published else _("The finding is no longer published."))
    if request.POST.get("next") == "list":
        return redirect(url("finding-list", finding.commune))
    return redirect(url("interview-detail", finding.commune, finding.interview_id) + "#findings")


@login_required
@require_POST
@once_per_form_token
def finding_to_need(request, slug, pk):
    """A new need worded as the finding, with the finding as its first evidence."""
    finding = get_finding_for_user(request.user, slug, pk)
    need = need_services.need_create_from_finding(finding=finding, actor=request.user)
    messages.success(request, _("A need is created from the finding; adjust its wording if needed."))
    return redirect(url("need-detail", finding.commune, need.pk))
