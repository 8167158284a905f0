from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects carried out")

    def ready(self):
        from communes.dashboard import register_annotation
        from communes.next_steps import register_next_steps
        from projects import panels
        from projects.selectors import annotate_dashboard
        from smartregion.panels import register_panel

        register_panel("roadmaps.sheet", "projects.sheet", panels.sheet_panel)
        register_panel("communes.commune", "projects.commune", panels.commune_panel)
        register_next_steps("projects", panels.project_steps)
        register_annotation("projects", annotate_dashboard)
