"""Calls for projects and funding: the territory's catalogue, its rounds, the applications of sheets and
shared projects, and the deadline reminders.

A call (`FundingCall`) belongs to a territory and is kept by its referent; it opens in one or several
rounds (`CallRound`). An application (`Application`) is made by one project sheet, or once for all its
communes by a shared project (mutualisation). What the commune still pays for a sheet, its share, is
computed in `funding.selectors.sheet_grants` and reaches the plan through `roadmaps.costs`.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communes.models import register_activity_verbs, validate_pillars
from roadmaps.models import FunctionCategory
from smartregion.imports import PendingImport


class FunderKind(models.TextChoices):
    REGION = "region", _("Wallonia (region)")
    FEDERAL = "federal", _("Federal state")
    EU = "eu", _("European Union")
    PROVINCE = "province", _("Province")
    FOUNDATION = "foundation", _("Foundation")
    OTHER = "other", _("Other funder")


class Beneficiary(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    CPAS = "cpas", _("CPAS")
    INTERCOMMUNALE = "intercommunale", _("Intercommunale")
    GROUP = "group", _("Group of communes")


def validate_beneficiaries(value) -> None:
    if not isinstance(value, list) or any(v not in Beneficiary.values for v in value):
        raise ValidationError(_("Beneficiaries must be a list of known beneficiaries."))


def validate_categories(value) -> None:
    if not isinstance(value, list) or any(v not in FunctionCategory.values for v in value):
        raise ValidationError(_("Kinds of project must be a list of known kinds."))


@register_activity_verbs
class FundingVerb(models.TextChoices):
    CALL_CREATED = "funding_call_created", _("Call for projects added")
    CALL_UPDATED = "funding_call_updated", _("Call for projects updated")
    CALLS_IMPORTED = "funding_calls_imported", _("Calls for projects imported")
    APPLICATION_CREATED = "funding_application_created", _("Funding application started")
    APPLICATION_UPDATED = "funding_application_updated", _("Funding application updated")
    SETTINGS_CHANGED = "funding_settings_changed", _("Funding reminders changed")


class FundingCall(models.Model):
    """A funding programme's call for projects, as the referent keeps it for the territory."""

    territory = models.ForeignKey(
        "communes.Territory", on_delete=models.CASCADE, related_name="funding_calls", verbose_name=_("territory")
    )
    funder_kind = models.CharField(_("funder"), max_length=12, choices=FunderKind.choices)
    funder = models.CharField(_("funding body"), max_length=200, blank=True)
    programme = models.CharField(_("programme"), max_length=200)
    title = models.CharField(_("call"), max_length=200)
    link = models.URLField(_("link"), blank=True)
    beneficiaries = models.JSONField(
        _("eligible beneficiaries"), default=list, blank=True, validators=[validate_beneficiaries]
    )
    pillars = models.JSONField(
        _("eligible pillars"), default=list, blank=True, validators=[validate_pillars], help_text=_("None: any pillar.")
    )
    function_categories = models.JSONField(
        _("eligible kinds of project"),
        default=list,
        blank=True,
        validators=[validate_categories],
        help_text=_("None: any kind of project."),
    )
    cofunding_rate = models.DecimalField(
        _("co-funding rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of the investment the funder pays."),
    )
    floor = models.DecimalField(
        _("floor (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Smallest eligible project."),
    )
    ceiling = models.DecimalField(
        _("ceiling (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Largest eligible project, and largest grant."),
    )
    requires_several_communes = models.BooleanField(_("several communes together"), default=False)
    documents = models.TextField(_("documents to provide"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Dates and amounts are examples, not the funder's.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "title", "pk"]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(cofunding_rate__isnull=True) | Q(cofunding_rate__gte=0, cofunding_rate__lte=100),
                name="funding_call_rate_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.programme} — {self.title}"


class CallRound(models.Model):
    """One round of a call: the dates between which applications are accepted."""

    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="rounds")
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        ordering = ["closes_on", "pk"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="funding_round_closes_after")
        ]

    def __str__(self):
        return f"{self.call}: {self.opens_on} → {self.closes_on}"


class ApplicationStatus(models.TextChoices):
    IDEA = "idea", pgettext_lazy("application status", "Idea")
    PREPARING = "preparing", pgettext_lazy("application status", "Preparing")
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    GRANTED = "granted", pgettext_lazy("application status", "Granted")
    REFUSED = "refused", pgettext_lazy("application status", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


# Statuses whose amount is still hoped for: a what-if counts them at the application's probability.
PENDING_STATUSES = (ApplicationStatus.IDEA, ApplicationStatus.PREPARING, ApplicationStatus.SUBMITTED)
DECIDED_STATUSES = (ApplicationStatus.GRANTED, ApplicationStatus.REFUSED)


class Application(models.Model):
    """A sheet's (or a shared project's) application to a call."""

    call = models.ForeignKey(FundingCall, on_delete=models.PROTECT, related_name="applications")
    territory = models.ForeignKey("communes.Territory", on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, null=True, blank=True, related_name="funding_applications"
    )
    sheet = models.ForeignKey(
        "roadmaps.ProjectSheet",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding_applications",
        verbose_name=_("project sheet"),
    )
    shared_project = models.ForeignKey(
        "mutualisation.SharedProject",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding_applications",
        verbose_name=_("shared project"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.IDEA
    )
    amount_requested = models.DecimalField(
        _("amount requested (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_granted = models.DecimalField(
        _("amount granted (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    probability = models.PositiveSmallIntegerField(
        _("probability of success (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("For the what-if plan: how likely the referent thinks the grant is."),
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    documents = models.TextField(_("documents"), blank=True, help_text=_("What was sent, and where it is kept."))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=(Q(sheet__isnull=False) & Q(shared_project__isnull=True))
                | (Q(sheet__isnull=True) & Q(shared_project__isnull=False)),
                name="funding_application_one_applicant",
            ),
            models.UniqueConstraint(fields=["call", "sheet"], name="funding_application_once_per_sheet"),
            models.UniqueConstraint(fields=["call", "shared_project"], name="funding_application_once_per_shared"),
            models.CheckConstraint(condition=Q(probability__lte=100), name="funding_application_probability"),
        ]

    def __str__(self):
        return f"{self.applicant_title} → {self.call}"

    @property
    def applicant_title(self) -> str:
        return self.sheet.title if self.sheet_id else self.shared_project.title


class FundingSettings(models.Model):
    """The territory's reminder settings: e-mails N days before a deadline."""

    territory = models.OneToOneField("communes.Territory", on_delete=models.CASCADE, related_name="funding_settings")
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before a deadline"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    reminders_enabled = models.BooleanField(_("send reminders"), default=True)

    class Meta:
        verbose_name = _("funding settings")
        verbose_name_plural = _("funding settings")

    def __str__(self):
        return str(self.territory)


class ReminderSent(models.Model):
    """One reminder e-mail of one deadline to one person: the unique row makes sending idempotent."""

    round = models.ForeignKey(CallRound, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="funding_reminder_once")]

    def __str__(self):
        return f"{self.round_id} → {self.user_id}"


class ReminderOptOut(models.Model):
    """A person who asked for no more deadline reminders of this territory (signed link in each e-mail)."""

    territory = models.ForeignKey("communes.Territory", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")
        constraints = [models.UniqueConstraint(fields=["territory", "user"], name="funding_optout_once")]

    def __str__(self):
        return f"{self.territory_id}: {self.user_id}"


class CallImport(PendingImport):
    """A catalogue file checked and waiting for the referent's confirmation (smartregion.imports)."""

    territory = models.ForeignKey("communes.Territory", on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta(PendingImport.Meta):
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")
