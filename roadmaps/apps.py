from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = _("Roadmaps")

    def ready(self):
        from diagnostics.selectors.pst import register_objective_server
        from roadmaps.links import served_objectives

        # The diagnostic's PST page counts an objective served by a project sheet (no import the other way).
        register_objective_server("roadmap_sheets", served_objectives)
