"""Pages of needs: ranked list, detail with evidence, editing (optimistic lock) and merging."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communes.access import commune_rights, get_commune_for_user
from diagnostics.access.workspace import get_evidence_for_user, get_need_for_user
from diagnostics.capabilities import DECIDE, EDIT, READ, READ_INTERVIEW_NOTES
from diagnostics.forms.needs import (
    FindingEvidenceForm,
    IdeaEvidenceForm,
    MergeForm,
    NeedForm,
    ObjectiveEvidenceForm,
    PillarEvidenceForm,
    QuestionEvidenceForm,
)
from diagnostics.models import Campaign, EvidenceKind, Finding, Question, WorkshopIdea
from diagnostics.selectors import needs as selectors
from diagnostics.selectors.pst import objective_choices
from diagnostics.services import needs as services
from diagnostics.views.workspace_common import form_page, keep_conflict_input, page_context, url
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.views import apply_service_error, render_form


@login_required
@require_http_methods(["GET"])
def need_list(request, slug):
    commune = get_commune_for_user(request.user, slug, need=READ)
    rights = commune_rights(request.user, commune)
    needs = selectors.needs_for_commune(commune, show_unpublished=rights.can(READ_INTERVIEW_NOTES))
    return render(request, "diagnostics/workspace/need_list.html", page_context(request, commune, "needs", needs=needs))


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def need_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=EDIT)
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "edit_version"}
        need = services.need_create(commune=commune, actor=request.user, **data)
        messages.success(request, _("The need is saved; now link the evidence that supports it."))
        return redirect(url("need-detail", commune, need.pk))
    return form_page(
        request,
        commune,
        form,
        heading=_("New need"),
        back_url=url("need-list", commune),
        back_label=_("Needs"),
        section="needs",
    )


def _campaign_questions(commune):
    campaigns = list(Campaign.objects.filter(commune=commune).order_by("-opens_on", "-pk"))
    questions = defaultdict(list)
    for question in Question.objects.filter(questionnaire_id__in={c.questionnaire_id for c in campaigns}).order_by(
        "section__position", "position", "pk"
    ):
        questions[question.questionnaire_id].append(question)
    return campaigns, [(c, questions[c.questionnaire_id]) for c in campaigns]


def _evidence_forms(commune, data=None, kind=None):
    campaigns, campaign_questions = _campaign_questions(commune)
    builders = {
        EvidenceKind.QUESTION: lambda d: QuestionEvidenceForm(
            d, campaign_questions=campaign_questions, prefix="question"
        ),
        EvidenceKind.PILLAR: lambda d: PillarEvidenceForm(
            d, campaigns=Campaign.objects.filter(commune=commune).order_by("-opens_on", "-pk"), prefix="pillar"
        ),
        EvidenceKind.FINDING: lambda d: FindingEvidenceForm(
            d,
            findings=Finding.objects.filter(commune=commune)
            .select_related("interview")
            .order_by("interview__held_on", "pk"),
            prefix="finding",
        ),
        EvidenceKind.IDEA: lambda d: IdeaEvidenceForm(
            d,
            ideas=WorkshopIdea.objects.filter(commune=commune)
            .select_related("workshop")
            .order_by("workshop__held_on", "pk"),
            prefix="idea",
        ),
        EvidenceKind.OBJECTIVE: lambda d: ObjectiveEvidenceForm(
            d, objectives=objective_choices(commune), prefix="objective"
        ),
    }
    return {k: builder(data if k == kind else None) for k, builder in builders.items()}


def _detail_context(request, need, *, evidence_forms=None, merge_form=None):
    commune = need.commune
    rights = commune_rights(request.user, commune)
    context = page_context(
        request,
        commune,
        "needs",
        need=need,
        data=selectors.need_detail(need, show_unpublished=rights.can(READ_INTERVIEW_NOTES)),
        merged=selectors.merged_needs(need),
    )
    if rights.can(EDIT) and not need.is_merged:
        context["evidence_forms"] = evidence_forms or _evidence_forms(commune)
    if rights.can(DECIDE) and not need.is_merged:
        context["merge_form"] = merge_form or MergeForm(
            needs=selectors.open_needs_queryset(commune).exclude(pk=need.pk)
        )
    return context


@login_required
@require_http_methods(["GET"])
def need_detail(request, slug, pk):
    need = get_need_for_user(request.user, slug, pk)
    return render(request, "diagnostics/workspace/need_detail.html", _detail_context(request, need))


@login_required
@require_http_methods(["GET", "POST"])
def need_update(request, slug, pk):
    need = get_need_for_user(request.user, slug, pk, need=EDIT)
    commune = need.commune
    if need.is_merged:
        messages.error(request, services.ERROR_MERGED)
        return redirect(url("need-detail", commune, need.pk))
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "edit_version"}
        try:
            services.need_update(
                need=need, actor=request.user, fields=fields, edit_version=form.cleaned_data.get("edit_version")
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The need is saved."))
            return redirect(url("need-detail", commune, need.pk))
    return form_page(
        request,
        commune,
        form,
        heading=_("Need"),
        back_url=url("need-detail", commune, need.pk),
        back_label=need.title,
        section="needs",
        delete_url=url("need-delete", commune, need.pk),
    )


@login_required
@require_POST
def need_delete(request, slug, pk):
    need = get_need_for_user(request.user, slug, pk, need=EDIT)
    services.need_delete(need=need, actor=request.user)
    messages.success(request, _("The need is deleted."))
    return redirect(url("need-list", need.commune))


@login_required
@require_POST
@once_per_form_token
def evidence_add(request, slug, pk, kind):
    need = get_need_for_user(request.user, slug, pk, need=EDIT)
    if kind not in EvidenceKind.values:
        raise Http404
    forms = _evidence_forms(need.commune, request.POST, kind)
    form = forms[kind]
    if form.is_valid():
        data = dict(form.cleaned_data)
        if kind == EvidenceKind.QUESTION:
            data["campaign"], data["question"] = data.pop("item")
        try:
            services.evidence_add(need=need, actor=request.user, kind=kind, **data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The evidence is linked to the need."))
            return redirect(url("need-detail", need.commune, need.pk) + "#evidence")
    context = _detail_context(request, need, evidence_forms=forms)
    context["open_kind"] = kind
    return render_form(request, "diagnostics/workspace/need_detail.html", context, invalid=True)


@login_required
@require_POST
def evidence_remove(request, slug, pk, evidence_pk):
    evidence = get_evidence_for_user(request.user, slug, pk, evidence_pk)
    services.evidence_remove(evidence=evidence, actor=request.user)
    messages.success(request, _("The evidence is no longer linked to the need."))
    return redirect(url("need-detail", evidence.need.commune, evidence.need.pk) + "#evidence")


@login_required
@require_POST
def need_merge(request, slug, pk):
    """Merge this need into another one, which receives its evidence (this one is kept as a trace)."""
    need = get_need_for_user(request.user, slug, pk, need=DECIDE)
    form = MergeForm(request.POST, needs=selectors.open_needs_queryset(need.commune).exclude(pk=need.pk))
    if form.is_valid():
        try:
            target = services.needs_merge(source=need, target=form.cleaned_data["target"], actor=request.user)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("“%(source)s” is merged into this need.") % {"source": need.title})
            return redirect(url("need-detail", need.commune, target.pk))
    context = _detail_context(request, need, merge_form=form)
    return render_form(request, "diagnostics/workspace/need_detail.html", context, invalid=True)
