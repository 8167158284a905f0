"""Forms of projects: validation of what is typed only; the rules are the services'."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from projects.models import (
    BudgetEntry,
    ChecklistTemplateItem,
    Indicator,
    Project,
    ProjectMilestone,
    ProjectPhase,
    Risk,
    SteeringMeeting,
    TeamMember,
)
from projects.selectors import INDICATOR_STATUSES
from projects.services import PROJECT_FIELDS
from smartregion.forms import EditVersionMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class ProjectStartForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    sheet = forms.TypedChoiceField(label=_("From the project sheet"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, sheets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [("", _("None: a project without roadmap")), *((s.pk, s.title) for s in sheets)]
        self.fields["title"].help_text = _("Leave empty to take the sheet's title.")


class ProjectForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            **{
                name: _text()
                for name in ("summary", "objectives", "scope", "results", "lessons_learned", "sustainability")
            },
        }


class ChecklistAnswerForm(forms.Form):
    done = forms.BooleanField(label=_("Done"), required=False)
    answer = forms.CharField(label=_("Answer"), required=False, max_length=4000, widget=_text(2))


class PhaseCloseForm(forms.Form):
    phase = forms.ChoiceField(choices=ProjectPhase.choices[:4], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for closing with items open"), required=False, max_length=2000, widget=_text(3)
    )


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "organisation", "kind", "role", "user"]

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["user"].required = False


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["title", "likelihood", "impact", "mitigation"]
        widgets = {"mitigation": _text()}


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = ProjectMilestone
        fields = ["title", "due_date", "completed_on"]
        widgets = {"due_date": DATE, "completed_on": DATE}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = SteeringMeeting
        fields = ["held_on", "participants", "minutes", "decisions"]
        widgets = {"held_on": DATE, "participants": _text(2), "minutes": _text(5), "decisions": _text(3)}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "target_date"]
        widgets = {"target_date": DATE}


class BudgetEntryForm(forms.ModelForm):
    class Meta:
        model = BudgetEntry
        fields = ["recorded_on", "kind", "category", "amount", "label"]
        widgets = {"recorded_on": DATE}


class IndicatorValueForm(forms.Form):
    measured_on = forms.DateField(label=_("Measured on"), required=False, widget=DATE)
    value = forms.CharField(label=_("Value"), required=False, max_length=30)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class EvaluationRequestForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistTemplateItem
        fields = ["phase", "kind", "required", "text_fr", "text_en"]


class TerritoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("All")), *ProjectPhase.choices])
    status = forms.ChoiceField(
        label=_("Indicators"), required=False, choices=[("", _("All")), *INDICATOR_STATUSES.items()]
    )
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    late = forms.BooleanField(label=_("Late only"), required=False)

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("All")), *((c.slug, c.name) for c in communes)]
