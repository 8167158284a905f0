from django.urls import path

from projects import views

app_name = "projects"

commune = "communes/<slug:slug>/projects/"
project = commune + "<int:pk>/"

urlpatterns = [
    path(commune, views.project_list, name="project-list"),
    path(commune + "start/", views.project_create, name="project-create"),
    path(project, views.project_detail, name="project-detail"),
    path(project + "edit/", views.project_update, name="project-update"),
    path(project + "close-phase/", views.phase_close, name="phase-close"),
    path(project + "checklist/<int:item_pk>/", views.checklist_answer, name="checklist-answer"),
    path(project + "<slug:part>/add/", views.part_create, name="part-create"),
    path(project + "<slug:part>/<int:part_pk>/edit/", views.part_update, name="part-update"),
    path(project + "<slug:part>/<int:part_pk>/delete/", views.part_delete, name="part-delete"),
    path(project + "milestones/<int:part_pk>/done/", views.milestone_complete, name="milestone-complete"),
    path(project + "indicators/<int:indicator_pk>/values/add/", views.indicator_value_create, name="value-create"),
    path(
        project + "indicators/<int:indicator_pk>/values/<int:value_pk>/delete/",
        views.indicator_value_delete,
        name="value-delete",
    ),
    path(project + "evaluation/new/", views.evaluation_create, name="evaluation-create"),
    path(project + "evaluation/<int:report_pk>/", views.evaluation_detail, name="evaluation-detail"),
    path(project + "evaluation/<int:report_pk>/download/", views.evaluation_download, name="evaluation-download"),
    path("territories/<slug:slug>/projects/", views.territory_projects, name="territory-projects"),
    path("territories/<slug:slug>/project-checklists/", views.territory_checklists, name="territory-checklists"),
    path(
        "territories/<slug:slug>/project-checklists/<int:item_pk>/edit/",
        views.checklist_item_update,
        name="checklist-item-update",
    ),
    path(
        "territories/<slug:slug>/project-checklists/<int:item_pk>/move/",
        views.checklist_item_move,
        name="checklist-item-move",
    ),
    path(
        "territories/<slug:slug>/project-checklists/<int:item_pk>/delete/",
        views.checklist_item_delete,
        name="checklist-item-delete",
    ),
]
