"""Roadmaps: project sheets, their marks and prerequisites, the scoring state and plan proposals.

A sheet links to the diagnostic of its commune: the PST objectives it serves, the needs it addresses
and the existing systems of the inventory it must exchange data with (see roadmaps/links.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# validate_pillars is also what this app's migrations name `roadmaps.models.validate_pillars`.
from communes.models import Commune, register_activity_verbs, validate_pillars
from smartregion.typography import of_name


class Skill(models.TextChoices):
    BUSINESS = "business", _("Business knowledge")
    DIGITAL = "digital", _("Digital skills")
    STEERING = "steering", _("Project steering")


def validate_skills(value) -> None:
    if not isinstance(value, list) or any(v not in Skill.values for v in value):
        raise ValidationError(_("Skills must be a list of known skills."))


class FunctionCategory(models.TextChoices):
    """The job a project (or an existing system) does: two things doing the same job are duplicates."""

    WEBSITE = "website", _("Website")
    ONLINE_SERVICES = "online_services", _("Online services and procedures")
    PARTICIPATION = "participation", _("Citizen participation")
    CITIZEN_REPORTING = "citizen_reporting", _("Citizen reports of issues")
    OPEN_DATA = "open_data", _("Open data")
    ARCHIVING = "archiving", _("Archiving")
    DOCUMENT_MANAGEMENT = "document_management", _("Document management")
    PROCUREMENT = "procurement", _("Public procurement")
    CYBERSECURITY = "cybersecurity", _("Cybersecurity")
    CONNECTIVITY = "connectivity", _("Connectivity")
    PUBLIC_WIFI = "public_wifi", _("Public Wi-Fi")
    STREET_LIGHTING = "street_lighting", _("Street lighting")
    ENERGY_MONITORING = "energy_monitoring", _("Energy monitoring")
    ENVIRONMENT_SENSING = "environment_sensing", _("Environmental sensors")
    WASTE = "waste", _("Waste management")
    SHARED_MOBILITY = "shared_mobility", _("Shared mobility")
    PARKING = "parking", _("Parking")
    DIGITAL_INCLUSION = "digital_inclusion", _("Digital inclusion")
    OTHER = "other", _("Other")


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term (year 1)")
    MEDIUM = "medium", _("Medium term (years 2–3)")
    LONG = "long", _("Long term (years 4–6)")


HORIZON_RANK = {Horizon.SHORT: 1, Horizon.MEDIUM: 2, Horizon.LONG: 3}
HORIZON_BY_RANK = {rank: horizon for horizon, rank in HORIZON_RANK.items()}


def horizon_rank(value: str) -> int | None:
    return HORIZON_RANK.get(value) if value else None


class SheetStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    VALIDATED = "validated", _("Validated by the Collège")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    DONE = "done", _("Done")
    ABANDONED = "abandoned", _("Abandoned")


class SocioEconomicValue(models.IntegerChoices):
    """Qualitative socio-economic value for the territory (FIRIP guide), when no figure is at hand."""

    NONE = 0, _("None")
    LOW = 1, _("Low")
    MODERATE = 2, _("Moderate")
    HIGH = 3, _("High")
    VERY_HIGH = 4, _("Very high")


class Priority(models.TextChoices):
    HIGH = "high", _("High priority")
    MEDIUM = "medium", _("Medium priority")
    LOW = "low", _("Low priority")


@register_activity_verbs
class RoadmapVerb(models.TextChoices):
    ROADMAP_CREATED = "roadmap_created", _("Roadmap started")
    ROADMAP_UPDATED = "roadmap_updated", _("Roadmap updated")
    ROADMAP_PUBLISHED = "roadmap_published", _("Roadmap published")
    ROADMAP_UNPUBLISHED = "roadmap_unpublished", _("Roadmap withdrawn from publication")
    SHEET_CREATED = "sheet_created", _("Project sheet created")
    SHEET_UPDATED = "sheet_updated", _("Project sheet updated")
    SHEET_DELETED = "sheet_deleted", _("Project sheet deleted")
    SHEET_MARKED = "sheet_marked", _("Project sheet marked")
    SHEET_COMMENTED = "sheet_commented", _("Comment on a project sheet")
    COMMENT_DELETED = "sheet_comment_deleted", _("Comment on a project sheet deleted")
    PREREQUISITE_ADDED = "prerequisite_added", _("Prerequisite added")
    PREREQUISITE_REMOVED = "prerequisite_removed", _("Prerequisite removed")
    WEIGHTS_CHANGED = "weights_changed", _("Scoring weights changed")
    CRITERION_ADDED = "criterion_added", _("Scoring criterion added")
    CRITERION_DELETED = "criterion_deleted", _("Scoring criterion deleted")
    PLAN_PROPOSED = "plan_proposed", _("Affordable plan proposed")
    PLAN_ACCEPTED = "plan_accepted", _("Affordable plan accepted")
    PLAN_DISMISSED = "plan_dismissed", _("Affordable plan set aside")


class ProjectTemplate(models.Model):
    """A common project, shared across the territory, that a sheet can start from. Texts in French and English."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    objectives_fr = models.TextField(_("objectives (French)"), blank=True)
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    pillars = models.JSONField(_("pillars"), default=list, blank=True, validators=[validate_pillars])
    function_category = models.CharField(
        _("function"), max_length=30, choices=FunctionCategory.choices, default=FunctionCategory.OTHER
    )
    skills_needed = models.JSONField(_("skills needed"), default=list, blank=True, validators=[validate_skills])
    typical_investment = models.DecimalField(
        _("typical investment (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    typical_running_cost = models.DecimalField(
        _("typical yearly running cost (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    typical_staff_days = models.PositiveIntegerField(_("typical staff days"), null=True, blank=True)
    default_prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="unlocks", verbose_name=_("default prerequisites")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("project template")
        verbose_name_plural = _("project templates")

    def __str__(self):
        return self.title

    def localized(self, name: str) -> str:
        """The text in the active language, falling back to French."""
        if (translation.get_language() or "").startswith("en"):
            english = getattr(self, f"{name}_en")
            if english:
                return english
        return getattr(self, f"{name}_fr")

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def summary(self) -> str:
        return self.localized("summary")

    @property
    def objectives(self) -> str:
        return self.localized("objectives")


class RoadmapStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Roadmap(models.Model):
    """A commune's roadmap (feuille de route), and the state of its scoring.

    Every change of marks or weights bumps `scoring_version`; the scoring task computes all scores for
    the current version and stores it in `scored_version` in the same transaction as the scores, so a
    page shows either the last complete ranking or the new one, never a mix.
    """

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="roadmap")
    status = models.CharField(_("status"), max_length=12, choices=RoadmapStatus.choices, default=RoadmapStatus.DRAFT)
    summary = models.TextField(
        _("strategy"),
        blank=True,
        help_text=_("In a few lines: a thematic strategy (e.g. an energy programme) or a generalist one."),
    )
    focus_pillars = models.JSONField(_("focus pillars"), default=list, blank=True, validators=[validate_pillars])
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scoring_version = models.PositiveIntegerField(default=0)
    scored_version = models.PositiveIntegerField(default=0)
    scoring_requested_at = models.DateTimeField(null=True, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    scoring_enqueue_failed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Set when the task queue could not be reached; the sweep retries.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        constraints = [
            models.CheckConstraint(
                condition=Q(scored_version__lte=F("scoring_version")), name="roadmap_scored_not_ahead"
            ),
        ]
        indexes = [models.Index(fields=["scored_version", "scoring_version"], name="roadmap_scoring_state")]

    def __str__(self):
        return str(_("Roadmap of %(of_name)s") % {"of_name": of_name(str(self.commune))})

    @property
    def is_published(self) -> bool:
        return self.status == RoadmapStatus.PUBLISHED

    @property
    def scoring_pending(self) -> bool:
        return self.scored_version < self.scoring_version


class CriterionKind(models.TextChoices):
    """The default criteria; a referent's own criteria are CUSTOM with their own label."""

    BUDGET = "budget", _("Budget (cheaper scores higher)")
    FEASIBILITY = "feasibility", _("Technical feasibility")
    RESOURCES = "resources", _("Resources available against needed")
    IMPACT = "impact", _("Impact on the population")
    PST_ALIGNMENT = "pst_alignment", _("Alignment with the PST")
    EVIDENCE = "evidence", _("Strength of the evidence")
    CUSTOM = "custom", _("Criterion of the roadmap")


DEFAULT_CRITERIA = [
    (CriterionKind.BUDGET, 15),
    (CriterionKind.FEASIBILITY, 15),
    (CriterionKind.RESOURCES, 15),
    (CriterionKind.IMPACT, 25),
    (CriterionKind.PST_ALIGNMENT, 20),
    (CriterionKind.EVIDENCE, 10),
]
MAX_WEIGHT = 100


class Criterion(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(_("kind"), max_length=20, choices=CriterionKind.choices, default=CriterionKind.CUSTOM)
    label = models.CharField(_("name"), max_length=120, blank=True, help_text=_("Only for your own criteria."))
    description = models.CharField(_("what a 5 means"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=10, validators=[MaxValueValidator(MAX_WEIGHT)], help_text=_("From 0 (ignored) to 100.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "kind"], condition=~Q(kind="custom"), name="criterion_default_once_per_roadmap"
            ),
            models.CheckConstraint(condition=Q(weight__lte=MAX_WEIGHT), name="criterion_weight_at_most_100"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.kind == CriterionKind.CUSTOM:
            return self.label
        return str(CriterionKind(self.kind).label)

    @property
    def is_default(self) -> bool:
        return self.kind != CriterionKind.CUSTOM


# The sheet's long texts: written in text areas, shown on the sheet's own page, not in the roadmap's table.
SHEET_LONG_TEXTS = (
    "summary",
    "objectives",
    "pst_objectives_text",
    "needs_text",
    "people_involved",
    "funding",
    "feasibility",
    "resources_available",
    "resources_needed",
    "impact",
    "risks",
)


class ProjectSheet(models.Model):
    """A project sheet (fiche projet). `version` guards against two people overwriting each other."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="sheets")
    template = models.ForeignKey(
        ProjectTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="sheets"
    )
    # The workshop idea (a project-sheet candidate) the sheet was started from; one sheet per idea, so
    # the idea leaves the roadmap's list of candidates once it has its sheet.
    origin_idea = models.OneToOneField(
        "diagnostics.WorkshopIdea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_sheet",
        verbose_name=_("workshop idea it comes from"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    pillars = models.JSONField(_("pillars"), default=list, blank=True, validators=[validate_pillars])
    function_category = models.CharField(
        _("function"),
        max_length=30,
        choices=FunctionCategory.choices,
        default=FunctionCategory.OTHER,
        help_text=_("The job it does: used to warn about duplicates."),
    )
    # Links to the commune's diagnostic; the texts hold what the lists do not (roadmaps/links.py).
    pst_objectives = models.ManyToManyField(
        "diagnostics.PstObjective", blank=True, related_name="project_sheets", verbose_name=_("PST objectives served")
    )
    needs = models.ManyToManyField(
        "diagnostics.Need", blank=True, related_name="project_sheets", verbose_name=_("needs addressed")
    )
    exchanges_with = models.ManyToManyField(
        "diagnostics.ExistingSystem",
        blank=True,
        related_name="project_sheets",
        verbose_name=_("existing systems it must exchange data with"),
    )
    pst_objectives_text = models.TextField(_("PST objectives served (notes)"), blank=True)
    needs_text = models.TextField(_("needs addressed: notes on the evidence"), blank=True)
    people_involved = models.TextField(_("people involved"), blank=True)
    skills_needed = models.JSONField(_("skills needed"), default=list, blank=True, validators=[validate_skills])
    investment = models.DecimalField(
        _("estimated investment (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    running_cost = models.DecimalField(
        _("yearly running cost (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    staff_days = models.PositiveIntegerField(
        _("staff time (person-days)"), null=True, blank=True, help_text=_("Commune staff time the project needs.")
    )
    funding = models.TextField(_("possible funding"), blank=True, help_text=_("Subsidies, calls for projects…"))
    feasibility = models.TextField(_("technical feasibility"), blank=True)
    resources_available = models.TextField(_("resources available"), blank=True)
    resources_needed = models.TextField(_("resources needed"), blank=True)
    impact = models.TextField(_("expected impact on the population"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SheetStatus.choices, default=SheetStatus.PROPOSED)
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, blank=True)
    # Return on investment.
    roi_years = models.PositiveSmallIntegerField(
        _("period of the analysis (years)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    yearly_financial_gains = models.DecimalField(
        _("yearly financial gains (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Savings and revenue, e.g. energy saved or parking fees."),
    )
    socio_economic_value = models.PositiveSmallIntegerField(
        _("socio-economic value"), choices=SocioEconomicValue.choices, null=True, blank=True
    )
    yearly_socio_economic_value = models.DecimalField(
        _("yearly socio-economic value (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Optional: a figure for the value to the territory (time saved, health, emissions…)."),
    )
    prerequisites = models.ManyToManyField(
        "self", through="Prerequisite", symmetrical=False, related_name="dependents", blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("project sheet")
        verbose_name_plural = _("project sheets")

    def __str__(self):
        return self.title

    @property
    def horizon_rank(self) -> int | None:
        return horizon_rank(self.horizon)


class Prerequisite(models.Model):
    """`sheet` needs `required` to come first (same roadmap)."""

    sheet = models.ForeignKey(ProjectSheet, on_delete=models.CASCADE, related_name="prerequisite_links")
    required = models.ForeignKey(ProjectSheet, on_delete=models.CASCADE, related_name="dependent_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "required"], name="prerequisite_unique"),
            models.CheckConstraint(condition=~Q(sheet=F("required")), name="prerequisite_not_itself"),
        ]

    def __str__(self):
        return f"{self.sheet} ← {self.required}"


class Mark(models.Model):
    sheet = models.ForeignKey(ProjectSheet, on_delete=models.CASCADE, related_name="marks")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="marks")
    value = models.PositiveSmallIntegerField(_("mark"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="mark_once_per_criterion"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="mark_between_1_and_5"),
        ]

    def __str__(self):
        return f"{self.sheet}: {self.criterion} = {self.value}"


class SheetScore(models.Model):
    """The last complete ranking: written only by the scoring task, all of a roadmap's rows at once."""

    sheet = models.OneToOneField(ProjectSheet, on_delete=models.CASCADE, primary_key=True, related_name="score")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="scores")
    score = models.FloatField(null=True, blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices)
    marked = models.PositiveSmallIntegerField(default=0)
    weighted_criteria = models.PositiveSmallIntegerField(default=0)
    rank = models.PositiveIntegerField()
    version = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self):
        return f"{self.sheet_id}: {self.score}"

    @property
    def complete(self) -> bool:
        return self.marked == self.weighted_criteria


class Comment(models.Model):
    sheet = models.ForeignKey(ProjectSheet, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Set aside")


class CostBasis(models.TextChoices):
    """What a plan budgets a sheet at: its investment, or the commune's share after grants (roadmaps.costs)."""

    INVESTMENT = "investment", _("The whole investment")
    SHARE = "share", _("The commune's share (investment less grants granted)")
    EXPECTED_SHARE = "expected_share", _("The commune's share if the expected grants come (what-if)")


class PlanProposal(models.Model):
    """An affordable plan computed for given budgets; accepting it applies its horizons to the sheets.

    `budgets`: {"short": {"investment": 100000.0, "staff_days": null}, ...}; `assignments`:
    {"<sheet id>": "short"|...}; `exclusions`: {"<sheet id>": {"reason": ..., ...}} (see roadmaps.planning).
    """

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="plans")
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.PROPOSED)
    budgets = models.JSONField(default=dict)
    cost_basis = models.CharField(max_length=16, choices=CostBasis.choices, default=CostBasis.INVESTMENT)
    # {"<sheet id>": cost}: what each candidate cost the plan when it is not the investment (roadmaps.costs).
    costs = models.JSONField(default=dict, blank=True)
    required = models.JSONField(default=list, blank=True)
    forbidden = models.JSONField(default=list, blank=True)
    feasible = models.BooleanField(default=True)
    optimal = models.BooleanField(default=True)
    total_score = models.FloatField(default=0)
    assignments = models.JSONField(default=dict, blank=True)
    exclusions = models.JSONField(default=dict, blank=True)
    # {"<sheet id>": {"reason": ..., ...}}: why a chosen sheet is not in an earlier horizon (roadmaps.planning).
    placements = models.JSONField(default=dict, blank=True)
    solve_seconds = models.FloatField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        verbose_name = _("plan proposal")
        verbose_name_plural = _("plan proposals")

    def __str__(self):
        return f"{self.roadmap} — {self.get_status_display()} ({self.created_at:%Y-%m-%d})"
