"""Forms of the procurement pages: validation only; the rules live in procurement.services."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from procurement.models import (
    Bidder,
    Buyer,
    DocumentKind,
    LibraryRequirement,
    Procurement,
    PurchaseType,
    SectionKey,
)
from procurement.scoring import SCORE_SCALE
from roadmaps.models import FunctionCategory
from smartregion.forms import EditVersionMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AmountField(forms.CharField):
    """An amount in euros as people type it: "60 000", "60000,50", "60.000" is refused as ambiguous."""

    default_error_messages = {"invalid": _("Enter an amount excluding VAT, in euros.")}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        text = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount


class ProcurementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False, help_text=_("Empty: the sheet's title."))
    sheet = forms.ModelChoiceField(label=_("Project sheet"), queryset=None, required=False)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    function_category = forms.ChoiceField(
        label=_("Kind of purchase"),
        choices=[("", _("The sheet's function")), *FunctionCategory.choices],
        required=False,
    )
    purchase_type = forms.ChoiceField(label=_("Type of procurement"), choices=PurchaseType.choices)
    buyer = forms.ChoiceField(
        label=_("Buyer"),
        choices=Buyer.choices,
        initial=Buyer.COMMUNE,
        required=False,
        help_text=_("The EU thresholds differ for central government authorities and for the others."),
    )
    estimated_amount = AmountField(label=_("Estimated amount excluding VAT (€)"))
    procedure_date = forms.DateField(
        label=_("Date of the procedure"),
        widget=DATE,
        help_text=_("The thresholds in force on this date apply; its year is the budget year."),
    )

    def __init__(self, *args, sheets, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].queryset = sheets
        self.fields["project"].queryset = projects


class ProcurementUpdateForm(EditVersionMixin, forms.ModelForm):
    estimated_amount = AmountField(label=_("Estimated amount excluding VAT (€)"))

    class Meta:
        model = Procurement
        fields = [
            "title",
            "function_category",
            "purchase_type",
            "buyer",
            "estimated_amount",
            "procedure_date",
            "status",
            "college_decision_on",
            "published_on",
            "questions_deadline",
            "offers_deadline",
            "opening_on",
            "evaluation_until",
            "award_decision_on",
            "notified_on",
        ]
        widgets = dict.fromkeys(
            (
                "procedure_date",
                "college_decision_on",
                "published_on",
                "questions_deadline",
                "opening_on",
                "evaluation_until",
                "award_decision_on",
                "notified_on",
            ),
            DATE,
        ) | {"offers_deadline": DATETIME}


class SpecificationsForm(EditVersionMixin, forms.Form):
    """One text per section of the specifications, and the procurement's version it was read from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, (key, label) in enumerate(SectionKey.choices, start=1):
            self.fields[key] = forms.CharField(
                label=f"{number}. {label}", required=False, widget=forms.Textarea(attrs={"rows": 4})
            )


class RequirementForm(forms.Form):
    origin = forms.ModelChoiceField(
        label=_("From the library"), queryset=None, required=False, help_text=_("Or write your own below.")
    )
    section = forms.ChoiceField(label=_("Section"), choices=SectionKey.choices, required=False)
    text = forms.CharField(label=_("Requirement"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    mandatory = forms.BooleanField(label=_("Mandatory (otherwise scored)"), required=False, initial=True)

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].queryset = library


class CriterionRowForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=100, required=False)
    is_price = forms.BooleanField(label=_("Price (scored by the formula)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and data.get("weight") is None:
            self.add_error("weight", _("Give the criterion a weight."))
        return data


CriteriaFormSet = forms.formset_factory(CriterionRowForm, extra=2, max_num=20, absolute_max=20)


class BidderForm(forms.ModelForm):
    offer_price = AmountField(label=_("Price excluding VAT (€)"), required=False)

    class Meta:
        model = Bidder
        fields = [
            "name",
            "company_number",
            "invited",
            "excluded",
            "exclusion_reason",
            "selected",
            "offer_received_at",
            "offer_price",
            "offer_documents",
            "regular",
            "irregularity",
        ]
        widgets = {"offer_received_at": DATETIME, "offer_documents": forms.Textarea(attrs={"rows": 2})}


class ScoresForm(forms.Form):
    """A score (0–10) and reasons per offer and quality criterion."""

    def __init__(self, *args, bidders, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        for bidder in bidders:
            for criterion in criteria:
                key = f"{bidder.pk}_{criterion.pk}"
                self.fields[f"score_{key}"] = forms.DecimalField(
                    label=_("Score of %(bidder)s on %(criterion)s (0 to 10)")
                    % {"bidder": bidder.name, "criterion": criterion.name},
                    required=False,
                    min_value=0,
                    max_value=SCORE_SCALE,
                    decimal_places=2,
                )
                self.fields[f"reason_{key}"] = forms.CharField(
                    label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
                self.cells.append((bidder, criterion, key))

    def rows(self) -> list[dict]:
        """The cells in order, each with its bound fields, for the template."""
        return [
            {"bidder": bidder, "criterion": criterion, "score": self[f"score_{key}"], "reason": self[f"reason_{key}"]}
            for bidder, criterion, key in self.cells
        ]

    def values(self) -> dict:
        return {
            (bidder.pk, criterion.pk): (self.cleaned_data[f"score_{key}"], self.cleaned_data[f"reason_{key}"])
            for bidder, criterion, key in self.cells
        }


class AwardForm(forms.Form):
    bidder = forms.ModelChoiceField(label=_("Offer to award"), queryset=None)
    reasons = forms.CharField(label=_("Reasons of the award"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, bidders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bidder"].queryset = bidders


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices)


class LibraryRequirementForm(forms.ModelForm):
    class Meta:
        model = LibraryRequirement
        fields = ["function_category", "section", "text_fr", "text_en", "tags", "mandatory"]
