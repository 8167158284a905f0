"""Forms for building questionnaires (validation only; the services apply the changes)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communes.models import Pillar
from diagnostics.models import Option, Question, Questionnaire, QuestionType, Section, Theme
from diagnostics.services.builder import QUESTION_FIELDS, OptionInput, RowInput
from smartregion.forms import EditVersionMixin
from smartregion.questions import kinds


class QuestionnaireStartForm(forms.Form):
    """Copy a template, or start from an empty questionnaire."""

    template = forms.ModelChoiceField(
        label=_("Start from"),
        queryset=Questionnaire.objects.none(),
        required=False,
        empty_label=_("An empty questionnaire"),
        widget=forms.RadioSelect,
        # Without blank=True a radio list drops the empty choice, and an empty questionnaire cannot be chosen.
        blank=True,
    )
    title_fr = forms.CharField(
        label=_("Title (French)"),
        max_length=200,
        required=False,
        help_text=_("Only for an empty questionnaire; a copy keeps the template's title, which you can change later."),
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["template"].label_from_instance = lambda q: q.title

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("template") and not (cleaned.get("title_fr") or "").strip():
            self.add_error("title_fr", _("Give the empty questionnaire a title."))
        return cleaned


class QuestionnaireForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title_fr", "title_en", "intro_fr", "intro_en"]
        widgets = {"intro_fr": forms.Textarea(attrs={"rows": 4}), "intro_en": forms.Textarea(attrs={"rows": 4})}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title_fr", "title_en", "intro_fr", "intro_en"]
        widgets = {"intro_fr": forms.Textarea(attrs={"rows": 3}), "intro_en": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(EditVersionMixin, forms.ModelForm):
    pillars = forms.MultipleChoiceField(
        label=_("Pillars"),
        choices=Pillar.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The pillars this question informs; its answers count towards their scores."),
    )
    condition_option = forms.TypedChoiceField(
        label=_("Show only if"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Show this question only to people who gave this answer to an earlier question."),
    )

    class Meta:
        model = Question
        fields = [*QUESTION_FIELDS, "pillars"]  # one list, shared with the builder service
        widgets = {
            "text_fr": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "help_fr": forms.Textarea(attrs={"rows": 2}),
            "help_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, questionnaire, condition_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = questionnaire.sections.order_by("position", "pk")
        self.fields["section"].label_from_instance = lambda s: s.title
        self.fields["section"].empty_label = None
        self.fields["condition_option"].choices = [("", _("Always shown")), *condition_choices]
        self.option_ids = {pk for _label, options in condition_choices for pk, _text in options}
        if self.instance.pk:
            self.initial.setdefault("pillars", list(self.instance.pillar_links.values_list("pillar", flat=True)))
            self.initial.setdefault("condition_option", self.instance.condition_option_id)
            self.initial.setdefault("edit_version", self.instance.edit_version)
        self.fields["theme"].choices = Theme.choices
        self.fields["type"].choices = QuestionType.choices

    # Which kinds use which part of the form (the page shows a part only for them, static/js/question-form.js).
    kinds_with_options = " ".join(sorted(kinds.values_where(lambda k: k.has_options)))
    kinds_with_scale = " ".join(sorted(kinds.values_where(lambda k: k.family in ("scale", "grid"))))
    kinds_with_rows = " ".join(sorted(kinds.values_where(lambda k: k.has_rows)))
    kinds_with_limits = " ".join(sorted(kinds.values_where(lambda k: k.family in ("number", "text", "long_text"))))

    def clean_condition_option(self):
        value = self.cleaned_data.get("condition_option")
        if value is None:
            return None
        if value not in self.option_ids:
            raise forms.ValidationError(_("Choose the condition among the answers of earlier questions."))
        return Option.objects.select_related("question").get(pk=value)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("pillars", None)
        data.pop("edit_version", None)
        return data


SMALL_INPUT = forms.TextInput(attrs={"class": "form-control form-control-sm"})


class OptionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label_fr = forms.CharField(label=_("Answer (French)"), max_length=200, required=False, widget=SMALL_INPUT)
    label_en = forms.CharField(label=_("Answer (English)"), max_length=200, required=False, widget=SMALL_INPUT)
    maturity = forms.IntegerField(
        label=_("Maturity (0–100)"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 0, "max": 100}),
    )

    def as_input(self) -> OptionInput | None:
        data = self.cleaned_data
        if not data or (not data.get("id") and not (data.get("label_fr") or "").strip()):
            return None
        return OptionInput(
            id=data.get("id"),
            label_fr=data.get("label_fr") or "",
            label_en=data.get("label_en") or "",
            maturity=data.get("maturity"),
            delete=bool(data.get("DELETE")),
        )


class RowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text_fr = forms.CharField(label=_("Statement (French)"), max_length=300, required=False, widget=SMALL_INPUT)
    text_en = forms.CharField(label=_("Statement (English)"), max_length=300, required=False, widget=SMALL_INPUT)

    def as_input(self) -> RowInput | None:
        data = self.cleaned_data
        if not data or (not data.get("id") and not (data.get("text_fr") or "").strip()):
            return None
        return RowInput(
            id=data.get("id"),
            text_fr=data.get("text_fr") or "",
            text_en=data.get("text_en") or "",
            delete=bool(data.get("DELETE")),
        )


OptionFormSet = forms.formset_factory(OptionForm, extra=3, can_delete=True, max_num=40, validate_max=True)
RowFormSet = forms.formset_factory(RowForm, extra=3, can_delete=True, max_num=30, validate_max=True)


def option_initial(question: Question | None) -> list[dict]:
    if question is None or not question.pk:
        return []
    return [
        {"id": o.pk, "label_fr": o.label_fr, "label_en": o.label_en, "maturity": o.maturity}
        for o in question.options.all()
    ]


def row_initial(question: Question | None) -> list[dict]:
    if question is None or not question.pk:
        return []
    return [{"id": r.pk, "text_fr": r.text_fr, "text_en": r.text_en} for r in question.rows.all()]


def inputs(formset) -> list:
    return [item for form in formset.forms if (item := form.as_input()) is not None]


class BankFilterForm(forms.Form):
    pillar = forms.ChoiceField(label=_("Pillar"), choices=[("", _("All pillars")), *Pillar.choices], required=False)
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("All themes")), *Theme.choices], required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *QuestionType.choices], required=False)
    search = forms.CharField(label=_("Words"), max_length=100, required=False)


class BankAddForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    section = forms.ModelChoiceField(label=_("Add to page"), queryset=Section.objects.none(), empty_label=None)

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = questionnaire.sections.order_by("position", "pk")
        self.fields["section"].label_from_instance = lambda s: s.title


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
