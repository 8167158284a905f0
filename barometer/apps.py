from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarometerConfig(AppConfig):
    name = "barometer"
    verbose_name = _("Territory barometer")
