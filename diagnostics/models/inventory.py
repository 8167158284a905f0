"""The inventory of what the commune already has: software, infrastructure and digital services, and
the data they exchange. Warnings (duplicates, silos, single points of knowledge) are computed by
`diagnostics.inventory_checks`; only the referent's dismissals are stored."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communes.models import Commune


class SystemCategory(models.TextChoices):
    """The job a system does; two active systems doing the same job are possible duplicates.

    Values shared with `roadmaps.models.FunctionCategory` are spelled the same, so that the roadmap
    can compare project sheets with existing systems without a mapping.
    """

    WEBSITE = "website", _("Website")
    ONLINE_SERVICES = "online_services", _("Online services and procedures")
    PARTICIPATION = "participation", _("Citizen participation")
    CITIZEN_REPORTING = "citizen_reporting", _("Citizen reports of issues")
    COMMUNICATION = "communication", _("Communication with citizens")
    OPEN_DATA = "open_data", _("Open data")
    ARCHIVING = "archiving", _("Archiving")
    DOCUMENT_MANAGEMENT = "document_management", _("Document management")
    COUNCIL_DECISIONS = "council_decisions", _("Council and Collège decisions")
    POPULATION_REGISTRY = "population_registry", _("Population and civil registry")
    FINANCE = "finance", _("Accounting and finance")
    HUMAN_RESOURCES = "human_resources", _("Human resources and payroll")
    PROCUREMENT = "procurement", _("Public procurement")
    GIS = "gis", _("Maps and geographic data")
    OFFICE = "office", _("Office suite and e-mail")
    TELEPHONY = "telephony", _("Telephony")
    SERVERS_NETWORK = "servers_network", _("Servers and network")
    CYBERSECURITY = "cybersecurity", _("Cybersecurity")
    CONNECTIVITY = "connectivity", _("Connectivity")
    PUBLIC_WIFI = "public_wifi", _("Public Wi-Fi")
    STREET_LIGHTING = "street_lighting", _("Street lighting")
    ENERGY_MONITORING = "energy_monitoring", _("Energy monitoring")
    ENVIRONMENT_SENSING = "environment_sensing", _("Environmental sensors")
    WASTE = "waste", _("Waste management")
    CCTV = "cctv", _("Video surveillance")
    SHARED_MOBILITY = "shared_mobility", _("Shared mobility")
    PARKING = "parking", _("Parking")
    DIGITAL_INCLUSION = "digital_inclusion", _("Digital inclusion")
    OTHER = "other", _("Other")


class SystemKind(models.TextChoices):
    SOFTWARE = "software", _("Software")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    SERVICE = "service", _("Digital service")


class SystemStatus(models.TextChoices):
    IN_OPERATION = "in_operation", _("In operation")
    BEING_STUDIED = "being_studied", _("Being studied")
    BEING_REPLACED = "being_replaced", _("Being replaced")


class ExistingSystem(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="existing_systems")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=SystemKind.choices, default=SystemKind.SOFTWARE)
    category = models.CharField(_("function"), max_length=30, choices=SystemCategory.choices)
    vendor = models.CharField(_("vendor"), max_length=150, blank=True)
    version = models.CharField(_("version"), max_length=60, blank=True)
    end_of_support = models.DateField(
        _("end of support"), null=True, blank=True, help_text=_("When the vendor stops supporting it, if known.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SystemStatus.choices, default=SystemStatus.IN_OPERATION
    )
    yearly_cost = models.DecimalField(
        _("yearly cost (€)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    main_users = models.CharField(
        _("main users"), max_length=300, blank=True, help_text=_("Departments or groups, e.g. “Population, Urbanism”.")
    )
    knowledge_holders = models.TextField(
        _("who knows it"),
        blank=True,
        help_text=_(
            "The people who know how to run it, one per line. One person alone is a single point of knowledge."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("existing system")
        verbose_name_plural = _("existing systems")
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="existing_system_unique_name"),
            models.CheckConstraint(
                condition=Q(yearly_cost__gte=0) | Q(yearly_cost__isnull=True), name="existing_system_cost_gte_0"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def holders(self) -> list[str]:
        return holder_list(self.knowledge_holders)


def holder_list(text: str) -> list[str]:
    """Distinct names of a "who knows it" text (one per line, or separated by commas or semicolons)."""
    seen, names = set(), []
    for part in text.replace(";", "\n").replace(",", "\n").splitlines():
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


class ExchangeMode(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    MANUAL = "manual", _("Manual (typed again, exported by hand)")


class DataExchange(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="data_exchanges")
    source = models.ForeignKey(
        ExistingSystem, on_delete=models.CASCADE, related_name="exchanges_out", verbose_name=_("from")
    )
    target = models.ForeignKey(
        ExistingSystem, on_delete=models.CASCADE, related_name="exchanges_in", verbose_name=_("to")
    )
    data = models.CharField(_("data exchanged"), max_length=200)
    mode = models.CharField(_("how"), max_length=12, choices=ExchangeMode.choices, default=ExchangeMode.AUTOMATIC)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source__name", "target__name", "pk"]
        verbose_name = _("data exchange")
        verbose_name_plural = _("data exchanges")
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="data_exchange_not_self"),
            models.UniqueConstraint(fields=["source", "target", "data"], name="data_exchange_unique"),
        ]

    def __str__(self):
        return f"{self.source} → {self.target}: {self.data}"


class WarningKind(models.TextChoices):
    DUPLICATE = "duplicate", _("Possible duplicate")
    SILO = "silo", _("Silo")
    SINGLE_KNOWLEDGE = "single_knowledge", _("Single point of knowledge")


class WarningDismissal(models.Model):
    """The referent's reason for dismissing one warning.

    `key` identifies the condition (e.g. the systems found to duplicate each other); a dismissal lasts
    while the same condition holds and is removed when it no longer does.
    """

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="inventory_dismissals")
    kind = models.CharField(_("kind"), max_length=20, choices=WarningKind.choices)
    key = models.CharField(max_length=300)
    reason = models.CharField(_("reason"), max_length=500)
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-dismissed_at", "-pk"]
        verbose_name = _("dismissed inventory warning")
        verbose_name_plural = _("dismissed inventory warnings")
        constraints = [models.UniqueConstraint(fields=["commune", "key"], name="warning_dismissal_unique_key")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.reason}"
