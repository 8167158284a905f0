from datetime import timedelta
from pathlib import PurePath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.logos import validate_logo
from smartregion.collation import french

DEFAULT_ACCOMPANIMENT_WEEKS = 8


class Pillar(models.TextChoices):
    """The six pillars (axes stratégiques) of a smart territory, shared by every app."""

    MOBILITY = "mobility", _("Mobility")
    QUALITY_OF_LIFE = "quality_of_life", _("Quality of life")
    ECONOMY = "economy", _("Economy")
    ENERGY_ENVIRONMENT = "energy_environment", _("Energy and environment")
    GOVERNANCE = "governance", _("Governance")
    SMART_CITIZENS = "smart_citizens", _("Smart citizens")


def validate_pillars(value) -> None:
    """A list of distinct pillar codes (JSON list, portable between SQLite and PostgreSQL).

    Diagnostic rows and project sheets store their pillars this way; their migrations refer to it through
    `diagnostics.models.pillars` and `roadmaps.models`, which import it from here.
    """
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Pillars must be a list of pillar codes."))
    unknown = [v for v in value if v not in Pillar.values]
    if unknown:
        raise ValidationError(_("Unknown pillar: %(codes)s."), params={"codes": ", ".join(unknown)})
    if len(set(value)) != len(value):
        raise ValidationError(_("A pillar is listed twice."))


def territory_logo_path(instance, filename: str) -> str:
    """Logos are stored under the territory's id: nothing of the uploaded file's name but a known extension."""
    suffix = PurePath(filename).suffix.lower()
    return f"territories/{instance.pk or 'new'}/logo{suffix if suffix in ('.png', '.jpg', '.jpeg') else ''}"


class OpenDataLicence(models.TextChoices):
    """Licences a territory may publish its open data under (the first is the default)."""

    CC_BY_4 = "CC-BY-4.0", "Creative Commons Attribution 4.0 (CC BY 4.0)"
    CC0 = "CC0-1.0", "Creative Commons Zero 1.0 (CC0)"
    ODBL = "ODbL-1.0", "Open Database License 1.0 (ODbL)"


OPEN_DATA_LICENCE_URLS = {
    OpenDataLicence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    OpenDataLicence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    OpenDataLicence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}


class Territory(models.Model):
    """An intercommunale and the communes it accompanies."""

    name = models.CharField(_("territory"), max_length=120, help_text=_("For example Charleroi Métropole."))
    intercommunale = models.CharField(_("intercommunale"), max_length=120, help_text=_("For example IGRETEC."))
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=territory_logo_path,
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo],
        help_text=_("Printed on the cover of the territory's reports: PNG or JPEG, at most 1 MB."),
    )
    open_data_licence = models.CharField(
        _("open data licence"),
        max_length=16,
        choices=OpenDataLicence.choices,
        default=OpenDataLicence.CC_BY_4,
        help_text=_("The licence of the barometer's open data files and of their catalogue."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self):
        return f"{self.intercommunale} — {self.name}"

    @property
    def open_data_licence_url(self) -> str:
        return OPEN_DATA_LICENCE_URLS[OpenDataLicence(self.open_data_licence)]


class Province(models.TextChoices):
    HAINAUT = "Hainaut", _("Hainaut")
    NAMUR = "Namur", _("Namur")
    LIEGE = "Liège", _("Liège")
    LUXEMBOURG = "Luxembourg", _("Luxembourg")
    BRABANT_WALLON = "Brabant wallon", _("Walloon Brabant")


class Commune(models.Model):
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="communes", verbose_name=_("territory")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), max_length=120, unique=True)
    province = models.CharField(_("province"), max_length=40, choices=Province.choices)
    nis_code = models.CharField(
        _("NIS code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A NIS code has exactly five digits."))],
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_approximate = models.BooleanField(
        _("approximate population"),
        default=False,
        help_text=_("Tick it for a rounded or estimated figure: pages then say the population is approximate."),
    )
    director_name = models.CharField(_("director general"), max_length=120, blank=True)
    director_email = models.EmailField(_("director general's e-mail"), blank=True)
    alderman_name = models.CharField(_("alderman in charge of digital matters"), max_length=120, blank=True)
    alderman_email = models.EmailField(_("alderman's e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        # French order by default (Châtelet before Chimay): every list and drop-down of communes.
        ordering = [french("name")]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="commune_unique_name_per_territory"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    REFERENT = "referent", _("Referent")
    STAFF = "staff", _("Commune staff")
    COLLEGE = "college", _("College member")


class Membership(models.Model):
    """A role held by a person: referent of a territory, or staff/college member of one commune."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="memberships")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="referent", commune__isnull=True) | (~Q(role="referent") & Q(commune__isnull=False)),
                name="membership_commune_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "territory"], condition=Q(role="referent"), name="membership_unique_referent"
            ),
            models.UniqueConstraint(fields=["user", "commune", "role"], name="membership_unique_commune_role"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.commune or self.territory}"


class Invitation(models.Model):
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="invitations")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Part of the signed link: bumped on every re-send, so that a link sent before is dead.
    link_version = models.PositiveIntegerField(_("link version"), default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"


class Phase(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    ROADMAP = "roadmap", _("Roadmap")
    REPORT = "report", _("Final report")
    FOLLOW_UP = "follow_up", _("Operational follow-up")


PHASE_ORDER = [Phase.DIAGNOSTIC, Phase.ROADMAP, Phase.REPORT, Phase.FOLLOW_UP]


class AccompanimentKind(models.TextChoices):
    ROADMAP = "roadmap", _("Full accompaniment (diagnostic and roadmap)")
    SINGLE_PROJECT = "single_project", _("Help on a single project")
    OPERATIONAL = "operational", _("Operational accompaniment only")


class AccompanimentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    COMPLETED = "completed", _("Completed")


class Accompaniment(models.Model):
    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="accompaniment")
    kind = models.CharField(
        _("kind"), max_length=20, choices=AccompanimentKind.choices, default=AccompanimentKind.ROADMAP
    )
    project_title = models.CharField(
        _("project"), max_length=200, blank=True, help_text=_("Only for help on a single project.")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.DIAGNOSTIC)
    status = models.CharField(
        _("status"), max_length=20, choices=AccompanimentStatus.choices, default=AccompanimentStatus.PLANNED
    )
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(_("planned end"))
    # When it was marked completed (cleared if reopened): the retention of personal data counts from it.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("accompaniment")
        verbose_name_plural = _("accompaniments")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gte=models.F("start_date")), name="accompaniment_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.commune} — {self.get_phase_display()}"

    @staticmethod
    def default_end(start_date):
        return start_date + timedelta(weeks=DEFAULT_ACCOMPANIMENT_WEEKS)


class Milestone(models.Model):
    accompaniment = models.ForeignKey(Accompaniment, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    due_date = models.DateField(_("due date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def is_late(self, today=None) -> bool:
        """Not completed and past its due date (the rule `commune_overview_list` counts in SQL)."""
        return self.completed_on is None and self.due_date < (today or timezone.localdate())


class ActivityVerb(models.TextChoices):
    COMMUNE_UPDATED = "commune_updated", _("Commune details updated")
    ACCOMPANIMENT_STARTED = "accompaniment_started", _("Accompaniment started")
    ACCOMPANIMENT_UPDATED = "accompaniment_updated", _("Accompaniment updated")
    MILESTONE_ADDED = "milestone_added", _("Milestone added")
    MILESTONE_UPDATED = "milestone_updated", _("Milestone updated")
    MILESTONE_COMPLETED = "milestone_completed", _("Milestone completed")
    MILESTONE_DELETED = "milestone_deleted", _("Milestone deleted")
    PERSON_INVITED = "person_invited", _("Person invited")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
    INVITATION_RESENT = "invitation_resent", _("Invitation sent again")
    TERRITORY_LOGO_UPDATED = "territory_logo_updated", _("Territory logo changed")


ACTIVITY_VERB_LABELS: dict[str, str] = {}


def register_activity_verbs(choices: type[models.TextChoices]) -> type[models.TextChoices]:
    """Let each app name its own activity verbs without touching this model (use as a class decorator)."""
    ACTIVITY_VERB_LABELS.update(dict(choices.choices))
    return choices


register_activity_verbs(ActivityVerb)


class Activity(models.Model):
    """The audit trail: who changed what, in a territory and maybe one of its communes (also 'last activity').

    `changes` holds `{"model": "app.model", "fields": {name: {"before": …, "after": …}}}` for the changed
    fields only; a field whose values are personal or free text is listed with `{}` (its name, never its
    values). Built by `communes.services.audit_changes`.
    """

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="activities")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, null=True, blank=True, related_name="activities")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    verb = models.CharField(max_length=40)
    subject = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["commune", "-created_at"], name="activity_commune_recent"),
            models.Index(fields=["territory", "-created_at"], name="activity_territory_recent"),
        ]

    def __str__(self):
        return f"{self.commune or self.territory}: {self.get_verb_display()} {self.subject}"

    def get_verb_display(self) -> str:
        return str(ACTIVITY_VERB_LABELS.get(self.verb, self.verb))

    def changed_field_labels(self) -> list[str]:
        """The labels of the changed fields, in the reader's language (no values: some are personal)."""
        fields = (self.changes or {}).get("fields") or {}
        if not fields:
            return []
        try:
            model = apps.get_model(self.changes.get("model", ""))
        except (LookupError, ValueError):
            model = None
        return [str(_field_label(model, name)) for name in fields]


def _field_label(model, name: str):
    if model is None:
        return name
    try:
        return model._meta.get_field(name).verbose_name
    except FieldDoesNotExist:  # a field renamed or removed since the record was written
        return name
