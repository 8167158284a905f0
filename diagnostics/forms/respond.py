"""Forms of the respondent's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PersonalLinkEmailForm(forms.Form):
    """The respondent's own address, to e-mail them their personal link; it is not stored."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Used only to send this e-mail, then forgotten."),
        max_length=254,
        error_messages={"invalid": _("Type a whole e-mail address, for example prenom.nom@example.be.")},
    )
