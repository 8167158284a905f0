"""Forms of needs, their evidence, merging, and the synthesis texts (validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communes.models import Pillar
from diagnostics.forms.fields import EditVersionMixin, PillarsField
from diagnostics.models import Diagnostic, Need


class NeedForm(EditVersionMixin, forms.ModelForm):
    pillars = PillarsField()

    class Meta:
        model = Need
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillars"].initial = list(self.instance.pillars) if self.instance.pk else []
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.edit_version


class QuestionEvidenceForm(forms.Form):
    """A question of one of the commune's campaigns: the value is "campaign:question"."""

    item = forms.ChoiceField(label=_("Question of a questionnaire campaign"))
    note = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def __init__(self, *args, campaign_questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = {}
        choices = []
        for campaign, questions in campaign_questions:
            options = []
            for question in questions:
                key = f"{campaign.pk}:{question.pk}"
                self.lookup[key] = (campaign, question)
                options.append((key, f"{question.code} {question.text}"[:160]))
            if options:
                choices.append((campaign.title, options))
        self.fields["item"].choices = choices

    def clean_item(self):
        return self.lookup[self.cleaned_data["item"]]


class PillarEvidenceForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=None, label=_("Questionnaire campaign"), empty_label=None)
    pillar = forms.ChoiceField(label=_("Pillar score"), choices=Pillar.choices)
    note = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class FindingEvidenceForm(forms.Form):
    finding = forms.ModelChoiceField(queryset=None, label=_("Interview finding"), empty_label=None)
    note = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings
        self.fields["finding"].label_from_instance = lambda f: f"{f.interview.held_on:%d/%m/%Y} — {f.summary}"[:160]


class IdeaEvidenceForm(forms.Form):
    idea = forms.ModelChoiceField(queryset=None, label=_("Workshop idea"), empty_label=None)
    note = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = ideas
        self.fields["idea"].label_from_instance = lambda i: f"{i.workshop.title} — {i.title}"[:160]


class ObjectiveEvidenceForm(forms.Form):
    objective = forms.ModelChoiceField(queryset=None, label=_("PST objective"), empty_label=None)
    note = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives
        self.fields["objective"].label_from_instance = lambda o: f"{o.code} — {o.title}"[:160]


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=None,
        label=_("Merge into"),
        empty_label=None,
        help_text=_("The need chosen here keeps its title and receives all the evidence; this one is kept as a trace."),
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = needs


class SynthesisForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Diagnostic
        fields = ["summary_text", "strengths_text", "weaknesses_text", "existing_text"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.edit_version
