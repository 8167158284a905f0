from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Respondents' personal data across diagnostics and the barometer: notice, retention."""

    name = "privacy"
    verbose_name = _("Privacy")
