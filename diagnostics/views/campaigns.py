"""Pages for running a campaign: dates, respondent groups, named respondents, e-mails, open links."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from communes.access import commune_rights, get_commune_for_user
from diagnostics.access.questionnaires import (
    get_campaign_for_user,
    get_group_for_user,
    get_open_link_for_user,
    get_respondent_for_user,
)
from diagnostics.capabilities import SEND_QUESTIONNAIRES
from diagnostics.forms.campaigns import CampaignForm, GroupForm, OpenLinkForm, RespondentsForm
from diagnostics.models import Questionnaire
from diagnostics.participation import participation_total
from diagnostics.selectors import questionnaires as selectors
from diagnostics.selectors.responses import campaign_participation
from diagnostics.services import campaigns as services
from smartregion.emails import request_base_url
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.tasks import QUEUE_UNAVAILABLE
from smartregion.typography import of_name
from smartregion.views import apply_service_error, keep_conflict_input, render_form


def _campaign_url(campaign, anchor: str = "") -> str:
    url = reverse("diagnostics:campaign-detail", args=[campaign.commune.slug, campaign.pk])
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, campaign_or_commune, form, heading, back_url, back_label, intro="", status=None):
    commune = getattr(campaign_or_commune, "commune", campaign_or_commune)
    context = {
        "commune": commune,
        "form": form,
        "heading": heading,
        "back_url": back_url,
        "back_label": back_label,
        "intro": intro,
    }
    if status:
        return render(request, "diagnostics/builder_form.html", context, status=status)
    return render_form(request, "diagnostics/builder_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def campaign_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=SEND_QUESTIONNAIRES)
    questionnaires = (
        Questionnaire.objects.filter(commune=commune).select_related("created_by").order_by("title_fr", "-version")
    )
    initial = {"questionnaire": request.GET.get("questionnaire") or questionnaires.values_list("pk", flat=True).first()}
    form = CampaignForm(request.POST or None, questionnaires=questionnaires, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(commune=commune, actor=request.user, **form.field_values)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The campaign is created with the usual respondent groups."))
            return redirect(_campaign_url(campaign))
    back = reverse("diagnostics:questionnaire-list", args=[commune.slug])
    intro = "" if questionnaires else _("This commune has no questionnaire yet: ask your referent to prepare one.")
    return _form_page(request, commune, form, _("New questionnaire campaign"), back, _("Questionnaires"), intro)


@login_required
@require_http_methods(["GET"])
def campaign_detail(request, slug, pk):
    campaign = get_campaign_for_user(request.user, slug, pk, need=SEND_QUESTIONNAIRES)
    context = {
        "commune": campaign.commune,
        "campaign": campaign,
        "overview": selectors.campaign_overview(campaign),
        "participation": participation_total(campaign_participation(campaign.pk).values()),
        "rights": commune_rights(request.user, campaign.commune),
        "respondents_form": RespondentsForm(campaign=campaign),
        "open_link_form": OpenLinkForm(campaign=campaign),
        "status": campaign.status(),
    }
    return render(request, "diagnostics/campaign_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_update(request, slug, pk):
    campaign = get_campaign_for_user(request.user, slug, pk, need=SEND_QUESTIONNAIRES)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                campaign=campaign,
                actor=request.user,
                fields={f: form.cleaned_data[f] for f in form.changed_data if f != "edit_version"},
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The campaign is saved."))
            return redirect(_campaign_url(campaign))
    return _form_page(request, campaign, form, _("Dates and reminders"), _campaign_url(campaign), campaign.title)


# Groups ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def group_create(request, slug, pk):
    campaign = get_campaign_for_user(request.user, slug, pk, need=SEND_QUESTIONNAIRES)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.group_create(campaign=campaign, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The group is added."))
        return redirect(_campaign_url(campaign, "groups"))
    return _form_page(request, campaign, form, _("New respondent group"), _campaign_url(campaign), campaign.title)


@login_required
@require_http_methods(["GET", "POST"])
def group_update(request, slug, pk, group_pk):
    group = get_group_for_user(request.user, slug, pk, group_pk)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        services.group_update(
            group=group, actor=request.user, fields={f: form.cleaned_data[f] for f in form.changed_data}
        )
        messages.success(request, _("The group is saved."))
        return redirect(_campaign_url(group.campaign, "groups"))
    heading = _("Group “%(name)s”") % {"name": group.display_name}
    return _form_page(request, group.campaign, form, heading, _campaign_url(group.campaign), group.campaign.title)


@login_required
@require_POST
def group_delete(request, slug, pk, group_pk):
    group = get_group_for_user(request.user, slug, pk, group_pk)
    try:
        services.group_delete(group=group, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The group is removed."))
    return redirect(_campaign_url(group.campaign, "groups"))


# Respondents and e-mails -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def respondent_create(request, slug, pk):
    campaign = get_campaign_for_user(request.user, slug, pk, need=SEND_QUESTIONNAIRES)
    form = RespondentsForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            respondents = services.respondents_add(
                campaign=campaign, actor=request.user, base_url=request_base_url(request), **form.cleaned_data
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            if respondents[0].queued.ok is False:
                # The people were removed again: the form comes back, as typed, to be sent in a moment.
                messages.warning(request, QUEUE_UNAVAILABLE)
                return _form_page(
                    request,
                    campaign,
                    form,
                    _("Invite people by name"),
                    _campaign_url(campaign),
                    campaign.title,
                    status=503,
                )
            count = len(respondents)
            if form.cleaned_data["send"]:
                text = ngettext(
                    "%(count)s person added; the invitation is on its way.",
                    "%(count)s people added; the invitations are on their way.",
                    count,
                )
            else:
                text = ngettext(
                    "%(count)s person added; send the invitation when you are ready.",
                    "%(count)s people added; send the invitations when you are ready.",
                    count,
                )
            messages.success(request, text % {"count": count})
            return redirect(_campaign_url(campaign, "respondents"))
    return _form_page(request, campaign, form, _("Invite people by name"), _campaign_url(campaign), campaign.title)


@login_required
@require_POST
def respondent_revoke(request, slug, pk, respondent_pk):
    respondent = get_respondent_for_user(request.user, slug, pk, respondent_pk)
    services.respondent_revoke(respondent=respondent, actor=request.user)
    messages.success(
        request, _("The personal link of %(of_name)s is withdrawn.") % {"of_name": of_name(respondent.name)}
    )
    return redirect(_campaign_url(respondent.campaign, "respondents"))


def _send(request, campaign, action, respondent_ids=None):
    try:
        queued = action(
            campaign=campaign, actor=request.user, respondent_ids=respondent_ids, base_url=request_base_url(request)
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        count = queued.count
        if queued.ok is False:
            messages.warning(request, QUEUE_UNAVAILABLE)
        elif count:
            messages.success(
                request,
                ngettext("%(count)s e-mail is queued.", "%(count)s e-mails are queued.", count) % {"count": count},
            )
        else:
            messages.info(request, _("Nobody to write to: everyone concerned has already been sent this e-mail."))
    return redirect(_campaign_url(campaign, "respondents"))


@login_required
@require_POST
def invitations_send(request, slug, pk):
    campaign = get_campaign_for_user(request.user, slug, pk, need=SEND_QUESTIONNAIRES)
    return _send(request, campaign, services.invitations_send)


@login_required
@require_POST
def reminders_send(request, slug, pk):
    campaign = get_campaign_for_user(request.user, slug, pk, need=SEND_QUESTIONNAIRES)
    return _send(request, campaign, services.reminders_send)


@login_required
@require_POST
def respondent_remind(request, slug, pk, respondent_pk):
    """Send one person their invitation again (if it failed) or a reminder."""
    respondent = get_respondent_for_user(request.user, slug, pk, respondent_pk)
    return _send(request, respondent.campaign, services.respondent_remind, respondent_ids=[respondent.pk])


# Open links --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def open_link_create(request, slug, pk):
    campaign = get_campaign_for_user(request.user, slug, pk, need=SEND_QUESTIONNAIRES)
    form = OpenLinkForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_link_create(campaign=campaign, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The open link is ready: copy it below and share it."))
            return redirect(_campaign_url(campaign, "open-links"))
    return _form_page(request, campaign, form, _("New open link"), _campaign_url(campaign), campaign.title)


@login_required
@require_http_methods(["GET", "POST"])
def open_link_update(request, slug, pk, link_pk):
    link = get_open_link_for_user(request.user, slug, pk, link_pk)
    form = OpenLinkForm(request.POST or None, instance=link, campaign=link.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_link_update(
                link=link, actor=request.user, fields={f: form.cleaned_data[f] for f in form.changed_data}
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The open link is saved."))
            return redirect(_campaign_url(link.campaign, "open-links"))
    heading = _("Open link for “%(group)s”") % {"group": link.group.display_name}
    return _form_page(request, link.campaign, form, heading, _campaign_url(link.campaign), link.campaign.title)


@login_required
@require_POST
def open_link_revoke(request, slug, pk, link_pk):
    link = get_open_link_for_user(request.user, slug, pk, link_pk)
    services.open_link_revoke(link=link, actor=request.user)
    messages.success(request, _("The open link is closed to new respondents."))
    return redirect(_campaign_url(link.campaign, "open-links"))
