from django.contrib import admin
from django.urls import include, path

from communes import views as commune_views
from smartregion.health import healthz

urlpatterns = [
    path("", commune_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("communes.urls")),
    path("", include("diagnostics.urls")),
    path("", include("roadmaps.urls")),
    path("barometer/", include("barometer.urls")),
    path("", include("reports.urls")),
    path("", include("projects.urls")),
    path("", include("mutualisation.urls")),
    path("", include("procurement.urls")),
    path("", include("funding.urls")),
    path("", include("api.urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler403 = "smartregion.errors.permission_denied"
