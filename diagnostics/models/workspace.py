"""A commune's diagnostic workspace: the interview target and the synthesis written by the referent."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, register_activity_verbs

DEFAULT_INTERVIEW_TARGET = 10


@register_activity_verbs
class WorkspaceActivityVerb(models.TextChoices):
    PST_OBJECTIVE_SAVED = "pst_objective_saved", _("PST objective saved")
    PST_OBJECTIVE_DELETED = "pst_objective_deleted", _("PST objective deleted")
    PST_ACTION_SAVED = "pst_action_saved", _("PST action saved")
    PST_ACTION_DELETED = "pst_action_deleted", _("PST action deleted")
    PST_IMPORTED = "pst_imported", _("PST imported from a file")
    PST_IMPORT_PREPARED = "pst_import_prepared", _("PST file checked for import")
    PST_IMPORT_DISCARDED = "pst_import_discarded", _("PST import discarded")
    INTERVIEW_TARGET_CHANGED = "interview_target_changed", _("Interview target changed")
    INTERVIEW_PLANNED = "interview_planned", _("Interview planned")
    INTERVIEW_UPDATED = "interview_updated", _("Interview updated")
    INTERVIEW_DELETED = "interview_deleted", _("Interview deleted")
    FINDING_SAVED = "finding_saved", _("Interview finding saved")
    FINDING_DELETED = "finding_deleted", _("Interview finding deleted")
    FINDING_PUBLISHED = "finding_published", _("Interview finding published")
    FINDING_UNPUBLISHED = "finding_unpublished", _("Interview finding withdrawn from publication")
    WORKSHOP_SAVED = "workshop_saved", _("Ideation workshop saved")
    WORKSHOP_DELETED = "workshop_deleted", _("Ideation workshop deleted")
    IDEA_SAVED = "idea_saved", _("Workshop idea saved")
    IDEA_DELETED = "idea_deleted", _("Workshop idea deleted")
    VOTES_RECORDED = "votes_recorded", _("Workshop votes recorded")
    IDEA_DECIDED = "idea_decided", _("Decision on a workshop idea")
    SYSTEM_SAVED = "system_saved", _("Existing system saved")
    SYSTEM_DELETED = "system_deleted", _("Existing system deleted")
    EXCHANGE_SAVED = "exchange_saved", _("Data exchange saved")
    EXCHANGE_DELETED = "exchange_deleted", _("Data exchange deleted")
    WARNING_DISMISSED = "warning_dismissed", _("Inventory warning dismissed")
    WARNING_RESTORED = "warning_restored", _("Inventory warning shown again")
    NEED_SAVED = "need_saved", _("Need saved")
    NEED_DELETED = "need_deleted", _("Need deleted")
    NEEDS_MERGED = "needs_merged", _("Needs merged")
    EVIDENCE_ADDED = "evidence_added", _("Evidence added to a need")
    EVIDENCE_REMOVED = "evidence_removed", _("Evidence removed from a need")
    SYNTHESIS_SAVED = "synthesis_saved", _("Diagnostic synthesis saved")


class Diagnostic(models.Model):
    """One per commune, created on first use: settings of the diagnostic and the referent's synthesis."""

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="diagnostic")
    interview_target = models.PositiveSmallIntegerField(
        _("interview target"),
        default=DEFAULT_INTERVIEW_TARGET,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How many interviews the diagnostic plans (about ten usually)."),
    )
    summary_text = models.TextField(
        _("synthesis"), blank=True, help_text=_("Your own reading of the diagnostic, printed in the final report.")
    )
    strengths_text = models.TextField(_("strengths"), blank=True)
    weaknesses_text = models.TextField(_("weaknesses"), blank=True)
    existing_text = models.TextField(
        _("existing situation"), blank=True, help_text=_("What the inventory and the interviews say exists today.")
    )
    # Optimistic lock: a form carries the value it was built from; a save from an older value is refused.
    edit_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interview_target__gte=1), name="diagnostic_interview_target_positive"
            ),
        ]

    def __str__(self):
        return str(self.commune)
