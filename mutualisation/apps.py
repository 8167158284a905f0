from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MutualisationConfig(AppConfig):
    name = "mutualisation"
    verbose_name = _("Mutualisation")

    def ready(self):
        from communes.next_steps import register_next_steps
        from mutualisation.panels import answer_steps, commune_panel, sheet_panel
        from smartregion.panels import register_panel

        register_panel("communes.commune", "mutualisation", commune_panel)
        register_panel("roadmaps.sheet", "mutualisation", sheet_panel)
        register_next_steps("mutualisation", answer_steps)
