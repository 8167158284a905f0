"""The respondent's pages: no account, a personal link; autosave with htmx, a Save button without JavaScript."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from diagnostics import guards
from diagnostics.forms.respond import PersonalLinkEmailForm
from diagnostics.selectors.responses import fill_state, response_closes_on, response_summary
from diagnostics.services import responses as services
from diagnostics.services.responses import ERROR_THROTTLED, LinkError, MissingAnswers
from diagnostics.tokens import open_link_token, response_token
from diagnostics.views.filling import page_context, question_numbers, question_view
from smartregion.errors import ServiceError

ACTIONS = {"save", "next", "previous", "review", "later"}


def _invalid(request, error: LinkError, *, response=None):
    context = {"error": error.message, "response": response}
    if request.htmx:
        return render(request, "diagnostics/respond_page.html#feedback-error", context, status=error.status)
    return render(request, "diagnostics/respond_invalid.html", context, status=error.status)


def _throttled(request, *, response=None):
    return _invalid(request, LinkError(ERROR_THROTTLED, status=429), response=response)


def _load(request, token, *, accepting: bool = True):
    """(response, None) when the link works, else (None, the page that says why)."""
    try:
        response = services.response_from_token(token)
    except LinkError as error:
        return None, _invalid(request, error)
    _invitation_language(request, response)
    if accepting:
        try:
            services.check_accepting(response)
        except LinkError as error:
            return None, _invalid(request, error, response=response)
    return response, None


def _invitation_language(request, response) -> None:
    """Someone invited in English reads their pages in English, until they choose a language themselves."""
    if response.respondent is None or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    translation.activate(response.respondent.language)
    request.LANGUAGE_CODE = translation.get_language()


def _base_context(response) -> dict:
    campaign = response.campaign
    return {
        "response": response,
        "campaign": campaign,
        "commune": campaign.commune,
        "questionnaire": campaign.questionnaire,
        "token": response_token(response),
        "closes_on": response_closes_on(response),
    }


@require_http_methods(["GET"])
def respond(request, token):
    """The questionnaire's first page: what it is about, where the respondent stands, the list of pages."""
    response, refusal = _load(request, token)
    if refusal:
        return refusal
    state = fill_state(response)
    answered, total = state.progress()
    pages = []
    for number, section in enumerate(state.sections, start=1):
        shown = [q for q in section.question_list if q.pk in state.visible]
        done = sum(1 for q in shown if state.is_answered(q.pk))
        pages.append({"number": number, "section": section, "shown": len(shown), "done": done})
    resume = next((p["number"] for p in pages if p["done"] < p["shown"]), 1)
    context = {
        **_base_context(response),
        "pages": pages,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "resume": resume,
        "personal_link": _personal_link(request, token),
    }
    return render(request, "diagnostics/respond_start.html", context)


def _page_number(state, number: int) -> int:
    if not 1 <= number <= len(state.sections):
        raise Http404
    return number


@require_http_methods(["GET", "POST"])
def respond_page(request, token, number):
    response, refusal = _load(request, token)
    if refusal:
        return refusal
    state = fill_state(response)
    number = _page_number(state, number)
    outcome = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        action = action if action in ACTIONS else "save"
        try:
            outcome = services.response_save_page(
                response=response, section_id=state.sections[number - 1].pk, data=request.POST
            )
        except LinkError as error:
            return _invalid(request, error, response=response)
        if outcome.ok:
            target = {"next": number + 1, "previous": number - 1}.get(action, number)
            if action == "later":
                return redirect("diagnostics:respond-later", token=token)
            if action == "review" or target > len(state.sections):
                return redirect("diagnostics:respond-submit", token=token)
            if action == "save":
                messages.success(request, _("Your answers are saved."))
            return redirect("diagnostics:respond-page", token=token, number=max(1, target))
        state = outcome.state
    context = {
        **_base_context(response),
        **page_context(state, number, questionnaire=response.campaign.questionnaire, outcome=outcome),
    }
    status = 422 if outcome is not None and not outcome.ok else 200
    return render(request, "diagnostics/respond_page.html", context, status=status)


@require_POST
def respond_autosave(request, token, question_pk):
    """Save one answer as it is given (htmx); answers a small fragment, or the question again after a conflict."""
    response, refusal = _load(request, token, accepting=False)
    if refusal:
        return refusal
    if guards.throttled(request, group="response-save", rate_setting="RESPONSE_SAVE_RATE"):
        # The answer stays in the respondent's form; only the feedback says it is not saved yet.
        return _throttled(request, response=response)
    try:
        outcome = services.response_autosave(response=response, question_id=question_pk, data=request.POST)
    except LinkError as error:
        return _invalid(request, error, response=response)
    except ServiceError:
        raise Http404 from None
    if not request.htmx:
        state = fill_state(response)
        page = state.page_number_of(question_pk)
        return redirect("diagnostics:respond-page", token=token, number=page)
    state = outcome.state
    result = outcome.questions[question_pk]
    numbers = question_numbers(state)
    question = services.question_of(state, question_pk)
    view = question_view(
        state,
        question,
        numbers[question_pk],
        submitted=result.submitted,
        error=result.error,
        conflict=result.conflict,
        raw=result.raw,
    )
    answered, total = state.progress()
    section = next(s for s in state.sections if any(q.pk == question_pk for q in s.question_list))
    # Questions of this page that a display condition has just shown or hidden.
    dependents = [
        question_view(state, q, numbers[q.pk]) for q in section.question_list if q.pk in outcome.visibility_changed
    ]
    context = {
        **_base_context(response),
        "q": view,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "dependents": dependents,
        "saved": result.saved,
    }
    if result.conflict:
        reply = render(request, "diagnostics/respond_page.html#question", context, status=409)
        return reswap(retarget(reply, f"#qwrap-{question_pk}"), "outerHTML")
    if result.error:
        return render(request, "diagnostics/respond_page.html#autosave-error", context, status=422)
    return render(request, "diagnostics/respond_page.html#autosave-ok", context)


@require_http_methods(["GET", "POST"])
def respond_submit(request, token):
    """Review what is missing, then submit; submitting again (another tab) is harmless."""
    response, refusal = _load(request, token)
    if refusal:
        return refusal
    missing_ids = []
    status = 200
    if request.method == "POST":
        if guards.throttled(request, group="response-submit", rate_setting="RESPONSE_SUBMIT_RATE"):
            return _throttled(request, response=response)
        if response.open_link_id and guards.looks_like_bot(request, since=response.created_at.timestamp()):
            return redirect("diagnostics:respond-submit", token=token)  # quietly: nothing submitted
        try:
            result = services.response_submit(response=response)
        except MissingAnswers as error:
            missing_ids = error.question_ids
            messages.error(request, error.message)
            status = 422
        except LinkError as error:
            return _invalid(request, error, response=response)
        else:
            if result.already_submitted:
                messages.info(
                    request,
                    _("Your answers were already submitted; every change you made is saved. Thank you!"),
                )
            else:
                messages.success(request, _("Thank you! Your answers are submitted."))
            return redirect("diagnostics:respond", token=token)
    state = fill_state(response)
    if request.method == "GET":
        missing_ids = state.missing_required()
    numbers = question_numbers(state)
    missing = [
        {"question": q, "number": numbers[q.pk], "page": state.page_number_of(q.pk)}
        for q in state.questions
        if q.pk in missing_ids
    ]
    answered, total = state.progress()
    context = {
        **_base_context(response),
        "missing": missing,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "page_count": len(state.sections),
        "honeypot": guards.HONEYPOT_FIELD,
    }
    return render(request, "diagnostics/respond_submit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def open_link_start(request, token):
    """An open link (e.g. for citizens): each visitor starts their own response, with their own personal link.

    A browser that already started here goes back to its response (signed cookie), or to the summary once
    submitted, unless the link allows several per browser (then it chooses); starts are throttled per IP and
    per link; bots (honeypot, too fast) are refused quietly.
    """
    try:
        link = services.open_link_from_token(token)
    except LinkError as error:
        return _invalid(request, error)
    existing = _browser_response(request, link)
    if existing and not link.several_per_browser:
        return _back_to_response(request, existing)
    refusal = None
    try:
        services.open_link_check(link)
    except LinkError as error:
        # Someone who already started here may still continue (until their own link closes).
        if not existing:
            return _invalid(request, error)
        refusal = error.message
    if request.method == "POST" and refusal is None:
        started = _start(request, link)
        if started is not None:
            return started
        # A bot: shown the page again, as if nothing happened.
    context = {
        "link": link,
        "campaign": link.campaign,
        "commune": link.campaign.commune,
        "questionnaire": link.campaign.questionnaire,
        "existing": existing,
        "existing_token": response_token(existing) if existing else None,
        "refusal": refusal,
        "token": open_link_token(link),
        "stamp": guards.form_stamp(),
        "honeypot": guards.HONEYPOT_FIELD,
        "stamp_field": guards.STAMP_FIELD,
    }
    return render(request, "diagnostics/open_link_start.html", context)


def _start(request, link):
    """Start a response through `link` and remember it in this browser; None for a bot."""
    if guards.throttled(
        request, group="open-link-start-ip", rate_setting="OPEN_LINK_START_RATE_PER_IP"
    ) or guards.throttled(
        request, group="open-link-start", rate_setting="OPEN_LINK_START_RATE_PER_LINK", key=guards.link_key(link)
    ):
        return _throttled(request)
    if guards.looks_like_bot(request):
        return None
    try:
        response = services.response_start_from_open_link(link=link)
    except LinkError as error:
        return _invalid(request, error)
    personal = response_token(response)
    messages.success(
        request,
        _(
            "Your answers are saved as you go. Opening the same link again in this browser brings you back "
            "here; to continue on another device, use “Continue later” to get your personal link."
        ),
    )
    return guards.remember_response(redirect("diagnostics:respond", token=personal), link, personal)


def _back_to_response(request, response):
    """A returning browser: its response, or what it answered once submitted (not reopened from here)."""
    token = response_token(response)
    if response.submitted_at is None:
        return redirect("diagnostics:respond", token=token)
    state = fill_state(response)
    context = {**_base_context(response), "items": response_summary(state), "already": True}
    return render(request, "diagnostics/respond_summary.html", context)


def _browser_response(request, link):
    """The response this browser started through `link`, while it still exists."""
    personal = guards.browser_response_token(request, link)
    if not personal:
        return None
    try:
        response = services.response_from_token(personal)
    except LinkError:
        return None
    return response if response.open_link_id == link.pk else None


# Continue later, summary -------------------------------------------------------------------------


def _personal_link(request, token) -> str:
    return request.build_absolute_uri(reverse("diagnostics:respond", args=[token]))


def _link_email_key(response):
    return lambda group, request: f"response-{response.pk}"


@require_http_methods(["GET", "POST"])
def respond_later(request, token):
    """Save and continue later: the personal link to copy, or sent to an address that is not stored."""
    response, refusal = _load(request, token)
    if refusal:
        return refusal
    form = PersonalLinkEmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if guards.throttled(
            request, group="response-link-email", rate_setting="RESPONSE_LINK_EMAIL_RATE"
        ) or guards.throttled(
            request,
            group="response-link-email-one",
            rate_setting="RESPONSE_LINK_EMAIL_RATE",
            key=_link_email_key(response),
        ):
            return _throttled(request, response=response)
        if form.is_valid():
            try:
                services.response_link_email(
                    response=response, email=form.cleaned_data["email"], link=_personal_link(request, token)
                )
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The link is on its way. Your address was not kept."))
                return redirect("diagnostics:respond-later", token=token)
        # Back on the address, with its message, rather than at the top of the page (keyboard, screen reader).
        form.fields["email"].widget.attrs["autofocus"] = True
        status = 422
    context = {**_base_context(response), "form": form, "personal_link": _personal_link(request, token)}
    return render(request, "diagnostics/respond_later.html", context, status=status)


@require_http_methods(["GET"])
def respond_summary(request, token):
    """One's own answers on one page, to print (print styles) or download."""
    response, refusal = _load(request, token, accepting=False)
    if refusal:
        return refusal
    context = {**_base_context(response), "items": response_summary(fill_state(response))}
    return render(request, "diagnostics/respond_summary.html", context)


@require_http_methods(["GET"])
def respond_summary_download(request, token):
    """The same summary as plain text (UTF-8), a file the respondent keeps."""
    response, refusal = _load(request, token, accepting=False)
    if refusal:
        return refusal
    context = {**_base_context(response), "items": response_summary(fill_state(response))}
    reply = HttpResponse(
        render_to_string("diagnostics/respond_summary.txt", context, request=request),
        content_type="text/plain; charset=utf-8",
    )
    # The file's name in the page's language too: "mes-reponses.txt" in French.
    name = slugify(_("my answers"))  # outside the f-string, where makemessages cannot see it
    reply["Content-Disposition"] = f'attachment; filename="{name}.txt"'
    return reply
