from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CommunesConfig(AppConfig):
    name = "communes"
    verbose_name = _("Territories and communes")

    def ready(self):
        # Each app declares its capabilities in its own `capabilities` module; the table names them by string.
        autodiscover_modules("capabilities")
        checks.register(check_capabilities_table)


def check_capabilities_table(app_configs=None, **kwargs):
    from communes.capabilities import check_table

    return [checks.Error(problem, id="communes.E001") for problem in check_table()]
