"""The territory barometer: editions of a survey of every commune of a territory, compared over time.

An edition holds its own question set; questions keep a stable `code` across editions so that answers
stay comparable (the 2019 and 2022 "smartness" means, for instance). Each commune has at most one
response per edition, filled online by the commune, entered by the referent, or imported from a file.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barometer import kinds as barometer_kinds
from communes.models import Commune, Territory, register_activity_verbs
from smartregion.imports import PendingImport, PendingImportStatus

CODE_MAX_LENGTH = 40
ERROR_CLOSES_BEFORE_OPENS = _("The closing date cannot come before the opening date.")
ERROR_SCALE_BOUNDS = _("A scale needs a lowest and a highest value, the highest above the lowest.")
code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("A code starts with a lowercase letter and holds only lowercase letters, digits and underscores."),
)


@register_activity_verbs
class BarometerVerb(models.TextChoices):
    RESPONSE_SAVED = "barometer_response_saved", _("Barometer answers saved")
    RESPONSE_IMPORTED = "barometer_response_imported", _("Barometer answers imported")
    RESPONSE_DELETED = "barometer_response_deleted", _("Barometer answers deleted")
    EDITION_CREATED = "barometer_edition_created", _("Barometer edition created")
    EDITION_UPDATED = "barometer_edition_updated", _("Barometer edition updated")
    EDITION_PUBLISHED = "barometer_edition_published", _("Barometer edition published")
    EDITION_UNPUBLISHED = "barometer_edition_unpublished", _("Barometer edition unpublished")
    EDITION_DELETED = "barometer_edition_deleted", _("Barometer edition deleted")
    QUESTION_CREATED = "barometer_question_created", _("Barometer question added")
    QUESTION_UPDATED = "barometer_question_updated", _("Barometer question updated")
    QUESTION_DELETED = "barometer_question_deleted", _("Barometer question deleted")
    IMPORT_PREPARED = "barometer_import_prepared", _("Barometer import checked")
    IMPORT_APPLIED = "barometer_import_applied", _("Barometer import applied")
    IMPORT_DISCARDED = "barometer_import_discarded", _("Barometer import discarded")
    INVITATIONS_SENT = "barometer_invitations_sent", _("Barometer answer links sent")
    INVITATION_REVOKED = "barometer_invitation_revoked", _("Barometer answer link withdrawn")
    REMINDERS_SENT = "barometer_reminders_sent", _("Barometer reminders sent")
    LINK_SUBMITTED = "barometer_link_submitted", _("Barometer answers submitted through the link")
    SINGLE_ACCEPTED = "barometer_single_accepted", _("Barometer answer of one person accepted")


class EditionStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Edition(models.Model):
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="barometer_editions", verbose_name=_("territory")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("questions from")
    )
    reminder_every_days = models.PositiveSmallIntegerField(
        _("remind communes every (days)"),
        null=True,
        blank=True,
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Communes invited that have not answered get a reminder at this interval. Empty: on demand only."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("barometer edition")
        verbose_name_plural = _("barometer editions")
        constraints = [
            models.UniqueConstraint(fields=["territory", "year"], name="barometer_edition_unique_year"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="barometer_edition_closes_after",
                violation_error_message=ERROR_CLOSES_BEFORE_OPENS,
            ),
        ]

    def __str__(self):
        return self.title

    def status(self, today=None) -> str:
        today = today or timezone.localdate()
        if today < self.opens_on:
            return EditionStatus.UPCOMING
        if today > self.closes_on:
            return EditionStatus.CLOSED
        return EditionStatus.OPEN

    def get_status_display(self) -> str:
        return str(EditionStatus(self.status()).label)

    @property
    def is_open(self) -> bool:
        return self.status() == EditionStatus.OPEN


class QuestionKind(models.TextChoices):
    """The barometer's kinds, one class each in `barometer.kinds` (their labels come from there). Choices,
    yes/no and free text mean what the questionnaires' kinds of the same name mean (`smartregion.questions.kinds`)
    and share their labels; a barometer scale has its own bounds."""

    SCALE = "scale", barometer_kinds.Scale.label
    SINGLE = "single", barometer_kinds.SingleChoice.label
    MULTIPLE = "multiple", barometer_kinds.MultipleChoice.label
    YES_NO = "yes_no", barometer_kinds.YesNo.label
    TEXT = "text", barometer_kinds.Text.label


# The questionnaire kind each barometer kind stands for, where they mean the same thing.
SHARED_KINDS = {kind.value: kind.shared.value for kind in barometer_kinds.REGISTRY.values() if kind.shared}


class Question(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(
        _("code"),
        max_length=CODE_MAX_LENGTH,
        validators=[code_validator],
        help_text=_("Stable across editions: the same question keeps the same code so that answers compare."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    scale_min = models.SmallIntegerField(_("lowest value"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("highest value"), null=True, blank=True)
    required = models.BooleanField(_("answer required"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("barometer question")
        verbose_name_plural = _("barometer questions")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="barometer_question_unique_code"),
            models.CheckConstraint(
                condition=(
                    Q(kind="scale", scale_min__isnull=False, scale_max__gt=F("scale_min"))
                    | (~Q(kind="scale") & Q(scale_min__isnull=True, scale_max__isnull=True))
                ),
                name="barometer_question_scale_bounds",
                violation_error_message=ERROR_SCALE_BOUNDS,
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.label}"


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[code_validator])
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="barometer_option_unique_code"),
        ]

    def __str__(self):
        return self.label


class ResponseSource(models.TextChoices):
    ONLINE = "online", _("Filled online by the commune")
    REFERENT = "referent", _("Entered by the referent")
    IMPORT = "import", _("Imported from a file")


class Response(models.Model):
    """A commune's answers to one edition. `version` detects two people saving the same response."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="responses")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="barometer_responses")
    source = models.CharField(_("source"), max_length=16, choices=ResponseSource.choices)
    respondent_name = models.CharField(_("administration member"), max_length=120, blank=True)
    alderman_name = models.CharField(_("alderman in charge"), max_length=120, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("barometer response")
        verbose_name_plural = _("barometer responses")
        constraints = [
            models.UniqueConstraint(fields=["edition", "commune"], name="barometer_response_one_per_commune"),
        ]

    def __str__(self):
        return f"{self.commune} — {self.edition}"


class Answer(models.Model):
    """One answer: `number` for scales, `boolean` for yes/no, `text` for free text, `options` for choices."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    boolean = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True)
    options = models.ManyToManyField(Option, through="AnswerChoice", related_name="answers")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="barometer_answer_one_per_question"),
        ]

    def __str__(self):
        return f"{self.response}: {self.question.code}"


class AnswerChoice(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        verbose_name = _("chosen option")
        verbose_name_plural = _("chosen options")
        constraints = [
            models.UniqueConstraint(fields=["answer", "option"], name="barometer_choice_unique"),
        ]

    def __str__(self):
        return f"{self.answer}: {self.option.code}"


class PublicSnapshot(models.Model):
    """The anonymised figures of a closed edition, frozen when the referent publishes them.

    The public page reads only this row, never live answers: two readings taken before and after one
    commune answers would otherwise tell what that commune answered. `data` holds the suppressed results
    (see results.public_summary and results.results_to_data).
    """

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="public_snapshot")
    data = models.JSONField()
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("public barometer snapshot")
        verbose_name_plural = _("public barometer snapshots")

    def __str__(self):
        return str(self.edition)


# The statuses of every import (smartregion.imports); the name stays for the barometer's callers.
ImportStatus = PendingImportStatus


class ResponseImport(PendingImport):
    """A checked file of answers waiting for the referent's confirmation (see smartregion.imports)."""

    valid_for = timedelta(days=2)

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="imports")

    class Meta(PendingImport.Meta):
        verbose_name = _("barometer import")
        verbose_name_plural = _("barometer imports")

    def __str__(self):
        return f"{self.source_name} → {self.edition}"


# Invitations: personal answer links ---------------------------------------------------------------


class Invitation(models.Model):
    """A commune invited to answer an edition through personal links, without an account.

    The commune answers as a binôme: each person (`Invitee`, the administration contact and the alderman)
    has their own link and their own version of the answers. The response (`Response`) is written when
    both have confirmed the same answers, or when the referent accepts one person's answers.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="invitations")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="barometer_invitations")
    revoked_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_single_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("barometer invitation")
        verbose_name_plural = _("barometer invitations")
        constraints = [
            models.UniqueConstraint(fields=["edition", "commune"], name="barometer_invitation_one_per_commune"),
        ]

    def __str__(self):
        return f"{self.commune} — {self.edition}"


class InviteeRole(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration contact")
    ALDERMAN = "alderman", _("Alderman in charge of digital matters")


class EmailStatus(models.TextChoices):
    TO_SEND = "to_send", _("Not sent")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Bounced")


class EmailKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")
    REVIEW = "review", _("Request to review")


class Invitee(models.Model):
    """One of the binôme: their link, their e-mail's fate, their own version of the answers.

    `answers` holds their answers by question code as given (scale → int, yes/no → bool, choices → codes),
    kept until both agree; `confirmed_at` is set when they confirm that version.
    """

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="invitees")
    role = models.CharField(_("role"), max_length=16, choices=InviteeRole.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"))
    token_nonce = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.TO_SEND)
    email_kind = models.CharField(max_length=12, choices=EmailKind.choices, default=EmailKind.INVITATION)
    email_error = models.CharField(max_length=300, blank=True)
    email_requested_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["invitation", "role"]
        verbose_name = _("barometer invitee")
        verbose_name_plural = _("barometer invitees")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "role"], name="barometer_invitee_one_per_role"),
        ]
        indexes = [models.Index(fields=["email_status", "email_requested_at"], name="barometer_invitee_queue")]

    def __str__(self):
        return f"{self.invitation} ({self.role})"


class Reminder(models.Model):
    """A reminder sent to a commune on a day: the unique row keeps it to one a day, on demand or scheduled."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("barometer reminder")
        verbose_name_plural = _("barometer reminders")
        constraints = [models.UniqueConstraint(fields=["invitation", "day"], name="barometer_reminder_once_a_day")]

    def __str__(self):
        return f"{self.invitation} {self.day}"
