"""Mutualisation across a territory: shared projects and the central purchasing body's framework agreements.
Members and their share of the cost (`SharedProjectMember`, computed by `mutualisation.split`), the totals and
split rule (`SharedProjectCosts`), the lots of a framework agreement (`FrameworkLot`).
Convergences, the territory inventory and pooled demand are read live (`mutualisation.selectors`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from communes.models import register_activity_verbs
from roadmaps.models import FunctionCategory, Horizon


class SharedProject(models.Model):
    """A project several communes of a territory carry together."""

    territory = models.ForeignKey(
        "communes.Territory", on_delete=models.CASCADE, related_name="shared_projects", verbose_name=_("territory")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    function_category = models.CharField(
        _("function"), max_length=30, choices=FunctionCategory.choices, default=FunctionCategory.OTHER
    )
    lead_commune = models.ForeignKey(
        "communes.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead commune"),
        help_text=_("Empty when the intercommunale leads the project."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["territory", "title", "pk"]
        verbose_name = _("shared project")
        verbose_name_plural = _("shared projects")

    def __str__(self):
        return self.title


class FrameworkAgreement(models.Model):
    """A framework agreement the intercommunale runs as central purchasing body: communes may order through it
    without a procedure of their own, for purchases of its function while it is valid."""

    territory = models.ForeignKey(
        "communes.Territory", on_delete=models.CASCADE, related_name="framework_agreements", verbose_name=_("territory")
    )
    title = models.CharField(_("solution"), max_length=200)
    function_category = models.CharField(_("function"), max_length=30, choices=FunctionCategory.choices)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    conditions = models.TextField(_("conditions of use"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["territory", "title", "pk"]
        verbose_name = _("framework agreement")
        verbose_name_plural = _("framework agreements")

    def __str__(self):
        return self.title

    def is_active_on(self, day) -> bool:
        return self.valid_from <= day <= self.valid_until


class SplitRule(models.TextChoices):
    EQUAL = "equal", _("Equal shares")
    POPULATION = "population", _("By population")
    USERS = "users", _("By number of users")
    CUSTOM = "custom", _("Custom percentages")


class MemberStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left the project")


# Members who carry a share of the cost: proposed (the share they are asked to accept) and accepted.
SHARING_STATUSES = (MemberStatus.PROPOSED, MemberStatus.ACCEPTED)


@register_activity_verbs
class MutualisationVerb(models.TextChoices):
    SHARED_PROJECT_CREATED = "shared_project_created", _("Shared project created")
    SHARED_PROJECT_UPDATED = "shared_project_updated", _("Shared project updated")
    MEMBER_PROPOSED = "shared_member_proposed", _("Commune proposed to join a shared project")
    MEMBER_ACCEPTED = "shared_member_accepted", _("Shared project accepted")
    MEMBER_DECLINED = "shared_member_declined", _("Shared project declined")
    MEMBER_LEFT = "shared_member_left", _("Commune left a shared project")
    SHARES_RECOMPUTED = "shared_shares_recomputed", _("Shares of a shared project recomputed")
    PROJECTS_STARTED = "shared_projects_started", _("Operational projects started for a shared project")
    FRAMEWORK_CREATED = "framework_created", _("Framework agreement added to the catalogue")


class SharedProjectCosts(models.Model):
    """The totals and the split rule of a shared project (one row per project, kept apart from the model
    other apps rely on)."""

    shared_project = models.OneToOneField(SharedProject, on_delete=models.CASCADE, related_name="costs")
    investment = models.DecimalField(
        _("total investment (€)"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    running_cost = models.DecimalField(
        _("total yearly running cost (€)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    split_rule = models.CharField(_("cost split rule"), max_length=12, choices=SplitRule.choices)
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, blank=True)
    template = models.ForeignKey(
        "roadmaps.ProjectTemplate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("costs of a shared project")
        verbose_name_plural = _("costs of shared projects")

    def __str__(self):
        return str(self.shared_project)


class SharedProjectMember(models.Model):
    """A commune asked to join a shared project: its answer and its share of the cost (in euros, to the cent)."""

    shared_project = models.ForeignKey(SharedProject, on_delete=models.CASCADE, related_name="members")
    commune = models.ForeignKey("communes.Commune", on_delete=models.CASCADE, related_name="shared_memberships")
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.PROPOSED)
    users = models.PositiveIntegerField(_("number of users"), null=True, blank=True)
    percentage = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    investment_share = models.DecimalField(_("share of the investment (€)"), max_digits=12, decimal_places=2, default=0)
    running_cost_share = models.DecimalField(
        _("share of the running cost (€)"), max_digits=12, decimal_places=2, default=0
    )
    sheet = models.OneToOneField(
        "roadmaps.ProjectSheet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_membership",
        verbose_name=_("project sheet in the commune's roadmap"),
    )
    project = models.ForeignKey("projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shared_project", "commune__name", "pk"]
        verbose_name = _("member of a shared project")
        verbose_name_plural = _("members of shared projects")
        constraints = [
            models.UniqueConstraint(fields=["shared_project", "commune"], name="shared_member_once"),
        ]

    def __str__(self):
        return f"{self.shared_project} — {self.commune}"


class FrameworkLot(models.Model):
    """A lot of a framework agreement: what it buys, at which unit price."""

    agreement = models.ForeignKey(FrameworkAgreement, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(_("lot number"), default=1)
    description = models.CharField(_("description"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    unit_price = models.DecimalField(
        _("unit price (€)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["agreement", "number", "pk"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self):
        return self.description
