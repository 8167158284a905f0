from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from barometer.kinds import REGISTRY, barometer_kind
from barometer.models import (
    ERROR_CLOSES_BEFORE_OPENS,
    ERROR_SCALE_BOUNDS,
    Edition,
    Question,
)
from barometer.results import QuestionInfo
from smartregion.spreadsheets import MAX_UPLOAD_BYTES

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECK = {"class": "form-check-input"}
START_EMPTY = "empty"
START_STANDARD = "standard"
ERROR_OPTION_LINE = _("Write one option per line as “code | label”, e.g. “mobility | Mobility”.")
ERROR_FILE_TOO_BIG = _("The file is larger than %(max)s MB.")


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["year", "title", "opens_on", "closes_on", "reminder_every_days"]
        widgets = {"opens_on": DATE_WIDGET, "closes_on": DATE_WIDGET}

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", ERROR_CLOSES_BEFORE_OPENS)
        return cleaned


class EditionCreateForm(EditionForm):
    start_from = forms.ChoiceField(
        label=_("Questions"),
        help_text=_("Starting from an earlier edition keeps the question codes, so that results compare."),
    )

    def __init__(self, *args, previous_editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.previous = {str(e.pk): e for e in previous_editions}
        self.fields["start_from"].choices = [
            *[(pk, _("Copy the questions of %(title)s") % {"title": e.title}) for pk, e in self.previous.items()],
            (START_STANDARD, _("The standard question set (IGRETEC survey)")),
            (START_EMPTY, _("No question yet")),
        ]
        if not self.is_bound:
            self.initial.setdefault("start_from", next(iter(self.previous), START_STANDARD))

    class Meta(EditionForm.Meta):
        fields = ["year", "title", "opens_on", "closes_on", "start_from"]

    def start_options(self) -> dict:
        choice = self.cleaned_data["start_from"]
        return {"copy_from": self.previous.get(choice), "standard": choice == START_STANDARD}

    def edition_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("year", "title", "opens_on", "closes_on")}


class QuestionForm(forms.ModelForm):
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For choice questions: one option per line, “code | label”. Codes stay the same across editions."),
    )

    class Meta:
        model = Question
        fields = ["code", "label", "help_text", "kind", "scale_min", "scale_max", "required", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["options"] = "\n".join(f"{o.code} | {o.label}" for o in self.instance.options.all())

    def clean_options(self) -> list[tuple[str, str]]:
        parsed = []
        for line in self.cleaned_data["options"].splitlines():
            if not line.strip():
                continue
            code, separator, label = line.partition("|")
            if not separator or not code.strip() or not label.strip():
                raise forms.ValidationError(ERROR_OPTION_LINE)
            parsed.append((code.strip(), label.strip()))
        return parsed

    def clean(self):
        cleaned = super().clean()
        kind = REGISTRY.get(cleaned.get("kind") or "")
        if kind is None or not kind.has_options:
            cleaned["options"] = []
        if kind is None or not kind.has_scale:
            cleaned["scale_min"] = cleaned["scale_max"] = None
        elif (
            cleaned.get("scale_min") is None
            or cleaned.get("scale_max") is None
            or cleaned["scale_max"] <= cleaned["scale_min"]
        ):
            self.add_error("scale_max", ERROR_SCALE_BOUNDS)
        return cleaned

    def question_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def changed_question_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.changed_data}


def question_field_name(code: str) -> str:
    return f"q_{code}"


class ResponseForm(forms.Form):
    """A commune's answers: one field per question of the edition, plus the pair who answered."""

    respondent_name = forms.CharField(
        label=_("Administration member who answered"),
        max_length=120,
        required=False,
        help_text=_("The commune answers as a pair: a member of the administration…"),
    )
    alderman_name = forms.CharField(
        label=_("Alderman in charge"),
        max_length=120,
        required=False,
        help_text=_("…and the alderman in charge of digital matters."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, questions: list[QuestionInfo], enforce_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = sorted(questions, key=lambda q: (q.position, q.id))
        for question in self.questions:
            field = self._field(question)
            field.required = question.required and enforce_required
            field.label = question.label
            # Written by the barometer's editors; crispy and Django's form templates print help texts unescaped.
            field.help_text = escape(question.help_text)
            self.fields[question_field_name(question.code)] = field

    @staticmethod
    def _field(question: QuestionInfo) -> forms.Field:
        return barometer_kind(question.kind).form_field(question)

    def answers(self) -> dict:
        return {q.code: self.cleaned_data.get(question_field_name(q.code)) for q in self.questions}

    def question_items(self):
        """(bound field, question) pairs in the edition's order, for the template."""
        return [(self[question_field_name(q.code)], q) for q in self.questions]

    @staticmethod
    def initial_for(values: dict, *, respondent_name: str = "", alderman_name: str = "", version: int = 0) -> dict:
        initial = {"respondent_name": respondent_name, "alderman_name": alderman_name, "version": version}
        for code, value in values.items():
            if isinstance(value, bool):
                value = "yes" if value else "no"
            elif isinstance(value, tuple):
                value = list(value)
            initial[question_field_name(code)] = value
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File of answers"),
        help_text=_("CSV or Excel (.xlsx), at most 2 MB: one row per commune, one column per question code."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(ERROR_FILE_TOO_BIG % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)})
        return upload


class LinkPageForm(forms.Form):
    """One page of the questions, answered through a personal link (nothing required until confirming)."""

    name = forms.CharField(label=_("Your name"), max_length=120, required=False)

    def __init__(self, *args, questions: list[QuestionInfo], with_name: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_name:
            del self.fields["name"]
        self.questions = questions
        for question in questions:
            field = barometer_kind(question.kind).form_field(question)
            field.required = False
            field.label = question.label
            field.help_text = escape(question.help_text)
            self.fields[question_field_name(question.code)] = field

    def answers(self) -> dict:
        return {q.code: self.cleaned_data.get(question_field_name(q.code)) for q in self.questions}

    def question_items(self):
        return [(self[question_field_name(q.code)], q) for q in self.questions]

    @staticmethod
    def initial_for(values: dict, *, name: str = "") -> dict:
        initial = ResponseForm.initial_for(values)
        del initial["respondent_name"], initial["alderman_name"], initial["version"]
        initial["name"] = name
        return initial


class InvitationsForm(forms.Form):
    """The communes to invite, each with two editable addresses (the commune's contacts by default)."""

    def __init__(self, *args, communes, defaults: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = list(communes)
        for commune in self.communes:
            administration, alderman, checked = defaults[commune.pk]
            self.fields[f"c{commune.pk}"] = forms.BooleanField(label=commune.name, required=False, initial=checked)
            self.fields[f"c{commune.pk}_adm"] = forms.EmailField(
                label=_("Administration contact"), required=False, initial=administration
            )
            self.fields[f"c{commune.pk}_ald"] = forms.EmailField(
                label=_("Alderman in charge"), required=False, initial=alderman
            )

    def rows(self):
        return [(c, self[f"c{c.pk}"], self[f"c{c.pk}_adm"], self[f"c{c.pk}_ald"]) for c in self.communes]

    def people(self) -> dict:
        return {
            c.pk: (self.cleaned_data[f"c{c.pk}_adm"], self.cleaned_data[f"c{c.pk}_ald"])
            for c in self.communes
            if self.cleaned_data.get(f"c{c.pk}")
        }
