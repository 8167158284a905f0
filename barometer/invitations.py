"""Writes for the answer links: communes invited to answer an edition themselves, as a binôme, without an account.

Each commune invited gets an `Invitation`; each of its two people (the administration contact and the
alderman in charge) an `Invitee` with a personal link. The link's token follows the questionnaire links'
rules (`smartregion.tokens`: hashed in the database, unguessable, revocable, dead once the edition closes).
The first person answers page by page (each page saved as given) and confirms; the second is asked to
review, confirms or amends (both versions kept, each in its invitee's `answers`); the commune's `Response`
is written when both confirmed the same answers, or when the referent accepts one person's confirmed answers.

E-mails (invitations, reminders, requests to review) go through the worker (`barometer.tasks`); a
reminder goes to a commune at most once a day (`Reminder`, one row per commune and day).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from barometer.answers import AnswerError, check_required, check_value
from barometer.models import (
    BarometerVerb,
    EmailKind,
    EmailStatus,
    Invitation,
    Invitee,
    InviteeRole,
    Reminder,
    Response,
    ResponseSource,
)
from barometer.models import Edition as EditionModel
from barometer.services import edition_questions, response_save
from communes.models import Commune
from communes.services import activity_record, audit_record
from smartregion import tokens
from smartregion.emails import absolute_url, greeting_name
from smartregion.errors import ServiceError
from smartregion.tasks import Enqueued, enqueue_each_on_commit
from smartregion.typography import first_day, of_name

logger = logging.getLogger(__name__)

PURPOSE = "barometer.invitee"
QUEUE_DOWN_NOTE = "queue unavailable"

ERROR_NOT_OPEN = _("Answer links can only be sent while the edition is open.")
ERROR_NO_COMMUNE = _("Choose at least one commune.")
ERROR_NO_ADDRESS = _("Give at least one e-mail address for %(commune)s.")
ERROR_SAME_ADDRESS = _("The two addresses %(of_commune)s are the same: give one, or two different ones.")
ERROR_COMMUNE_OUTSIDE = _("This commune does not belong to the territory of the edition.")
ERROR_LINK_UNKNOWN = _("This link is not valid. Check that you copied the whole address from the e-mail.")
ERROR_LINK_REVOKED = _("This link has been withdrawn by the intercommunale. Ask your referent for a new one.")
ERROR_NOT_OPEN_YET = _("This edition opens on %(date)s: come back then.")
ERROR_CLOSED = _("This edition closed on %(date)s: answers can no longer be given or changed.")
ERROR_ALREADY_SUBMITTED = _(
    "Your commune's answers are already submitted: they can no longer be changed through this link. "
    "Ask your referent if something must be corrected."
)
ERROR_MISSING = _("This question needs an answer before you confirm.")
ERROR_NOT_CONFIRMED = _("This person has not confirmed their answers yet.")
ERROR_REMINDERS_NOT_OPEN = _("Reminders can only be sent while the edition is open.")


class LinkError(ServiceError):
    """A link that cannot be used; `status` is the HTTP status to answer with."""

    def __init__(self, message, *, status: int = 404):
        super().__init__(message)
        self.status = status


def invitee_token(invitee: Invitee) -> str:
    return tokens.stored_token(invitee.token_nonce, invitee.token_hash, purpose=PURPOSE)


def _date(value) -> str:
    return first_day(value, formats.date_format(value, "DATE_FORMAT"))


# Sending the links ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Addresses:
    administration: str = ""
    alderman: str = ""

    def by_role(self) -> dict[str, str]:
        found = {InviteeRole.ADMINISTRATION: self.administration, InviteeRole.ALDERMAN: self.alderman}
        return {role: email.strip().lower() for role, email in found.items() if email.strip()}


def _check_addresses(communes: dict[int, Commune], people: dict[int, Addresses]) -> None:
    for commune_id, addresses in people.items():
        emails = list(addresses.by_role().values())
        if not emails:
            raise ServiceError(ERROR_NO_ADDRESS % {"commune": communes[commune_id].name}, field=f"c{commune_id}_adm")
        if len(set(emails)) != len(emails):
            raise ServiceError(
                ERROR_SAME_ADDRESS % {"of_commune": of_name(communes[commune_id].name)}, field=f"c{commune_id}_ald"
            )


def _invitee_set(invitation: Invitation, role: str, email: str) -> Invitee | None:
    """The person of `role` with this address: a new link for a new address, the same link otherwise."""
    invitee = next((i for i in invitation.invitees.all() if i.role == role), None)
    if invitee is not None and invitee.email == email:
        return invitee if invitee.invited_at is None or invitee.email_status == EmailStatus.FAILED else None
    nonce, _token, token_hash = tokens.new_token(purpose=PURPOSE)
    if invitee is None:
        return Invitee.objects.create(
            invitation=invitation, role=role, email=email, token_nonce=nonce, token_hash=token_hash
        )
    invitee.email, invitee.token_nonce, invitee.token_hash = email, nonce, token_hash
    invitee.invited_at, invitee.email_status = None, EmailStatus.TO_SEND
    invitee.save(update_fields=["email", "token_nonce", "token_hash", "invited_at", "email_status"])
    return invitee


@transaction.atomic
def invitations_send(*, edition: EditionModel, actor, people: dict[int, Addresses], base_url: str = "") -> Enqueued:
    """Send personal answer links to communes (commune id → their addresses).

    1. Refuse an edition that is not open, no commune, a commune of another territory, a commune
       without any address or with the same address twice.
    2. Create each commune's invitation (a withdrawn one is opened again), and each person's link: a
       changed address gets a new link, the old one dies.
    3. Queue the e-mails of the people not invited yet (or whose e-mail bounced), through the worker.
    """
    if not edition.is_open:
        raise ServiceError(ERROR_NOT_OPEN)
    if not people:
        raise ServiceError(ERROR_NO_COMMUNE, field="communes")
    communes = Commune.objects.in_bulk(list(people))
    if len(communes) != len(people) or any(c.territory_id != edition.territory_id for c in communes.values()):
        raise ServiceError(ERROR_COMMUNE_OUTSIDE, field="communes")
    _check_addresses(communes, people)
    existing = {
        i.commune_id: i
        for i in Invitation.objects.filter(edition=edition, commune_id__in=list(people)).prefetch_related("invitees")
    }
    to_send = []
    for commune_id, addresses in people.items():
        invitation = existing.get(commune_id) or Invitation.objects.create(edition=edition, commune_id=commune_id)
        if invitation.revoked_at is not None:
            invitation.revoked_at = None
            invitation.save(update_fields=["revoked_at"])
        wanted = addresses.by_role()
        Invitee.objects.filter(invitation=invitation).exclude(role__in=list(wanted)).delete()
        for role, email in wanted.items():
            invitee = _invitee_set(invitation, role, email)
            if invitee is not None:
                to_send.append(invitee.pk)
    queued = _queue(to_send, EmailKind.INVITATION, base_url=base_url)
    audit_record(
        territory=edition.territory,
        actor=actor,
        verb=BarometerVerb.INVITATIONS_SENT,
        subject=f"{edition.title} ({len(people)})",
    )
    return queued


def _queue(invitee_ids: list[int], kind: str, *, base_url: str = "") -> Enqueued:
    from barometer import tasks  # noqa: PLC0415 - the tasks import this module

    Invitee.objects.filter(pk__in=invitee_ids).update(
        email_status=EmailStatus.QUEUED, email_kind=kind, email_error="", email_requested_at=timezone.now()
    )

    def mark_failed(failed: list[tuple]) -> None:
        Invitee.objects.filter(pk__in=[args[0] for args in failed], email_status=EmailStatus.QUEUED).update(
            email_status=EmailStatus.FAILED, email_error=QUEUE_DOWN_NOTE
        )

    return enqueue_each_on_commit(
        tasks.invitee_email_send, [(pk, base_url) for pk in invitee_ids], on_failure=mark_failed
    )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    """Withdraw a commune's links (answers already given stay)."""
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    activity_record(
        commune=invitation.commune, actor=actor, verb=BarometerVerb.INVITATION_REVOKED, subject=invitation.edition.title
    )
    return invitation


def _skip_email(invitee: Invitee) -> bool:
    invitation = invitation_state(invitee.invitation)
    return invitation.revoked_at is not None or not invitee.invitation.edition.is_open or invitation.answered


def invitee_email_send(*, invitee_id: int, base_url: str = "") -> bool:
    """Send an invitee's queued e-mail (invitation, reminder or request to review); False when nothing was sent.

    1. Claim the e-mail with a conditional UPDATE, so a task delivered twice sends one e-mail.
    2. Skip e-mails of closed editions, withdrawn links and communes that answered meanwhile.
    3. Send it; record success, or the failure ("bounced") for the follow-up and "send again".
    """
    now = timezone.now()
    if not Invitee.objects.filter(pk=invitee_id, email_status=EmailStatus.QUEUED).update(
        email_status=EmailStatus.SENDING, email_requested_at=now
    ):
        return False
    invitee = Invitee.objects.select_related("invitation__edition__territory", "invitation__commune").get(pk=invitee_id)
    if _skip_email(invitee):
        Invitee.objects.filter(pk=invitee_id).update(
            email_status=EmailStatus.SENT if invitee.invited_at else EmailStatus.TO_SEND
        )
        return False
    link = absolute_url(reverse("barometer:answer", args=[invitee_token(invitee)]), base_url=base_url)
    edition = invitee.invitation.edition
    with translation.override("fr"):
        context = {
            "name": greeting_name(invitee.name),
            "edition": edition,
            "commune": invitee.invitation.commune,
            "link": link,
            "closes_on": _date(edition.closes_on),
        }
        subject = render_to_string(f"barometer/email/{invitee.email_kind}_subject.txt", context).strip()
        body = render_to_string(f"barometer/email/{invitee.email_kind}_body.txt", context)
    try:
        send_mail(subject, body, None, [invitee.email])
    except Exception as error:  # any delivery error: shown on the edition page as bounced, sent again on demand
        logger.warning("Barometer e-mail to invitee %s failed: %s", invitee_id, error)
        Invitee.objects.filter(pk=invitee_id).update(email_status=EmailStatus.FAILED, email_error=str(error)[:300])
        return False
    fields: dict = {"email_status": EmailStatus.SENT, "email_error": ""}
    if invitee.invited_at is None:
        fields["invited_at"] = now
    if invitee.email_kind == EmailKind.REMINDER:
        fields["reminders_sent"] = invitee.reminders_sent + 1
    Invitee.objects.filter(pk=invitee_id).update(**fields)
    return True


# Reminders -----------------------------------------------------------------------------------------


def _remindable(edition: EditionModel):
    answered = Response.objects.filter(edition_id=edition.pk, commune_id=OuterRef("commune_id"))
    return (
        Invitation.objects.filter(edition=edition, revoked_at__isnull=True, submitted_at__isnull=True)
        .filter(invitees__invited_at__isnull=False)
        .exclude(Exists(answered))
        .distinct()
    )


@transaction.atomic
def reminders_send(
    *, edition: EditionModel, actor, commune_ids: list[int] | None = None, base_url: str = "", today=None
) -> Enqueued:
    """Remind the communes invited that have not answered (all, or `commune_ids`), never twice the same day.

    1. Refuse an edition that is not open.
    2. For each commune still to answer, record today's reminder: the unique row refuses a second one
       the same day (on demand and on schedule alike), and that commune is left out.
    3. Queue the reminder to those of its people who have not confirmed their answers.
    """
    if not edition.is_open:
        raise ServiceError(ERROR_REMINDERS_NOT_OPEN)
    today = today or timezone.localdate()
    invitations = _remindable(edition)
    if commune_ids is not None:
        invitations = invitations.filter(commune_id__in=commune_ids)
    reminded = []
    for invitation_id in invitations.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                Reminder.objects.create(invitation_id=invitation_id, day=today)
        except IntegrityError:
            continue
        reminded.append(invitation_id)
    invitees = Invitee.objects.filter(
        invitation_id__in=reminded, confirmed_at__isnull=True, invited_at__isnull=False
    ).exclude(email_status__in=[EmailStatus.QUEUED, EmailStatus.SENDING])
    queued = _queue(list(invitees.values_list("pk", flat=True)), EmailKind.REMINDER, base_url=base_url)
    if reminded:
        audit_record(
            territory=edition.territory,
            actor=actor,
            verb=BarometerVerb.REMINDERS_SENT,
            subject=f"{edition.title} ({len(reminded)})",
        )
    return queued


def reminders_process_due(*, now=None) -> dict:
    """Periodic (Celery beat): the scheduled reminders of open editions, every `reminder_every_days` days.

    A commune is due when neither a reminder nor its invitation reached it within the interval; the
    daily row of `reminders_send` keeps it to one reminder a day whatever runs when.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    editions = EditionModel.objects.filter(
        opens_on__lte=today, closes_on__gte=today, reminder_every_days__isnull=False
    ).select_related("territory")
    for edition in editions:
        threshold = now - timedelta(days=edition.reminder_every_days)
        recent = Reminder.objects.filter(invitation=OuterRef("pk"), created_at__gt=threshold)
        due = (
            _remindable(edition)
            .exclude(Exists(recent))
            .exclude(invitees__invited_at__gt=threshold)
            .values_list("commune_id", flat=True)
        )
        due = list(due)
        if due:
            sent += reminders_send(edition=edition, actor=None, commune_ids=due, today=today).requested
    return {"reminders": sent}


# Answering through a link --------------------------------------------------------------------------


@dataclass
class InvitationState:
    revoked_at: object
    answered: bool


def invitation_state(invitation: Invitation) -> InvitationState:
    answered = (
        invitation.submitted_at is not None
        or Response.objects.filter(edition_id=invitation.edition_id, commune_id=invitation.commune_id).exists()
    )
    return InvitationState(invitation.revoked_at, answered)


def invitee_from_token(token: str) -> Invitee:
    """The person behind a link, or LinkError saying why the link cannot be used (unknown, withdrawn)."""
    if not tokens.looks_like_token(token):
        raise LinkError(ERROR_LINK_UNKNOWN)
    invitee = (
        Invitee.objects.select_related("invitation__edition__territory", "invitation__commune")
        .filter(token_hash=tokens.hash_token(token))
        .first()
    )
    if invitee is None:
        raise LinkError(ERROR_LINK_UNKNOWN)
    if invitee.invitation.revoked_at is not None:
        raise LinkError(ERROR_LINK_REVOKED, status=410)
    return invitee


def check_accepting(invitee: Invitee) -> None:
    """Refuse answers before the edition opens, after it closes, and once the commune's answers are in."""
    edition = invitee.invitation.edition
    today = timezone.localdate()
    if today < edition.opens_on:
        raise LinkError(ERROR_NOT_OPEN_YET % {"date": _date(edition.opens_on)}, status=403)
    if today > edition.closes_on:
        raise LinkError(ERROR_CLOSED % {"date": _date(edition.closes_on)}, status=410)
    if invitation_state(invitee.invitation).answered:
        raise LinkError(ERROR_ALREADY_SUBMITTED, status=409)


def invitee_open(*, invitee: Invitee) -> Invitee:
    if invitee.opened_at is None:
        invitee.opened_at = timezone.now()
        Invitee.objects.filter(pk=invitee.pk, opened_at__isnull=True).update(opened_at=invitee.opened_at)
    return invitee


def _stored(value):
    return list(value) if isinstance(value, tuple) else value


@transaction.atomic
def invitee_save(*, invitee: Invitee, answers: dict, name: str | None = None) -> Invitee:
    """Save one page of a person's answers as given (their own version; nothing counts until confirmed).

    An answer that does not fit its question (out of the scale, unknown option) is refused with the
    question's field and nothing of the page is saved. Changing a confirmed version withdraws the
    confirmation: it has to be confirmed again.
    """
    invitee = Invitee.objects.select_for_update().select_related("invitation__edition").get(pk=invitee.pk)
    check_accepting(invitee)
    questions = edition_questions(invitee.invitation.edition)
    merged = dict(invitee.answers)
    for code, value in answers.items():
        if code not in questions:
            continue
        try:
            merged[code] = _stored(check_value(questions[code][1], value))
        except AnswerError as error:
            raise ServiceError(error.message, field=f"q_{code}") from None
    fields = ["answers", "saved_at"]
    if merged != invitee.answers and invitee.confirmed_at is not None:
        invitee.confirmed_at = None
        fields.append("confirmed_at")
    if name is not None:
        invitee.name = name.strip()[:120]
        fields.append("name")
    invitee.answers, invitee.saved_at = merged, timezone.now()
    invitee.save(update_fields=fields)
    return invitee


def _partner(invitee: Invitee) -> Invitee | None:
    return Invitee.objects.filter(invitation_id=invitee.invitation_id).exclude(pk=invitee.pk).first()


def _agreed(answers: dict) -> dict:
    return {code: value for code, value in answers.items() if value is not None}


@transaction.atomic
def invitee_confirm(*, invitee: Invitee, base_url: str = "") -> Invitee:
    """A person confirms their version of the commune's answers.

    1. Refuse a link that no longer accepts answers, and a required question left unanswered.
    2. Mark the version confirmed. Alone (one address), the commune's answers are submitted.
    3. With a partner who confirmed the same answers, they are submitted; otherwise the partner's
       confirmation (of another version) is withdrawn and they are asked by e-mail to review this one.
    """
    invitee = Invitee.objects.select_for_update().select_related("invitation__edition").get(pk=invitee.pk)
    check_accepting(invitee)
    questions = edition_questions(invitee.invitation.edition)
    for code, (_question, spec) in questions.items():
        try:
            check_required(spec, invitee.answers.get(code))
        except AnswerError:
            raise ServiceError(ERROR_MISSING, field=f"q_{code}") from None
    invitee.confirmed_at = timezone.now()
    invitee.save(update_fields=["confirmed_at"])
    partner = _partner(invitee)
    if partner is None or (partner.confirmed_at and _agreed(partner.answers) == _agreed(invitee.answers)):
        _submit(invitee.invitation, invitee, partner)
        return invitee
    if partner.confirmed_at is not None:
        Invitee.objects.filter(pk=partner.pk).update(confirmed_at=None)
    _queue([partner.pk], EmailKind.REVIEW, base_url=base_url)
    return invitee


def _submit(invitation: Invitation, invitee: Invitee, partner: Invitee | None, *, actor=None) -> Response:
    """Write the commune's response from the agreed answers; the names of both people on it."""
    people = {i.role: i.name for i in (invitee, partner) if i is not None}
    response = response_save(
        edition=invitation.edition,
        commune=invitation.commune,
        actor=actor,
        answers=invitee.answers,
        source=ResponseSource.ONLINE,
        respondent_name=people.get(InviteeRole.ADMINISTRATION, ""),
        alderman_name=people.get(InviteeRole.ALDERMAN, ""),
        is_demo=invitation.is_demo,
    )
    invitation.submitted_at = timezone.now()
    invitation.accepted_single_by = actor if actor is not None and actor.is_authenticated else None
    invitation.save(update_fields=["submitted_at", "accepted_single_by"])
    activity_record(
        commune=invitation.commune, actor=actor, verb=BarometerVerb.LINK_SUBMITTED, subject=invitation.edition.title
    )
    return response


@transaction.atomic
def invitation_accept_single(*, invitation: Invitation, invitee: Invitee, actor) -> Response:
    """The referent takes one person's confirmed answers as the commune's (the partner did not confirm)."""
    invitation = (
        Invitation.objects.select_for_update().select_related("edition__territory", "commune").get(pk=invitation.pk)
    )
    if invitation_state(invitation).answered:
        raise ServiceError(ERROR_ALREADY_SUBMITTED)
    invitee = Invitee.objects.filter(pk=invitee.pk, invitation=invitation).first()
    if invitee is None or invitee.confirmed_at is None:
        raise ServiceError(ERROR_NOT_CONFIRMED)
    response = _submit(invitation, invitee, _partner(invitee), actor=actor)
    audit_record(
        commune=invitation.commune, actor=actor, verb=BarometerVerb.SINGLE_ACCEPTED, subject=invitation.edition.title
    )
    return response


def queued_stuck_requeue(*, now=None) -> int:
    """E-mails stuck queued or sending for a while (worker killed, message lost) go to the queue again."""
    now = now or timezone.now()
    stuck = list(
        Invitee.objects.filter(
            Q(email_status=EmailStatus.QUEUED) | Q(email_status=EmailStatus.SENDING),
            email_requested_at__lt=now - timedelta(minutes=15),
        ).values_list("pk", "email_kind")
    )
    for pk, kind in stuck:
        _queue([pk], kind)
    return len(stuck)
