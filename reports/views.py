from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communes.access import commune_rights, get_commune_for_user, get_territory_for_user
from communes.services import territory_logo_update as logo_update_service
from reports import selectors, services
from reports.access import get_downloadable_report, get_report_for_user
from reports.capabilities import MANAGE_LOGO, PREVIEW, PUBLISH, READ_UNPUBLISHED, REQUEST
from reports.context import report_context
from reports.forms import ReportRequestForm, TerritoryLogoForm
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.tasks import QUEUE_UNAVAILABLE
from smartregion.views import apply_service_error, render_form

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@login_required
@require_http_methods(["GET"])
def report_list(request, slug):
    commune = get_commune_for_user(request.user, slug)
    rights = commune_rights(request.user, commune)
    reports = list(selectors.commune_reports(commune, published_only=not rights.can(READ_UNPUBLISHED)))
    context = {"commune": commune, "reports": reports, "rights": rights}
    return render(request, "reports/report_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def report_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=REQUEST)
    initial = {"introduction": selectors.report_introduction(commune), "language": translation.get_language()}
    form = ReportRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_request(commune=commune, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            if report.queued.ok is not False:
                # No message: the version's page shows its one status (a "being prepared" message beside
                # "ready" contradicted it when the rendering was quick).
                return redirect("reports:report-detail", slug=commune.slug, pk=report.pk)
            # The version was undone: the form comes back, as typed, to be sent again in a moment.
            messages.warning(request, QUEUE_UNAVAILABLE)
            context = {"commune": commune, "form": form}
            return render(request, "reports/report_form.html", context, status=503)
    context = {"commune": commune, "form": form}
    return render_form(request, "reports/report_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET"])
def report_detail(request, slug, pk):
    """The version's status; polled by htmx until it is done or failed, then offers the download."""
    report = get_report_for_user(request.user, slug, pk)
    context = {"commune": report.commune, "report": report, "rights": commune_rights(request.user, report.commune)}
    if request.htmx:
        return render(request, "reports/report_detail.html#status", context)
    return render(request, "reports/report_detail.html", context)


def download_filename(report) -> str:
    """Built from the slug (letters, digits, hyphens) and numbers only: safe in any header."""
    return f"smartregion-{report.commune.slug}-v{report.number}-{report.language}.pdf"


@login_required
@require_http_methods(["GET"])
def report_download(request, slug, pk):
    report = get_downloadable_report(request.user, slug, pk)
    try:
        handle = report.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=download_filename(report), content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _preview(request, commune, doc: dict, *, version: dict | None, report=None):
    logo_src = reverse("reports:territory-logo", args=[commune.territory.slug]) if doc["territory"]["logo"] else ""
    with translation.override(doc["language"]):
        document = render_to_string(
            "reports/document/body.html",
            {"doc": doc, "version": version or {}, "for_print": False, "logo_src": logo_src},
        )
    context = {"commune": commune, "document": document, "doc": doc, "report": report}
    return render(request, "reports/report_preview.html", context)


@login_required
@require_http_methods(["GET"])
def report_preview(request, slug):
    """The report as it would be printed now, from the current data (not a version)."""
    commune = get_commune_for_user(request.user, slug, need=PREVIEW)
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    return _preview(request, commune, report_context(commune, language), version=None)


@login_required
@require_http_methods(["GET"])
def report_version_preview(request, slug, pk):
    """A finished version in the browser, drawn from its snapshot: the same content as its PDF."""
    report = get_downloadable_report(request.user, slug, pk, with_snapshot=True)
    return _preview(request, report.commune, report.snapshot, version=services.version_info(report), report=report)


@login_required
@require_POST
def report_publish(request, slug, pk):
    report = get_report_for_user(request.user, slug, pk, need=PUBLISH)
    try:
        services.report_publish(report=report, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Version %(number)s is published: the commune's staff and college members can download it.")
            % {"number": report.number},
        )
    return redirect("reports:report-detail", slug=slug, pk=report.pk)


@login_required
@require_POST
def report_unpublish(request, slug, pk):
    report = get_report_for_user(request.user, slug, pk, need=PUBLISH)
    services.report_unpublish(report=report, actor=request.user)
    messages.success(request, _("Version %(number)s is withdrawn from publication.") % {"number": report.number})
    return redirect("reports:report-detail", slug=slug, pk=report.pk)


@login_required
@require_POST
def report_retry(request, slug, pk):
    report = get_report_for_user(request.user, slug, pk, need=REQUEST)
    try:
        report = services.report_retry(report=report, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if report.queued.ok is False:
            messages.warning(request, QUEUE_UNAVAILABLE)
        else:
            messages.success(request, _("Version %(number)s is sent to the workers again.") % {"number": report.number})
    return redirect("reports:report-detail", slug=slug, pk=pk)


# The territory's logo, printed on the cover -----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def territory_logo_update(request, slug):
    territory = get_territory_for_user(request.user, slug, need=MANAGE_LOGO)
    form = TerritoryLogoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            logo_update_service(territory=territory, actor=request.user, logo=form.cleaned_data["logo"])
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The logo is saved; it will appear on the next reports."))
            return redirect("reports:territory-logo-update", slug=territory.slug)
    context = {"territory": territory, "form": form}
    return render_form(request, "reports/territory_logo_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def territory_logo_delete(request, slug):
    territory = get_territory_for_user(request.user, slug, need=MANAGE_LOGO)
    logo_update_service(territory=territory, actor=request.user, logo=None)
    messages.success(request, _("The logo is removed."))
    return redirect("reports:territory-logo-update", slug=territory.slug)


@login_required
@require_http_methods(["GET"])
def territory_logo(request, slug):
    """The logo for the HTML preview: media files are never served by a public URL."""
    territory = get_territory_for_user(request.user, slug)
    if not territory.logo:
        raise Http404
    suffix = "." + territory.logo.name.rsplit(".", 1)[-1].lower()
    try:
        handle = territory.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=LOGO_TYPES.get(suffix, "application/octet-stream"))
    response["Cache-Control"] = "private, max-age=300"
    return response
