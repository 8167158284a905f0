"""Questionnaires of the diagnostic: the question bank, a commune's questionnaires, the campaigns that
send them to respondent groups, and the answers.

Texts written by the intercommunale come in French and English (`*_fr`, `*_en`); `tr()` picks the one
of the active language and falls back to French.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, Pillar, register_activity_verbs
from smartregion.questions import kinds


class Translated:
    """Mixin for models holding `<name>_fr` / `<name>_en` pairs."""

    def tr(self, name: str) -> str:
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        if language != "fr":
            value = getattr(self, f"{name}_{language}", "")
            if value:
                return value
        return getattr(self, f"{name}_fr")


# The kinds of questions come from the registry (smartregion.questions.kinds): one class per kind.
QuestionType = models.TextChoices(
    "QuestionType", [(kind.value.upper(), (kind.value, kind.label)) for kind in kinds.REGISTRY.values()]
)


class KindMixin:
    """The kind of something with a `type` (a question, its results), for code and templates."""

    type: str

    @property
    def kind(self) -> kinds.Kind:
        return kinds.kind_of(self.type)

    @property
    def is_text(self) -> bool:
        return self.kind.keeps_texts


LONG_TEXT_MAX = kinds.LongText.text_limit
OTHER_TEXT_MAX = kinds.OTHER_TEXT_MAX


class Theme(models.TextChoices):
    RESPONDENT_PROFILE = "respondent_profile", _("About the respondent")
    SMART_CITY_CONCEPT = "smart_city_concept", _("Understanding of the smart-city concept")
    EXISTING_PROJECTS = "existing_projects", _("Existing smart projects")
    ADMIN_MODERNISATION = "admin_modernisation", _("Administrative modernisation and simplification")
    DIGITAL_ARCHIVING = "digital_archiving", _("Digital archiving")
    OPEN_DATA = "open_data", _("Open data")
    CONNECTIVITY = "connectivity", _("Connectivity")
    CYBERSECURITY = "cybersecurity", _("Cybersecurity")
    CITIZEN_PARTICIPATION = "citizen_participation", _("Citizen participation")
    RESOURCES_SKILLS = "resources_skills", _("Resources and skills")
    OBSTACLES_FEARS = "obstacles_fears", _("Obstacles and fears")
    PRIORITIES = "priorities", _("Priorities and expectations")
    OTHER = "other", _("Other")


@register_activity_verbs
class QuestionnaireActivityVerb(models.TextChoices):
    QUESTIONNAIRE_CREATED = "questionnaire_created", _("Questionnaire created")
    QUESTIONNAIRE_UPDATED = "questionnaire_updated", _("Questionnaire changed")
    QUESTIONNAIRE_VERSIONED = "questionnaire_versioned", _("New version of a questionnaire")
    CAMPAIGN_CREATED = "campaign_created", _("Questionnaire campaign created")
    CAMPAIGN_UPDATED = "campaign_updated", _("Questionnaire campaign changed")
    RESPONDENTS_ADDED = "respondents_added", _("Respondents added")
    INVITATIONS_SENT = "questionnaire_invitations_sent", _("Questionnaire invitations sent")
    REMINDERS_SENT = "questionnaire_reminders_sent", _("Questionnaire reminders sent")
    OPEN_LINK_CREATED = "open_link_created", _("Open questionnaire link created")
    OPEN_LINK_UPDATED = "open_link_updated", _("Open questionnaire link changed")
    OPEN_LINK_REVOKED = "open_link_revoked", _("Open questionnaire link closed")
    GROUP_SAVED = "respondent_group_saved", _("Respondent group saved")
    GROUP_DELETED = "respondent_group_deleted", _("Respondent group deleted")
    RESPONDENT_REVOKED = "respondent_revoked", _("Personal questionnaire link withdrawn")


# Building ----------------------------------------------------------------------------------------


PROVENANCE = {
    "copy": _("copied by %(name)s on %(date)s"),
    "version": _("version made by %(name)s on %(date)s"),
    "created": _("created by %(name)s on %(date)s"),
}
PROVENANCE_NO_NAME = {
    "copy": _("copied on %(date)s"),
    "version": _("version made on %(date)s"),
    "created": _("created on %(date)s"),
}


class Questionnaire(Translated, models.Model):
    """A questionnaire: a shipped template when `commune` is empty, otherwise a commune's own copy."""

    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("commune"),
    )
    template_key = models.SlugField(
        _("template key"), max_length=60, blank=True, help_text=_("Identifies a template shipped with the portal.")
    )
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous_version = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_versions"
    )
    source = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock: a form carries the value it was built from; a save from an older value is refused.
    edit_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title_fr", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["template_key"], condition=~Q(template_key=""), name="questionnaire_unique_template_key"
            ),
            models.CheckConstraint(
                condition=Q(template_key="") | Q(commune__isnull=True), name="questionnaire_template_has_no_commune"
            ),
        ]

    def __str__(self):
        return f"{self.title_fr} (v{self.version})"

    @property
    def title(self) -> str:
        return self.tr("title")

    @property
    def intro(self) -> str:
        return self.tr("intro")

    @property
    def is_template(self) -> bool:
        return self.commune_id is None

    @property
    def provenance(self) -> str:
        """Who made this questionnaire and when: copies of one template share a title and a version.

        Reads `created_by`: select it with the questionnaire in lists.
        """
        day = date_format(
            timezone.localtime(self.created_at), "SHORT_DATETIME_FORMAT"
        )  # the time tells same-day copies apart
        kind = "version" if self.previous_version_id else ("copy" if self.source_id else "created")
        if self.created_by_id is None:
            return PROVENANCE_NO_NAME[kind] % {"date": day}
        return PROVENANCE[kind] % {"name": str(self.created_by), "date": day}

    @property
    def label(self) -> str:
        """The title with what tells copies apart, for lists and drop-downs."""
        return f"{self.title} (v{self.version}) · {self.provenance}"


class Section(Translated, models.Model):
    """A page of a questionnaire."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title_fr

    @property
    def title(self) -> str:
        return self.tr("title")

    @property
    def intro(self) -> str:
        return self.tr("intro")


class Question(KindMixin, Translated, models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("page"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Short, stable reference used in exports and conditions, e.g. Q12.")
    )
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, default=Theme.OTHER)
    text_fr = models.CharField(_("question (French)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_fr = models.TextField(_("help text (French)"), blank=True)
    help_en = models.TextField(_("help text (English)"), blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    allow_other = models.BooleanField(
        _("offer “other, specify”"), default=False, help_text=_("Only for single and multiple choice questions.")
    )
    scored = models.BooleanField(
        _("counts towards the pillar scores"),
        default=True,
        help_text=_("Scales and grids count from 0 (lowest) to 100 (highest); choices count their maturity value."),
    )
    low_label_fr = models.CharField(_("label of the lowest value (French)"), max_length=80, blank=True)
    low_label_en = models.CharField(_("label of the lowest value (English)"), max_length=80, blank=True)
    high_label_fr = models.CharField(_("label of the highest value (French)"), max_length=80, blank=True)
    high_label_en = models.CharField(_("label of the highest value (English)"), max_length=80, blank=True)
    grid_points = models.PositiveSmallIntegerField(
        _("grid scale"), choices=[(5, _("1 to 5")), (10, _("1 to 10"))], default=5
    )
    number_min = models.DecimalField(
        _("smallest number allowed"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("largest number allowed"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    max_length = models.PositiveIntegerField(
        _("maximum length"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(LONG_TEXT_MAX)],
        help_text=_("For texts; leave empty for the default."),
    )
    condition_option = models.ForeignKey(
        "Option",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name=_("show only if this answer was given"),
    )
    source_question = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies")
    edit_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="question_unique_code"),
            models.CheckConstraint(
                condition=Q(number_min__isnull=True) | Q(number_max__isnull=True) | Q(number_max__gte=F("number_min")),
                name="question_number_range",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.text_fr}"

    @property
    def text(self) -> str:
        return self.tr("text")

    @property
    def help(self) -> str:
        return self.tr("help")

    @property
    def low_label(self) -> str:
        return self.tr("low_label")

    @property
    def high_label(self) -> str:
        return self.tr("high_label")

    @property
    def scale_range(self) -> tuple[int, int] | None:
        """Lowest and highest value of a scale or grid question."""
        return self.kind.scale_range(self.grid_points)

    @property
    def text_limit(self) -> int:
        default = self.kind.text_limit
        return min(self.max_length or default, default)


class Option(Translated, models.Model):
    """A proposed answer of a choice question; `maturity` (0–100) rolls up into the pillar scores."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_fr = models.CharField(_("answer (French)"), max_length=200)
    label_en = models.CharField(_("answer (English)"), max_length=200, blank=True)
    maturity = models.PositiveSmallIntegerField(
        _("maturity value"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("From 0 (not mature) to 100 (very mature); empty when the answer says nothing of maturity."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [models.CheckConstraint(condition=Q(maturity__lte=100), name="option_maturity_max_100")]

    def __str__(self):
        return self.label_fr

    @property
    def label(self) -> str:
        return self.tr("label")


class GridRow(Translated, models.Model):
    """A statement of a grid question, rated on the grid's scale."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_fr = models.CharField(_("statement (French)"), max_length=300)
    text_en = models.CharField(_("statement (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("grid statement")
        verbose_name_plural = _("grid statements")

    def __str__(self):
        return self.text_fr

    @property
    def text(self) -> str:
        return self.tr("text")


class QuestionPillar(models.Model):
    """A pillar a question informs (a question can inform several)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="pillar_links")
    pillar = models.CharField(_("pillar"), max_length=30, choices=Pillar.choices)

    class Meta:
        verbose_name = _("question pillar")
        verbose_name_plural = _("question pillars")
        constraints = [models.UniqueConstraint(fields=["question", "pillar"], name="question_pillar_unique")]

    def __str__(self):
        return f"{self.question.code} — {self.get_pillar_display()}"


# Sending -----------------------------------------------------------------------------------------


class Campaign(models.Model):
    """A questionnaire sent for one commune to its respondent groups, between two dates (inclusive)."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="questionnaire_campaigns")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.RESTRICT, related_name="campaigns", verbose_name=_("questionnaire")
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("Answers are accepted until the end of this day."))
    reminder_every_days = models.PositiveSmallIntegerField(
        _("automatic reminder every (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Leave empty for no automatic reminder."),
    )
    max_reminders = models.PositiveSmallIntegerField(
        _("at most this many reminders per person"), default=3, validators=[MaxValueValidator(10)]
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("questionnaire campaign")
        verbose_name_plural = _("questionnaire campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="campaign_closes_after_opening"),
        ]

    def __str__(self):
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def has_closed(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.closes_on

    def status(self, today=None) -> str:
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "scheduled"
        if today > self.closes_on:
            return "closed"
        return "open"


class GroupKind(models.TextChoices):
    COLLEGE = "college", _("Collège communal")
    ADMINISTRATION = "administration", _("Administrative staff")
    COMMISSIONS = "commissions", _("Advisory commissions")
    CITIZENS = "citizens", _("Citizens")
    OTHER = "other", _("Other actors")


class RespondentGroup(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(
        _("name"), max_length=120, blank=True, help_text=_("Leave empty to use the name of the kind.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("respondent group")
        verbose_name_plural = _("respondent groups")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or str(self.get_kind_display())


class EmailStatus(models.TextChoices):
    TO_SEND = "to_send", _("Not sent yet")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Respondent(models.Model):
    """A person invited by name; their personal link opens their `response`."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="respondents")
    group = models.ForeignKey(RespondentGroup, on_delete=models.RESTRICT, related_name="respondents")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.TO_SEND)
    email_error = models.CharField(max_length=300, blank=True)
    email_requested_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [models.UniqueConstraint(fields=["campaign", "email"], name="respondent_unique_email")]
        indexes = [models.Index(fields=["email_status", "email_requested_at"], name="respondent_email_queue")]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class OpenLink(models.Model):
    """A link shared with a whole group (citizens, typically); each visitor gets their own response."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="open_links")
    group = models.ForeignKey(RespondentGroup, on_delete=models.RESTRICT, related_name="open_links")
    token_nonce = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    max_responses = models.PositiveIntegerField(
        _("at most this many responses"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    closes_on = models.DateField(
        _("link closes on"), null=True, blank=True, help_text=_("Leave empty to close with the campaign.")
    )
    several_per_browser = models.BooleanField(
        _("several responses per browser"),
        default=False,
        help_text=_(
            "For a shared device (a kiosk at the town hall): each visit may start a new response. "
            "Otherwise a returning browser resumes its own response."
        ),
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("open link")
        verbose_name_plural = _("open links")

    def __str__(self):
        return f"{self.campaign} — {self.group}"


# Answering ---------------------------------------------------------------------------------------


class Response(models.Model):
    """One person's answers to a campaign, reached through a personal link (no account)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    group = models.ForeignKey(RespondentGroup, on_delete=models.RESTRICT, related_name="responses")
    respondent = models.OneToOneField(
        Respondent, on_delete=models.CASCADE, null=True, blank=True, related_name="response"
    )
    open_link = models.ForeignKey(OpenLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses")
    token_nonce = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["campaign", "submitted_at"], name="response_campaign_submitted")]

    def __str__(self):
        return f"{self.campaign} #{self.pk}"


class Answer(models.Model):
    """The answer to one question (or to one statement of a grid) within a response.

    Answers are never deleted when a respondent clears them or hides them through a condition:
    `has_value` and `applicable` say whether they count, and `version` lets a stale tab be told
    instead of overwriting a newer answer.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Copied from the response so that results read only their campaign's rows (an index, no join to scan).
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    # Copied from the response too (a response never changes group; `response_submit` sets `submitted`
    # on its answers): the results count answers per group from one index, without joining responses.
    group = models.ForeignKey(RespondentGroup, on_delete=models.RESTRICT, related_name="+")
    submitted = models.BooleanField(default=False)
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="answers")
    row = models.ForeignKey(GridRow, on_delete=models.RESTRICT, null=True, blank=True, related_name="answers")
    number_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    # The chosen options' ids, sorted and comma-separated (AnswerChoice holds them too): results count
    # choices in the same single pass over the answers as everything else.
    choice_key = models.CharField(max_length=500, blank=True)
    text_value = models.TextField(blank=True)
    other_text = models.CharField(max_length=OTHER_TEXT_MAX, blank=True)
    has_value = models.BooleanField(default=False)
    applicable = models.BooleanField(default=True)
    score = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(row__isnull=True), name="answer_unique_per_question"
            ),
            models.UniqueConstraint(
                fields=["response", "question", "row"], condition=Q(row__isnull=False), name="answer_unique_per_row"
            ),
        ]
        indexes = [
            models.Index(fields=["question", "row"], name="answer_question_row"),
            # Written answers only: the results list them without reading every answer of the campaign.
            # Newest first per question: the results page reads the latest written answers of each question
            # with one short index scan per question (diagnostics.selectors.results._text_rows).
            models.Index(
                fields=["campaign", "question", "-updated_at", "id"],
                condition=~Q(text_value="") | ~Q(other_text=""),
                name="answer_campaign_texts",
            ),
            # Scored answers that count, with what the pillar scores add up: the commune and territory
            # scores read this index alone (index-only scan), never the wide rows holding the texts.
            models.Index(
                fields=["campaign", "question", "response", "score"],
                condition=Q(has_value=True, applicable=True, score__isnull=False),
                name="answer_campaign_scores",
            ),
        ]

    def __str__(self):
        return f"{self.response_id} / {self.question_id}"


class AnswerChoice(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(Option, on_delete=models.RESTRICT, related_name="answer_choices")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("chosen option")
        verbose_name_plural = _("chosen options")
        constraints = [models.UniqueConstraint(fields=["answer", "option"], name="answer_choice_unique")]

    def __str__(self):
        return f"{self.answer_id} → {self.option_id}"


class AnswerTally(models.Model):
    """Running counts of a campaign's counted answers (submitted, shown, with a value), per question,
    grid statement, respondent group and value: the rows the results and the pillar scores add up,
    instead of grouping every answer on each request.

    Kept in the same transaction by the services that change counted answers
    (`diagnostics.services.tallies`); `manage.py tallies_check` recomputes them from the answers.
    Key columns are never NULL (0 for "no statement", `has_number` beside the number) so that one
    unique index serves the concurrent upserts on PostgreSQL and SQLite.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    row_key = models.PositiveIntegerField(default=0)  # the GridRow's pk, 0 for the question itself
    group = models.ForeignKey(RespondentGroup, on_delete=models.CASCADE, related_name="+")
    has_number = models.BooleanField(default=False)
    number_value = models.DecimalField(max_digits=14, decimal_places=4, default=0)
    choice_key = models.CharField(max_length=500, blank=True)
    answers = models.IntegerField(default=0)
    others = models.IntegerField(default=0)  # answers with an "other" text
    score_sum = models.FloatField(default=0)
    scored = models.IntegerField(default=0)  # answers with a score

    class Meta:
        verbose_name = _("answer tally")
        verbose_name_plural = _("answer tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "question", "row_key", "group", "has_number", "number_value", "choice_key"],
                name="answer_tally_key",
            ),
        ]

    # What identifies a tally row within its campaign, then what it counts (in the order the readers unpack).
    KEY_COLUMNS = ("question_id", "row_key", "group_id", "has_number", "number_value", "choice_key")
    COUNT_COLUMNS = ("answers", "others", "score_sum", "scored")

    def __str__(self):
        return f"{self.campaign_id} / {self.question_id}: {self.answers}"
