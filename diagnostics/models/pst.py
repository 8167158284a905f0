"""The commune's PST (Programme Stratégique Transversal): strategic objectives → operational
objectives → actions, entered by hand or imported from a file after a preview."""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from diagnostics.models.pillars import pillar_labels, validate_pillars
from smartregion.imports import PendingImport, PendingImportStatus

CODE_MAX = 20
TITLE_MAX = 300


class ObjectiveLevel(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic objective")
    OPERATIONAL = "operational", _("Operational objective")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ON_HOLD = "on_hold", _("On hold")
    ABANDONED = "abandoned", _("Abandoned")


class PstObjective(models.Model):
    """A strategic objective (no parent) or an operational objective (under a strategic one)."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="pst_objectives")
    level = models.CharField(_("level"), max_length=12, choices=ObjectiveLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("strategic objective"),
    )
    code = models.CharField(_("code"), max_length=CODE_MAX, help_text=_("As in the PST, e.g. OS1 or OO1.2."))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    pillars = models.JSONField(_("pillars"), default=list, blank=True, validators=[validate_pillars])
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "code", "pk"]
        verbose_name = _("PST objective")
        verbose_name_plural = _("PST objectives")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="pst_objective_unique_code"),
            models.CheckConstraint(
                condition=Q(level="strategic", parent__isnull=True) | Q(level="operational", parent__isnull=False),
                name="pst_objective_parent_matches_level",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def is_strategic(self) -> bool:
        return self.level == ObjectiveLevel.STRATEGIC

    @property
    def pillar_labels(self) -> list[str]:
        return pillar_labels(self.pillars)


class PstAction(models.Model):
    """An action of an operational objective; `is_smart` marks actions that are already digital."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="pst_actions")
    objective = models.ForeignKey(
        PstObjective, on_delete=models.CASCADE, related_name="actions", verbose_name=_("operational objective")
    )
    code = models.CharField(_("code"), max_length=CODE_MAX, blank=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    owner = models.CharField(_("owner"), max_length=150, blank=True, help_text=_("The department or person in charge."))
    budget = models.DecimalField(
        _("budget (€)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    is_smart = models.BooleanField(
        _("smart or digital action"), default=False, help_text=_("The action already is a smart or digital project.")
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "code", "pk"]
        verbose_name = _("PST action")
        verbose_name_plural = _("PST actions")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], condition=~Q(code=""), name="pst_action_unique_code"),
            models.CheckConstraint(condition=Q(budget__gte=0) | Q(budget__isnull=True), name="pst_action_budget_gte_0"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()


# The statuses of every import (smartregion.imports); the name stays for the PST's callers.
PstImportStatus = PendingImportStatus


class PstImport(PendingImport):
    """A checked PST file waiting for confirmation, reached by a random key (never by the file's name)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="pst_imports")

    class Meta(PendingImport.Meta):
        verbose_name = _("PST import")
        verbose_name_plural = _("PST imports")

    def __str__(self):
        return f"{self.source_name} → {self.commune}"
