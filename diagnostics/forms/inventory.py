"""Forms of the inventory: systems, data exchanges, dismissing a warning (validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diagnostics.forms.fields import EuroField
from diagnostics.models import DataExchange, ExistingSystem
from diagnostics.services.inventory import EXCHANGE_FIELDS, SYSTEM_FIELDS
from smartregion.forms import EditVersionMixin


class SystemForm(EditVersionMixin, forms.ModelForm):
    yearly_cost = EuroField(label=_("Yearly cost (€)"))

    class Meta:
        model = ExistingSystem
        fields = list(SYSTEM_FIELDS)  # what the service saves, in the order of the form
        widgets = {
            "knowledge_holders": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "end_of_support": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ExchangeForm(forms.ModelForm):
    class Meta:
        model = DataExchange
        fields = list(EXCHANGE_FIELDS)

    def __init__(self, *args, systems, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("source", "target"):
            self.fields[name].queryset = systems
            self.fields[name].empty_label = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            self.add_error("target", _("A system does not exchange data with itself: choose two different systems."))
        return cleaned

    def validate_unique(self):
        """The service checks uniqueness (the commune is not a form field)."""


class DismissForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=300)
    reason = forms.CharField(
        label=_("Why this warning does not apply"),
        max_length=500,
        help_text=_("For example: the two systems serve different departments and will merge in 2026."),
    )
