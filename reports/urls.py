from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("communes/<slug:slug>/reports/", views.report_list, name="report-list"),
    path("communes/<slug:slug>/reports/new/", views.report_create, name="report-create"),
    path("communes/<slug:slug>/reports/preview/", views.report_preview, name="report-preview"),
    path("communes/<slug:slug>/reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("communes/<slug:slug>/reports/<int:pk>/view/", views.report_version_preview, name="report-version-preview"),
    path("communes/<slug:slug>/reports/<int:pk>/download/", views.report_download, name="report-download"),
    path("communes/<slug:slug>/reports/<int:pk>/publish/", views.report_publish, name="report-publish"),
    path("communes/<slug:slug>/reports/<int:pk>/unpublish/", views.report_unpublish, name="report-unpublish"),
    path("communes/<slug:slug>/reports/<int:pk>/retry/", views.report_retry, name="report-retry"),
    path("territories/<slug:slug>/report-logo/", views.territory_logo_update, name="territory-logo-update"),
    path("territories/<slug:slug>/report-logo/delete/", views.territory_logo_delete, name="territory-logo-delete"),
    path("territories/<slug:slug>/report-logo/image/", views.territory_logo, name="territory-logo"),
]
