"""Projects carried out with the Smart Project Management Model (SPMM, Smart City Institute, ULiège, 2020): a
project and its four phases, the checklists (the portal's default set, a territory's own set, and each project's
copy taken when it started), the phases' closures, the team and stakeholders, risks, milestones, steering
meetings, indicators and their measured values, budget entries, and the versions of the evaluation report."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from communes.models import register_activity_verbs


@register_activity_verbs
class ProjectsVerb(models.TextChoices):
    PROJECT_STARTED = "project_started", _("Project started")
    INDICATOR_MEASURED = "indicator_measured", _("Indicator value recorded")
    PROJECT_UPDATED = "project_updated", _("Project updated")
    PHASE_CLOSED = "project_phase_closed", _("Project phase closed")
    PROJECT_PART_ADDED = "project_part_added", _("Added to a project")
    PROJECT_PART_REMOVED = "project_part_removed", _("Removed from a project")
    CHECKLIST_ANSWERED = "project_checklist_answered", _("Project checklist item answered")
    CHECKLISTS_ADAPTED = "project_checklists_adapted", _("Territory checklists adapted")
    EVALUATION_REQUESTED = "project_evaluation_requested", _("Evaluation report requested")


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
    # The starting point, copied from the sheet when there is one; then the project's own.
    summary = models.TextField(_("summary"), blank=True, max_length=6000)
    objectives = models.TextField(_("objectives"), blank=True, max_length=6000)
    scope = models.TextField(_("scope and deliverables"), blank=True, max_length=6000)
    planned_investment = models.DecimalField(
        _("planned investment (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    planned_running_cost = models.DecimalField(
        _("planned yearly running cost (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("planned end date"), null=True, blank=True)
    # Evaluation.
    results = models.TextField(_("results"), blank=True, max_length=6000)
    lessons_learned = models.TextField(_("lessons learned"), blank=True, max_length=6000)
    sustainability = models.TextField(_("what keeps the project alive afterwards"), blank=True, max_length=6000)
    checklist_source = models.CharField(_("checklist version"), max_length=200, blank=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False)  # smartregion.concurrency
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commune", "title", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return self.title

    @property
    def checklist_source_label(self) -> str:
        """Which checklists the project copied when it started: "default", or "territory:<date>"."""
        kind, _colon, day = self.checklist_source.partition(":")
        if kind == "territory":
            day = date_format(datetime.date.fromisoformat(day), "DATE_FORMAT")
            return gettext("The territory's own checklists, as of %(date)s") % {"date": day}
        return gettext("The portal's default checklists (SPMM)")


class Indicator(models.Model):
    """What the project measures to know whether it reaches its objectives."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # The latest measure, kept by the services that record values (the territory page filters on it).
    latest_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, editable=False)
    latest_on = models.DateField(null=True, blank=True, editable=False)

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


class ProjectRole(models.TextChoices):
    LEADER = "leader", _("Project leader")
    SPONSOR = "sponsor", _("Sponsor in the Collège")
    MEMBER = "member", _("Team member")
    CONSULTED = "consulted", _("Consulted")
    INFORMED = "informed", _("Informed")


class MemberKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    INTERCOMMUNALE = "intercommunale", _("Intercommunale")
    PROVIDER = "provider", _("Provider")
    OTHER = "other", _("Other stakeholder")


class ChecklistKind(models.TextChoices):
    TICK = "tick", _("Item to tick")
    QUESTION = "question", _("Question to answer")


class ChecklistTemplateItem(models.Model):
    """One item of a phase's checklist: the portal's default set (no territory) or a territory's own set.

    A territory that adapted its set uses its own items only; the others use the default set.
    """

    territory = models.ForeignKey(
        "communes.Territory", on_delete=models.CASCADE, null=True, blank=True, related_name="checklist_items"
    )
    phase = models.CharField(_("phase"), max_length=16, choices=ProjectPhase.choices[:4])
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=ChecklistKind.choices, default=ChecklistKind.TICK)
    required = models.BooleanField(_("required to close the phase"), default=True)
    text_fr = models.CharField(_("text in French"), max_length=300)
    text_en = models.CharField(_("text in English"), max_length=300)
    key = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["territory", "phase", "position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return self.text_fr

    @property
    def text(self) -> str:
        return self.text_en if get_language() == "en" else self.text_fr


class ProjectChecklistItem(models.Model):
    """A project's copy of a checklist item, taken when the project started, and its answer."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checklist")
    phase = models.CharField(_("phase"), max_length=16, choices=ProjectPhase.choices[:4])
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=ChecklistKind.choices, default=ChecklistKind.TICK)
    required = models.BooleanField(_("required to close the phase"), default=True)
    text_fr = models.CharField(_("text in French"), max_length=300)
    text_en = models.CharField(_("text in English"), max_length=300)
    done = models.BooleanField(_("done"), default=False)
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "phase", "position", "pk"]
        verbose_name = _("project checklist item")
        verbose_name_plural = _("project checklist items")

    def __str__(self):
        return self.text_fr

    @property
    def text(self) -> str:
        return self.text_en if get_language() == "en" else self.text_fr

    @property
    def is_open(self) -> bool:
        return not self.done


class PhaseClosure(models.Model):
    """The referent closed a phase; with items still open, the reason they gave stays on record."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="closures")
    phase = models.CharField(_("phase"), max_length=16, choices=ProjectPhase.choices[:4])
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    open_items = models.PositiveSmallIntegerField(_("items still open"), default=0)
    reason = models.TextField(_("reason for closing with items open"), blank=True, max_length=2000)

    class Meta:
        ordering = ["project", "closed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "phase"], name="project_phase_closed_once")]
        verbose_name = _("phase closure")
        verbose_name_plural = _("phase closures")

    def __str__(self):
        return f"{self.project} — {self.phase}"


class TeamMember(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation or service"), max_length=150, blank=True)
    kind = models.CharField(_("from"), max_length=16, choices=MemberKind.choices, default=MemberKind.COMMUNE)
    role = models.CharField(_("role"), max_length=16, choices=ProjectRole.choices, default=ProjectRole.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["project", "role", "name", "pk"]
        verbose_name = _("team member or stakeholder")
        verbose_name_plural = _("team and stakeholders")

    def __str__(self):
        return self.name


class Level(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class Risk(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risk_items")
    title = models.CharField(_("risk"), max_length=200)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), choices=Level.choices, default=Level.MEDIUM)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Level.choices, default=Level.MEDIUM)
    mitigation = models.TextField(_("mitigation"), blank=True, max_length=2000)

    class Meta:
        ordering = ["project", "-impact", "-likelihood", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self):
        return self.title

    @property
    def severity(self) -> int:
        return self.likelihood * self.impact


class ProjectMilestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "due_date", "pk"]
        verbose_name = _("project milestone")
        verbose_name_plural = _("project milestones")

    def __str__(self):
        return self.title

    def is_late(self, today=None) -> bool:
        return self.completed_on is None and self.due_date < (today or timezone.localdate())


class SteeringMeeting(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    participants = models.TextField(_("participants"), max_length=2000)
    minutes = models.TextField(_("minutes"), blank=True, max_length=10000)
    decisions = models.TextField(_("decisions (one per line)"), blank=True, max_length=4000)

    class Meta:
        ordering = ["project", "-held_on", "-pk"]
        verbose_name = _("steering meeting")
        verbose_name_plural = _("steering meetings")

    def __str__(self):
        return f"{self.project} — {self.held_on}"

    @property
    def decision_list(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class BudgetKind(models.TextChoices):
    COMMITTED = "committed", _("Committed")
    SPENT = "spent", _("Spent")


class BudgetCategory(models.TextChoices):
    INVESTMENT = "investment", _("Investment")
    RUNNING = "running", _("Running cost (yearly)")


class BudgetEntry(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_entries")
    recorded_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=BudgetKind.choices)
    category = models.CharField(
        _("category"), max_length=10, choices=BudgetCategory.choices, default=BudgetCategory.INVESTMENT
    )
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    label = models.CharField(_("label"), max_length=200, blank=True)

    class Meta:
        ordering = ["project", "recorded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="budget_entry_not_negative",
                violation_error_message=_("Enter an amount of zero or more."),
            )
        ]
        verbose_name = _("budget entry")
        verbose_name_plural = _("budget entries")

    def __str__(self):
        return f"{self.label or self.kind}: {self.amount}"


class EvaluationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a worker")
    RUNNING = "running", _("Being rendered")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def evaluation_pdf_path(instance, filename: str) -> str:
    """Ids only: nothing a user typed becomes part of a path."""
    return f"projects/{instance.project_id}/evaluation-{instance.pk}.pdf"


class EvaluationReport(models.Model):
    """A version of a project's evaluation report, rendered by a worker; versions are kept."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evaluations")
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.PENDING
    )
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    snapshot = models.JSONField(_("data used"), default=dict, blank=True)
    pdf = models.FileField(upload_to=evaluation_pdf_path, blank=True, max_length=200)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="evaluation_unique_number_per_project")
        ]
        verbose_name = _("evaluation report")
        verbose_name_plural = _("evaluation reports")

    def __str__(self):
        return f"{self.project} — v{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.status in (EvaluationStatus.DONE, EvaluationStatus.FAILED)
