"""Forms for campaigns, respondent groups, respondents and open links (validation only)."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from diagnostics.models import Campaign, GroupKind, OpenLink, RespondentGroup
from smartregion.forms import EditVersionMixin

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_PEOPLE = 500
_ANGLE = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^>]+)>\s*$")


class CampaignForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["questionnaire", "title", "opens_on", "closes_on", "reminder_every_days", "max_reminders"]
        widgets = {"opens_on": DATE_WIDGET, "closes_on": DATE_WIDGET}

    def __init__(self, *args, questionnaires=None, **kwargs):
        super().__init__(*args, **kwargs)
        if questionnaires is None:
            del self.fields["questionnaire"]
        else:
            self.fields["questionnaire"].queryset = questionnaires
            self.fields["questionnaire"].label_from_instance = lambda q: q.label

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The closing date cannot come before the opening date."))
        return cleaned


class GroupForm(forms.ModelForm):
    class Meta:
        model = RespondentGroup
        fields = ["kind", "name"]
        help_texts = {"name": _("For example “Commission locale de développement rural”. Leave empty for the kind.")}


def parse_people(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """People typed or pasted one per line: "Name <e-mail>", "Name; e-mail", "Name, e-mail" or just the e-mail.

    Returns (name, e-mail) pairs and the problems found, line by line.
    """
    people, problems, seen = [], [], set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _ANGLE.match(line)
        if match:
            name, email = match.group("name"), match.group("email")
        else:
            parts = [p.strip() for p in re.split(r"[;,\t]", line) if p.strip()]
            email = next((p for p in reversed(parts) if "@" in p), "")
            name = " ".join(p for p in parts if p != email)
        name, email = name.strip().strip('"'), email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                str(_("Line %(number)s: “%(line)s” has no valid e-mail address.") % {"number": number, "line": line})
            )
            continue
        if email in seen:
            problems.append(str(_("Line %(number)s: %(email)s appears twice.") % {"number": number, "email": email}))
            continue
        seen.add(email)
        people.append((name[:150], email))
    return people, problems


class RespondentsForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=RespondentGroup.objects.none(), empty_label=None)
    people = forms.CharField(
        label=_("People"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One person per line: “Name <e-mail>”, “Name; e-mail” or just the e-mail. "
            "You can paste two columns from a spreadsheet."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES, initial="fr")
    send = forms.BooleanField(label=_("Send the invitations now"), required=False, initial=True)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = campaign.groups.order_by("position", "pk")
        self.fields["group"].label_from_instance = lambda g: g.display_name

    def clean_people(self):
        people, problems = parse_people(self.cleaned_data["people"])
        if problems:
            raise forms.ValidationError(problems)
        if not people:
            raise forms.ValidationError(_("Add at least one person."))
        if len(people) > MAX_PEOPLE:
            raise forms.ValidationError(_("At most %(max)s people at once; split the list.") % {"max": MAX_PEOPLE})
        return people


class OpenLinkForm(forms.ModelForm):
    class Meta:
        model = OpenLink
        fields = ["group", "max_responses", "closes_on", "several_per_browser"]
        labels = {"group": _("Group")}
        widgets = {"closes_on": DATE_WIDGET}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = campaign.groups.order_by("position", "pk")
        self.fields["group"].label_from_instance = lambda g: g.display_name
        self.fields["group"].empty_label = None
        self.fields["group"].initial = (
            campaign.groups.filter(kind=GroupKind.CITIZENS).values_list("pk", flat=True).first()
        )
        if self.instance.pk:
            del self.fields["group"]


class ResultsFilterForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Respondents"), coerce=int, required=False, empty_value=None)
    partial = forms.BooleanField(label=_("Include answers of people who have not submitted yet"), required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("Everybody")), *[(g.id, g.name) for g in groups]]
