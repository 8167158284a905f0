from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reports.models import ReportIntroduction


class ReportRequestForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the report"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=ReportIntroduction._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Printed at the start of part 1, in the language you write it in. Separate paragraphs with an "
            "empty line. It is kept for the next versions."
        ),
    )


class TerritoryLogoForm(forms.Form):
    # A plain file field: the service checks size, format and content with Pillow and names the file.
    logo = forms.FileField(
        label=_("Logo"), help_text=_("PNG or JPEG, at most 1 MB. It appears on the cover of every report.")
    )
