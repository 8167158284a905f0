from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Final reports")

    def ready(self):
        from communes.next_steps import register_next_steps
        from reports.next_steps import report_steps

        register_next_steps("reports", report_steps)
