"""The diagnostic workspace's home page and the synthesis."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communes.access import commune_rights, get_commune_for_user
from diagnostics.capabilities import DECIDE, READ, READ_INTERVIEW_NOTES
from diagnostics.forms.needs import SynthesisForm
from diagnostics.privacy import withheld_notice
from diagnostics.selectors.interviews import diagnostic_of, interview_progress
from diagnostics.selectors.inventory import inventory_summary
from diagnostics.selectors.needs import needs_for_commune
from diagnostics.selectors.pst import pst_summary
from diagnostics.selectors.synthesis import synthesis_for_commune
from diagnostics.selectors.workshops import workshop_list
from diagnostics.services import workspace as services
from diagnostics.views.workspace_common import form_page, keep_conflict_input, page_context, url
from smartregion.errors import ServiceError

HOME_NEEDS = 5


@login_required
@require_http_methods(["GET"])
def diagnostic_home(request, slug):
    commune = get_commune_for_user(request.user, slug, need=READ)
    rights = commune_rights(request.user, commune)
    context = page_context(
        request,
        commune,
        "home",
        progress=interview_progress(commune),
        pst=pst_summary(commune),
        inventory=inventory_summary(commune),
        needs=needs_for_commune(commune, show_unpublished=rights.can(READ_INTERVIEW_NOTES))[:HOME_NEEDS],
        workshops=list(workshop_list(commune)),
    )
    return render(request, "diagnostics/workspace/home.html", context)


@login_required
@require_http_methods(["GET"])
def synthesis(request, slug):
    commune = get_commune_for_user(request.user, slug, need=READ)
    rights = commune_rights(request.user, commune)
    context = page_context(
        request,
        commune,
        "synthesis",
        synthesis=synthesis_for_commune(commune, show_unpublished=rights.can(READ_INTERVIEW_NOTES)),
        withheld_notice=withheld_notice(),
    )
    return render(request, "diagnostics/workspace/synthesis.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def synthesis_update(request, slug):
    """The referent's texts; a save built on an older version is refused with the input kept."""
    commune = get_commune_for_user(request.user, slug, need=DECIDE)
    form = SynthesisForm(request.POST or None, instance=diagnostic_of(commune))
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "edit_version"}
        try:
            services.synthesis_update(
                commune=commune, actor=request.user, fields=fields, edit_version=form.cleaned_data.get("edit_version")
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The synthesis is saved."))
            return redirect(url("synthesis", commune))
    return form_page(
        request,
        commune,
        form,
        heading=_("Synthesis texts"),
        intro=_("These texts are printed in the final report's diagnostic part, for the Collège: no personal data."),
        back_url=url("synthesis", commune),
        back_label=_("Synthesis"),
        section="synthesis",
    )
