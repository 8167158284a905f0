"""The REST API under /api/v1/ and the open data under /opendata/.

Adding an app's endpoints (README, "Adding API endpoints"): views in `api/views/<app>.py` reusing the app's
access helpers and selectors, their paths in `API_PATTERNS` below, a row per URL in the permission matrix.
"""

from django.urls import include, path, re_path

from api.views import (
    barometer,
    communes,
    diagnostics,
    docs,
    funding,
    mutualisation,
    opendata,
    procurement,
    projects,
    reports,
    roadmaps,
    tokens,
)

app_name = "api"

API_PATTERNS = [
    path("territories/", communes.TerritoryList.as_view(), name="territory-list"),
    path("territories/<slug:slug>/", communes.TerritoryDetail.as_view(), name="territory-detail"),
    path("territories/<slug:slug>/barometer/", barometer.EditionList.as_view(), name="edition-list"),
    path("barometer/editions/<int:pk>/results/", barometer.EditionResults.as_view(), name="edition-results"),
    path("barometer/editions/<int:pk>/imports/", barometer.AnswersImport.as_view(), name="answers-import"),
    path("communes/", communes.CommuneList.as_view(), name="commune-list"),
    path("communes/<slug:slug>/", communes.CommuneDetail.as_view(), name="commune-detail"),
    path("communes/<slug:slug>/campaigns/", diagnostics.CampaignList.as_view(), name="campaign-list"),
    path(
        "communes/<slug:slug>/campaigns/<int:pk>/results/",
        diagnostics.CampaignResults.as_view(),
        name="campaign-results",
    ),
    path("communes/<slug:slug>/needs/", diagnostics.NeedList.as_view(), name="need-list"),
    path("communes/<slug:slug>/synthesis/", diagnostics.SynthesisDetail.as_view(), name="synthesis-detail"),
    path("communes/<slug:slug>/roadmap/", roadmaps.RoadmapDetail.as_view(), name="roadmap-detail"),
    path("communes/<slug:slug>/roadmap/sheets/", roadmaps.SheetCreate.as_view(), name="sheet-create"),
    path("communes/<slug:slug>/reports/", reports.ReportList.as_view(), name="report-list"),
    path("communes/<slug:slug>/projects/", projects.ProjectList.as_view(), name="project-list"),
    path("communes/<slug:slug>/projects/<int:pk>/", projects.ProjectDetail.as_view(), name="project-detail"),
    path(
        "communes/<slug:slug>/projects/<int:project_pk>/indicators/<int:pk>/values/",
        projects.IndicatorValueCreate.as_view(),
        name="indicator-value-create",
    ),
    path("communes/<slug:slug>/procurements/", procurement.ProcurementList.as_view(), name="procurement-list"),
    path(
        "communes/<slug:slug>/procurements/<int:pk>/",
        procurement.ProcurementDetail.as_view(),
        name="procurement-detail",
    ),
    path(
        "communes/<slug:slug>/shared-projects/",
        mutualisation.CommuneMembershipList.as_view(),
        name="membership-list",
    ),
    path(
        "territories/<slug:slug>/shared-projects/",
        mutualisation.TerritorySharedProjectList.as_view(),
        name="shared-project-list",
    ),
    path(
        "communes/<slug:slug>/funding/applications/", funding.CommuneApplicationList.as_view(), name="application-list"
    ),
    path(
        "territories/<slug:slug>/funding/applications/",
        funding.TerritoryApplicationList.as_view(),
        name="territory-application-list",
    ),
    path("territories/<slug:slug>/funding/calls/", funding.CallList.as_view(), name="call-list"),
]

urlpatterns = [
    path("api/v1/", include(API_PATTERNS)),
    path("api/v1/schema/", docs.SchemaView.as_view(), name="schema"),
    path("api/docs/", docs.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("opendata/catalog.jsonld", opendata.catalog, name="opendata-catalog"),
    re_path(
        r"^opendata/barometer/(?P<territory_slug>[-a-zA-Z0-9_]+)/(?P<year>[0-9]{4})\.(?P<fmt>csv|json)$",
        opendata.barometer_file,
        name="opendata-barometer",
    ),
    # Any other address under /api/ answers the API's JSON 404, not the site's HTML page.
    re_path(r"^api/", docs.not_found, name="not-found"),
    path("accounts/tokens/", tokens.token_list, name="token-list"),
    path("accounts/tokens/new/", tokens.token_create, name="token-create"),
    path("accounts/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token-revoke"),
]
