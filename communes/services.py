"""Writes for territories, communes, people and accompaniments."""

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.logos import logo_extension
from communes.models import (
    Accompaniment,
    AccompanimentStatus,
    Activity,
    ActivityVerb,
    Commune,
    Invitation,
    Membership,
    Milestone,
    Phase,
    Role,
    Territory,
)
from smartregion.concurrency import edit_version_save  # noqa: E402
from smartregion.emails import absolute_url  # noqa: E402
from smartregion.errors import ServiceError  # noqa: E402
from smartregion.tasks import enqueue_on_commit  # noqa: E402

logger = logging.getLogger(__name__)
User = get_user_model()

# People's names and addresses on the commune: the audit trail names these fields, never their values.
COMMUNE_PERSONAL_FIELDS = ("director_name", "director_email", "alderman_name", "alderman_email")

INVITATION_SALT = "smartregion.invitation"

ERROR_INVITATION_INVALID = _("This invitation link is not valid. Check that you copied the whole link.")
ERROR_INVITATION_EXPIRED = _("This invitation has expired. Ask your referent for a new one.")
ERROR_INVITATION_USED = _("This invitation has already been accepted. Log in with your account.")
ERROR_INVITATION_REVOKED = _("This invitation was withdrawn. Ask your referent for a new one.")
ERROR_INVITATION_COMMUNE_REQUIRED = _("Choose the commune this person will work on.")
ERROR_INVITATION_COMMUNE_OUTSIDE = _("This commune does not belong to the territory.")
ERROR_INVITATION_ALREADY_MEMBER = _("This person already holds this role.")
ERROR_INVITATION_PENDING = _("An invitation for this person and role is already pending.")
ERROR_INVITATION_WRONG_USER = _("This invitation was sent to another e-mail address than your account's.")
ERROR_ACCOMPANIMENT_EXISTS = _("This commune's accompaniment has already started.")
ERROR_END_BEFORE_START = _("The planned end cannot come before the start.")
ERROR_COMMUNE_NAME_TAKEN = _("Another commune of this territory already has this name.")
ERROR_INVITATION_EMAIL_HAS_ACCOUNT = _(
    "An account already uses this e-mail address. Log in with it first, then open the invitation link again."
)
ERROR_PROJECT_TITLE_REQUIRED = _("Name the project the commune asks help for.")

# Default milestones of an accompaniment, as (phase, title, week after the start).
DEFAULT_MILESTONES = [
    (Phase.DIAGNOSTIC, _("Kick-off meeting with the Collège"), 0),
    (Phase.DIAGNOSTIC, _("Questionnaires sent"), 1),
    (Phase.DIAGNOSTIC, _("Interviews done"), 3),
    (Phase.DIAGNOSTIC, _("Diagnostic synthesis validated"), 4),
    (Phase.ROADMAP, _("Project sheets drafted"), 6),
    (Phase.ROADMAP, _("Roadmap validated"), 7),
    (Phase.REPORT, _("Final report presented to the Collège"), 8),
]
SINGLE_PROJECT_MILESTONES = [
    (Phase.ROADMAP, _("Project defined with the commune"), 1),
    (Phase.ROADMAP, _("Project sheet validated"), 3),
]


def _jsonable(value):
    """A field's value as the audit trail stores it: ids for rows, ISO strings for dates, text for the rest."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, FieldFile):
        return value.name or ""
    return str(value)


def audit_changes(instance: models.Model, new_values: dict, *, private: Iterable[str] = ()) -> dict:
    """What `new_values` (field name → value) change on the stored row of `instance` (one query).

    The stored row is read, not the instance, which a model form may already have changed. Only the
    fields whose value differs are kept. The values of free-text fields (`TextField`), many-to-many
    fields and the `private` fields (personal data) are never stored: such a field is listed with `{}`.
    """
    hidden = set(private)
    concrete = {}
    for name in new_values:
        field = instance._meta.get_field(name)
        if field.concrete and not field.many_to_many:
            concrete[name] = field
    stored = (
        type(instance)._base_manager.filter(pk=instance.pk).values(*(f.attname for f in concrete.values())).first()
        or {}
    )
    fields = {}
    for name, after in new_values.items():
        field = concrete.get(name)
        if field is None:
            fields[name] = {}
            continue
        before = stored.get(field.attname)
        after = after.pk if field.is_relation and isinstance(after, models.Model) else after
        if before == after:
            continue
        show = name not in hidden and not isinstance(field, models.TextField)
        fields[name] = {"before": _jsonable(before), "after": _jsonable(after)} if show else {}
    return {"model": instance._meta.label_lower, "fields": fields} if fields else {}


def audit_record(
    *,
    actor,
    verb: str,
    commune: Commune | None = None,
    territory: Territory | None = None,
    subject: str = "",
    changes: dict | None = None,
) -> Activity:
    """Record who did what: in a commune (its territory is taken from it) or at the territory level."""
    if commune is None and territory is None:
        raise ValueError("An audit record needs a commune or a territory.")
    return Activity.objects.create(
        territory_id=commune.territory_id if commune is not None else territory.pk,
        commune=commune,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        subject=str(subject)[:300],
        changes=changes or {},
    )


def activity_record(*, commune: Commune, actor, verb: str, subject: str = "") -> Activity:
    """The commune's audit record (the name the apps used before `audit_record`)."""
    return audit_record(commune=commune, actor=actor, verb=verb, subject=subject)


@transaction.atomic
def commune_update(*, commune: Commune, actor, fields: dict) -> Commune:
    changes = audit_changes(commune, fields, private=COMMUNE_PERSONAL_FIELDS)
    for name, value in fields.items():
        setattr(commune, name, value)
    commune.full_clean()
    commune.save(update_fields=list(fields))
    audit_record(commune=commune, actor=actor, verb=ActivityVerb.COMMUNE_UPDATED, changes=changes)
    return commune


def _check_dates(start_date: date, planned_end_date: date) -> None:
    if planned_end_date < start_date:
        raise ServiceError(ERROR_END_BEFORE_START, field="planned_end_date")


@transaction.atomic
def accompaniment_start(
    *,
    commune: Commune,
    actor,
    kind: str,
    start_date: date,
    planned_end_date: date | None = None,
    project_title: str = "",
) -> Accompaniment:
    """Start a commune's accompaniment.

    1. Refuse a second accompaniment and inconsistent dates.
    2. Create it in the diagnostic phase (roadmap phase for a single project).
    3. Plan the default milestones, spread over the planned duration.
    4. Record the activity.
    """
    if Accompaniment.objects.filter(commune=commune).exists():
        raise ServiceError(ERROR_ACCOMPANIMENT_EXISTS)
    planned_end_date = planned_end_date or Accompaniment.default_end(start_date)
    _check_dates(start_date, planned_end_date)
    single = kind == "single_project"
    if single and not project_title.strip():
        raise ServiceError(ERROR_PROJECT_TITLE_REQUIRED, field="project_title")
    accompaniment = Accompaniment.objects.create(
        commune=commune,
        kind=kind,
        project_title=project_title.strip(),
        phase=Phase.ROADMAP if single else Phase.DIAGNOSTIC,
        status=AccompanimentStatus.IN_PROGRESS if start_date <= timezone.localdate() else AccompanimentStatus.PLANNED,
        start_date=start_date,
        planned_end_date=planned_end_date,
    )
    template = SINGLE_PROJECT_MILESTONES if single else DEFAULT_MILESTONES
    span_days = (planned_end_date - start_date).days
    last_week = max(week for _phase, _title, week in template) or 1
    Milestone.objects.bulk_create(
        Milestone(
            accompaniment=accompaniment,
            phase=phase,
            title=str(title),
            due_date=start_date + timedelta(days=round(span_days * week / last_week)),
        )
        for phase, title, week in template
    )
    activity_record(commune=commune, actor=actor, verb=ActivityVerb.ACCOMPANIMENT_STARTED)
    return accompaniment


@transaction.atomic
def accompaniment_update(
    *, accompaniment: Accompaniment, actor, fields: dict, edit_version: int | None = None
) -> Accompaniment:
    start = fields.get("start_date", accompaniment.start_date)
    end = fields.get("planned_end_date", accompaniment.planned_end_date)
    _check_dates(start, end)
    kind = fields.get("kind", accompaniment.kind)
    title = fields.get("project_title", accompaniment.project_title)
    if kind == "single_project" and not (title or "").strip():
        raise ServiceError(ERROR_PROJECT_TITLE_REQUIRED, field="project_title")
    changes = audit_changes(accompaniment, fields)
    for name, value in fields.items():
        setattr(accompaniment, name, value)
    update_fields = [*fields, "updated_at"]
    # The retention of personal data (privacy.retention_purge) counts from the closing.
    closed = accompaniment.status == AccompanimentStatus.COMPLETED
    if closed != (accompaniment.closed_at is not None):
        accompaniment.closed_at = timezone.now() if closed else None
        update_fields.append("closed_at")
    edit_version_save(accompaniment, edit_version=edit_version, update_fields=update_fields)
    audit_record(commune=accompaniment.commune, actor=actor, verb=ActivityVerb.ACCOMPANIMENT_UPDATED, changes=changes)
    return accompaniment


@transaction.atomic
def milestone_create(*, accompaniment: Accompaniment, actor, title: str, phase: str, due_date: date) -> Milestone:
    milestone = Milestone.objects.create(accompaniment=accompaniment, title=title, phase=phase, due_date=due_date)
    activity_record(commune=accompaniment.commune, actor=actor, verb=ActivityVerb.MILESTONE_ADDED, subject=title)
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, actor, fields: dict) -> Milestone:
    changes = audit_changes(milestone, fields)
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.save(update_fields=list(fields))
    audit_record(
        commune=milestone.accompaniment.commune,
        actor=actor,
        verb=ActivityVerb.MILESTONE_UPDATED,
        subject=milestone.title,
        changes=changes,
    )
    return milestone


@transaction.atomic
def milestone_set_completed(*, milestone: Milestone, actor, completed: bool) -> Milestone:
    milestone.completed_on = timezone.localdate() if completed else None
    milestone.save(update_fields=["completed_on"])
    verb = ActivityVerb.MILESTONE_COMPLETED if completed else ActivityVerb.MILESTONE_UPDATED
    activity_record(commune=milestone.accompaniment.commune, actor=actor, verb=verb, subject=milestone.title)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor) -> None:
    commune = milestone.accompaniment.commune
    title = milestone.title
    milestone.delete()
    activity_record(commune=commune, actor=actor, verb=ActivityVerb.MILESTONE_DELETED, subject=title)


# Invitations -------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "v": invitation.link_version}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The invitation behind a link, or ServiceError saying why the link cannot be used."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT)
        pk = int(payload["i"])
        version = int(payload["v"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ServiceError(ERROR_INVITATION_INVALID) from None
    invitation = Invitation.objects.select_related("territory", "commune").filter(pk=pk).first()
    if invitation is None or invitation.link_version != version:
        raise ServiceError(ERROR_INVITATION_INVALID)
    if invitation.revoked_at:
        raise ServiceError(ERROR_INVITATION_REVOKED)
    if invitation.accepted_at:
        raise ServiceError(ERROR_INVITATION_USED)
    if invitation.expires_at < timezone.now():
        raise ServiceError(ERROR_INVITATION_EXPIRED)
    return invitation


def _has_role(*, email: str, role: str, territory: Territory, commune: Commune | None) -> bool:
    memberships = Membership.objects.filter(user__email__iexact=email, role=role, territory=territory)
    if commune is not None:
        memberships = memberships.filter(commune=commune)
    return memberships.exists()


@transaction.atomic
def invitation_create(
    *, territory: Territory, actor, email: str, role: str, commune: Commune | None, base_url: str = ""
) -> Invitation:
    """Invite a person to a role.

    1. Check the commune against the role and the territory.
    2. Refuse a role the person already holds, or a second pending invitation for it.
    3. Store the invitation and send its e-mail once the transaction commits (its link on `base_url`
       unless SITE_URL is set, see smartregion/emails.py).
    """
    email = email.strip().lower()
    if role == Role.REFERENT:
        commune = None
    elif commune is None:
        raise ServiceError(ERROR_INVITATION_COMMUNE_REQUIRED, field="commune")
    elif commune.territory_id != territory.pk:
        raise ServiceError(ERROR_INVITATION_COMMUNE_OUTSIDE, field="commune")
    if _has_role(email=email, role=role, territory=territory, commune=commune):
        raise ServiceError(ERROR_INVITATION_ALREADY_MEMBER, field="email")
    pending = Invitation.objects.filter(
        email__iexact=email,
        role=role,
        territory=territory,
        commune=commune,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        raise ServiceError(ERROR_INVITATION_PENDING, field="email")
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        territory=territory,
        commune=commune,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    activity = audit_record(
        territory=territory, commune=commune, actor=actor, verb=ActivityVerb.PERSON_INVITED, subject=email
    )

    def undo():
        # Its e-mail never left: a pending invitation would refuse the same invitation made again.
        Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True, accepted_at__isnull=True).delete()
        Activity.objects.filter(pk=activity.pk).delete()

    _enqueue_invitation_email(invitation, base_url=base_url, on_failure=undo)
    return invitation


def _enqueue_invitation_email(invitation: Invitation, *, base_url: str = "", on_failure=None) -> None:
    from communes import tasks

    # The view reads `invitation.email_queued.ok` to tell the user when Redis could not be reached.
    invitation.email_queued = enqueue_on_commit(
        tasks.invitation_email_send, invitation.pk, base_url, on_failure=on_failure
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor, base_url: str = "") -> Invitation:
    if invitation.accepted_at:
        raise ServiceError(ERROR_INVITATION_USED)
    invitation.revoked_at = None
    invitation.sent_at = None
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.link_version = F("link_version") + 1  # a new link: the one sent before no longer opens
    invitation.save(update_fields=["revoked_at", "sent_at", "expires_at", "link_version"])
    invitation.refresh_from_db(fields=["link_version"])
    _audit_invitation(invitation, actor=actor, verb=ActivityVerb.INVITATION_RESENT, subject=invitation.email)
    _enqueue_invitation_email(invitation, base_url=base_url)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    if invitation.accepted_at:
        raise ServiceError(ERROR_INVITATION_USED)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _audit_invitation(invitation, actor=actor, verb=ActivityVerb.INVITATION_REVOKED, subject=invitation.email)
    return invitation


def _audit_invitation(invitation: Invitation, *, actor, verb: str, subject: str) -> Activity:
    """A commune's invitation goes to its feed; a referent's (no commune) to the territory's only."""
    commune = invitation.commune if invitation.commune_id else None
    territory = invitation.territory if commune is None else None
    return audit_record(territory=territory, commune=commune, actor=actor, verb=verb, subject=subject)


def invitation_email_send(*, invitation_id: int, base_url: str = "") -> bool:
    """Send an invitation's e-mail once, its link on `base_url` unless SITE_URL is set; False when nothing to send.

    The conditional UPDATE claims the sending, so a task delivered twice sends one e-mail.
    """
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    claimed = Invitation.objects.filter(
        pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(sent_at=timezone.now())
    if not claimed:
        return False
    invitation = Invitation.objects.select_related("territory", "commune", "invited_by").get(pk=invitation_id)
    link = absolute_url(reverse("communes:invitation-accept", args=[invitation_token(invitation)]), base_url=base_url)
    language = getattr(invitation.invited_by, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"invitation": invitation, "link": link}
        subject = render_to_string("communes/email/invitation_subject.txt", context).strip()
        body = render_to_string("communes/email/invitation_body.txt", context)
    try:
        send_mail(subject, body, None, [invitation.email])
    except Exception:
        Invitation.objects.filter(pk=invitation_id).update(sent_at=None)
        raise
    return True


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user=None, new_user: dict | None = None) -> Membership:
    """Accept an invitation, creating the account when the person has none.

    1. Lock the invitation so that two tabs cannot accept it twice.
    2. Use the logged-in user (same e-mail) or create a user from `new_user`.
    3. Grant the role and mark the invitation accepted.
    """
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer join to the commune.
    locked = Invitation.objects.select_for_update(of=("self",))
    invitation = locked.select_related("territory", "commune").get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ServiceError(ERROR_INVITATION_USED)
    if invitation.revoked_at:
        raise ServiceError(ERROR_INVITATION_REVOKED)
    if invitation.expires_at < timezone.now():
        raise ServiceError(ERROR_INVITATION_EXPIRED)
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise ServiceError(ERROR_INVITATION_WRONG_USER)
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ServiceError(ERROR_INVITATION_EMAIL_HAS_ACCOUNT)
        data = dict(new_user or {})
        password = data.pop("password")
        user = User(email=invitation.email, **data)
        user.set_password(password)
        user.save()
    membership, _created = Membership.objects.get_or_create(
        user=user, role=invitation.role, territory=invitation.territory, commune=invitation.commune
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _audit_invitation(invitation, actor=user, verb=ActivityVerb.INVITATION_ACCEPTED, subject=str(user))
    return membership


# Territory logo ----------------------------------------------------------------------------------


@transaction.atomic
def territory_logo_update(*, territory: Territory, actor, logo) -> Territory:
    """Replace the territory's logo, or remove it when `logo` is None.

    1. Check the upload's size, format and content (ServiceError on the "logo" field otherwise).
    2. Store it under a name built from the territory's id and the image's real format.
    3. Delete the previous file once the new one is saved.
    """
    previous = territory.logo.name if territory.logo else ""
    if logo is None:
        territory.logo = None
    else:
        try:
            extension = logo_extension(logo)
        except ValidationError as error:
            raise ServiceError(error.error_list[0].message, field="logo") from None
        logo.seek(0)
        territory.logo.save(f"logo{extension}", ContentFile(logo.read()), save=False)
    territory.save(update_fields=["logo"])
    if previous and previous != territory.logo.name:
        name = previous
        transaction.on_commit(lambda: territory.logo.storage.delete(name))
    audit_record(territory=territory, actor=actor, verb=ActivityVerb.TERRITORY_LOGO_UPDATED)
    return territory
