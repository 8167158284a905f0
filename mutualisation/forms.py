from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, Pillar, Province, Territory
from mutualisation.models import FrameworkAgreement, SharedProjectCosts, SplitRule
from mutualisation.selectors import SORTS, Filters
from mutualisation.services import MemberInput, SharedProjectInput
from roadmaps.models import FunctionCategory, Horizon, ProjectTemplate
from smartregion.forms import EditVersionMixin

SORT_CHOICES = list(zip(SORTS, [_("Most communes"), _("Largest investment"), _("Best score"), _("Title")], strict=True))
MAX_AMOUNT = Decimal("9999999999.99")


class FilterForm(forms.Form):
    pillar = forms.ChoiceField(label=_("Pillar"), choices=[("", _("All pillars")), *Pillar.choices], required=False)
    horizon = forms.ChoiceField(label=_("Horizon"), choices=[("", _("All horizons")), *Horizon.choices], required=False)
    province = forms.ChoiceField(
        label=_("Province"), choices=[("", _("All provinces")), *Province.choices], required=False
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(data["pillar"], data["horizon"], data["province"], data["sort"] or "communes")


class DemandForm(forms.Form):
    category = forms.ChoiceField(label=_("Kind of purchase"), choices=FunctionCategory.choices)


def _amount(label):
    return forms.DecimalField(
        label=label, min_value=0, max_value=MAX_AMOUNT, decimal_places=2, max_digits=12, initial=Decimal(0)
    )


class SharedProjectForm(forms.Form):
    """A shared project and its members; each commune of the territory is a row (taking part, users, %)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    function_category = forms.ChoiceField(label=_("Function"), choices=FunctionCategory.choices)
    template = forms.ModelChoiceField(
        label=_("Template of the members' sheets"), queryset=ProjectTemplate.objects.none(), required=False
    )
    lead_commune = forms.ModelChoiceField(
        label=_("Lead commune"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("The intercommunale"),
    )
    investment = _amount(_("Total investment (€)"))
    running_cost = _amount(_("Total yearly running cost (€)"))
    horizon = forms.ChoiceField(label=_("Horizon"), choices=[("", "—"), *Horizon.choices], required=False)
    split_rule = forms.ChoiceField(label=_("Cost split rule"), choices=SplitRule.choices, initial=SplitRule.EQUAL)
    communes = forms.ModelMultipleChoiceField(
        label=_("Member communes"), queryset=Commune.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.territory = territory
        communes = list(Commune.objects.filter(territory=territory))
        self.territory_communes = communes
        queryset = Commune.objects.filter(territory=territory)
        self.fields["communes"].queryset = queryset
        self.fields["lead_commune"].queryset = queryset
        self.fields["template"].queryset = ProjectTemplate.objects.all()
        for commune in communes:
            self.fields[f"users_{commune.pk}"] = forms.IntegerField(
                label=_("Users"), min_value=0, max_value=1_000_000, required=False
            )
            self.fields[f"percentage_{commune.pk}"] = forms.DecimalField(
                label=_("Share (%)"), min_value=0, max_value=100, decimal_places=2, max_digits=5, required=False
            )

    def rows(self):
        """One row per commune of the territory for the members' table."""
        chosen = {str(value) for value in (self["communes"].value() or [])}
        return [
            {
                "commune": commune,
                "checked": str(commune.pk) in chosen,
                "users": self[f"users_{commune.pk}"],
                "percentage": self[f"percentage_{commune.pk}"],
            }
            for commune in self.territory_communes
        ]

    @property
    def approximate_population(self) -> bool:
        return any(commune.population_approximate for commune in self.territory_communes)

    def to_input(self) -> SharedProjectInput:
        data = self.cleaned_data
        members = [
            MemberInput(
                commune=commune,
                users=data.get(f"users_{commune.pk}"),
                percentage=data.get(f"percentage_{commune.pk}"),
            )
            for commune in data["communes"]
        ]
        return SharedProjectInput(
            title=data["title"],
            description=data["description"],
            function_category=data["function_category"],
            lead_commune=data["lead_commune"],
            investment=data["investment"],
            running_cost=data["running_cost"],
            split_rule=data["split_rule"],
            horizon=data["horizon"],
            template=data["template"],
            members=members,
        )


class FrameworkForm(forms.ModelForm):
    lots = forms.CharField(
        label=_("Lots"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One lot a line: description; unit; unit price in euros (e.g. “Licence; per year; 1200”)."),
    )

    class Meta:
        model = FrameworkAgreement
        fields = ["title", "function_category", "provider", "valid_from", "valid_until", "conditions"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_lots(self) -> list[dict]:
        lots = []
        for number, line in enumerate(self.cleaned_data["lots"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            description, unit, price = (parts + ["", ""])[:3]
            try:
                unit_price = Decimal(price.replace(",", ".").replace(" ", "").replace("\u00a0", "")) if price else None
            except ArithmeticError:
                unit_price = Decimal(-1)
            if unit_price is not None and not unit_price.is_finite():
                unit_price = Decimal(-1)
            if not description or (unit_price is not None and not (0 <= unit_price <= MAX_AMOUNT)):
                raise forms.ValidationError(
                    _("Line %(number)s: write “description; unit; unit price” with a price in euros."),
                    params={"number": number},
                )
            lots.append({"description": description[:200], "unit": unit[:60], "unit_price": unit_price})
        return lots


class MemberProposeForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none())
    users = forms.IntegerField(label=_("Users"), min_value=0, max_value=1_000_000, required=False)
    percentage = forms.DecimalField(
        label=_("Share (%)"), min_value=0, max_value=100, decimal_places=2, max_digits=5, required=False
    )

    def __init__(self, *args, territory: Territory, exclude: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(territory=territory).exclude(pk__in=exclude)


class SharedProjectUpdateForm(EditVersionMixin, forms.ModelForm):
    """The texts of the project and its costs; users and percentages stay those of each member."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    investment = _amount(_("Total investment (€)"))
    running_cost = _amount(_("Total yearly running cost (€)"))

    class Meta:
        model = SharedProjectCosts
        fields = ["investment", "running_cost", "split_rule", "horizon"]

    field_order = ["title", "description", "investment", "running_cost", "split_rule", "horizon"]
