"""Interviews of the diagnostic (one to three people at a time) and the findings drawn from them.

Notes and participants' names can hold personal data: only the referent and the commune's staff see
them. College members see the findings the referent published, and nothing else of an interview.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from diagnostics.models.pillars import pillar_labels, validate_pillars
from diagnostics.models.pst import PstObjective

DEFAULT_DURATION_MINUTES = 60
MIN_PARTICIPANTS = 1
MAX_PARTICIPANTS = 3


class InterviewStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ParticipantGroup(models.TextChoices):
    COLLEGE = "college", _("Collège member")
    HEAD_OF_DEPARTMENT = "head_of_department", _("Head of department")
    STAFF = "staff", _("Staff")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


class Interview(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="interviews")
    topic = models.CharField(
        _("topic"),
        max_length=200,
        blank=True,
        help_text=_("What the interview is about, e.g. “Population department”."),
    )
    held_on = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=DEFAULT_DURATION_MINUTES,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InterviewStatus.choices, default=InterviewStatus.PLANNED
    )
    interviewers = models.CharField(
        _("other interviewers"), max_length=300, blank=True, help_text=_("Names of interviewers without an account.")
    )
    interviewer_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("interviewers with an account")
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Seen by the referent and the commune's staff only, never by the Collège.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["held_on", "start_time", "pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_minutes__gte=5), name="interview_duration_min"),
        ]

    def __str__(self):
        return f"{self.held_on} {self.topic}".strip()


class InterviewParticipant(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150, blank=True)
    group = models.CharField(_("group"), max_length=20, choices=ParticipantGroup.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("interview participant")
        verbose_name_plural = _("interview participants")

    def __str__(self):
        return self.name


class FindingKind(models.TextChoices):
    NEED = "need", _("Need")
    PROBLEM = "problem", _("Problem")
    EXISTING = "existing", _("Existing situation")
    COLLABORATION = "collaboration", _("Collaboration opportunity")


class Finding(models.Model):
    """A structured finding of an interview; `published` lets the Collège read it."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="interview_findings")
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=16, choices=FindingKind.choices)
    summary = models.CharField(
        _("finding"), max_length=300, help_text=_("One sentence, without names: it may be shown to the Collège.")
    )
    details = models.TextField(_("details"), blank=True)
    pillars = models.JSONField(_("pillars"), default=list, blank=True, validators=[validate_pillars])
    objective = models.ForeignKey(
        PstObjective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("PST objective"),
    )
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Published findings are visible to the Collège members.")
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["interview__held_on", "interview_id", "position", "pk"]
        verbose_name = _("interview finding")
        verbose_name_plural = _("interview findings")
        indexes = [models.Index(fields=["commune", "published"], name="finding_commune_published")]

    def __str__(self):
        return self.summary

    @property
    def pillar_labels(self) -> list[str]:
        return pillar_labels(self.pillars)
