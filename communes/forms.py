from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from communes.models import Accompaniment, Commune, Milestone, Role
from communes.services import ERROR_COMMUNE_NAME_TAKEN, ERROR_END_BEFORE_START
from smartregion.forms import EditVersionMixin

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommuneForm(forms.ModelForm):
    class Meta:
        model = Commune
        fields = [
            "name",
            "province",
            "nis_code",
            "population",
            "population_approximate",
            "director_name",
            "director_email",
            "alderman_name",
            "alderman_email",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Commune.objects.filter(territory_id=self.instance.territory_id, name__iexact=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(ERROR_COMMUNE_NAME_TAKEN)
        return name


class _DatesCheckMixin:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("planned_end_date")
        if start and end and end < start:
            self.add_error("planned_end_date", ERROR_END_BEFORE_START)
        return cleaned


class AccompanimentForm(EditVersionMixin, _DatesCheckMixin, forms.ModelForm):
    class Meta:
        model = Accompaniment
        fields = ["kind", "project_title", "phase", "status", "start_date", "planned_end_date"]
        widgets = {"start_date": DATE_WIDGET, "planned_end_date": DATE_WIDGET}
        help_texts = {"planned_end_date": _("Six to eight weeks after the start, usually.")}


class AccompanimentStartForm(_DatesCheckMixin, forms.ModelForm):
    planned_end_date = forms.DateField(
        label=_("planned end"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty for eight weeks after the start."),
    )

    class Meta:
        model = Accompaniment
        fields = ["kind", "project_title", "start_date", "planned_end_date"]
        widgets = {"start_date": DATE_WIDGET}


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "phase", "due_date"]
        widgets = {"due_date": DATE_WIDGET}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        help_text=_("Required for commune staff and college members."),
    )

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = territory.communes.all()
        self.fields["commune"].to_field_name = "slug"


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What you will type to log in. Letters, digits and @/./+/-/_ only."),
    )
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self):
        username = self.cleaned_data["username"]
        user_model = get_user_model()
        user_model.username_validator(username)
        if user_model.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken. Choose another one."))
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            user = get_user_model()(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=self.email,
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def new_user(self) -> dict:
        data = self.cleaned_data
        return {
            "username": data["username"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "password": data["password1"],
        }
