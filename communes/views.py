from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communes import selectors, services
from communes.access import (
    commune_rights,
    communes_for_user,
    get_commune_for_user,
    get_invitation_for_user,
    get_territory_for_user,
    is_referent,
    managed_territories,
)
from communes.capabilities import (
    COMMUNES_EDIT,
    COMMUNES_MANAGE_ACCOMPANIMENT,
    COMMUNES_MANAGE_MEMBERS,
    COMMUNES_READ_AUDIT_TRAIL,
)
from communes.filters import ActivityFilter, CommuneOverviewFilter, overview_form_html
from communes.forms import (
    AccompanimentForm,
    AccompanimentStartForm,
    CommuneForm,
    InvitationAcceptForm,
    InvitationForm,
    MilestoneForm,
)
from communes.models import Milestone
from communes.next_steps import communes_needing_attention, next_steps
from smartregion.collation import french
from smartregion.emails import request_base_url
from smartregion.errors import ServiceError
from smartregion.memo import read_once
from smartregion.pagecache import kept_page
from smartregion.submissions import once_per_form_token
from smartregion.tasks import QUEUE_UNAVAILABLE
from smartregion.views import apply_service_error, keep_conflict_input, render_form

COMMUNES_PER_PAGE = 50
ACTIVITIES_PER_PAGE = 50


@login_required
@require_http_methods(["GET"])
@kept_page
def home(request):
    """Referents land on their dashboard; a person of one commune lands on it."""
    if not is_referent(request.user):
        slugs = list(communes_for_user(request.user).values_list("slug", flat=True)[:2])
        if len(slugs) == 1:
            return redirect("communes:commune-detail", slug=slugs[0])
        if not slugs:
            return render(request, "communes/no_access.html")
    return commune_list(request)


@login_required
@require_http_methods(["GET"])
@kept_page
def commune_list(request):
    overview = CommuneOverviewFilter(request.GET or None, queryset=selectors.commune_overview_list(request.user))
    queryset = overview.qs if overview.is_bound and overview.is_valid() else overview.queryset
    if not (overview.is_bound and overview.form.cleaned_data.get("ordering")):
        queryset = queryset.order_by(french("name"))
    page = Paginator(queryset, COMMUNES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter": overview,
        "page": page,
        "communes": selectors.overview_rows(page.object_list),
        "territories": managed_territories(request.user),
        "can_manage": is_referent(request.user),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "communes/commune_list.html#results", context)
    if context["can_manage"]:
        context["attention"], context["attention_total"] = communes_needing_attention(overview.queryset)
    context["filter_fields"] = overview_form_html(overview, get_language())
    return render(request, "communes/commune_list.html", context)


@login_required
@require_http_methods(["GET"])
@kept_page
def commune_detail(request, slug):
    commune = get_commune_for_user(request.user, slug, queryset=selectors.commune_with_accompaniment())
    rights = commune_rights(request.user, commune)
    invites = rights.can(COMMUNES_MANAGE_MEMBERS)
    # The next steps and the panels of other apps ask some of the same questions: each is read once.
    with read_once():
        context = {
            "commune": commune,
            "rights": rights,
            "pending_invitations": (list(selectors.pending_invitations(commune=commune)) if invites else []),
            "next_steps": next_steps(commune, rights),
            **selectors.commune_detail(commune, show_invitees=invites),
        }
        return render(request, "communes/commune_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def commune_update(request, slug):
    commune = get_commune_for_user(request.user, slug, need=COMMUNES_EDIT)
    form = CommuneForm(request.POST or None, instance=commune)
    if request.method == "POST" and form.is_valid():
        services.commune_update(
            commune=commune, actor=request.user, fields={f: form.cleaned_data[f] for f in form.changed_data}
        )
        messages.success(request, _("The commune's details are saved."))
        return redirect("communes:commune-detail", slug=commune.slug)
    return render_form(request, "communes/commune_form.html", {"commune": commune, "form": form}, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def accompaniment_update(request, slug):
    """Start the commune's accompaniment, or change its phase, status and dates."""
    commune = get_commune_for_user(request.user, slug, need=COMMUNES_MANAGE_ACCOMPANIMENT)
    accompaniment = getattr(commune, "accompaniment", None)
    form_class = AccompanimentForm if accompaniment else AccompanimentStartForm
    form = form_class(request.POST or None, instance=accompaniment)
    if request.method == "POST" and form.is_valid():
        try:
            if accompaniment:
                services.accompaniment_update(
                    accompaniment=accompaniment,
                    actor=request.user,
                    fields={f: form.cleaned_data[f] for f in form.changed_data if f != "edit_version"},
                    edit_version=form.cleaned_data.get("edit_version"),
                )
            else:
                services.accompaniment_start(commune=commune, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The accompaniment is saved."))
            return redirect("communes:commune-detail", slug=commune.slug)
    context = {"commune": commune, "form": form, "accompaniment": accompaniment}
    return render_form(request, "communes/accompaniment_form.html", context, invalid=form.is_bound)


def _milestone(commune, pk) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("accompaniment__commune"), pk=pk, accompaniment__commune=commune
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def milestone_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=COMMUNES_MANAGE_ACCOMPANIMENT)
    accompaniment = getattr(commune, "accompaniment", None)
    if accompaniment is None:
        messages.error(request, _("Start the accompaniment before adding milestones."))
        return redirect("communes:accompaniment-update", slug=commune.slug)
    form = MilestoneForm(request.POST or None, initial={"phase": accompaniment.phase})
    if request.method == "POST" and form.is_valid():
        services.milestone_create(accompaniment=accompaniment, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The milestone is added."))
        return redirect("communes:commune-detail", slug=commune.slug)
    return render_form(
        request, "communes/milestone_form.html", {"commune": commune, "form": form}, invalid=form.is_bound
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_update(request, slug, pk):
    commune = get_commune_for_user(request.user, slug, need=COMMUNES_MANAGE_ACCOMPANIMENT)
    milestone = _milestone(commune, pk)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.milestone_update(
            milestone=milestone, actor=request.user, fields={f: form.cleaned_data[f] for f in form.changed_data}
        )
        messages.success(request, _("The milestone is saved."))
        return redirect("communes:commune-detail", slug=commune.slug)
    context = {"commune": commune, "form": form, "milestone": milestone}
    return render_form(request, "communes/milestone_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def milestone_complete(request, slug, pk):
    commune = get_commune_for_user(request.user, slug, need=COMMUNES_MANAGE_ACCOMPANIMENT)
    milestone = _milestone(commune, pk)
    completed = request.POST.get("completed") == "1"
    services.milestone_set_completed(milestone=milestone, actor=request.user, completed=completed)
    if request.htmx:
        context = {
            "commune": commune,
            "m": milestone,
            "rights": commune_rights(request.user, commune),
            "today": timezone.localdate(),
        }
        return render(request, "communes/commune_detail.html#milestone-row", context)
    return redirect("communes:commune-detail", slug=commune.slug)


@login_required
@require_POST
def milestone_delete(request, slug, pk):
    commune = get_commune_for_user(request.user, slug, need=COMMUNES_MANAGE_ACCOMPANIMENT)
    services.milestone_delete(milestone=_milestone(commune, pk), actor=request.user)
    messages.success(request, _("The milestone is deleted."))
    return redirect("communes:commune-detail", slug=commune.slug)


# People and invitations --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def territory_people(request, slug):
    territory = get_territory_for_user(request.user, slug, need=COMMUNES_MANAGE_MEMBERS)
    context = {
        "territory": territory,
        "memberships": selectors.territory_people(territory),
        "invitations": selectors.pending_invitations(territory=territory),
    }
    return render(request, "communes/territory_people.html", context)


@login_required
@require_http_methods(["GET"])
def territory_activity(request, slug):
    """The territory's audit trail for its referent: every commune's records and the territory's own."""
    territory = get_territory_for_user(request.user, slug, need=COMMUNES_READ_AUDIT_TRAIL)
    feed = ActivityFilter(
        request.GET or None,
        territory=territory,
        queryset=selectors.territory_activity(territory),
        actors=selectors.territory_activity_actors(territory),
        verbs=selectors.activity_verb_choices(),
    )
    queryset = feed.qs if feed.is_bound and feed.is_valid() else feed.queryset
    page = Paginator(queryset, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"territory": territory, "filter": feed, "page": page, "activities": page.object_list}
    return render(request, "communes/territory_activity.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def invitation_create(request, slug):
    territory = get_territory_for_user(request.user, slug, need=COMMUNES_MANAGE_MEMBERS)
    initial = {"commune": request.GET.get("commune"), "role": request.GET.get("role", "staff")}
    form = InvitationForm(request.POST or None, territory=territory, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                territory=territory, actor=request.user, base_url=request_base_url(request), **form.cleaned_data
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            if invitation.email_queued.ok is False:
                # The invitation was undone: the form comes back, as typed, to be sent again in a moment.
                messages.warning(request, QUEUE_UNAVAILABLE)
                context = {"territory": territory, "form": form}
                return render(request, "communes/invitation_form.html", context, status=503)
            messages.success(request, _("The invitation is on its way to %(email)s.") % form.cleaned_data)
            commune = form.cleaned_data.get("commune")
            if commune and form.cleaned_data["role"] != "referent":
                return redirect("communes:commune-detail", slug=commune.slug)
            return redirect("communes:territory-people", slug=territory.slug)
    context = {"territory": territory, "form": form}
    return render_form(request, "communes/invitation_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_invitation_for_user(request.user, pk)
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect("communes:territory-people", slug=invitation.territory.slug)


@login_required
@require_POST
def invitation_resend(request, pk):
    invitation = get_invitation_for_user(request.user, pk)
    try:
        services.invitation_resend(invitation=invitation, actor=request.user, base_url=request_base_url(request))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if invitation.email_queued.ok is False:
            messages.warning(request, QUEUE_UNAVAILABLE)
            return redirect("communes:territory-people", slug=invitation.territory.slug)
        messages.success(request, _("The invitation is sent again to %(email)s.") % {"email": invitation.email})
    return redirect("communes:territory-people", slug=invitation.territory.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The page an invitation link opens: create an account, or add the role to the logged-in one."""
    try:
        invitation = services.invitation_from_token(token)
    except ServiceError as error:
        return render(request, "communes/invitation_invalid.html", {"error": error.message}, status=404)
    existing_account = request.user.is_authenticated
    form = None if existing_account else InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            membership = services.invitation_accept(
                invitation=invitation,
                user=request.user if existing_account else None,
                new_user=None if existing_account else form.new_user(),
            )
        except ServiceError as error:
            if form is None:
                return render(request, "communes/invitation_invalid.html", {"error": error.message}, status=409)
            form.add_error(None, error.message)
        else:
            if not existing_account:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to smartregion."))
            return redirect("home")
    context = {"invitation": invitation, "form": form, "token": token}
    return render_form(request, "communes/invitation_accept.html", context, invalid=bool(form and form.is_bound))
