from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from api.models import TokenScope


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("What the token is for, e.g. “Power BI”."))
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_("A read-only token cannot change anything."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=settings.API_TOKEN_MAX_DAYS, initial=90
    )
