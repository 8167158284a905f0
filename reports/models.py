"""Final reports: each generation is a version with its status, the data it was drawn from and its PDF.

A version is rendered by a Celery worker. Its row is the job's state: claimed with a conditional UPDATE
(pending → running), finished as done or failed with a reason. The PDF lives under MEDIA_ROOT at a path
built from ids only and is never served by a public URL: downloads go through a view that checks access.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, register_activity_verbs


@register_activity_verbs
class ReportVerb(models.TextChoices):
    REQUESTED = "report_requested", _("Report requested")
    PUBLISHED = "report_published", _("Report published")
    UNPUBLISHED = "report_unpublished", _("Report withdrawn")
    INTRODUCTION_UPDATED = "report_introduction_updated", _("Report introduction updated")
    RETRIED = "report_retried", _("Report sent to the workers again")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a worker")
    RUNNING = "running", _("Being rendered")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportStep(models.TextChoices):
    """What a running rendering is doing, in order; the status page shows it with a progress bar."""

    DATA = "data", _("Gathering the data")
    HTML = "html", _("Building the document")
    PDF = "pdf", _("Rendering the PDF pages")
    SAVE = "save", _("Saving the PDF")


STEP_ORDER = list(ReportStep.values)


class FailureReason(models.TextChoices):
    """Why a version failed, shown to the referent in their own language."""

    TIME_LIMIT = (
        "time_limit",
        _(
            "The rendering took longer than allowed and was stopped. Try again; if it happens again, the report "
            "may be too large for the current time limit."
        ),
    )
    ERROR = "error", _("The rendering stopped on an unexpected error. Try again; if it happens again, tell the team.")
    ABANDONED = "abandoned", _("The rendering was interrupted several times (its worker stopped) and was given up.")


def report_pdf_path(instance, filename: str) -> str:
    """Ids only: nothing a user typed ever becomes part of a path."""
    return f"reports/{instance.commune_id}/{instance.pk}.pdf"


class ReportIntroduction(models.Model):
    """The referent's introduction to a commune's report, printed in part 1 of every new version."""

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="report_introduction")
    text = models.TextField(_("introduction"), blank=True, max_length=6000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report introduction")
        verbose_name_plural = _("report introductions")

    def __str__(self):
        return str(self.commune)


class Report(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="reports")
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    # The job: who holds it (the Celery task id, or a token for a synchronous run) and since when.
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    # The step a running rendering is at (empty before the claim); updated as it goes, read by the status page.
    step = models.CharField(_("step"), max_length=8, choices=ReportStep.choices, blank=True)
    failure_reason = models.CharField(
        _("reason of the failure"), max_length=20, choices=FailureReason.choices, blank=True
    )
    snapshot = models.JSONField(_("data used"), default=dict, blank=True)
    pdf = models.FileField(upload_to=report_pdf_path, blank=True, max_length=200)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # The cached parts its PDF was assembled from (reports/assembly.py): parts no version names are pruned.
    part_digests = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(fields=["commune", "number"], name="report_unique_number_per_commune"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="done"), name="report_published_only_when_done"
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="report_status_claimed")]

    def __str__(self):
        return f"{self.commune} — v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def step_number(self) -> int:
        """The running step's rank (1 to `step_count`), 0 when no step is running."""
        if self.status != ReportStatus.RUNNING or self.step not in STEP_ORDER:
            return 0
        return STEP_ORDER.index(self.step) + 1

    @property
    def step_count(self) -> int:
        return len(STEP_ORDER)

    @property
    def progress(self) -> int:
        """How far the rendering is, out of 100: 0 while waiting, one share per step done, 100 when ready."""
        if self.status == ReportStatus.DONE:
            return 100
        return round(100 * self.step_number / (len(STEP_ORDER) + 1))
