from django.urls import path

from funding import views

app_name = "funding"

territory = "territories/<slug:slug>/funding/"
commune = "communes/<slug:slug>/"

urlpatterns = [
    path(territory, views.catalogue, name="catalogue"),
    path(territory + "calls/new/", views.call_create, name="call-create"),
    path(territory + "calls/<int:pk>/", views.call_detail, name="call-detail"),
    path(territory + "calls/<int:pk>/edit/", views.call_update, name="call-update"),
    path(territory + "import/", views.call_import, name="call-import"),
    path(territory + "import/template.csv", views.call_import_template, name="call-import-template"),
    path(territory + "import/<uuid:key>/", views.call_import_preview, name="call-import-preview"),
    path(territory + "import/<uuid:key>/discard/", views.call_import_discard, name="call-import-discard"),
    path(territory + "calendar/", views.calendar, name="calendar"),
    path(territory + "applications/", views.territory_applications, name="territory-applications"),
    path(territory + "applications/new/", views.shared_application_create, name="shared-application-create"),
    path(territory + "applications/<int:pk>/", views.shared_application_update, name="shared-application-update"),
    path(territory + "reminders/", views.reminder_settings, name="reminder-settings"),
    path("funding/reminders/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(commune + "roadmap/sheets/<int:pk>/funding/", views.sheet_funding, name="sheet-funding"),
    path(commune + "roadmap/sheets/<int:pk>/funding/apply/", views.application_create, name="application-create"),
    path(commune + "funding/applications/<int:pk>/", views.application_update, name="application-update"),
]
