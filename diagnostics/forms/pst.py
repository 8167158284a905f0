"""Forms of the PST: objectives, actions, and the file to import (validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diagnostics.forms.fields import DATE_WIDGET, EuroField, PillarsField
from diagnostics.models import ObjectiveLevel, PstAction, PstObjective
from smartregion.forms import EditVersionMixin
from smartregion.spreadsheets import MAX_UPLOAD_BYTES


class ObjectiveForm(EditVersionMixin, forms.ModelForm):
    pillars = PillarsField(help_text=_("The pillars of a smart territory this objective relates to."))

    class Meta:
        model = PstObjective
        fields = ["parent", "code", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, level: str, strategic_objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillars"].initial = list(self.instance.pillars) if self.instance.pk else []
        if level == ObjectiveLevel.STRATEGIC:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = strategic_objectives
            self.fields["parent"].required = True
            self.fields["parent"].empty_label = None
            self.fields["parent"].label_from_instance = lambda o: f"{o.code} — {o.title}"
        self.order_fields(["parent", "code", "title", "description", "pillars"])


class ActionForm(EditVersionMixin, forms.ModelForm):
    budget = EuroField(label=_("Budget (€)"))

    class Meta:
        model = PstAction
        fields = ["objective", "code", "title", "owner", "budget", "deadline", "status", "is_smart"]
        widgets = {"deadline": DATE_WIDGET}

    def __init__(self, *args, operational_objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = operational_objectives
        self.fields["objective"].empty_label = None
        self.fields["objective"].label_from_instance = lambda o: f"{o.code} — {o.title}"


class PstImportForm(forms.Form):
    file = forms.FileField(
        label=_("PST file"),
        help_text=_("CSV (UTF-8 or Excel's CSV with “;”) or XLSX, at most 2 MB. One row per objective or action."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(max)s MB.") % {"max": MAX_UPLOAD_BYTES // 2**20})
        return upload
