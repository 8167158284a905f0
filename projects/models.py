"""Projects carried out with the Smart Project Management Model (SPMM): a project, its indicators and their
measured values. Issue 16 builds the rest (checklists, team, risks, milestones, meetings, budget)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communes.models import register_activity_verbs


@register_activity_verbs
class ProjectsVerb(models.TextChoices):
    PROJECT_STARTED = "project_started", _("Project started")
    INDICATOR_MEASURED = "indicator_measured", _("Indicator value recorded")


class ProjectPhase(models.TextChoices):
    """The SPMM's four phases, then the end of the project."""

    PREREQUISITES = "prerequisites", _("Prerequisites")
    PLANNING = "planning", _("Planning")
    EXECUTION = "execution", _("Execution")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Evaluated")


class Project(models.Model):
    """A project carried out by a commune, from a roadmap's sheet or from nothing."""

    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, related_name="projects", verbose_name=_("commune")
    )
    sheet = models.OneToOneField(
        "roadmaps.ProjectSheet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("project sheet"),
    )
    title = models.CharField(_("title"), max_length=200)
    phase = models.CharField(
        _("phase"), max_length=16, choices=ProjectPhase.choices, default=ProjectPhase.PREREQUISITES
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commune", "title", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """What the project measures to know whether it reaches its objectives."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """One measure of an indicator, on a date."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "measured_on"], name="indicator_value_one_per_date"),
        ]
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.measured_on})"
