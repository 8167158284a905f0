"""Form fields shared by the diagnostic workspace's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communes.models import Pillar
from diagnostics.imports import CellError, parse_budget
from smartregion.forms import EditVersionMixin  # noqa: F401 (re-exported for the workspace forms)


class PillarsField(forms.MultipleChoiceField):
    """Pillars as checkboxes; cleans to a list in the order of the six pillars."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Pillars"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(choices=Pillar.choices, **kwargs)

    def clean(self, value):
        chosen = set(super().clean(value))
        return [p for p in Pillar.values if p in chosen]


class EuroField(forms.CharField):
    """An amount in euros typed the Belgian way ("12 500,50 €") or plainly; cleans to a Decimal or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", _("In euros, e.g. 12 500,50"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            return value
        text = f"{value:,.2f}"
        return text.replace(",", " ").replace(".", ",")

    def clean(self, value):
        text = super().clean(value)
        try:
            return parse_budget(text)
        except CellError as error:
            raise forms.ValidationError(error.message) from None


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
