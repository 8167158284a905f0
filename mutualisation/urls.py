from django.urls import path

from mutualisation import views

app_name = "mutualisation"

T = "territories/<slug:slug>/mutualisation/"

urlpatterns = [
    path(f"{T}convergences/", views.convergences, name="convergences"),
    path(f"{T}convergences/export.csv", views.convergences_export, {"fmt": "csv"}, name="convergences-export-csv"),
    path(f"{T}convergences/export.xlsx", views.convergences_export, {"fmt": "xlsx"}, name="convergences-export-xlsx"),
    path(f"{T}inventory/", views.territory_inventory, name="territory-inventory"),
    path(f"{T}pooled-demand/", views.pooled_demand, name="pooled-demand"),
    path(
        f"{T}pooled-demand/<slug:category>/export.csv",
        views.pooled_demand_export,
        {"fmt": "csv"},
        name="pooled-demand-export-csv",
    ),
    path(
        f"{T}pooled-demand/<slug:category>/export.xlsx",
        views.pooled_demand_export,
        {"fmt": "xlsx"},
        name="pooled-demand-export-xlsx",
    ),
    path(f"{T}shared-projects/", views.shared_project_list, name="shared-project-list"),
    path(f"{T}shared-projects/new/", views.shared_project_create, name="shared-project-create"),
    path(f"{T}shared-projects/<int:pk>/", views.shared_project_detail, name="shared-project-detail"),
    path(
        f"{T}shared-projects/<int:pk>/members/<int:member_pk>/leave/",
        views.member_leave,
        name="shared-project-member-leave",
    ),
    path(f"{T}shared-projects/<int:pk>/edit/", views.shared_project_update, name="shared-project-update"),
    path(f"{T}shared-projects/<int:pk>/members/propose/", views.member_propose, name="shared-project-member-propose"),
    path(f"{T}shared-projects/<int:pk>/start-projects/", views.projects_start, name="shared-project-start"),
    path(f"{T}catalogue/", views.catalogue, name="catalogue"),
    path(f"{T}catalogue/new/", views.framework_create, name="framework-create"),
    path("communes/<slug:slug>/mutualisation/", views.commune_mutualisation, name="commune"),
    path("communes/<slug:slug>/mutualisation/<int:pk>/answer/", views.member_answer, name="member-answer"),
    path("communes/<slug:slug>/mutualisation/<int:pk>/sheet/", views.member_sheet, name="member-sheet"),
]
