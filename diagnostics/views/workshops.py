"""Pages of ideation workshops: ideas, dot votes and the referent's decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communes.access import get_commune_for_user
from diagnostics.access.workspace import get_idea_for_user, get_workshop_for_user
from diagnostics.capabilities import DECIDE, EDIT, READ
from diagnostics.forms.workshops import DecisionForm, IdeaForm, VotesForm, WorkshopForm
from diagnostics.selectors import workshops as selectors
from diagnostics.selectors.needs import open_needs_queryset
from diagnostics.services import workshops as services
from diagnostics.views.workspace_common import form_page, keep_conflict_input, page_context, url
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.views import apply_service_error, render_form


@login_required
@require_http_methods(["GET"])
def workshop_list(request, slug):
    commune = get_commune_for_user(request.user, slug, need=READ)
    context = page_context(request, commune, "workshops", workshops=list(selectors.workshop_list(commune)))
    return render(request, "diagnostics/workspace/workshop_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def workshop_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=EDIT)
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workshop = services.workshop_create(commune=commune, actor=request.user, **form.field_values)
        messages.success(request, _("The workshop is saved; add the ideas collected."))
        return redirect(url("workshop-detail", commune, workshop.pk))
    return form_page(
        request,
        commune,
        form,
        heading=_("New ideation workshop"),
        back_url=url("workshop-list", commune),
        back_label=_("Workshops"),
        section="workshops",
    )


def _detail_context(request, workshop, *, votes_form=None):
    """Ideas with their vote field and decision form attached (`idea.votes_field`, `idea.decision_form`)."""
    ideas = selectors.workshop_ideas(workshop)
    commune = workshop.commune
    votes_form = votes_form or VotesForm(ideas=ideas)
    needs = list(open_needs_queryset(commune))
    for idea in ideas:
        idea.votes_field = votes_form.field_for(idea)
        idea.decision_form = DecisionForm(
            needs=needs,
            prefix=f"idea-{idea.pk}",
            initial={"decision": idea.decision, "note": idea.decision_note, "need": idea.need_id or "new"},
        )
    return page_context(request, commune, "workshops", workshop=workshop, ideas=ideas, votes_form=votes_form)


@login_required
@require_http_methods(["GET"])
def workshop_detail(request, slug, pk):
    workshop = get_workshop_for_user(request.user, slug, pk)
    return render(request, "diagnostics/workspace/workshop_detail.html", _detail_context(request, workshop))


@login_required
@require_http_methods(["GET", "POST"])
def workshop_update(request, slug, pk):
    workshop = get_workshop_for_user(request.user, slug, pk, need=EDIT)
    commune = workshop.commune
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_update(
                workshop=workshop,
                actor=request.user,
                fields=form.cleaned_data,
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The workshop is saved."))
            return redirect(url("workshop-detail", commune, workshop.pk))
    return form_page(
        request,
        commune,
        form,
        heading=workshop.title,
        back_url=url("workshop-detail", commune, workshop.pk),
        back_label=workshop.title,
        section="workshops",
        delete_url=url("workshop-delete", commune, workshop.pk),
    )


@login_required
@require_POST
def workshop_delete(request, slug, pk):
    workshop = get_workshop_for_user(request.user, slug, pk, need=EDIT)
    services.workshop_delete(workshop=workshop, actor=request.user)
    messages.success(request, _("The workshop and its ideas are deleted."))
    return redirect(url("workshop-list", workshop.commune))


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def idea_create(request, slug, pk):
    workshop = get_workshop_for_user(request.user, slug, pk, need=EDIT)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.idea_create(workshop=workshop, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The idea is added."))
        return redirect(url("workshop-detail", workshop.commune, workshop.pk) + "#ideas")
    return form_page(
        request,
        workshop.commune,
        form,
        heading=_("New idea"),
        back_url=url("workshop-detail", workshop.commune, workshop.pk),
        back_label=workshop.title,
        section="workshops",
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_update(request, slug, pk):
    idea = get_idea_for_user(request.user, slug, pk)
    commune = idea.commune
    form = IdeaForm(request.POST or None, instance=idea)
    back = url("workshop-detail", commune, idea.workshop_id)
    if request.method == "POST" and form.is_valid():
        services.idea_edit(idea=idea, actor=request.user, fields=form.cleaned_data, votes=form.cleaned_data["votes"])
        messages.success(request, _("The idea is saved."))
        return redirect(back + "#ideas")
    return form_page(
        request,
        commune,
        form,
        heading=idea.title,
        back_url=back,
        back_label=idea.workshop.title,
        section="workshops",
        delete_url=url("idea-delete", commune, idea.pk),
    )


@login_required
@require_POST
def idea_delete(request, slug, pk):
    idea = get_idea_for_user(request.user, slug, pk)
    services.idea_delete(idea=idea, actor=request.user)
    messages.success(request, _("The idea is deleted."))
    return redirect(url("workshop-detail", idea.commune, idea.workshop_id) + "#ideas")


@login_required
@require_POST
def workshop_votes(request, slug, pk):
    """Record every idea's dot votes at once."""
    workshop = get_workshop_for_user(request.user, slug, pk, need=EDIT)
    form = VotesForm(request.POST, ideas=selectors.workshop_ideas(workshop))
    if form.is_valid():
        try:
            services.workshop_votes_record(workshop=workshop, actor=request.user, votes=form.votes())
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The votes are recorded."))
            return redirect(url("workshop-detail", workshop.commune, workshop.pk) + "#ideas")
    context = _detail_context(request, workshop, votes_form=form)
    return render_form(request, "diagnostics/workspace/workshop_detail.html", context, invalid=True)


@login_required
@require_POST
def idea_decide(request, slug, pk):
    """The referent's decision: keep the idea as a need, make it a project-sheet candidate, or set it aside."""
    idea = get_idea_for_user(request.user, slug, pk, need=DECIDE)
    form = DecisionForm(request.POST, needs=open_needs_queryset(idea.commune), prefix=f"idea-{idea.pk}")
    back = url("workshop-detail", idea.commune, idea.workshop_id) + f"#idea-{idea.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose a decision among those proposed."))
        return redirect(back)
    try:
        services.idea_decide(
            idea=idea,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            need=form.cleaned_data["need"],
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The decision on “%(idea)s” is saved.") % {"idea": idea.title})
    return redirect(back)
