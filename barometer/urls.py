from django.urls import path

from barometer import link_views, views

app_name = "barometer"

urlpatterns = [
    path("", views.index, name="index"),
    path("territories/<slug:slug>/editions/new/", views.edition_create, name="edition-create"),
    path("editions/<int:pk>/", views.edition_detail, name="edition-detail"),
    path("editions/<int:pk>/edit/", views.edition_update, name="edition-update"),
    path("editions/<int:pk>/delete/", views.edition_delete, name="edition-delete"),
    path("editions/<int:pk>/publish/", views.edition_publish, name="edition-publish"),
    path("editions/<int:pk>/unpublish/", views.edition_unpublish, name="edition-unpublish"),
    path("editions/<int:pk>/results/", views.edition_results, name="edition-results"),
    path("editions/<int:pk>/results.<str:fmt>", views.edition_export, name="edition-export"),
    path("editions/<int:pk>/template.<str:fmt>", views.edition_template, name="edition-template"),
    path("editions/<int:pk>/questions/new/", views.question_create, name="question-create"),
    path("editions/<int:pk>/questions/<int:question_pk>/edit/", views.question_update, name="question-update"),
    path("editions/<int:pk>/questions/<int:question_pk>/delete/", views.question_delete, name="question-delete"),
    path("editions/<int:pk>/import/", views.import_upload, name="import-upload"),
    path("editions/<int:pk>/import/<int:import_pk>/", views.import_preview, name="import-preview"),
    path("editions/<int:pk>/import/<int:import_pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("editions/<int:pk>/import/<int:import_pk>/discard/", views.import_discard, name="import-discard"),
    path("editions/<int:pk>/communes/<slug:slug>/", views.response_detail, name="response-detail"),
    path("editions/<int:pk>/communes/<slug:slug>/answer/", views.response_edit, name="response-edit"),
    path(
        "editions/<int:pk>/communes/<slug:slug>/summary.pdf",
        views.response_summary_pdf,
        name="response-summary-pdf",
    ),
    path("editions/<int:pk>/communes/<slug:slug>/delete/", views.response_delete, name="response-delete"),
    path("editions/<int:pk>/invitations/", views.invitations_page, name="invitations"),
    path("editions/<int:pk>/reminders/", views.reminders_send, name="reminders-send"),
    path("editions/<int:pk>/communes/<slug:slug>/links/withdraw/", views.invitation_revoke, name="invitation-revoke"),
    path(
        "editions/<int:pk>/communes/<slug:slug>/links/accept/<str:role>/",
        views.invitation_accept,
        name="invitation-accept",
    ),
    path("answer/<str:token>/", link_views.answer, name="answer"),
    path("answer/<str:token>/page/<int:number>/", link_views.answer_page, name="answer-page"),
    path("answer/<str:token>/confirm/", link_views.answer_confirm, name="answer-confirm"),
    path("answer/<str:token>/done/", link_views.answer_done, name="answer-done"),
    path("communes/<slug:slug>/", views.commune_overview, name="commune-overview"),
    path("public/<slug:territory_slug>/<int:year>/", views.public_summary_page, name="public-summary"),
]
