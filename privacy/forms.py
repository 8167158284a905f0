from django import forms
from django.utils.translation import gettext_lazy as _

SEARCH_MIN_LENGTH = 2
SEARCH_TOO_SHORT = _("Type at least two characters of a name or an e-mail address.")


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or e-mail address"),
        max_length=150,
        strip=True,
        error_messages={"required": SEARCH_TOO_SHORT},
    )

    def clean_q(self):
        q = self.cleaned_data["q"]
        if len(q) < SEARCH_MIN_LENGTH:
            raise forms.ValidationError(SEARCH_TOO_SHORT)
        return q
