"""Needs of the commune, each backed by evidence: questionnaire results, interview findings,
workshop ideas and PST objectives. A need's weight is the number of independent sources behind it
(see `diagnostics.evidence`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, Pillar
from diagnostics.models.interviews import Finding
from diagnostics.models.pillars import pillar_labels, validate_pillars
from diagnostics.models.pst import PstObjective
from diagnostics.models.questionnaires import Campaign, Question
from diagnostics.models.workshops import WorkshopIdea


class Need(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="needs")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    pillars = models.JSONField(_("pillars"), default=list, blank=True, validators=[validate_pillars])
    # A merged need keeps its row as a trace: it points to the need that received its evidence.
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_needs"
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["commune", "merged_at"], name="need_commune_active")]

    def __str__(self):
        return self.title

    @property
    def is_merged(self) -> bool:
        return self.merged_at is not None

    @property
    def pillar_labels(self) -> list[str]:
        return pillar_labels(self.pillars)


class EvidenceKind(models.TextChoices):
    QUESTION = "question", _("Questionnaire question")
    PILLAR = "pillar", _("Questionnaire pillar score")
    FINDING = "finding", _("Interview finding")
    IDEA = "idea", _("Workshop idea")
    OBJECTIVE = "objective", _("PST objective")


class NeedEvidence(models.Model):
    """One piece of evidence for a need; exactly the fields of its kind are filled."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind.choices)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    pillar = models.CharField(_("pillar"), max_length=30, choices=Pillar.choices, blank=True)
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence")
    idea = models.ForeignKey(WorkshopIdea, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence")
    objective = models.ForeignKey(
        PstObjective, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    note = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="question",
                        campaign__isnull=False,
                        question__isnull=False,
                        pillar="",
                        finding__isnull=True,
                        idea__isnull=True,
                        objective__isnull=True,
                    )
                    | (
                        Q(
                            kind="pillar",
                            campaign__isnull=False,
                            question__isnull=True,
                            finding__isnull=True,
                            idea__isnull=True,
                            objective__isnull=True,
                        )
                        & ~Q(pillar="")
                    )
                    | Q(
                        kind="finding",
                        campaign__isnull=True,
                        question__isnull=True,
                        pillar="",
                        finding__isnull=False,
                        idea__isnull=True,
                        objective__isnull=True,
                    )
                    | Q(
                        kind="idea",
                        campaign__isnull=True,
                        question__isnull=True,
                        pillar="",
                        finding__isnull=True,
                        idea__isnull=False,
                        objective__isnull=True,
                    )
                    | Q(
                        kind="objective",
                        campaign__isnull=True,
                        question__isnull=True,
                        pillar="",
                        finding__isnull=True,
                        idea__isnull=True,
                        objective__isnull=False,
                    )
                ),
                name="need_evidence_fields_match_kind",
            ),
            models.UniqueConstraint(
                fields=["need", "campaign", "question"],
                condition=Q(kind="question"),
                name="need_evidence_unique_question",
            ),
            models.UniqueConstraint(
                fields=["need", "campaign", "pillar"], condition=Q(kind="pillar"), name="need_evidence_unique_pillar"
            ),
            models.UniqueConstraint(
                fields=["need", "finding"], condition=Q(kind="finding"), name="need_evidence_unique_finding"
            ),
            models.UniqueConstraint(
                fields=["need", "idea"], condition=Q(kind="idea"), name="need_evidence_unique_idea"
            ),
            models.UniqueConstraint(
                fields=["need", "objective"], condition=Q(kind="objective"), name="need_evidence_unique_objective"
            ),
        ]

    def __str__(self):
        return f"{self.need_id}: {self.get_kind_display()}"

    @property
    def source_key(self) -> str:
        """Identifies the independent source behind this evidence (see `diagnostics.evidence`)."""
        from diagnostics.evidence import source_key

        return source_key(
            self.kind,
            campaign_id=self.campaign_id,
            interview_id=self.finding.interview_id if self.finding_id else None,
            workshop_id=self.idea.workshop_id if self.idea_id else None,
            objective_id=self.objective_id,
        )
