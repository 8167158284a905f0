from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from communes.models import Pillar
from diagnostics.selectors.needs import current_need_ids
from roadmaps import costs
from roadmaps.models import MAX_WEIGHT, SHEET_LONG_TEXTS, CostBasis, Criterion, Horizon, ProjectSheet, Roadmap, Skill
from roadmaps.services.sheets import SHEET_FIELDS, SHEET_LINKS
from smartregion.forms import EditVersionMixin

MARK_CHOICES = [("", _("Not marked")), *((str(v), str(v)) for v in range(1, 6))]


class RoadmapForm(EditVersionMixin, forms.ModelForm):
    focus_pillars = forms.MultipleChoiceField(
        label=_("Pillars to focus on"),
        choices=Pillar.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Communes should focus on a few pillars, not all at once."),
    )

    class Meta:
        model = Roadmap
        fields = ["summary", "focus_pillars"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class SheetForm(forms.ModelForm):
    """Every field of a project sheet; `version` is the one the person started from.

    The links to the diagnostic offer the commune's own PST objectives, needs and existing systems.
    """

    pillars = forms.MultipleChoiceField(
        label=_("Pillars"), choices=Pillar.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    skills_needed = forms.MultipleChoiceField(
        label=_("Skills needed"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProjectSheet
        fields = [*SHEET_FIELDS, *SHEET_LINKS]
        widgets = dict.fromkeys(SHEET_LINKS, forms.CheckboxSelectMultiple) | {
            name: forms.Textarea(attrs={"rows": 3}) for name in SHEET_LONG_TEXTS
        }
        help_texts = {
            "pst_objectives_text": _("Objectives the list above does not hold, or how the project serves them."),
            "needs_text": _(
                "What the list above does not say about the evidence (questionnaire, interviews, workshops)."
            ),
            "people_involved": _("Who carries it: departments, people, partners."),
        }

    # Sections of the form, in order, for the template.
    SECTIONS = [
        (_("Description"), ["title", "summary", "objectives", "pillars", "function_category"]),
        (_("Why this project"), ["pst_objectives", "pst_objectives_text", "needs", "needs_text", "impact"]),
        (_("People and skills"), ["people_involved", "skills_needed"]),
        (_("Costs and funding"), ["investment", "running_cost", "staff_days", "funding"]),
        (
            _("Feasibility and resources"),
            ["feasibility", "exchanges_with", "resources_available", "resources_needed", "risks"],
        ),
        (
            _("Return on investment"),
            ["roi_years", "yearly_financial_gains", "socio_economic_value", "yearly_socio_economic_value"],
        ),
        (_("Planning"), ["status", "horizon"]),
    ]

    EMPTY_LINK_HELP = {
        "pst_objectives": _("No PST objective is recorded in the commune's diagnostic yet."),
        "needs": _("No need is recorded in the commune's diagnostic yet."),
        "exchanges_with": _("No existing system is recorded in the commune's inventory yet."),
    }
    LINK_HELP = {
        "pst_objectives": _("The objectives of the commune's PST this project serves."),
        "needs": _("The needs of the diagnostic it answers; their evidence shows on the sheet."),
        "exchanges_with": _(
            "Systems of the inventory it must exchange data with: they come first, like prerequisites."
        ),
    }

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # A need merged since it was linked is offered as the need it went into, so saving keeps the link.
            self.initial["needs"] = sorted(current_need_ids(self.instance.needs.values_list("pk", flat=True)))
        for name, choices in SHEET_LINKS.items():
            field = self.fields[name]
            field.queryset = choices(commune)
            field.help_text = self.LINK_HELP[name] if field.queryset.exists() else self.EMPTY_LINK_HELP[name]

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def all_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in SHEET_FIELDS}

    def links(self) -> dict:
        return {name: list(self.cleaned_data[name]) for name in SHEET_LINKS}


class HorizonForm(forms.Form):
    horizon = forms.ChoiceField(
        label=_("Horizon"), choices=[("", _("Not placed yet")), *Horizon.choices], required=False
    )


class MarksForm(forms.Form):
    """One 1–5 mark per criterion of the roadmap (empty = not marked)."""

    def __init__(self, *args, criteria: list[Criterion], marks: dict[int, int], suggested_budget: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            # Criterion descriptions are user-written; form templates print help texts unescaped.
            help_text = escape(criterion.description)
            if criterion.kind == "budget" and suggested_budget:
                help_text = _("Suggested from the total cost over the ROI period: %(mark)s.") % {
                    "mark": suggested_budget
                }
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=MARK_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                help_text=help_text,
                initial=marks.get(criterion.pk),
            )

    def marks(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}


class WeightsForm(forms.Form):
    """A weight from 0 to 100 per criterion; shares are computed from their sum."""

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"weight_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                min_value=0,
                max_value=MAX_WEIGHT,
                initial=criterion.weight,
                help_text=escape(criterion.description),
                widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(f"weight_{c.pk}") for c in self.criteria):
            raise forms.ValidationError(_("Give at least one criterion a weight above 0."))
        return cleaned

    def weights(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"weight_{c.pk}"] for c in self.criteria}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["label", "description", "weight"]
        labels = {"label": _("Name")}
        help_texts = {"label": _("For example: return on investment, mutualisation potential.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].required = True


class PrerequisiteForm(forms.Form):
    required = forms.TypedChoiceField(label=_("Add a prerequisite"), coerce=int, choices=())

    def __init__(self, *args, candidates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required"].choices = [("", "—"), *((c["pk"], c["title"]) for c in candidates)]


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(forms.Form):
    """Budgets per horizon and the referent's adjustments (sheets required or left out)."""

    short_investment = forms.DecimalField(
        label=_("Investment budget, short term (€)"), min_value=0, decimal_places=2, max_digits=14
    )
    medium_investment = forms.DecimalField(
        label=_("Investment budget, medium term (€)"), min_value=0, decimal_places=2, max_digits=14
    )
    long_investment = forms.DecimalField(
        label=_("Investment budget, long term (€)"), min_value=0, decimal_places=2, max_digits=14
    )
    short_staff = forms.IntegerField(label=_("Staff capacity, short term (person-days)"), min_value=0, required=False)
    medium_staff = forms.IntegerField(label=_("Staff capacity, medium term (person-days)"), min_value=0, required=False)
    long_staff = forms.IntegerField(label=_("Staff capacity, long term (person-days)"), min_value=0, required=False)
    required = forms.TypedMultipleChoiceField(
        label=_("Sheets that must be in the plan"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    forbidden = forms.TypedMultipleChoiceField(
        label=_("Sheets to leave out"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    cost_basis = forms.ChoiceField(
        label=_("Budget each sheet at"),
        choices=CostBasis.choices,
        initial=CostBasis.INVESTMENT,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        if not costs.has_grants():
            del self.fields["cost_basis"]  # nothing counts grants: the investment is what a sheet costs
        choices = [(s.pk, s.title) for s in candidates]
        self.fields["required"].choices = choices
        self.fields["forbidden"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if set(cleaned.get("required") or []) & set(cleaned.get("forbidden") or []):
            self.add_error("forbidden", _("A sheet cannot be both required and left out."))
        return cleaned

    def budgets(self) -> dict:
        return {
            h: (self.cleaned_data.get(f"{h}_investment"), self.cleaned_data.get(f"{h}_staff")) for h in Horizon.values
        }

    def chosen_cost_basis(self) -> str:
        return self.cleaned_data.get("cost_basis") or CostBasis.INVESTMENT

    @staticmethod
    def initial_from(proposal) -> dict:
        if proposal is None:
            return {}
        initial = {"required": proposal.required, "forbidden": proposal.forbidden, "cost_basis": proposal.cost_basis}
        for h in Horizon.values:
            budget = proposal.budgets.get(h) or {}
            investment = budget.get("investment")
            initial[f"{h}_investment"] = (
                int(investment) if investment is not None and float(investment).is_integer() else investment
            )
            initial[f"{h}_staff"] = budget.get("staff_days")
        return initial
