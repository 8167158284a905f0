from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API and open data")

    def ready(self):
        from api import panels
        from smartregion.panels import register_panel

        register_panel("accounts.profile", "api.tokens", panels.profile_panel)
        register_panel("barometer.public", "api.opendata", panels.public_barometer_panel)
