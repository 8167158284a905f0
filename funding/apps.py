from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding")

    def ready(self):
        from funding import panels, selectors
        from reports.sections import register_section
        from roadmaps.costs import register_grants
        from smartregion.panels import register_panel

        # The plan budgets on the commune's share: grants per sheet (roadmaps.costs).
        register_grants("funding", selectors.sheet_grants)
        # A sheet's matching calls and share on its page; the commune's entry to the catalogue and calendar.
        register_panel("roadmaps.sheet", "funding", panels.sheet_panel)
        register_panel("communes.commune", "funding", panels.commune_panel)
        # A shared project's matching calls, as one applicant for all its communes.
        register_panel("mutualisation.shared_project", "funding", panels.shared_project_panel)
        # The final report's funding section (reports.sections).
        register_section("funding", panels.report_section)
