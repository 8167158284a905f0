"""Forms of interviews, participants and findings (validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diagnostics.forms.fields import DATE_WIDGET, TIME_WIDGET, EditVersionMixin, PillarsField
from diagnostics.models import Diagnostic, Finding, Interview, ParticipantGroup
from diagnostics.models.interviews import MAX_PARTICIPANTS, MIN_PARTICIPANTS
from diagnostics.services.interviews import ERROR_PARTICIPANT_COUNT, ParticipantInput

ERROR_NAME_MISSING = _("Give this participant's name, or clear the row.")
ERROR_GROUP_MISSING = _("Choose this participant's group.")


class InterviewForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Interview
        fields = [
            "held_on",
            "start_time",
            "duration_minutes",
            "status",
            "topic",
            "interviewer_users",
            "interviewers",
            "notes",
        ]
        widgets = {
            "held_on": DATE_WIDGET,
            "start_time": TIME_WIDGET,
            "interviewer_users": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, interviewer_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewer_users"].queryset = interviewer_choices
        self.fields["interviewer_users"].required = False
        self.fields["interviewer_users"].label_from_instance = lambda u: u.get_full_name() or u.username


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    function = forms.CharField(label=_("Function"), max_length=150, required=False)
    group = forms.ChoiceField(label=_("Group"), choices=[("", "—"), *ParticipantGroup.choices], required=False)

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name") or "").strip()
        if not name and (cleaned.get("function") or "").strip():
            self.add_error("name", ERROR_NAME_MISSING)
        if name and not cleaned.get("group"):
            self.add_error("group", ERROR_GROUP_MISSING)
        return cleaned


class BaseParticipantFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        named = [f for f in self.forms if (f.cleaned_data.get("name") or "").strip()]
        if not MIN_PARTICIPANTS <= len(named) <= MAX_PARTICIPANTS:
            raise forms.ValidationError(ERROR_PARTICIPANT_COUNT)

    def participants(self) -> list[ParticipantInput]:
        return [
            ParticipantInput(
                name=f.cleaned_data["name"], function=f.cleaned_data["function"], group=f.cleaned_data["group"]
            )
            for f in self.forms
            if (f.cleaned_data.get("name") or "").strip()
        ]


ParticipantFormSet = forms.formset_factory(
    ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=MAX_PARTICIPANTS,
    max_num=MAX_PARTICIPANTS,
    absolute_max=MAX_PARTICIPANTS,
    validate_max=True,
)


def participant_formset(data=None, *, interview: Interview | None = None, participants=None) -> ParticipantFormSet:
    """Three rows: the interview's participants, then empty rows."""
    initial = [{"name": p.name, "function": p.function, "group": p.group} for p in (participants or [])]
    formset = ParticipantFormSet(data, initial=initial, prefix="participants")
    formset.extra = MAX_PARTICIPANTS - len(initial)
    return formset


class InterviewTargetForm(forms.ModelForm):
    class Meta:
        model = Diagnostic
        fields = ["interview_target"]


class FindingForm(EditVersionMixin, forms.ModelForm):
    pillars = PillarsField()

    class Meta:
        model = Finding
        fields = ["kind", "summary", "details", "objective"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillars"].initial = list(self.instance.pillars) if self.instance.pk else []
        self.fields["objective"].queryset = objectives
        self.fields["objective"].required = False
        self.fields["objective"].empty_label = _("No PST objective")
        self.fields["objective"].label_from_instance = lambda o: f"{o.code} — {o.title}"
        self.order_fields(["kind", "summary", "details", "pillars", "objective"])
