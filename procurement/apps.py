from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Public procurement")

    def ready(self):
        from procurement import panels
        from smartregion.panels import register_panel

        register_panel("roadmaps.sheet", "procurement", panels.sheet_panel)
        register_panel("projects.project", "procurement", panels.project_panel)
        register_panel("roadmaps.templates", "procurement", panels.templates_panel)
