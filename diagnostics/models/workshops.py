"""Ideation workshops: the ideas collected, their dot votes and the referent's decision on each."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, Pillar

MAX_VOTES = 10000


class Workshop(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    participant_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True, validators=[MaxValueValidator(MAX_VOTES)]
    )
    participant_names = models.TextField(
        _("participants"),
        blank=True,
        help_text=_("One name per line (optional). Seen by the referent and the commune's staff only."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Seen by the referent and the commune's staff only."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("ideation workshop")
        verbose_name_plural = _("ideation workshops")

    def __str__(self):
        return self.title

    @property
    def names(self) -> list[str]:
        return [line.strip() for line in self.participant_names.splitlines() if line.strip()]

    @property
    def participants(self) -> int:
        """The number of participants: the count given, or else the names listed."""
        return self.participant_count if self.participant_count is not None else len(self.names)


class IdeaDecision(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    NEED = "need", _("Kept as a need")
    PROJECT_CANDIDATE = "project_candidate", _("Project-sheet candidate")
    SET_ASIDE = "set_aside", _("Set aside")


class WorkshopIdea(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="workshop_ideas")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("idea"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    pillar = models.CharField(_("pillar"), max_length=30, choices=Pillar.choices, blank=True)
    votes = models.PositiveIntegerField(_("dot votes"), default=0, validators=[MaxValueValidator(MAX_VOTES)])
    decision = models.CharField(
        _("decision"), max_length=20, choices=IdeaDecision.choices, default=IdeaDecision.PENDING
    )
    decision_note = models.CharField(_("why"), max_length=300, blank=True)
    need = models.ForeignKey(
        "diagnostics.Need", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("need")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-votes", "position", "pk"]
        verbose_name = _("workshop idea")
        verbose_name_plural = _("workshop ideas")
        constraints = [
            models.CheckConstraint(condition=models.Q(votes__lte=MAX_VOTES), name="workshop_idea_votes_max"),
        ]

    def __str__(self):
        return self.title
