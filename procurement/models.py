"""Public procurement (Belgian law of 17 June 2016, classic sectors): a commune's procurement attached to a
project sheet and/or a project, its specifications (sections and numbered requirements), the thresholds
that choose the procedure (data, with their validity and source), bidders, offers, the scoring grid, the
award and the generated documents (specifications and award report, DOCX and PDF, versioned)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models import register_activity_verbs
from roadmaps.models import FunctionCategory


@register_activity_verbs
class ProcurementVerb(models.TextChoices):
    PROCUREMENT_CREATED = "procurement_created", _("Procurement created")
    PROCUREMENT_UPDATED = "procurement_updated", _("Procurement changed")
    SPECIFICATIONS_UPDATED = "specifications_updated", _("Specifications changed")
    CRITERIA_UPDATED = "criteria_updated", _("Award criteria changed")
    BIDDER_RECORDED = "bidder_recorded", _("Bidder or offer recorded")
    SCORES_RECORDED = "scores_recorded", _("Offers scored")
    AWARD_PROPOSED = "award_proposed", _("Award proposed")
    PROCUREMENT_DOCUMENT_REQUESTED = "procurement_document_requested", _("Procurement document requested")


class PurchaseType(models.TextChoices):
    SUPPLIES = "supplies", _("Supplies")
    SERVICES = "services", _("Services")
    WORKS = "works", _("Works")


class BuyerLevel(models.TextChoices):
    """The two kinds of contracting authority the EU thresholds tell apart (Directive 2014/24/EU, art. 4 b and c)."""

    CENTRAL = "central", _("Central government authorities")
    SUB_CENTRAL = "sub_central", _("Sub-central contracting authorities")


class Buyer(models.TextChoices):
    """Who buys: a commune, a CPAS, a province, an intercommunale or the territory's central purchasing body are
    sub-central contracting authorities; a federal public service is a central government authority."""

    COMMUNE = "commune", _("Commune")
    CPAS = "cpas", _("CPAS (public social welfare centre)")
    INTERCOMMUNALE = "intercommunale", _("Intercommunale or association of communes")
    PROVINCE = "province", _("Province")
    CENTRAL_PURCHASING = "central_purchasing", _("Central purchasing body of the territory")
    FEDERAL = "federal", _("Federal authority (central government)")

    @classmethod
    def level(cls, buyer: str) -> str:
        return BuyerLevel.CENTRAL if buyer == cls.FEDERAL else BuyerLevel.SUB_CENTRAL


class ThresholdKind(models.TextChoices):
    """Ordered from the lowest procedure to the highest (procurement.procedure reads them in this order)."""

    LOW_VALUE = "low_value", _("Low-value procurement")
    NEGOTIATED = "negotiated", _("Negotiated procedure without prior publication")
    EU_PUBLICATION = "eu_publication", _("Publication in the Official Journal of the EU")


class Threshold(models.Model):
    """An amount excluding VAT under which a procedure may be used (or from which EU publication is due),
    valid between two dates, for one purchase type or all (`purchase_type` empty) and one level of buyer or all
    (`buyer_level` empty). Editable in the admin."""

    kind = models.CharField(_("threshold"), max_length=20, choices=ThresholdKind.choices)
    purchase_type = models.CharField(
        _("purchase type"), max_length=10, choices=PurchaseType.choices, blank=True, help_text=_("Empty: all types.")
    )
    buyer_level = models.CharField(
        _("buyers"), max_length=12, choices=BuyerLevel.choices, blank=True, help_text=_("Empty: every buyer.")
    )
    amount = models.DecimalField(_("amount excluding VAT"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("address of the source"), max_length=300, blank=True)
    verification = models.TextField(_("verification"), blank=True, help_text=_("How and when the value was checked."))

    class Meta:
        ordering = ["kind", "purchase_type", "buyer_level", "-valid_from"]
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")

    def __str__(self):
        scope = f"{self.purchase_type or '*'} {self.buyer_level or '*'}"
        return f"{self.get_kind_display()} {scope} {self.amount} ({self.valid_from})"


class SectionKey(models.TextChoices):
    """The sections of a specifications document, in their printed order."""

    CONTEXT = "context", _("Context and objectives")
    SCOPE = "scope", _("Scope and lots")
    FUNCTIONAL = "functional", _("Functional requirements")
    TECHNICAL = "technical", _("Technical requirements")
    INTEROPERABILITY = "interoperability", _("Interoperability and data")
    DATA_PROTECTION = "data_protection", _("Data protection (GDPR)")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    REVERSIBILITY = "reversibility", _("Open standards and reversibility")
    SECURITY = "security", _("Security")
    SUPPORT = "support", _("Support and service levels")
    TRAINING = "training", _("Training")
    TIMELINE = "timeline", _("Timeline")
    AWARD_CRITERIA = "award_criteria", _("Award criteria")
    DOCUMENTS = "documents", _("Documents bidders must provide")


class ProcurementStatus(models.TextChoices):
    DRAFT = "draft", _("Specifications in progress")
    LAUNCHED = "launched", _("Launched")
    EVALUATION = "evaluation", _("Offers under evaluation")
    AWARDED = "awarded", _("Award proposed")
    CANCELLED = "cancelled", _("Cancelled")


class Procurement(models.Model):
    """A public procurement of a commune, for a project sheet, a project, or both (the services require one
    at creation; a sheet or project deleted later leaves the procurement with the commune)."""

    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, related_name="procurements", verbose_name=_("commune")
    )
    sheet = models.ForeignKey(
        "roadmaps.ProjectSheet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procurements",
        verbose_name=_("project sheet"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procurements",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=200)
    function_category = models.CharField(
        _("kind of purchase"), max_length=30, choices=FunctionCategory.choices, default=FunctionCategory.OTHER
    )
    purchase_type = models.CharField(
        _("type of procurement"), max_length=10, choices=PurchaseType.choices, default=PurchaseType.SERVICES
    )
    buyer = models.CharField(_("buyer"), max_length=20, choices=Buyer.choices, default=Buyer.COMMUNE)
    estimated_amount = models.DecimalField(_("estimated amount excluding VAT"), max_digits=12, decimal_places=2)
    procedure_date = models.DateField(
        _("date of the procedure"),
        help_text=_("The thresholds in force on this date apply; its year is the budget year."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProcurementStatus.choices, default=ProcurementStatus.DRAFT
    )
    # The timeline
    college_decision_on = models.DateField(_("Collège decision (specifications and procedure)"), null=True, blank=True)
    published_on = models.DateField(_("publication or invitations"), null=True, blank=True)
    questions_deadline = models.DateField(_("questions deadline"), null=True, blank=True)
    offers_deadline = models.DateTimeField(_("offers deadline"), null=True, blank=True)
    opening_on = models.DateField(_("opening of the offers"), null=True, blank=True)
    evaluation_until = models.DateField(_("end of the evaluation"), null=True, blank=True)
    award_decision_on = models.DateField(_("award decision"), null=True, blank=True)
    notified_on = models.DateField(_("notification"), null=True, blank=True)
    # The award
    winner = models.ForeignKey(
        "procurement.Bidder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("winner"),
    )
    award_reasons = models.TextField(_("reasons of the award"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The details and the specifications are long-lived forms: a save built from an older version is refused.
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["commune", "-procedure_date", "title", "pk"]
        verbose_name = _("procurement")
        verbose_name_plural = _("procurements")
        constraints = [
            models.CheckConstraint(condition=Q(estimated_amount__gte=0), name="procurement_amount_not_negative"),
        ]

    def __str__(self):
        return self.title


class Section(models.Model):
    """One section of the procurement's specifications: its free text (requirements are numbered apart)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("section"), max_length=20, choices=SectionKey.choices)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["procurement", "key"], name="procurement_section_once")]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.get_key_display()


class LibraryRequirement(models.Model):
    """A reusable requirement text of the library, for a kind of project (or every kind when empty), in French
    and English. The shipped ones have no territory; a referent adds the territory's own."""

    territory = models.ForeignKey(
        "communes.Territory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
    )
    function_category = models.CharField(
        _("kind of project"),
        max_length=30,
        choices=FunctionCategory.choices,
        blank=True,
        help_text=_("Empty: every kind."),
    )
    section = models.CharField(_("section"), max_length=20, choices=SectionKey.choices)
    text_fr = models.TextField(_("text (French)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    tags = models.CharField(_("tags"), max_length=200, blank=True, help_text=_("Separated by commas."))
    mandatory = models.BooleanField(_("mandatory"), default=True, help_text=_("Otherwise scored."))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["function_category", "section", "position", "pk"]
        verbose_name = _("library requirement")
        verbose_name_plural = _("library requirements")

    def __str__(self):
        return self.text_fr[:80]


class Requirement(models.Model):
    """A requirement of the specifications, numbered within its section (R<section>.<position>)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="requirements")
    section = models.CharField(_("section"), max_length=20, choices=SectionKey.choices)
    text = models.TextField(_("requirement"))
    mandatory = models.BooleanField(_("mandatory"), default=True, help_text=_("Otherwise scored."))
    position = models.PositiveSmallIntegerField(default=0)
    origin = models.ForeignKey(LibraryRequirement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["procurement", "section", "position", "pk"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self):
        return self.text[:80]


class AwardCriterion(models.Model):
    """A criterion of the award and its weight; the price criterion is scored by the stated formula."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"))
    is_price = models.BooleanField(_("price criterion"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["procurement", "position", "pk"]
        verbose_name = _("award criterion")
        verbose_name_plural = _("award criteria")

    def __str__(self):
        return self.name


class Bidder(models.Model):
    """A provider invited or bidding, its exclusion and selection checks, and its offer when one came."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="bidders")
    name = models.CharField(_("provider"), max_length=200)
    company_number = models.CharField(_("company number"), max_length=20, blank=True)
    invited = models.BooleanField(_("invited"), default=True)
    excluded = models.BooleanField(_("excluded"), default=False)
    exclusion_reason = models.CharField(_("reason of the exclusion"), max_length=500, blank=True)
    selected = models.BooleanField(_("meets the selection criteria"), default=True)
    offer_received_at = models.DateTimeField(_("offer received on"), null=True, blank=True)
    offer_price = models.DecimalField(_("price excluding VAT"), max_digits=12, decimal_places=2, null=True, blank=True)
    offer_documents = models.TextField(_("documents received"), blank=True)
    regular = models.BooleanField(_("regular offer"), default=True)
    irregularity = models.CharField(_("irregularity"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["procurement", "position", "pk"]
        verbose_name = _("bidder")
        verbose_name_plural = _("bidders")

    def __str__(self):
        return self.name

    @property
    def has_offer(self) -> bool:
        return self.offer_price is not None


class Score(models.Model):
    """The evaluators' score of an offer on a quality criterion, from 0 to SCORE_SCALE, with their reasons."""

    bidder = models.ForeignKey(Bidder, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("reasons"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bidder", "criterion"], name="procurement_score_once")]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self):
        return f"{self.bidder_id}/{self.criterion_id}: {self.value}"


class DocumentKind(models.TextChoices):
    SPECIFICATIONS = "specifications", _("Specifications")
    AWARD_REPORT = "award_report", _("Award report")


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the worker")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def document_path(instance, filename: str) -> str:
    return f"procurement/{instance.procurement.commune_id}/{instance.procurement_id}/{filename}"


class ProcurementDocument(models.Model):
    """A version of the specifications or of the award report: the data frozen at the request, then the DOCX
    and the PDF the worker made from it."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(max_length=8, default="fr")
    status = models.CharField(max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING)
    snapshot = models.JSONField(default=dict)
    docx = models.FileField(upload_to=document_path, blank=True, max_length=200)
    pdf = models.FileField(upload_to=document_path, blank=True, max_length=200)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["procurement", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "kind", "number"], name="procurement_document_number_once")
        ]
        verbose_name = _("procurement document")
        verbose_name_plural = _("procurement documents")

    def __str__(self):
        return f"{self.get_kind_display()} v{self.number}"
