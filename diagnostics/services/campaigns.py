"""Sending questionnaires: campaigns, respondent groups, named respondents, open links, e-mails.

E-mails go through Celery tasks queued after the transaction commits. When the broker cannot be
reached, the people just added are removed again (so that adding them again works), and those who
already existed are marked "failed" (so that "send again" picks them up); the services return the
`Enqueued` outcome and the view shows `QUEUE_UNAVAILABLE`.
"""

import logging
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import activity_record, audit_changes, audit_record
from diagnostics.models import (
    Campaign,
    EmailStatus,
    GroupKind,
    OpenLink,
    Questionnaire,
    QuestionnaireActivityVerb,
    Respondent,
    RespondentGroup,
    Response,
)
from diagnostics.tokens import OPEN_LINK, RESPONSE, new_token, response_token
from smartregion.concurrency import edit_version_save
from smartregion.emails import absolute_url, greeting_name
from smartregion.errors import ServiceError
from smartregion.tasks import Enqueued, enqueue_each_on_commit
from smartregion.typography import first_day

logger = logging.getLogger(__name__)

ERROR_DATES = _("The closing date cannot come before the opening date.")
ERROR_CLOSES_IN_PAST = _("The closing date is already past.")
ERROR_QUESTIONNAIRE_OTHER_COMMUNE = _("Choose one of this commune's questionnaires.")
ERROR_QUESTIONNAIRE_EMPTY = _("This questionnaire has no question yet.")
ERROR_GROUP_IN_USE = _("This group already has respondents, responses or open links: it cannot be removed.")
ERROR_GROUP_OUTSIDE = _("Choose a group of this campaign.")
ERROR_RESPONDENT_EXISTS = _("Already invited to this campaign: %(emails)s.")
ERROR_NO_PEOPLE = _("Add at least one person.")
ERROR_CAMPAIGN_CLOSED = _("This campaign is closed.")
ERROR_REMINDERS_NOT_OPEN = _("Reminders can only be sent while the campaign is open.")
ERROR_LINK_AFTER_CAMPAIGN = _("An open link cannot close after its campaign (%(date)s).")
QUEUE_DOWN_NOTE = "queue unavailable"
STALE_SENDING = timedelta(minutes=15)

DEFAULT_GROUPS = [
    GroupKind.COLLEGE,
    GroupKind.ADMINISTRATION,
    GroupKind.COMMISSIONS,
    GroupKind.CITIZENS,
    GroupKind.OTHER,
]


# Campaigns ---------------------------------------------------------------------------------------


def _check_dates(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise ServiceError(ERROR_DATES, field="closes_on")


@transaction.atomic
def campaign_create(
    *,
    commune: Commune,
    questionnaire: Questionnaire,
    actor,
    title: str,
    opens_on: date,
    closes_on: date,
    reminder_every_days: int | None = None,
    max_reminders: int = 3,
) -> Campaign:
    """Plan a campaign for a commune.

    1. Check the questionnaire (this commune's, with questions) and the dates.
    2. Create the campaign with the five usual respondent groups (editable afterwards).
    3. Record the activity.
    """
    if questionnaire.commune_id != commune.pk:
        raise ServiceError(ERROR_QUESTIONNAIRE_OTHER_COMMUNE, field="questionnaire")
    if not questionnaire.questions.exists():
        raise ServiceError(ERROR_QUESTIONNAIRE_EMPTY, field="questionnaire")
    _check_dates(opens_on, closes_on)
    if closes_on < timezone.localdate():
        raise ServiceError(ERROR_CLOSES_IN_PAST, field="closes_on")
    campaign = Campaign.objects.create(
        commune=commune,
        questionnaire=questionnaire,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        reminder_every_days=reminder_every_days,
        max_reminders=max_reminders,
        created_by=actor,
    )
    RespondentGroup.objects.bulk_create(
        RespondentGroup(campaign=campaign, kind=kind, position=position)
        for position, kind in enumerate(DEFAULT_GROUPS, start=1)
    )
    activity_record(commune=commune, actor=actor, verb=QuestionnaireActivityVerb.CAMPAIGN_CREATED, subject=title)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor, fields: dict, edit_version: int | None = None) -> Campaign:
    _check_dates(fields.get("opens_on", campaign.opens_on), fields.get("closes_on", campaign.closes_on))
    for name, value in fields.items():
        setattr(campaign, name, value)
    edit_version_save(campaign, edit_version=edit_version, update_fields=[*fields, "updated_at"])
    activity_record(
        commune=campaign.commune, actor=actor, verb=QuestionnaireActivityVerb.CAMPAIGN_UPDATED, subject=campaign.title
    )
    return campaign


# Groups ------------------------------------------------------------------------------------------


@transaction.atomic
def group_create(*, campaign: Campaign, actor, kind: str, name: str = "") -> RespondentGroup:
    position = campaign.groups.count() + 1
    group = RespondentGroup.objects.create(campaign=campaign, kind=kind, name=name.strip(), position=position)
    audit_record(
        commune=campaign.commune, actor=actor, verb=QuestionnaireActivityVerb.GROUP_SAVED, subject=campaign.title
    )
    return group


@transaction.atomic
def group_update(*, group: RespondentGroup, actor, fields: dict) -> RespondentGroup:
    fields = {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    changes = audit_changes(group, fields)
    for name, value in fields.items():
        setattr(group, name, value)
    group.save(update_fields=list(fields))
    campaign = group.campaign
    audit_record(
        commune=campaign.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.GROUP_SAVED,
        subject=campaign.title,
        changes=changes,
    )
    return group


@transaction.atomic
def group_delete(*, group: RespondentGroup, actor) -> None:
    if group.respondents.exists() or group.responses.exists() or group.open_links.exists():
        raise ServiceError(ERROR_GROUP_IN_USE)
    campaign = group.campaign
    audit_record(
        commune=campaign.commune, actor=actor, verb=QuestionnaireActivityVerb.GROUP_DELETED, subject=campaign.title
    )
    group.delete()


# Respondents and their e-mails -------------------------------------------------------------------


def response_create(*, campaign: Campaign, group: RespondentGroup, respondent=None, open_link=None) -> Response:
    """A response with its personal link (inside the caller's transaction)."""
    nonce, _token, token_hash = new_token(purpose=RESPONSE)
    return Response.objects.create(
        campaign=campaign,
        group=group,
        respondent=respondent,
        open_link=open_link,
        token_nonce=nonce,
        token_hash=token_hash,
    )


def _enqueue_emails(respondent_ids: list[int], *, on_failure=None, base_url: str = "") -> Enqueued:
    """Queue one e-mail task per respondent once the transaction commits (links on `base_url`, see
    smartregion/emails.py).

    If the broker cannot be reached, the respondents not queued are marked failed (so that "send
    again" and the periodic sweep pick them up), or handed to `on_failure` when given.
    """
    from diagnostics.tasks import questionnaires as tasks

    def mark_failed(failed: list[tuple]) -> None:
        Respondent.objects.filter(pk__in=[ids[0] for ids in failed], email_status=EmailStatus.QUEUED).update(
            email_status=EmailStatus.FAILED, email_error=QUEUE_DOWN_NOTE
        )

    return enqueue_each_on_commit(
        tasks.respondent_email_send,
        [(pk, base_url) if base_url else (pk,) for pk in respondent_ids],
        on_failure=on_failure or mark_failed,
    )


def _queue(respondents, *, on_failure=None, base_url: str = "") -> Enqueued:
    ids = list(respondents.values_list("pk", flat=True))
    Respondent.objects.filter(pk__in=ids).update(
        email_status=EmailStatus.QUEUED, email_error="", email_requested_at=timezone.now()
    )
    return _enqueue_emails(ids, on_failure=on_failure, base_url=base_url)


@transaction.atomic
def respondents_add(
    *,
    campaign: Campaign,
    group: RespondentGroup,
    actor,
    people: list[tuple[str, str]],
    language: str = "fr",
    send: bool = True,
    base_url: str = "",
) -> list[Respondent]:
    """Invite people by name: each gets a personal link.

    1. Refuse people already invited to this campaign (same e-mail).
    2. Create each respondent with their response (the personal link).
    3. Queue the invitations when asked to (and the campaign has not closed); when the queue cannot
       be reached, the people added are removed again (`respondent.queued.ok` is False on each).
    4. Record the activity.
    """
    if not people:
        raise ServiceError(ERROR_NO_PEOPLE, field="people")
    if group.campaign_id != campaign.pk:
        raise ServiceError(ERROR_GROUP_OUTSIDE, field="group")
    if send and campaign.has_closed():
        raise ServiceError(ERROR_CAMPAIGN_CLOSED)
    emails = [email.strip().lower() for _name, email in people]
    taken = sorted(set(Respondent.objects.filter(campaign=campaign, email__in=emails).values_list("email", flat=True)))
    if taken:
        raise ServiceError(ERROR_RESPONDENT_EXISTS % {"emails": ", ".join(taken)}, field="people")
    respondents = []
    for (name, _email), email in zip(people, emails, strict=True):
        respondent = Respondent.objects.create(
            campaign=campaign, group=group, name=name.strip() or email, email=email, language=language
        )
        response_create(campaign=campaign, group=group, respondent=respondent)
        respondents.append(respondent)
    added = [respondent.pk for respondent in respondents]
    queued = Enqueued(ok=True)
    if send:

        def undo(_failed):
            Respondent.objects.filter(pk__in=added).delete()  # with their responses (personal links)
            activity.delete()

        queued = _queue(Respondent.objects.filter(pk__in=added), on_failure=undo, base_url=base_url)
    for respondent in respondents:
        respondent.queued = queued
    activity = activity_record(
        commune=campaign.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.RESPONDENTS_ADDED,
        subject=f"{campaign.title} ({len(respondents)})",
    )
    return respondents


@transaction.atomic
def respondent_revoke(*, respondent: Respondent, actor) -> Respondent:
    """Withdraw a personal link (answers already given are kept)."""
    respondent.revoked_at = timezone.now()
    respondent.save(update_fields=["revoked_at"])
    campaign = respondent.campaign
    # The respondent by id only: their name and e-mail address stay out of the audit trail.
    audit_record(
        commune=campaign.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.RESPONDENT_REVOKED,
        subject=campaign.title,
        changes={"model": "diagnostics.respondent", "ids": [respondent.pk]},
    )
    return respondent


@transaction.atomic
def invitations_send(
    *, campaign: Campaign, actor, respondent_ids: list[int] | None = None, base_url: str = ""
) -> Enqueued:
    """Queue the invitations not sent yet (or that failed); returns what became of them."""
    if campaign.has_closed():
        raise ServiceError(ERROR_CAMPAIGN_CLOSED)
    respondents = campaign.respondents.filter(
        revoked_at__isnull=True,
        invited_at__isnull=True,
        email_status__in=[EmailStatus.TO_SEND, EmailStatus.FAILED],
    )
    verb = QuestionnaireActivityVerb.INVITATIONS_SENT
    return _queue_recorded(campaign, actor, respondents, respondent_ids, verb, base_url=base_url)


def _queue_recorded(
    campaign: Campaign, actor, respondents, respondent_ids: list[int] | None, verb, *, base_url: str = ""
) -> Enqueued:
    """Queue the e-mails of `respondents` (only `respondent_ids` among them when given) and record it."""
    if respondent_ids is not None:
        respondents = respondents.filter(pk__in=respondent_ids)
    queued = _queue(respondents, base_url=base_url)
    if queued.requested:
        subject = f"{campaign.title} ({queued.requested})"
        activity_record(commune=campaign.commune, actor=actor, verb=verb, subject=subject)
    return queued


def _remindable(campaign: Campaign):
    return campaign.respondents.filter(
        revoked_at__isnull=True,
        invited_at__isnull=False,
        response__submitted_at__isnull=True,
    ).exclude(email_status__in=[EmailStatus.QUEUED, EmailStatus.SENDING])


@transaction.atomic
def reminders_send(
    *, campaign: Campaign, actor, respondent_ids: list[int] | None = None, base_url: str = ""
) -> Enqueued:
    """Queue a reminder for invited people who have not submitted yet; returns what became of them."""
    if not campaign.is_open():
        raise ServiceError(ERROR_REMINDERS_NOT_OPEN)
    respondents = _remindable(campaign)
    verb = QuestionnaireActivityVerb.REMINDERS_SENT
    return _queue_recorded(campaign, actor, respondents, respondent_ids, verb, base_url=base_url)


def respondent_remind(*, campaign: Campaign, actor, respondent_ids: list[int], base_url: str = "") -> Enqueued:
    """Write to named people again: their invitation when it was never sent (or failed), else a reminder."""
    not_invited = set(
        campaign.respondents.filter(pk__in=respondent_ids, invited_at__isnull=True).values_list("pk", flat=True)
    )
    queued = Enqueued(ok=True)
    if not_invited:
        queued += invitations_send(
            campaign=campaign, actor=actor, respondent_ids=sorted(not_invited), base_url=base_url
        )
    if set(respondent_ids) - not_invited:
        others = sorted(set(respondent_ids) - not_invited)
        queued += reminders_send(campaign=campaign, actor=actor, respondent_ids=others, base_url=base_url)
    return queued


def respondent_email_send(*, respondent_id: int, base_url: str = "") -> bool:
    """Send a respondent's queued e-mail (an invitation, or a reminder once invited); False when nothing was sent.

    1. Claim the e-mail with a conditional UPDATE, so a task delivered twice sends one e-mail.
    2. Skip reminders to people who submitted meanwhile, and e-mails of closed campaigns.
    3. Send it in the respondent's language; record success, or the failure for "send again".
    """
    now = timezone.now()
    claimed = Respondent.objects.filter(
        pk=respondent_id, email_status=EmailStatus.QUEUED, revoked_at__isnull=True
    ).update(email_status=EmailStatus.SENDING, email_requested_at=now)
    if not claimed:
        return False
    respondent = Respondent.objects.select_related("campaign__commune__territory", "response", "group").get(
        pk=respondent_id
    )
    campaign = respondent.campaign
    is_reminder = respondent.invited_at is not None
    if campaign.has_closed() or (is_reminder and respondent.response.submitted_at):
        Respondent.objects.filter(pk=respondent_id).update(
            email_status=EmailStatus.SENT if is_reminder else EmailStatus.TO_SEND
        )
        return False
    link = absolute_url(reverse("diagnostics:respond", args=[response_token(respondent.response)]), base_url=base_url)
    kind = "reminder" if is_reminder else "invitation"
    with translation.override(respondent.language):
        context = {
            "respondent": respondent,
            "name": greeting_name(respondent.name),
            "campaign": campaign,
            "commune": campaign.commune,
            "link": link,
        }
        subject = render_to_string(f"diagnostics/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"diagnostics/email/{kind}_body.txt", context)
    try:
        send_mail(subject, body, None, [respondent.email])
    except Exception as error:  # any delivery error: shown on the campaign page, sent again on demand
        logger.warning("Questionnaire e-mail to respondent %s failed: %s", respondent_id, error)
        Respondent.objects.filter(pk=respondent_id).update(
            email_status=EmailStatus.FAILED, email_error=str(error)[:300]
        )
        return False
    fields = {"email_status": EmailStatus.SENT, "email_error": ""}
    if is_reminder:
        fields.update(reminders_sent=F("reminders_sent") + 1, last_reminded_at=now)
    else:
        fields["invited_at"] = now
    Respondent.objects.filter(pk=respondent_id).update(**fields)
    return True


@transaction.atomic
def questionnaire_emails_process_due(*, now=None) -> dict:
    """Periodic work on questionnaire e-mails (Celery beat).

    1. Queue again the e-mails stuck "sending" or "queued" for a while (worker killed, message lost).
    2. Queue the automatic reminders due in open campaigns: invited, not submitted, not reminded
       in the campaign's interval, fewer reminders than its maximum.
    """
    now = now or timezone.now()
    stuck = list(
        Respondent.objects.filter(
            email_status__in=[EmailStatus.QUEUED, EmailStatus.SENDING],
            email_requested_at__lt=now - STALE_SENDING,
            revoked_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    Respondent.objects.filter(pk__in=stuck).update(email_status=EmailStatus.QUEUED, email_requested_at=now)
    today = timezone.localdate(now)
    due: list[int] = []
    campaigns = Campaign.objects.filter(
        reminder_every_days__isnull=False, opens_on__lte=today, closes_on__gte=today
    ).only("pk", "reminder_every_days", "max_reminders")
    for campaign in campaigns:
        threshold = now - timedelta(days=campaign.reminder_every_days)
        respondents = (
            _remindable(campaign)
            .filter(reminders_sent__lt=campaign.max_reminders, invited_at__lte=threshold)
            .exclude(last_reminded_at__gt=threshold)
        )
        due.extend(respondents.values_list("pk", flat=True))
    Respondent.objects.filter(pk__in=due).update(
        email_status=EmailStatus.QUEUED, email_error="", email_requested_at=now
    )
    _enqueue_emails(stuck + due)
    return {"requeued": len(stuck), "reminders": len(due)}


# Open links --------------------------------------------------------------------------------------


def _check_link_closing(campaign: Campaign, closes_on: date | None) -> None:
    if closes_on is not None and closes_on > campaign.closes_on:
        closes_on_text = first_day(campaign.closes_on, formats.date_format(campaign.closes_on, "DATE_FORMAT"))
        raise ServiceError(ERROR_LINK_AFTER_CAMPAIGN % {"date": closes_on_text}, field="closes_on")


@transaction.atomic
def open_link_create(
    *,
    campaign: Campaign,
    group: RespondentGroup,
    actor,
    max_responses: int | None = None,
    closes_on: date | None = None,
    several_per_browser: bool = False,
) -> OpenLink:
    if group.campaign_id != campaign.pk:
        raise ServiceError(ERROR_GROUP_OUTSIDE, field="group")
    _check_link_closing(campaign, closes_on)
    nonce, _token, token_hash = new_token(purpose=OPEN_LINK)
    link = OpenLink.objects.create(
        campaign=campaign,
        group=group,
        token_nonce=nonce,
        token_hash=token_hash,
        max_responses=max_responses,
        closes_on=closes_on,
        several_per_browser=several_per_browser,
    )
    activity_record(
        commune=campaign.commune,
        actor=actor,
        verb=QuestionnaireActivityVerb.OPEN_LINK_CREATED,
        subject=f"{campaign.title} — {group.display_name}",
    )
    return link


@transaction.atomic
def open_link_update(*, link: OpenLink, actor, fields: dict) -> OpenLink:
    _check_link_closing(link.campaign, fields.get("closes_on", link.closes_on))
    changes = audit_changes(link, fields)
    for name, value in fields.items():
        setattr(link, name, value)
    link.save(update_fields=list(fields))
    _audit_link(link, actor=actor, verb=QuestionnaireActivityVerb.OPEN_LINK_UPDATED, changes=changes)
    return link


def _audit_link(link: OpenLink, *, actor, verb: str, changes: dict | None = None) -> None:
    campaign = link.campaign
    subject = f"{campaign.title} — {link.group.display_name}"
    audit_record(commune=campaign.commune, actor=actor, verb=verb, subject=subject, changes=changes)


@transaction.atomic
def open_link_revoke(*, link: OpenLink, actor) -> OpenLink:
    """Close an open link to new respondents (people who started through it keep their personal link)."""
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    _audit_link(link, actor=actor, verb=QuestionnaireActivityVerb.OPEN_LINK_REVOKED)
    return link
