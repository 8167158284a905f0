"""Forms of ideation workshops and ideas (validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diagnostics.forms.fields import DATE_WIDGET
from diagnostics.models import IdeaDecision, Workshop, WorkshopIdea
from diagnostics.models.workshops import MAX_VOTES
from smartregion.forms import EditVersionMixin


class WorkshopForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "held_on", "participant_count", "participant_names", "notes"]
        widgets = {
            "held_on": DATE_WIDGET,
            "participant_names": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


class IdeaForm(forms.ModelForm):
    class Meta:
        model = WorkshopIdea
        fields = ["title", "description", "pillar", "votes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class VotesForm(forms.Form):
    """One number per idea of the workshop, as counted on the wall."""

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.ideas = list(ideas)
        for idea in self.ideas:
            self.fields[f"votes_{idea.pk}"] = forms.IntegerField(
                label=idea.title,
                min_value=0,
                max_value=MAX_VOTES,
                initial=idea.votes,
                widget=forms.NumberInput(attrs={"form": "votes-form", "class": "form-control form-control-sm"}),
            )

    def votes(self) -> dict[int, int]:
        return {idea.pk: self.cleaned_data[f"votes_{idea.pk}"] for idea in self.ideas}

    def field_for(self, idea):
        return self[f"votes_{idea.pk}"]


NEW_NEED = "new"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=IdeaDecision.choices)
    need = forms.ChoiceField(
        label=_("Need"),
        required=False,
        help_text=_("Only when the idea is kept as a need: an existing need, or a new one worded as the idea."),
    )
    note = forms.CharField(label=_("Why"), max_length=300, required=False)

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = {str(n.pk): n for n in needs}
        self.fields["need"].choices = [(NEW_NEED, _("A new need worded as the idea"))] + [
            (str(n.pk), n.title) for n in self.needs.values()
        ]

    def clean_need(self):
        value = self.cleaned_data.get("need") or NEW_NEED
        return None if value == NEW_NEED else self.needs.get(value)
