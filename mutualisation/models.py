"""Mutualisation across a territory: shared projects and the central purchasing body's framework agreements.
Issue 18 builds the rest (members and cost split, convergences, pooled demand)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmaps.models import FunctionCategory


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
