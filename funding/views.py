"""Pages of the funding app: the catalogue, the calendar, a sheet's funding, applications, the territory's view."""

import calendar as month_calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from diagnostics.guards import throttled
from funding import imports as catalogue_imports
from funding import matching, selectors, services
from funding.access import (
    get_application_for_user,
    get_call_for_user,
    get_call_import_for_user,
    get_catalogue_for_user,
    get_shared_application_for_user,
    get_sheet_funding_for_user,
    get_territory_applications_for_user,
    readable_roadmaps,
)
from funding.capabilities import APPLY, MANAGE
from funding.forms import (
    ApplicationForm,
    CallForm,
    CatalogueImportForm,
    ReminderSettingsForm,
    SharedApplicationForm,
)
from funding.models import ApplicationStatus, FunderKind, FundingSettings
from mutualisation.models import SharedProject
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.views import apply_service_error, render_form

PAGE_SIZE = 25


# The catalogue ------------------------------------------------------------------------------------


@login_required
@require_GET
def catalogue(request, slug):
    access = get_catalogue_for_user(request.user, slug)
    calls = selectors.calls_for_territory(access.territory)
    query = request.GET.get("q", "").strip()
    funder = request.GET.get("funder", "")
    if query:
        calls = calls.filter(Q(title__icontains=query) | Q(programme__icontains=query) | Q(funder__icontains=query))
    if funder in FunderKind.values:
        calls = calls.filter(funder_kind=funder)
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(call, matching.next_round([(r.opens_on, r.closes_on) for r in call.rounds.all()], today)) for call in page]
    context = {
        **access.context(),
        "page": page,
        "rows": rows,
        "query": query,
        "funder": funder,
        "funders": FunderKind.choices,
        "can_manage": access.rights.can(MANAGE),
    }
    return render(request, "funding/catalogue.html", context)


@login_required
@require_GET
def call_detail(request, slug, pk):
    access, call = get_call_for_user(request.user, slug, pk)
    today = timezone.localdate()
    sheets = selectors.open_sheets(readable_roadmaps(request.user, access.territory))
    terms = selectors.call_terms(call)
    fitting = [s for s in sheets if matching.match(selectors.sheet_applicant(s), terms, today).fits]
    context = {
        **access.context(),
        "call": call,
        "labels": selectors.call_labels(call),
        "terms": terms,
        "fitting": fitting,
        "can_manage": access.rights.can(MANAGE),
        "next_round": matching.next_round(terms.rounds, today),
    }
    return render(request, "funding/call_detail.html", context)


def _call_form_page(request, access, form, call=None):
    context = {**access.context(), "form": form, "call": call}
    return render_form(request, "funding/call_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def call_create(request, slug):
    access = get_catalogue_for_user(request.user, slug, need=MANAGE)
    form = CallForm(request.POST or None, initial={"beneficiaries": ["commune"]})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_save(
                territory=access.territory, actor=request.user, fields=form.call_fields(), rounds=form.rounds()
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The call is in the catalogue."))
            return redirect("funding:call-detail", slug=slug, pk=call.pk)
    return _call_form_page(request, access, form)


@login_required
@require_http_methods(["GET", "POST"])
def call_update(request, slug, pk):
    access, call = get_call_for_user(request.user, slug, pk, need=MANAGE)
    form = CallForm(request.POST or None, initial=CallForm.initial_from(call))
    if request.method == "POST" and form.is_valid():
        try:
            services.call_save(
                territory=access.territory,
                actor=request.user,
                fields=form.call_fields(),
                rounds=form.rounds(),
                call=call,
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The call is saved."))
            return redirect("funding:call-detail", slug=slug, pk=call.pk)
    return _call_form_page(request, access, form, call)


# The calendar -------------------------------------------------------------------------------------


def _month(value: str, today: date) -> date:
    try:
        year, month = (int(part) for part in value.split("-"))
        if abs(year - today.year) <= 50:  # beyond, the previous and next months could leave the calendar
            return date(year, month, 1)
    except (ValueError, TypeError):
        pass
    return today.replace(day=1)


def _month_grid(month: date, deadlines) -> list[list[dict | None]]:
    by_day: dict[int, list] = {}
    for deadline in deadlines:
        by_day.setdefault(deadline.round.closes_on.day, []).append(deadline)
    return [
        [{"day": day, "deadlines": by_day.get(day, [])} if day else None for day in week]
        for week in month_calendar.Calendar().monthdayscalendar(month.year, month.month)
    ]


@login_required
@require_GET
def calendar(request, slug):
    """Deadlines to come, as a list by month or one month's grid, with the sheets that could apply."""
    access = get_catalogue_for_user(request.user, slug)
    today = timezone.localdate()
    months = selectors.calendar(access.territory, readable_roadmaps(request.user, access.territory), today)
    context = {**access.context(), "months": months, "today": today, "view": request.GET.get("view", "list")}
    if context["view"] == "month":
        month = _month(request.GET.get("month", ""), today)
        deadlines = next((d for m, d in months if m == month), [])
        previous = (month.replace(day=1) - month.resolution).replace(day=1)
        following = (month.replace(day=28) + 4 * month.resolution).replace(day=1)
        weekdays = [date_format(date(2024, 1, day), "D") for day in range(1, 8)]  # 1 January 2024: a Monday
        context.update(
            month=month, grid=_month_grid(month, deadlines), previous=previous, following=following, weekdays=weekdays
        )
    return render(request, "funding/calendar.html", context)


# The territory's view -----------------------------------------------------------------------------


@login_required
@require_GET
def territory_applications(request, slug):
    access = get_territory_applications_for_user(request.user, slug)
    status = request.GET.get("status", "")
    status = status if status in ApplicationStatus.values else ""
    try:
        call_id = int(request.GET.get("call") or 0) or None
    except ValueError:
        call_id = None
    data = selectors.territory_applications(access.territory, status=status, call_id=call_id)
    calls = selectors.calls_for_territory(access.territory).only("pk", "title", "programme")
    context = {
        **access.context(),
        **data,
        "status": status,
        "call_id": call_id,
        "statuses": ApplicationStatus.choices,
        "by_status": selectors.status_counts(access.territory),
        "calls": calls,
    }
    return render(request, "funding/territory_applications.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def shared_application_create(request, slug):
    """A shared project applies once for all its communes."""
    access = get_catalogue_for_user(request.user, slug, need=MANAGE)
    form = SharedApplicationForm(
        request.POST or None,
        calls=selectors.calls_for_territory(access.territory),
        shared_projects=SharedProject.objects.filter(territory=access.territory),
        initial={
            "status": ApplicationStatus.PREPARING,
            "probability": 50,
            "call": request.GET.get("call"),
            "shared_project": request.GET.get("shared_project"),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_create(
                call=form.cleaned_data["call"],
                shared_project=form.cleaned_data["shared_project"],
                actor=request.user,
                fields=form.application_fields(),
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The application is recorded."))
            return redirect("funding:territory-applications", slug=slug)
    context = {**access.context(), "form": form}
    return render_form(request, "funding/shared_application_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def shared_application_update(request, slug, pk):
    access, application = get_shared_application_for_user(request.user, slug, pk)
    initial = {name: getattr(application, name) for name in services.APPLICATION_FIELDS}
    form = SharedApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(application=application, actor=request.user, fields=form.application_fields())
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The application is saved."))
            return redirect("funding:territory-applications", slug=slug)
    context = {**access.context(), "form": form, "application": application}
    return render_form(request, "funding/shared_application_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request, slug):
    access = get_catalogue_for_user(request.user, slug, need=MANAGE)
    current: FundingSettings = selectors.reminder_settings(access.territory)
    form = ReminderSettingsForm(
        request.POST or None,
        initial={"reminder_days": current.reminder_days, "reminders_enabled": current.reminders_enabled},
    )
    if request.method == "POST" and form.is_valid():
        services.settings_update(territory=access.territory, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The reminders are saved."))
        return redirect("funding:calendar", slug=slug)
    context = {**access.context(), "form": form}
    return render_form(request, "funding/reminder_settings.html", context, invalid=form.is_bound)


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link of each reminder: no more reminders for this person from this territory (no login needed)."""
    if throttled(request, group="funding-unsubscribe", rate_setting="FUNDING_UNSUBSCRIBE_RATE"):
        return render(request, "funding/unsubscribe.html", {"throttled": True}, status=429)
    found = services.unsubscribe_read(token)
    if found is None:
        raise Http404
    done = request.method == "POST"
    if done:
        services.reminders_unsubscribe(user_id=found[0], territory_id=found[1])
    return render(request, "funding/unsubscribe.html", {"done": done})


# A sheet's funding --------------------------------------------------------------------------------


@login_required
@require_GET
def sheet_funding(request, slug, pk):
    access = get_sheet_funding_for_user(request.user, slug, pk)
    data = selectors.sheet_funding(access.sheet, access.commune.territory, timezone.localdate())
    return render(request, "funding/sheet_funding.html", {**access.context(), **data})


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def application_create(request, slug, pk):
    access = get_sheet_funding_for_user(request.user, slug, pk, need=APPLY)
    calls = selectors.calls_for_territory(access.commune.territory)
    initial = {"call": request.GET.get("call"), "status": ApplicationStatus.PREPARING, "probability": 50}
    form = ApplicationForm(request.POST or None, calls=calls, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_create(
                call=form.cleaned_data["call"],
                sheet=access.sheet,
                actor=request.user,
                fields=form.application_fields(),
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The application is recorded."))
            return redirect("funding:sheet-funding", slug=slug, pk=pk)
    context = {**access.context(), "form": form}
    return render_form(request, "funding/application_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def application_update(request, slug, pk):
    access, application = get_application_for_user(request.user, slug, pk, need=APPLY)
    initial = {name: getattr(application, name) for name in services.APPLICATION_FIELDS}
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(application=application, actor=request.user, fields=form.application_fields())
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The application is saved."))
            return redirect("funding:sheet-funding", slug=slug, pk=application.sheet_id)
    context = {**access.context(), "form": form, "application": application}
    return render_form(request, "funding/application_form.html", context, invalid=form.is_bound)


# The catalogue import -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def call_import(request, slug):
    """Step 1: upload. A file with problems is explained row by row; a clean one goes to the preview."""
    access = get_catalogue_for_user(request.user, slug, need=MANAGE)
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pending, check = services.catalogue_import_prepare(
                territory=access.territory, actor=request.user, filename=upload.name, data=upload.read()
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            if pending is not None:
                return redirect("funding:call-import-preview", slug=slug, key=pending.key)
            form.add_error(None, _("Nothing is imported: fix the rows listed below, then send the file again."))
    columns = [str(label) for label in catalogue_imports.COLUMN_LABELS.values()]
    context = {**access.context(), "form": form, "check": check, "columns": columns}
    return render_form(request, "funding/call_import.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def call_import_preview(request, slug, key):
    """Step 2: the calls the file adds or updates; confirming saves them all or nothing."""
    access, pending = get_call_import_for_user(request.user, slug, key)
    if request.method == "POST":
        try:
            counts = services.catalogue_import_apply(pending=pending, actor=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("funding:call-import", slug=slug)
        messages.success(
            request, _("The catalogue is imported: %(created)s calls added, %(updated)s updated.") % counts
        )
        return redirect("funding:catalogue", slug=slug)
    check = services.catalogue_import_preview(pending=pending)
    context = {**access.context(), "pending": pending, "check": check, "counts": check.counts()}
    return render(request, "funding/call_import_preview.html", context)


@login_required
@require_POST
def call_import_discard(request, slug, key):
    _access, pending = get_call_import_for_user(request.user, slug, key)
    services.catalogue_import_discard(pending=pending)
    messages.info(request, _("The import is cancelled; nothing was saved."))
    return redirect("funding:catalogue", slug=slug)


@login_required
@require_GET
def call_import_template(request, slug):
    get_catalogue_for_user(request.user, slug, need=MANAGE)
    response = HttpResponse(catalogue_imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="calls-for-projects.csv"'
    return response
