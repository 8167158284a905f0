from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from barometer import charts, invitations, selectors, services
from barometer.access import (
    can_fill_response,
    get_commune_edition_for_user,
    get_edition_for_user,
    get_invitation_for_user,
    get_pending_import_for_user,
    get_public_edition,
    get_question_for_user,
    get_response_for_user,
)
from barometer.capabilities import FILL, FILL_ANY_TIME, MANAGE
from barometer.exporting import accepted_values, csv_bytes, xlsx_bytes
from barometer.forms import EditionCreateForm, EditionForm, ImportForm, InvitationsForm, QuestionForm, ResponseForm
from barometer.kinds import barometer_kind
from barometer.models import EditionStatus, ResponseSource
from barometer.results import PUBLIC_MIN_ANSWERS, comparison_table, comparisons
from barometer.summary import summary_pdf
from communes.access import commune_rights, get_commune_for_user, get_territory_for_user
from smartregion.emails import request_base_url
from smartregion.errors import ServiceError
from smartregion.pagecache import kept_page
from smartregion.submissions import once_per_form_token
from smartregion.tasks import QUEUE_UNAVAILABLE
from smartregion.typography import of_name
from smartregion.views import apply_service_error, render_form

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx")


def _download(tables: list[tuple[str, list[list]]], fmt: str, filename: str) -> HttpResponse:
    """CSV holds the first table; XLSX holds every table, one sheet each."""
    if fmt == "csv":
        response = HttpResponse(csv_bytes(tables[0][1]), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(tables), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _check_format(fmt: str) -> None:
    if fmt not in EXPORT_FORMATS:
        raise Http404


def _comparison_context(compared) -> dict:
    years, groups = comparison_table(compared)
    return {
        "compare_years": years,
        "compare_groups": groups,
        "compare_has_scales": any(c.unit == "mean" for c in compared),
        "compare_has_yes_no": any(barometer_kind(c.kind).one_share_compared for c in compared),
    }


# Lists and editions ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def index(request):
    """The referent's editions per territory; people of a commune see their commune's editions."""
    context = {
        "territories": selectors.managed_editions(request.user),
        "communes": selectors.commune_barometers(request.user),
    }
    return render(request, "barometer/edition_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def edition_create(request, slug):
    territory = get_territory_for_user(request.user, slug, need=MANAGE)
    form = EditionCreateForm(request.POST or None, previous_editions=selectors.previous_editions(territory))
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_create(
                territory=territory, actor=request.user, **form.edition_fields(), **form.start_options()
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The edition is created."))
            return redirect("barometer:edition-detail", pk=edition.pk)
    context = {"territory": territory, "form": form}
    return render_form(request, "barometer/edition_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET"])
def edition_detail(request, pk):
    edition = get_edition_for_user(request.user, pk)
    rows = selectors.edition_responses(edition)
    questions = selectors.question_infos([edition.pk])
    context = {  # the follow-up reads the same rows as the table: one state per commune
        "edition": edition,
        "questions": [(q, accepted_values(q)) for q in questions],
        "rows": rows,
        "respondents": sum(1 for row in rows if row.response),
        "pending_imports": list(selectors.pending_imports(edition)),
        "locked": any(row.response for row in rows),
        "snapshot": selectors.public_snapshot(edition),
        "follow_up": selectors.edition_follow_up(edition),
    }
    return render(request, "barometer/edition_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edition_update(request, pk):
    edition = get_edition_for_user(request.user, pk)
    form = EditionForm(request.POST or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_update(
                edition=edition, actor=request.user, fields={f: form.cleaned_data[f] for f in form.changed_data}
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The edition is saved."))
            return redirect("barometer:edition-detail", pk=edition.pk)
    context = {"edition": edition, "territory": edition.territory, "form": form}
    return render_form(request, "barometer/edition_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def edition_delete(request, pk):
    edition = get_edition_for_user(request.user, pk)
    try:
        services.edition_delete(edition=edition, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("barometer:edition-detail", pk=edition.pk)
    messages.success(request, _("The edition is deleted."))
    return redirect("barometer:index")


@login_required
@require_POST
def edition_publish(request, pk):
    edition = get_edition_for_user(request.user, pk)
    try:
        services.edition_publish(edition=edition, actor=request.user)
    except ServiceError as error:
        if request.htmx:
            context = {"edition": edition, "snapshot": selectors.public_snapshot(edition), "error": error.message}
            return render(request, "barometer/edition_detail.html#public-toggle", context, status=422)
        messages.error(request, error.message)
        return redirect("barometer:edition-detail", pk=edition.pk)
    if request.htmx:
        context = {"edition": edition, "snapshot": selectors.public_snapshot(edition)}
        return render(request, "barometer/edition_detail.html#public-toggle", context)
    messages.success(request, _("The anonymised summary is published as it stands now."))
    return redirect("barometer:edition-detail", pk=edition.pk)


@login_required
@require_POST
def edition_unpublish(request, pk):
    edition = get_edition_for_user(request.user, pk)
    services.edition_unpublish(edition=edition, actor=request.user)
    if request.htmx:
        return render(request, "barometer/edition_detail.html#public-toggle", {"edition": edition, "snapshot": None})
    messages.success(request, _("The summary is no longer public."))
    return redirect("barometer:edition-detail", pk=edition.pk)


@login_required
@require_http_methods(["GET"])
@kept_page
def edition_results(request, pk):
    """Everything about an edition for its referent: figures, free-text answers with names, comparisons."""
    edition = get_edition_for_user(request.user, pk)
    territory = selectors.territory_results(edition.territory, until_year=edition.year, texts_for=[edition.pk])
    current = territory.for_edition(edition.pk)
    sets = selectors.respondent_sets([e.edition.id for e in territory.editions])
    bases = selectors.comparison_bases(current, territory.editions, sets)
    same_as = next((b for b in bases if str(b.edition.id) == request.GET.get("same")), None)
    compared = comparisons(territory.editions, current)
    if same_as is not None:
        restricted = selectors.territory_results(
            edition.territory,
            edition_ids=[edition.pk, same_as.edition.id],
            commune_ids=sets[edition.pk] & sets[same_as.edition.id],
        )
        compared = comparisons(restricted.editions, restricted.for_edition(edition.pk))
    context = {
        "edition": edition,
        "results": current,
        "charts": charts.results_charts(current) + charts.comparison_charts(compared),
        "is_public": selectors.public_snapshot(edition) is not None,
        "bases": bases,
        "different_communes": any(not b.same for b in bases),
        "same_as": same_as,
        **_comparison_context(compared),
    }
    return render(request, "barometer/edition_results.html", context)


@login_required
@require_http_methods(["GET"])
def edition_export(request, pk, fmt):
    _check_format(fmt)
    edition = get_edition_for_user(request.user, pk)
    filename = f"barometer-{edition.territory.slug}-{edition.year}-results"
    return _download(selectors.edition_export_tables(edition), fmt, filename)


@login_required
@require_http_methods(["GET"])
def edition_template(request, pk, fmt):
    """The import file to fill: blank, or with the answers already given (`?filled=1`)."""
    _check_format(fmt)
    edition = get_edition_for_user(request.user, pk)
    filled = request.GET.get("filled") == "1"
    name = "answers" if filled else "template"
    filename = f"barometer-{edition.territory.slug}-{edition.year}-{name}"
    return _download(selectors.edition_template_tables(edition, filled=filled), fmt, filename)


# Questions ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def question_create(request, pk):
    edition = get_edition_for_user(request.user, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_create(
                edition=edition, actor=request.user, **form.question_fields(), options=form.cleaned_data["options"]
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect("barometer:edition-detail", pk=edition.pk)
    context = {"edition": edition, "form": form}
    return render_form(request, "barometer/question_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def question_update(request, pk, question_pk):
    edition, question = get_question_for_user(request.user, pk, question_pk)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(
                question=question,
                actor=request.user,
                fields=form.changed_question_fields(),
                options=form.cleaned_data["options"],
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("barometer:edition-detail", pk=edition.pk)
    context = {"edition": edition, "form": form, "question": question}
    return render_form(request, "barometer/question_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def question_delete(request, pk, question_pk):
    edition, question = get_question_for_user(request.user, pk, question_pk)
    try:
        services.question_delete(question=question, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The question is deleted."))
    return redirect("barometer:edition-detail", pk=edition.pk)


# Imports -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, pk):
    """Upload a file; errors are listed row by row and nothing is kept; a clean file goes to its preview."""
    edition = get_edition_for_user(request.user, pk)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    check = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            response_import, check = services.import_prepare(
                edition=edition, actor=request.user, filename=upload.name, data=upload.read()
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            if response_import is not None:
                return redirect("barometer:import-preview", pk=edition.pk, import_pk=response_import.pk)
    invalid = form.is_bound and (bool(form.errors) or check is not None)
    context = {"edition": edition, "form": form, "check": check, "codes": selectors.question_infos([edition.pk])}
    return render_form(request, "barometer/import_form.html", context, invalid=invalid)


@login_required
@require_http_methods(["GET"])
def import_preview(request, pk, import_pk):
    edition, response_import = get_pending_import_for_user(request.user, pk, import_pk)
    check = services.import_check(edition=edition, table=response_import.table)
    answered = selectors.answered_commune_ids(edition)
    context = {
        "edition": edition,
        "response_import": response_import,
        "check": check,
        "rows": [(row, row.commune_id in answered) for row in check.rows],
        "replaced": sum(1 for row in check.rows if row.commune_id in answered),
    }
    return render(request, "barometer/import_preview.html", context)


@login_required
@require_POST
def import_confirm(request, pk, import_pk):
    edition, response_import = get_pending_import_for_user(request.user, pk, import_pk)
    try:
        responses = services.import_apply(response_import=response_import, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("barometer:import-upload", pk=edition.pk)
    messages.success(
        request,
        ngettext("%(count)s response imported.", "%(count)s responses imported.", len(responses))
        % {"count": len(responses)},
    )
    return redirect("barometer:edition-detail", pk=edition.pk)


@login_required
@require_POST
def import_discard(request, pk, import_pk):
    edition, response_import = get_pending_import_for_user(request.user, pk, import_pk)
    try:
        services.import_discard(response_import=response_import, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("The import is discarded; nothing was saved."))
    return redirect("barometer:edition-detail", pk=edition.pk)


# A commune's response ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def commune_overview(request, slug):
    """The editions of the commune's territory and whether the commune answered them."""
    commune = get_commune_for_user(request.user, slug)
    context = {
        "commune": commune,
        "barometer": selectors.commune_barometer(commune),
        "rights": commune_rights(request.user, commune),
        "latest": selectors.latest_answers_for_commune(commune),
    }
    return render(request, "barometer/commune_overview.html", context)


@login_required
@require_http_methods(["GET"])
def response_detail(request, pk, slug):
    """The commune's answers against the territory's figures, and its trend across editions."""
    edition, commune = get_commune_edition_for_user(request.user, pk, slug)
    view = selectors.commune_view(edition, commune)
    response = edition.responses.filter(commune=commune).select_related("entered_by").first()
    context = {
        "edition": edition,
        "commune": commune,
        "response": response,
        "view": view,
        "charts": charts.commune_charts(view.answers, commune.name),
        "binome": selectors.binome_view(edition, commune),
        "peers": _peers(request.user, edition, commune),
        "can_fill": can_fill_response(request.user, edition, commune),
        "rights": commune_rights(request.user, commune),
    }
    return render(request, "barometer/response_detail.html", context)


def _peers(user, edition, commune):
    """Once the edition is closed, the figures of the communes like this one (small cells for the referent only)."""
    if edition.status() != EditionStatus.CLOSED:
        return None
    return selectors.peer_view(edition, commune, see_small=commune_rights(user, commune).can(MANAGE))


@login_required
@require_http_methods(["GET"])
def response_summary_pdf(request, pk, slug):
    """The one-page summary for the Collège: the commune's answers, the territory's and its peers' figures.

    Rendered in the request: one small page without images (a fraction of a second), no worker round trip.
    """
    edition, commune = get_commune_edition_for_user(request.user, pk, slug)
    peers = _peers(request.user, edition, commune)
    if peers is None:
        messages.error(request, _("The summary can be downloaded once the edition is closed."))
        return redirect("barometer:response-detail", pk=edition.pk, slug=commune.slug)
    pdf = summary_pdf(selectors.commune_view(edition, commune), peers, edition=edition, commune=commune)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="barometer-{edition.year}-{commune.slug}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def response_edit(request, pk, slug):
    """Commune staff fill their commune's answers while the edition is open; the referent at any time."""
    edition, commune = get_commune_edition_for_user(request.user, pk, slug, need=FILL)
    if not can_fill_response(request.user, edition, commune):
        messages.error(request, services.ERROR_EDITION_NOT_OPEN)
        return redirect("barometer:response-detail", pk=edition.pk, slug=commune.slug)
    by_referent = commune_rights(request.user, commune).can(FILL_ANY_TIME)
    response = edition.responses.filter(commune=commune).first()
    questions = selectors.question_infos([edition.pk])
    initial = {"version": 0}
    if response is not None:
        initial = ResponseForm.initial_for(
            selectors.response_values(response),
            respondent_name=response.respondent_name,
            alderman_name=response.alderman_name,
            version=response.version,
        )
    form = ResponseForm(request.POST or None, initial=initial, questions=questions, enforce_required=not by_referent)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_save(
                edition=edition,
                commune=commune,
                actor=request.user,
                answers=form.answers(),
                source=ResponseSource.REFERENT if by_referent else ResponseSource.ONLINE,
                respondent_name=form.cleaned_data["respondent_name"],
                alderman_name=form.cleaned_data["alderman_name"],
                expected_version=form.cleaned_data["version"] if form.cleaned_data["version"] is not None else 0,
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, _("The answers of %(of_commune)s are saved.") % {"of_commune": of_name(commune.name)}
            )
            return redirect("barometer:response-detail", pk=edition.pk, slug=commune.slug)
    context = {"edition": edition, "commune": commune, "form": form, "response": response, "by_referent": by_referent}
    return render_form(request, "barometer/response_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def response_delete(request, pk, slug):
    response = get_response_for_user(request.user, pk, slug, need=MANAGE)
    services.response_delete(response=response, actor=request.user)
    messages.success(
        request, _("The answers of %(of_commune)s are deleted.") % {"of_commune": of_name(response.commune.name)}
    )
    return redirect("barometer:edition-detail", pk=response.edition_id)


# Public summary ----------------------------------------------------------------------------------


@require_http_methods(["GET"])
def public_summary_page(request, territory_slug, year):
    """The frozen anonymised summary anyone may read once the referent publishes a closed edition."""
    edition = get_public_edition(territory_slug, year)
    history = selectors.public_history(edition)
    current = next(r for r in history if r.edition.id == edition.pk)
    compared = comparisons(history, current)
    context = {
        "edition": edition,
        "results": current,
        "charts": charts.results_charts(current, distribution=False) + charts.comparison_charts(compared),
        "min_answers": PUBLIC_MIN_ANSWERS,
        **_comparison_context(compared),
    }
    return render(request, "barometer/public_summary.html", context)


# Answer links: invitations, reminders, the binôme ------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invitations_page(request, pk):
    """Send the communes still to answer their personal links, to their two addresses (editable)."""
    edition = get_edition_for_user(request.user, pk)
    follow_up = selectors.edition_follow_up(edition)
    rows = follow_up.to_answer
    defaults = {}
    for row in rows:
        by_role = {i.role: i.email for i in row.invitees}
        defaults[row.commune.pk] = (
            by_role.get("administration", row.commune.director_email if not row.invitation else ""),
            by_role.get("alderman", row.commune.alderman_email if not row.invitation else ""),
            row.invitation is None,
        )
    form = InvitationsForm(request.POST or None, communes=[row.commune for row in rows], defaults=defaults)
    if request.method == "POST" and form.is_valid():
        people = {pk: invitations.Addresses(*emails) for pk, emails in form.people().items()}
        try:
            queued = invitations.invitations_send(
                edition=edition, actor=request.user, people=people, base_url=request_base_url(request)
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            _queue_message(request, queued, _("%(count)s e-mails are on their way."))
            return redirect("barometer:edition-detail", pk=edition.pk)
    context = {"edition": edition, "form": form, "follow_up": follow_up}
    return render_form(request, "barometer/invitations_form.html", context, invalid=form.is_bound)


def _queue_message(request, queued, text) -> None:
    if queued.ok is False:
        messages.error(request, QUEUE_UNAVAILABLE)
    else:
        messages.success(request, text % {"count": queued.requested})


@login_required
@require_POST
def reminders_send(request, pk):
    """Remind now the communes still to answer (those already reminded today are left out)."""
    edition = get_edition_for_user(request.user, pk)
    try:
        queued = invitations.reminders_send(edition=edition, actor=request.user, base_url=request_base_url(request))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        _queue_message(request, queued, _("%(count)s reminders are on their way (one a day per commune at most)."))
    return redirect("barometer:edition-detail", pk=edition.pk)


@login_required
@require_POST
def invitation_revoke(request, pk, slug):
    invitation = get_invitation_for_user(request.user, pk, slug)
    invitations.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(
        request, _("The links of %(of_commune)s are withdrawn.") % {"of_commune": of_name(invitation.commune.name)}
    )
    return redirect("barometer:edition-detail", pk=invitation.edition_id)


@login_required
@require_POST
def invitation_accept(request, pk, slug, role):
    """The referent takes one person's confirmed answers as the commune's."""
    invitation = get_invitation_for_user(request.user, pk, slug)
    invitee = invitation.invitees.filter(role=role).first()
    if invitee is None:
        raise Http404
    try:
        invitations.invitation_accept_single(invitation=invitation, invitee=invitee, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The answers of %(of_commune)s are submitted.") % {"of_commune": of_name(invitation.commune.name)},
        )
    return redirect("barometer:response-detail", pk=invitation.edition_id, slug=invitation.commune.slug)
