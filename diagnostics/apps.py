from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "diagnostics"
    verbose_name = _("Diagnostics")

    def ready(self):
        from communes.dashboard import register_annotation
        from diagnostics.selectors.dashboard import annotate_interview_progress

        register_annotation("diagnostics.interviews", annotate_interview_progress)

        from communes.next_steps import register_next_steps
        from diagnostics.next_steps import diagnostic_steps

        register_next_steps("diagnostics", diagnostic_steps)
