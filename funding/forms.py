from django import forms
from django.utils.translation import gettext_lazy as _

from communes.models import Pillar
from funding.models import ApplicationStatus, Beneficiary, FunderKind, FundingCall
from mutualisation.models import SharedProject
from roadmaps.models import FunctionCategory

ROUND_SLOTS = 4
ERROR_ROUND_HALF = _("Give both the opening and the closing date of a round.")
ERROR_CLOSES_BEFORE_OPENS = _("A round cannot close before it opens.")


class CallForm(forms.Form):
    funder_kind = forms.ChoiceField(label=_("Funder"), choices=FunderKind.choices)
    funder = forms.CharField(label=_("Funding body"), max_length=200, required=False)
    programme = forms.CharField(label=_("Programme"), max_length=200)
    title = forms.CharField(label=_("Call"), max_length=200)
    link = forms.URLField(label=_("Funder's page"), required=False, assume_scheme="https")
    beneficiaries = forms.MultipleChoiceField(
        label=_("Eligible beneficiaries"), choices=Beneficiary.choices, widget=forms.CheckboxSelectMultiple
    )
    pillars = forms.MultipleChoiceField(
        label=_("Eligible pillars"),
        choices=Pillar.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: any pillar."),
    )
    function_categories = forms.MultipleChoiceField(
        label=_("Eligible kinds of project"),
        choices=FunctionCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: any kind of project."),
    )
    cofunding_rate = forms.DecimalField(
        label=_("Co-funding rate (%)"), required=False, max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    floor = forms.DecimalField(
        label=_("Floor (€)"), required=False, max_digits=12, decimal_places=2, min_value=0,
        help_text=_("Smallest eligible project."),
    )  # fmt: skip
    ceiling = forms.DecimalField(
        label=_("Ceiling (€)"), required=False, max_digits=12, decimal_places=2, min_value=0,
        help_text=_("Largest eligible project, and largest grant."),
    )  # fmt: skip
    requires_several_communes = forms.BooleanField(label=_("Only for several communes together"), required=False)
    documents = forms.CharField(label=_("Documents to provide"), required=False, widget=forms.Textarea({"rows": 3}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))
    is_example = forms.BooleanField(label=_("Dates and amounts are examples"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ROUND_SLOTS + 1):
            self.fields[f"round_{n}_opens"] = forms.DateField(
                label=_("Round %(n)s opens on") % {"n": n}, required=False, widget=forms.DateInput({"type": "date"})
            )
            self.fields[f"round_{n}_closes"] = forms.DateField(
                label=_("Round %(n)s closes on") % {"n": n}, required=False, widget=forms.DateInput({"type": "date"})
            )

    def round_fields(self):
        return [(self[f"round_{n}_opens"], self[f"round_{n}_closes"]) for n in range(1, ROUND_SLOTS + 1)]

    def clean(self):
        cleaned = super().clean()
        for n in range(1, ROUND_SLOTS + 1):
            opens, closes = cleaned.get(f"round_{n}_opens"), cleaned.get(f"round_{n}_closes")
            if (opens is None) != (closes is None) and not self.has_error(f"round_{n}_opens"):
                self.add_error(f"round_{n}_closes" if closes is None else f"round_{n}_opens", ERROR_ROUND_HALF)
            elif opens and closes and closes < opens:
                self.add_error(f"round_{n}_closes", ERROR_CLOSES_BEFORE_OPENS)
        return cleaned

    def rounds(self) -> list:
        pairs = (
            (self.cleaned_data.get(f"round_{n}_opens"), self.cleaned_data.get(f"round_{n}_closes"))
            for n in range(1, ROUND_SLOTS + 1)
        )
        return [(o, c) for o, c in pairs if o and c]

    def call_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.declared_fields}

    @staticmethod
    def initial_from(call: FundingCall) -> dict:
        initial = {name: getattr(call, name) for name in CallForm.declared_fields}
        for n, round_ in enumerate(call.rounds.all(), start=1):
            if n <= ROUND_SLOTS:
                initial[f"round_{n}_opens"] = round_.opens_on
                initial[f"round_{n}_closes"] = round_.closes_on
        return initial


class ApplicationForm(forms.Form):
    call = forms.ModelChoiceField(label=_("Call"), queryset=FundingCall.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=ApplicationStatus.choices)
    amount_requested = forms.DecimalField(
        label=_("Amount requested (€)"), required=False, max_digits=12, decimal_places=2, min_value=0
    )
    amount_granted = forms.DecimalField(
        label=_("Amount granted (€)"), required=False, max_digits=12, decimal_places=2, min_value=0
    )
    probability = forms.IntegerField(
        label=_("Probability of success (%)"),
        min_value=0,
        max_value=100,
        initial=50,
        help_text=_("For the what-if plan: how likely the grant is."),
    )
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=forms.DateInput({"type": "date"}))
    documents = forms.CharField(
        label=_("Documents"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("What was sent, and where it is kept."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, calls=None, **kwargs):
        super().__init__(*args, **kwargs)
        if calls is None:
            del self.fields["call"]  # an application's call does not change
        else:
            self.fields["call"].queryset = calls

    def application_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "call"}


class SharedApplicationForm(ApplicationForm):
    """A shared project's application, once for all its communes (the referent's)."""

    shared_project = forms.ModelChoiceField(label=_("Shared project"), queryset=SharedProject.objects.none())
    field_order = ["shared_project", "call"]

    def __init__(self, *args, shared_projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if shared_projects is None:
            del self.fields["shared_project"]
        else:
            self.fields["shared_project"].queryset = shared_projects

    def application_fields(self) -> dict:
        return {n: v for n, v in self.cleaned_data.items() if n not in ("call", "shared_project")}


class ReminderSettingsForm(forms.Form):
    reminder_days = forms.IntegerField(label=_("Reminder, days before a deadline"), min_value=1, max_value=90)
    reminders_enabled = forms.BooleanField(label=_("Send reminders"), required=False)


class CatalogueImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
