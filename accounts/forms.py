from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import User

ERROR_EMAIL_TAKEN = _("An account already uses this e-mail address.")
ERROR_PASSWORD_REQUIRED = _("Type your current password to change your e-mail address.")
ERROR_PASSWORD_WRONG = _("Your current password is not correct.")


def email_is_taken(email: str, *, exclude_pk=None) -> bool:
    taken = User.objects.filter(email__iexact=email.strip())
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return bool(email.strip()) and taken.exists()


class ProfileForm(forms.ModelForm):
    """The profile; a new e-mail address needs the current password and is only saved once confirmed."""

    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed only to change your e-mail address."),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_email = self.instance.email

    def email_changed(self) -> bool:
        return self.cleaned_data.get("email", "").strip().lower() != (self.current_email or "").lower()

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email_is_taken(email, exclude_pk=self.instance.pk):
            raise forms.ValidationError(ERROR_EMAIL_TAKEN)
        return email

    def clean(self):
        cleaned = super().clean()
        if "email" in cleaned and self.email_changed():
            password = cleaned.get("current_password")
            if not password:
                self.add_error("current_password", ERROR_PASSWORD_REQUIRED)
            elif not self.instance.check_password(password):
                self.add_error("current_password", ERROR_PASSWORD_WRONG)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The address stays the stored one until the new address confirms it.
        self.instance.email = self.current_email


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
