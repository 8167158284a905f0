"""The pages of a personal answer link: no account, the token is the key; page by page, then confirm."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

from barometer import invitations, selectors
from barometer.forms import LinkPageForm
from barometer.invitations import LinkError
from smartregion.clientip import client_ip_key
from smartregion.emails import request_base_url
from smartregion.errors import ServiceError
from smartregion.views import apply_service_error

PAGE_SIZE = 5
ERROR_THROTTLED = gettext_lazy(
    "Too many attempts in a short time: wait a minute, then try again. What you typed is kept."
)


def _throttled(request) -> bool:
    """Saves and confirmations counted per client IP (`RESPONSE_SAVE_RATE`), in the cache."""
    try:
        return is_ratelimited(
            request,
            group="barometer-link",
            key=client_ip_key,
            rate=settings.RESPONSE_SAVE_RATE,
            method=ALL,
            increment=True,
        )
    except (RedisError, OSError):  # the cache away: people keep answering
        return False


def _invalid(request, error: LinkError, invitee=None):
    context = {"error": error.message, "invitee": invitee}
    return render(request, "barometer/answer_invalid.html", context, status=error.status)


def _load(request, token):
    """(invitee, None) when the link accepts answers, else (None, the page that says why).

    Readings are throttled per client IP here; saves and confirmations in their views, keeping what was typed.
    """
    if request.method == "GET" and _throttled(request):
        return None, _invalid(request, LinkError(ERROR_THROTTLED, status=429))
    try:
        invitee = invitations.invitee_from_token(token)
    except LinkError as error:
        return None, _invalid(request, error)
    try:
        invitations.check_accepting(invitee)
    except LinkError as error:
        return None, _invalid(request, error, invitee)
    return invitee, None


def _pages(questions) -> list[list]:
    return [questions[i : i + PAGE_SIZE] for i in range(0, len(questions), PAGE_SIZE)] or [[]]


def _context(invitee, token: str) -> dict:
    partner = invitee.invitation.invitees.exclude(pk=invitee.pk).first()
    questions = selectors.question_infos([invitee.invitation.edition_id])
    return {
        "invitee": invitee,
        "partner": partner,
        "edition": invitee.invitation.edition,
        "commune": invitee.invitation.commune,
        "token": token,
        "questions": questions,
        "pages": _pages(questions),
    }


def _initial_values(invitee, partner) -> dict:
    """Their own version; before they saved anything, their partner's version to review."""
    if invitee.saved_at is None and partner is not None and partner.saved_at is not None:
        return dict(partner.answers)
    return dict(invitee.answers)


@require_http_methods(["GET"])
def answer(request, token):
    """The link's first page: what it is, who answers with whom, where they stand, the pages."""
    invitee, refusal = _load(request, token)
    if refusal:
        return refusal
    invitations.invitee_open(invitee=invitee)
    context = _context(invitee, token)
    answered = sum(1 for value in invitee.answers.values() if value is not None)
    context.update(answered=answered)
    return render(request, "barometer/answer_start.html", context)


@require_http_methods(["GET", "POST"])
def answer_page(request, token, number):
    """One page of questions; Save, Previous and Next all save what the page holds, as given."""
    invitee, refusal = _load(request, token)
    if refusal:
        return refusal
    context = _context(invitee, token)
    pages = context["pages"]
    if not 1 <= number <= len(pages):
        return redirect("barometer:answer", token=token)
    questions = pages[number - 1]
    initial = LinkPageForm.initial_for(_initial_values(invitee, context["partner"]), name=invitee.name)
    form = LinkPageForm(request.POST or None, initial=initial, questions=questions, with_name=number == 1)
    if request.method == "POST" and _throttled(request):
        form.is_valid()
        form.add_error(None, ERROR_THROTTLED)
    elif request.method == "POST" and form.is_valid():
        try:
            invitations.invitee_save(
                invitee=invitee, answers=form.answers(), name=form.cleaned_data.get("name") if number == 1 else None
            )
        except LinkError as error:
            return _invalid(request, error, invitee)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            return _after_save(request, token, number, len(pages))
    context.update(form=form, number=number)
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "barometer/answer_page.html", context, status=status)


def _after_save(request, token, number, count):
    action = request.POST.get("action", "next")
    if action == "previous" and number > 1:
        return redirect("barometer:answer-page", token=token, number=number - 1)
    if action == "save":
        messages.success(request, _("Your answers are saved. You can come back with the same link."))
        return redirect("barometer:answer-page", token=token, number=number)
    if number < count:
        return redirect("barometer:answer-page", token=token, number=number + 1)
    return redirect("barometer:answer-confirm", token=token)


@require_http_methods(["GET", "POST"])
def answer_confirm(request, token):
    """Every answer of the person's version, their partner's where it differs, and the confirmation."""
    invitee, refusal = _load(request, token)
    if refusal:
        return refusal
    context = _context(invitee, token)
    error = None
    if request.method == "POST":
        if _throttled(request):
            error = ERROR_THROTTLED
        else:
            try:
                invitations.invitee_confirm(invitee=invitee, base_url=request_base_url(request))
            except LinkError as refused:
                return _invalid(request, refused, invitee)
            except ServiceError as refused:
                error = _missing_message(refused, context)
            else:
                return redirect("barometer:answer-done", token=token)
    context.update(review=_review_rows(invitee, context), error=error)
    return render(request, "barometer/answer_confirm.html", context, status=422 if error else 200)


def _missing_message(error: ServiceError, context) -> str:
    code = (error.field or "").removeprefix("q_")
    question = next((q for q in context["questions"] if q.code == code), None)
    if question is None:
        return str(error.message)
    return _("“%(question)s” needs an answer before you confirm.") % {"question": question.label}


def _review_rows(invitee, context) -> list[tuple]:
    partner = context["partner"]
    own = _initial_values(invitee, partner) if invitee.saved_at is None else invitee.answers
    rows = []
    for index, page in enumerate(context["pages"], start=1):
        for question in page:
            mine = own.get(question.code)
            theirs = partner.answers.get(question.code) if partner and partner.saved_at else None
            differs = partner is not None and partner.saved_at is not None and mine != theirs
            rows.append(
                (
                    question,
                    index,
                    selectors.link_answer_text(question, mine),
                    selectors.link_answer_text(question, theirs) if differs else "",
                )
            )
    return rows


@require_http_methods(["GET"])
def answer_done(request, token):
    """After confirming: submitted, or waiting for the partner's review. Readable after submission too."""
    if _throttled(request):
        return _invalid(request, LinkError(ERROR_THROTTLED, status=429))
    try:
        invitee = invitations.invitee_from_token(token)
    except LinkError as error:
        return _invalid(request, error)
    invitation = invitee.invitation
    submitted = invitations.invitation_state(invitation).answered
    partner = invitation.invitees.exclude(pk=invitee.pk).first()
    context = {
        "invitee": invitee,
        "partner": partner,
        "edition": invitation.edition,
        "commune": invitation.commune,
        "submitted": submitted,
        "token": token,
    }
    return render(request, "barometer/answer_done.html", context)
