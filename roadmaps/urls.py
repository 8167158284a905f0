from django.urls import path

from roadmaps import views

app_name = "roadmaps"

prefix = "communes/<slug:slug>/roadmap/"

urlpatterns = [
    path(prefix, views.roadmap_detail, name="roadmap-detail"),
    path(prefix + "start/", views.roadmap_create, name="roadmap-create"),
    path(prefix + "ranking/", views.roadmap_ranking, name="roadmap-ranking"),
    path(prefix + "strategy/", views.roadmap_update, name="roadmap-update"),
    path(prefix + "publication/", views.roadmap_publish, name="roadmap-publish"),
    path(prefix + "rescore/", views.roadmap_rescore, name="roadmap-rescore"),
    path(prefix + "timeline/", views.roadmap_timeline, name="roadmap-timeline"),
    path(prefix + "export.xlsx", views.roadmap_export, {"fmt": "xlsx"}, name="roadmap-export-xlsx"),
    path(prefix + "export.csv", views.roadmap_export, {"fmt": "csv"}, name="roadmap-export-csv"),
    path(prefix + "weights/", views.weights_update, name="weights-update"),
    path(prefix + "weights/preview/", views.weights_preview, name="weights-preview"),
    path(prefix + "criteria/new/", views.criterion_create, name="criterion-create"),
    path(prefix + "criteria/<int:pk>/delete/", views.criterion_delete, name="criterion-delete"),
    path(prefix + "templates/", views.template_list, name="template-list"),
    path(prefix + "sheets/new/", views.sheet_create, name="sheet-create"),
    path(prefix + "sheets/<int:pk>/", views.sheet_detail, name="sheet-detail"),
    path(prefix + "sheets/<int:pk>/edit/", views.sheet_update, name="sheet-update"),
    path(prefix + "sheets/<int:pk>/delete/", views.sheet_delete, name="sheet-delete"),
    path(prefix + "sheets/<int:pk>/marks/", views.sheet_marks, name="sheet-marks"),
    path(prefix + "sheets/<int:pk>/horizon/", views.sheet_horizon, name="sheet-horizon"),
    path(prefix + "sheets/<int:pk>/prerequisites/", views.prerequisite_add, name="prerequisite-add"),
    path(
        prefix + "sheets/<int:pk>/prerequisites/<int:required_pk>/remove/",
        views.prerequisite_remove,
        name="prerequisite-remove",
    ),
    path(prefix + "sheets/<int:pk>/comments/", views.comment_create, name="comment-create"),
    path(prefix + "sheets/<int:pk>/comments/<int:comment_pk>/delete/", views.comment_delete, name="comment-delete"),
    path(prefix + "plan/", views.plan, name="plan"),
    path(prefix + "plan/<int:pk>/decision/", views.plan_decide, name="plan-decide"),
]
