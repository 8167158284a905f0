"""Filling in a questionnaire through a personal link: autosave, page save, submit.

Every save locks the response row, so two tabs of the same person are served one after the other,
and compares the version each form carries with the stored one (see `answering.decide_save`):
stale data never overwrites a newer answer, and the respondent is told.
"""

from dataclasses import dataclass, field

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from diagnostics.answering import (
    AnswerValue,
    ParsedAnswer,
    SaveDecision,
    answer_score,
    decide_save,
    field_name,
    parse_answer,
    version_field_name,
)
from diagnostics.models import Answer, AnswerChoice, OpenLink, Question, Response
from diagnostics.selectors.responses import FillState, fill_state, response_closes_on, response_queryset
from diagnostics.services.campaigns import response_create
from diagnostics.services.tallies import contributions, difference, tallies_add, tallies_apply
from diagnostics.tokens import hash_token, looks_like_token
from smartregion.errors import ServiceError
from smartregion.tasks import enqueue_on_commit
from smartregion.typography import first_day

ERROR_LINK_UNKNOWN = _(
    "This link is not valid. Check that you copied the whole link from the e-mail; if it still does not work, "
    "ask the person who sent it to you for a new one."
)
ERROR_LINK_REVOKED = _("This link was withdrawn by the commune. Ask the person who sent it to you whether to answer.")
ERROR_NOT_OPEN_YET = _("This questionnaire opens on %(date)s. Come back then with the same link.")
ERROR_CLOSED = _(
    "This questionnaire closed on %(date)s: answers can no longer be changed. Thank you for your interest."
)
ERROR_LINK_FULL = _(
    "This questionnaire has received all the answers expected through this link. Thank you for your interest."
)
ERROR_LINK_FULL_AT_SUBMIT = _(
    "This questionnaire has received all the answers expected through this link, so yours cannot be submitted. "
    "Your answers stay saved. Thank you for your interest."
)
ERROR_THROTTLED = _(
    "Too many requests came from your connection in a short time. Nothing you typed is lost: "
    "wait a few minutes, then try again."
)
ERROR_MISSING_ANSWERS = _("Some required questions have no answer yet. They are listed below.")
ERROR_CONFLICT = _(
    "This answer was changed in another tab or on another device meanwhile. The newer answer is shown below; "
    "yours was not saved. Change it again if needed."
)
ERROR_QUESTION_UNKNOWN = _("This question is not part of the questionnaire. Reload the page.")
ERROR_LINK_NOT_SENT = _("The e-mail cannot be sent just now. Copy the link instead, or try again in a few minutes.")


class LinkError(ServiceError):
    """A link that cannot be used; `status` is the HTTP status to answer with."""

    def __init__(self, message, *, status: int = 404):
        super().__init__(message)
        self.status = status


class MissingAnswers(ServiceError):
    def __init__(self, question_ids: list[int]):
        super().__init__(ERROR_MISSING_ANSWERS)
        self.question_ids = question_ids


def _date(value) -> str:
    return first_day(value, formats.date_format(value, "DATE_FORMAT"))


# Links -------------------------------------------------------------------------------------------


def response_from_token(token: str) -> Response:
    """The response behind a personal link, or LinkError saying why the link cannot be used."""
    if not looks_like_token(token):
        raise LinkError(ERROR_LINK_UNKNOWN)
    response = response_queryset().filter(token_hash=hash_token(token)).first()
    if response is None:
        raise LinkError(ERROR_LINK_UNKNOWN)
    if response.respondent is not None and response.respondent.revoked_at is not None:
        raise LinkError(ERROR_LINK_REVOKED, status=410)
    return response


def check_accepting(response: Response) -> None:
    """Refuse changes before the campaign opens and after it (or the open link) closes."""
    today = timezone.localdate()
    if today < response.campaign.opens_on:
        raise LinkError(ERROR_NOT_OPEN_YET % {"date": _date(response.campaign.opens_on)}, status=403)
    closes_on = response_closes_on(response)
    if today > closes_on:
        raise LinkError(ERROR_CLOSED % {"date": _date(closes_on)}, status=410)


def open_link_from_token(token: str) -> OpenLink:
    """The open link behind a token, or LinkError when it cannot start a new response."""
    if not looks_like_token(token):
        raise LinkError(ERROR_LINK_UNKNOWN)
    link = (
        OpenLink.objects.select_related("campaign__commune", "campaign__questionnaire", "group")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        raise LinkError(ERROR_LINK_UNKNOWN)
    if link.revoked_at is not None:
        raise LinkError(ERROR_LINK_REVOKED, status=410)
    return link


def _check_link_open(link: OpenLink) -> None:
    today = timezone.localdate()
    if today < link.campaign.opens_on:
        raise LinkError(ERROR_NOT_OPEN_YET % {"date": _date(link.campaign.opens_on)}, status=403)
    closes_on = min(link.campaign.closes_on, link.closes_on or link.campaign.closes_on)
    if today > closes_on:
        raise LinkError(ERROR_CLOSED % {"date": _date(closes_on)}, status=410)


def open_link_check(link: OpenLink) -> None:
    """Refuse a link not open yet, closed, or full (checked again, under lock, when a response starts)."""
    _check_link_open(link)
    if open_link_is_full(link):
        raise LinkError(ERROR_LINK_FULL, status=410)


def open_link_is_full(link: OpenLink) -> bool:
    """The cap counts submitted responses: starting many responses cannot exhaust it."""
    if link.max_responses is None:
        return False
    return link.responses.filter(submitted_at__isnull=False).count() >= link.max_responses


@transaction.atomic
def response_start_from_open_link(*, link: OpenLink) -> Response:
    """Start a new response through an open link.

    1. Lock the link, so that its cap holds when many people start at once.
    2. Check that it is open and not full.
    3. Create the response with its own personal link.
    """
    locked = OpenLink.objects.select_for_update().select_related("campaign", "group").get(pk=link.pk)
    if locked.revoked_at is not None:
        raise LinkError(ERROR_LINK_REVOKED, status=410)
    open_link_check(locked)
    return response_create(campaign=locked.campaign, group=locked.group, open_link=locked)


# Saving ------------------------------------------------------------------------------------------


@dataclass
class QuestionOutcome:
    """What happened to one question of a save."""

    question_id: int
    error: str | None = None
    conflict: bool = False
    saved: bool = False
    submitted: dict[int | None, AnswerValue] = field(default_factory=dict)
    raw: str = ""  # what was typed in the question's text or number field, kept when it could not be saved


@dataclass
class SaveOutcome:
    state: FillState
    questions: dict[int, QuestionOutcome] = field(default_factory=dict)
    visibility_changed: set[int] = field(default_factory=set)

    @property
    def errors(self) -> dict[int, str]:
        return {pk: o.error for pk, o in self.questions.items() if o.error}

    @property
    def conflicts(self) -> list[int]:
        return [pk for pk, o in self.questions.items() if o.conflict]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.conflicts


def _locked_state(response: Response) -> FillState:
    """The response's answers, read once its row is locked (and its submission as stored: another tab
    may have submitted since `response` was loaded, and new answers copy it)."""
    # The questionnaire's version comes with the lock (its row is not locked): a response object loaded
    # before a change to the questionnaire still gets the questionnaire as it is now.
    locked = (
        Response.objects.select_for_update(of=("self",))
        .filter(pk=response.pk)
        .values_list("submitted_at", "campaign__questionnaire__edit_version")
    )
    response.submitted_at, edit_version = locked.get()
    return fill_state(response, edit_version=edit_version)


def _write(state: FillState, question_id: int, row_id: int | None, value: AnswerValue, now) -> None:
    spec = state.specs[question_id]
    answer = state.answers.get((question_id, row_id))
    fields = {
        "number_value": value.number,
        "choice_key": value.choice_key,
        "text_value": value.text,
        "other_text": value.other_text,
        "has_value": value.has_value,
        "score": answer_score(spec, value),
        "updated_at": now,
    }
    if answer is None:
        answer = Answer.objects.create(
            response=state.response,
            campaign_id=state.response.campaign_id,
            group_id=state.response.group_id,
            submitted=state.response.submitted_at is not None,
            question_id=question_id,
            row_id=row_id,
            applicable=question_id in state.visible,
            version=1,
            **fields,
        )
        previous_options = frozenset()
    else:
        previous_options = frozenset(answer.option_ids)
        for name, new in fields.items():
            setattr(answer, name, new)
        answer.version += 1
        answer.save(update_fields=[*fields, "version"])
    if previous_options != value.option_ids:
        answer.choices.filter(option_id__in=previous_options - value.option_ids).delete()
        AnswerChoice.objects.bulk_create(
            AnswerChoice(answer=answer, option_id=option_id, campaign_id=answer.campaign_id)
            for option_id in sorted(value.option_ids - previous_options)
        )
    answer.option_ids = value.option_ids
    state.answers[(question_id, row_id)] = answer


def _save_question(state: FillState, question_id: int, data, now) -> QuestionOutcome:
    spec = state.specs[question_id]
    parsed: ParsedAnswer = parse_answer(spec, data)
    outcome = QuestionOutcome(question_id=question_id, submitted=parsed.values)
    if parsed.error:
        outcome.error = parsed.error
        values = (
            data.getlist(field_name(question_id)) if hasattr(data, "getlist") else [data.get(field_name(question_id))]
        )
        outcome.raw = str(values[-1] or "") if values else ""
        outcome.raw = parsed.raw if parsed.raw is not None else outcome.raw
        return outcome
    for row_id, value in parsed.values.items():
        decision = decide_save(
            stored_version=state.version(question_id, row_id),
            stored=state.value(question_id, row_id),
            new=value,
            token=data.get(version_field_name(question_id, row_id)),
        )
        if decision is SaveDecision.CONFLICT:
            outcome.conflict = True
            outcome.error = str(ERROR_CONFLICT)
        elif decision is SaveDecision.SAVE:
            _write(state, question_id, row_id, value, now)
            outcome.saved = True
    return outcome


def _after_saves(state: FillState, saved_ids: list[int], now) -> None:
    """Update which answers count (display conditions) and when the response was last saved."""
    response = state.response
    if any(state.dependents_of(pk) for pk in saved_ids):
        visible = state.refresh_visibility()
        Answer.objects.filter(response=response, applicable=True).exclude(question_id__in=visible).update(
            applicable=False
        )
        Answer.objects.filter(response=response, applicable=False, question_id__in=visible).update(applicable=True)
        for (question_id, _row), answer in state.answers.items():
            answer.applicable = question_id in visible
    if saved_ids:
        response.last_saved_at = now
        fields = ["last_saved_at"]
        if response.started_at is None:
            response.started_at = now
            fields.append("started_at")
        response.save(update_fields=fields)


def _counted(state: FillState) -> dict | None:
    """What the response's answers add to the running tallies before a save (None while it is not
    submitted: its answers do not count yet, and a save touches no tally)."""
    if state.response.submitted_at is None:
        return None
    return contributions(state.answers.values())


def _recount(state: FillState, counted: dict | None) -> None:
    """Apply to the tallies what the save changed in the submitted response's counted answers."""
    if counted is not None:
        tallies_apply(difference(counted, contributions(state.answers.values())))


@transaction.atomic
def response_autosave(*, response: Response, question_id: int, data) -> SaveOutcome:
    """Save one question as the respondent answers it (htmx), unless the form was stale.

    1. Refuse when the campaign does not accept answers, or the question is not in the questionnaire.
    2. Lock the response and read its current answers.
    3. Check the value, compare versions, store it.
    4. Update display conditions and the response's timestamps.
    """
    check_accepting(response)
    state = _locked_state(response)
    if question_id not in state.specs:
        raise ServiceError(ERROR_QUESTION_UNKNOWN)
    now = timezone.now()
    before = set(state.visible)
    counted = _counted(state)
    outcome = _save_question(state, question_id, data, now)
    _after_saves(state, [question_id] if outcome.saved else [], now)
    _recount(state, counted)
    return SaveOutcome(state=state, questions={question_id: outcome}, visibility_changed=before ^ state.visible)


@transaction.atomic
def response_save_page(*, response: Response, section_id: int, data) -> SaveOutcome:
    """Save every question shown on a page (the "Save", "Next" and "Previous" buttons).

    Valid, fresh answers are stored even when others on the page are invalid or stale; those are
    reported per question and the respondent's input is kept for them.
    """
    check_accepting(response)
    state = _locked_state(response)
    section = next((s for s in state.sections if s.pk == section_id), None)
    if section is None:
        raise ServiceError(ERROR_QUESTION_UNKNOWN)
    now = timezone.now()
    before = set(state.visible)
    counted = _counted(state)
    outcome = SaveOutcome(state=state)
    for question in section.question_list:
        if question.pk not in state.visible:
            continue
        outcome.questions[question.pk] = _save_question(state, question.pk, data, now)
        # A condition answered on this page decides whether the next questions of the page are shown.
        if state.dependents_of(question.pk):
            state.refresh_visibility()
    _after_saves(state, [pk for pk, o in outcome.questions.items() if o.saved], now)
    _recount(state, counted)
    outcome.visibility_changed = before ^ state.visible
    return outcome


@dataclass
class SubmitOutcome:
    response: Response
    already_submitted: bool


@transaction.atomic
def response_submit(*, response: Response) -> SubmitOutcome:
    """Submit a response once every shown required question is answered.

    Submitting twice (two tabs, a double click) is harmless: the first submission stands and the
    second is told so. Answers stay editable until the campaign closes.
    """
    check_accepting(response)
    state = _locked_state(response)
    missing = state.missing_required()
    if missing:
        raise MissingAnswers(missing)
    if response.submitted_at is not None:  # as stored, read under the lock
        return SubmitOutcome(response=response, already_submitted=True)
    if response.open_link_id is not None:
        # Lock the link so that concurrent submissions cannot pass its cap together.
        link = OpenLink.objects.select_for_update().get(pk=response.open_link_id)
        if open_link_is_full(link):
            raise LinkError(ERROR_LINK_FULL_AT_SUBMIT, status=410)
    response.submitted_at = timezone.now()
    response.save(update_fields=["submitted_at"])
    Answer.objects.filter(response=response).update(submitted=True)
    for answer in state.answers.values():
        answer.submitted = True
    tallies_add(state.answers.values())
    return SubmitOutcome(response=response, already_submitted=False)


def question_of(state: FillState, question_id: int) -> Question:
    question = state.question(question_id)
    if question is None:
        raise ServiceError(ERROR_QUESTION_UNKNOWN)
    return question


# Personal link by e-mail -------------------------------------------------------------------------


def response_link_email(*, response: Response, email: str, link: str) -> None:
    """Queue the personal `link` to `email` (the respondent's own address, typed to come back later).

    The address is passed to the task only, never stored: nothing to export or erase afterwards.
    Raises ServiceError when the queue cannot be reached (the respondent can still copy the link).
    """
    from diagnostics.tasks.questionnaires import response_link_send as response_link_task

    queued = enqueue_on_commit(response_link_task, response.pk, email, link, translation.get_language())
    if queued.ok is False:  # None inside a transaction: known only once it commits
        raise ServiceError(ERROR_LINK_NOT_SENT)


def response_link_send(*, response_id: int, email: str, link: str, language: str) -> bool:
    """Send the personal link; False when the response no longer exists."""
    response = response_queryset().filter(pk=response_id).first()
    if response is None:
        return False
    campaign = response.campaign
    context = {
        "campaign": campaign,
        "commune": campaign.commune,
        "link": link,
        "closes_on": response_closes_on(response),
    }
    with translation.override(language):
        subject = render_to_string("diagnostics/email/personal_link_subject.txt", context).strip()
        send_mail(subject, render_to_string("diagnostics/email/personal_link_body.txt", context), None, [email])
    return True
