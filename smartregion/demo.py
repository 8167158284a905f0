"""The whole demo (`manage.py seed_demo`): each app seeds its own part, lowest app first.

This module sits above every app, like `smartregion.urls`: it is the one place allowed to call them all
(see the import-linter contracts in pyproject.toml). Every step can run twice.
"""

from django.db import transaction

from api.demo import seed_api
from barometer.demo import seed_barometer
from communes.demo import seed_territory
from communes.models import Territory
from diagnostics.demo import seed_questionnaires
from diagnostics.demo_workspace import seed_workspace
from funding.demo import seed_funding
from mutualisation.demo import seed_mutualisation
from procurement.demo import seed_procurement
from projects.demo import seed_projects
from reports.demo import seed_reports
from roadmaps.demo import seed_roadmap


@transaction.atomic
def seed_demo() -> Territory:
    """Steps: 1. the territory, its communes, accounts and accompaniments; 2. the barometer;
    3. the questionnaires and campaigns; 4. the diagnostic workspace; 5. the roadmap; 6. the reports;
    7. the projects; 8. mutualisation; 9. the procurement of Courcelles' website; 10. the calls for projects
    and Courcelles' applications; 11. the API's demo token."""
    territory = seed_territory()
    seed_barometer(territory)
    seed_questionnaires()
    seed_workspace()
    seed_roadmap()
    seed_reports()
    seed_projects()
    seed_mutualisation()
    seed_procurement()
    seed_funding(territory)
    seed_api()
    return territory
