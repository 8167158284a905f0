"""Writes of the funding app: the catalogue of calls, applications, reminder settings and the reminders."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from communes.models import Membership, Role, Territory
from communes.services import audit_changes, audit_record
from funding import imports as catalogue_imports
from funding import matching, selectors
from funding.models import (
    Application,
    ApplicationStatus,
    CallImport,
    CallRound,
    FundingCall,
    FundingSettings,
    FundingVerb,
    ReminderOptOut,
    ReminderSent,
)
from roadmaps.models import ProjectSheet
from smartregion import imports
from smartregion.emails import absolute_url, greeting_name
from smartregion.errors import ServiceError
from smartregion.text import normalise

logger = logging.getLogger(__name__)

ERROR_CLOSES_BEFORE_OPENS = _("A round cannot close before it opens.")
ERROR_RATE_RANGE = _("The co-funding rate is a percentage between 0 and 100.")
ERROR_FLOOR_ABOVE_CEILING = _("The floor cannot be above the ceiling.")
ERROR_NEGATIVE_AMOUNT = _("Amounts cannot be negative.")
ERROR_GRANTED_ABOVE_REQUESTED = _("The amount granted cannot be above the amount requested.")
ERROR_GRANTED_ABOVE_CEILING = _("The amount granted cannot be above the call's ceiling (%(ceiling)s).")
ERROR_GRANTED_WITHOUT_AMOUNT = _("Give the amount granted.")
ERROR_ALREADY_APPLIED = _("This project has already applied to this call; open that application.")
ERROR_CALL_OUTSIDE = _("This call belongs to another territory.")
ERROR_PROBABILITY_RANGE = _("The probability is a percentage between 0 and 100.")
ERROR_LINK = _("Give the address of a web page (http:// or https://).")

CALL_FIELDS = (
    "funder_kind",
    "funder",
    "programme",
    "title",
    "link",
    "beneficiaries",
    "pillars",
    "function_categories",
    "cofunding_rate",
    "floor",
    "ceiling",
    "requires_several_communes",
    "documents",
    "notes",
    "is_example",
)
APPLICATION_FIELDS = (
    "status",
    "amount_requested",
    "amount_granted",
    "probability",
    "decision_date",
    "documents",
    "notes",
)
UNSUBSCRIBE_SALT = "funding.reminders.unsubscribe"


# The catalogue ------------------------------------------------------------------------------------


def _check_call(fields: dict, rounds: list[tuple[date, date]]) -> None:
    if fields.get("link") and not catalogue_imports.valid_link(fields["link"]):
        raise ServiceError(ERROR_LINK, field="link")
    rate = fields.get("cofunding_rate")
    if rate is not None and not (0 <= rate <= 100):
        raise ServiceError(ERROR_RATE_RANGE, field="cofunding_rate")
    for name in ("floor", "ceiling"):
        if fields.get(name) is not None and fields[name] < 0:
            raise ServiceError(ERROR_NEGATIVE_AMOUNT, field=name)
    floor, ceiling = fields.get("floor"), fields.get("ceiling")
    if floor is not None and ceiling is not None and floor > ceiling:
        raise ServiceError(ERROR_FLOOR_ABOVE_CEILING, field="floor")
    for opens, closes in rounds:
        if closes < opens:
            raise ServiceError(ERROR_CLOSES_BEFORE_OPENS, field="rounds")


@transaction.atomic
def call_save(
    *, territory: Territory, actor, fields: dict, rounds: list[tuple[date, date]], call: FundingCall | None = None
) -> FundingCall:
    """Create or change a call and replace its rounds.

    1. Refuse a rate outside 0–100 %, a floor above the ceiling, a round closing before it opens.
    2. Save the call's fields (on a change, only the changed ones, recorded in the audit trail).
    3. Replace the rounds by `rounds`.
    """
    _check_call(fields, rounds)
    values = {name: fields[name] for name in CALL_FIELDS if name in fields}
    if call is None:
        call = FundingCall.objects.create(territory=territory, **values)
        verb, changes = FundingVerb.CALL_CREATED, {}
    else:
        changes = audit_changes(call, values, private=("documents", "notes"))
        for name, value in values.items():
            setattr(call, name, value)
        call.save(update_fields=[*values, "updated_at"])
        verb = FundingVerb.CALL_UPDATED
    call.rounds.all().delete()
    CallRound.objects.bulk_create(CallRound(call=call, opens_on=o, closes_on=c) for o, c in sorted(rounds))
    audit_record(territory=territory, actor=actor, verb=verb, subject=call.title, changes=changes)
    return call


# Applications -------------------------------------------------------------------------------------


def _check_application(call: FundingCall, fields: dict) -> None:
    requested, granted = fields.get("amount_requested"), fields.get("amount_granted")
    for name, value in (("amount_requested", requested), ("amount_granted", granted)):
        if value is not None and value < 0:
            raise ServiceError(ERROR_NEGATIVE_AMOUNT, field=name)
    probability = fields.get("probability")
    if probability is not None and not (0 <= probability <= 100):
        raise ServiceError(ERROR_PROBABILITY_RANGE, field="probability")
    if fields.get("status") == ApplicationStatus.GRANTED and granted is None:
        raise ServiceError(ERROR_GRANTED_WITHOUT_AMOUNT, field="amount_granted")
    if granted is not None and requested is not None and granted > requested:
        raise ServiceError(ERROR_GRANTED_ABOVE_REQUESTED, field="amount_granted")
    if granted is not None and call.ceiling is not None and granted > call.ceiling:
        from smartregion.money import euros

        raise ServiceError(ERROR_GRANTED_ABOVE_CEILING % {"ceiling": euros(call.ceiling)}, field="amount_granted")


@transaction.atomic
def application_create(
    *, call: FundingCall, actor, fields: dict, sheet: ProjectSheet | None = None, shared_project=None
) -> Application:
    """A sheet's application to a call, or a shared project's, once for all its communes.

    1. Refuse a call of another territory, a second application of the same project, wrong amounts.
    2. Create it; the commune is the sheet's (a shared project's lead commune, if any).
    """
    territory_id = sheet.roadmap.commune.territory_id if sheet is not None else shared_project.territory_id
    if call.territory_id != territory_id:
        raise ServiceError(ERROR_CALL_OUTSIDE, field="call")
    _check_application(call, fields)
    commune = sheet.roadmap.commune if sheet is not None else shared_project.lead_commune
    values = {name: fields[name] for name in APPLICATION_FIELDS if fields.get(name) is not None}
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                territory_id=territory_id,
                commune=commune,
                sheet=sheet,
                shared_project=shared_project,
                created_by=actor,
                **values,
            )
    except IntegrityError:
        raise ServiceError(ERROR_ALREADY_APPLIED, field="call") from None
    subject = call.title  # not the sheet's title: the commune's feed is read by who may not see a draft roadmap
    if commune is not None:
        audit_record(commune=commune, actor=actor, verb=FundingVerb.APPLICATION_CREATED, subject=subject)
    else:
        territory = Territory.objects.get(pk=territory_id)
        audit_record(territory=territory, actor=actor, verb=FundingVerb.APPLICATION_CREATED, subject=subject)
    return application


@transaction.atomic
def application_update(*, application: Application, actor, fields: dict) -> Application:
    """Change an application's status, amounts, decision and documents (the rules of `_check_application`)."""
    values = {name: fields[name] for name in APPLICATION_FIELDS if name in fields}
    _check_application(application.call, {**{n: getattr(application, n) for n in APPLICATION_FIELDS}, **values})
    changes = audit_changes(application, values, private=("documents", "notes"))
    for name, value in values.items():
        setattr(application, name, value)
    application.save(update_fields=[*values, "updated_at"])
    subject = application.call.title
    target = {"commune": application.commune} if application.commune_id else {"territory": application.territory}
    audit_record(actor=actor, verb=FundingVerb.APPLICATION_UPDATED, subject=subject, changes=changes, **target)
    return application


# Reminders ----------------------------------------------------------------------------------------


@transaction.atomic
def settings_update(*, territory: Territory, actor, reminder_days: int, reminders_enabled: bool) -> FundingSettings:
    current = selectors.reminder_settings(territory)
    values = {"reminder_days": reminder_days, "reminders_enabled": reminders_enabled}
    changes = audit_changes(current, values) if current.pk else {}
    FundingSettings.objects.update_or_create(territory=territory, defaults=values)
    audit_record(territory=territory, actor=actor, verb=FundingVerb.SETTINGS_CHANGED, changes=changes)
    return selectors.reminder_settings(territory)


def unsubscribe_token(*, user_id: int, territory_id: int) -> str:
    return signing.dumps({"u": user_id, "t": territory_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[int, int] | None:
    """(user id, territory id) of a reminder's unsubscribe link; None when it is not one."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["u"]), int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def reminders_unsubscribe(*, user_id: int, territory_id: int) -> None:
    """No more deadline reminders of this territory for this person; running it twice changes nothing."""
    ReminderOptOut.objects.get_or_create(user_id=user_id, territory_id=territory_id)


def _recipients(territory: Territory, call: FundingCall, today: date) -> dict[int, object]:
    """The referents of the territory, and the staff of the communes with a sheet the call fits or an
    application to it still pending; without those who opted out."""
    communes = {a.commune_id for a in call.applications.all() if a.commune_id and a.status in ("idea", "preparing")}
    terms = selectors.call_terms(call)
    every_commune = set(territory.communes.values_list("pk", flat=True))
    for sheet in selectors.open_sheets((every_commune, set())):
        if matching.match(selectors.sheet_applicant(sheet), terms, today).fits:
            communes.add(sheet.roadmap.commune_id)
    memberships = Membership.objects.filter(territory=territory).select_related("user")
    opted_out = set(ReminderOptOut.objects.filter(territory=territory).values_list("user_id", flat=True))
    people = {}
    for m in memberships:
        wanted = (m.role == Role.REFERENT and m.commune_id is None) or (
            m.role == Role.STAFF and m.commune_id in communes
        )
        if wanted and m.user.email and m.user.is_active and m.user_id not in opted_out:
            people[m.user_id] = m.user
    return people


def _send_reminder(round_: CallRound, user, territory: Territory) -> bool:
    """Claim (round, person) with its unique row, then send; a second run finds the row and sends nothing."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(round=round_, user=user)
            link = absolute_url(
                reverse("funding:unsubscribe", args=[unsubscribe_token(user_id=user.pk, territory_id=territory.pk)])
            )
            with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
                context = {
                    "name": greeting_name(user.get_full_name()),
                    "call": round_.call,
                    "round": round_,
                    "calendar": absolute_url(reverse("funding:calendar", args=[territory.slug])),
                    "unsubscribe": link,
                }
                subject = render_to_string("funding/email/reminder_subject.txt", context).strip()
                body = render_to_string("funding/email/reminder_body.txt", context)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: date | None = None) -> int:
    """Periodic (Celery beat): e-mail each deadline N days ahead (N per territory) to its people, once.

    1. For each territory, the rounds closing between today and N days from now.
    2. For each, the referents and the staff of communes concerned (see `_recipients`), minus opt-outs.
    3. One e-mail per round and person, claimed by a unique `ReminderSent` row: safe to run twice.
    """
    today = today or timezone.localdate()
    sent = 0
    settings_by_territory = {s.territory_id: s for s in FundingSettings.objects.all()}
    for territory in Territory.objects.filter(funding_calls__isnull=False).distinct():
        options = settings_by_territory.get(territory.pk) or FundingSettings(territory=territory)
        if not options.reminders_enabled:
            continue
        horizon = today + timedelta(days=options.reminder_days)
        rounds = CallRound.objects.filter(
            call__territory=territory, closes_on__gte=today, closes_on__lte=horizon
        ).select_related("call")
        for round_ in rounds:
            for user in _recipients(territory, round_.call, today).values():
                try:
                    sent += _send_reminder(round_, user, territory)
                except OSError:  # the mail server refused: no row kept, the next run tries again
                    logger.warning("Reminder of round %s to user %s not sent", round_.pk, user.pk, exc_info=True)
    return sent


# The catalogue import (smartregion.imports) -------------------------------------------------------


class CatalogueImporter:
    """Calls for projects from a CSV/XLSX file into the territory's catalogue (one row per round)."""

    model = CallImport
    target_field = "territory"
    not_clean_message = _("The catalogue changed since the preview and the file now has problems: send it again.")

    def read_table(self, data: bytes, fmt: str) -> list[list]:
        return catalogue_imports.read_table(data, fmt)

    def check(self, target: Territory, table: list[list]) -> catalogue_imports.CatalogueCheck:
        existing = {
            (normalise(programme), normalise(title))
            for programme, title in FundingCall.objects.filter(territory=target).values_list("programme", "title")
        }
        return catalogue_imports.check_table(table, existing)

    def save(self, target: Territory, check, *, actor, pending) -> dict[str, int]:
        calls = {(normalise(c.programme), normalise(c.title)): c for c in FundingCall.objects.filter(territory=target)}
        for row in check.rows:
            current = calls.get((normalise(row.fields["programme"]), normalise(row.fields["title"])))
            call_save(territory=target, actor=actor, fields=row.fields, rounds=row.rounds, call=current)
        counts = check.counts()
        audit_record(territory=target, actor=actor, verb=FundingVerb.CALLS_IMPORTED, subject=pending.source_name)
        return counts


IMPORTER = CatalogueImporter()


def catalogue_import_prepare(*, territory: Territory, actor, filename: str, data: bytes):
    return imports.import_prepare(importer=IMPORTER, target=territory, actor=actor, filename=filename, data=data)


def catalogue_import_preview(*, pending: CallImport):
    return imports.import_preview(importer=IMPORTER, pending=pending)


def catalogue_import_apply(*, pending: CallImport, actor) -> dict[str, int]:
    return imports.import_apply(importer=IMPORTER, pending=pending, actor=actor)


def catalogue_import_discard(*, pending: CallImport) -> bool:
    return imports.import_discard(importer=IMPORTER, pending=pending)
