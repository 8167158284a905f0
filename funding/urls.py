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
    path(territory + "calendar/", views.calendar, name="calendar"),
    path(territory + "applications/", views.territory_applications, name="territory-applications"),
    path(territory + "reminders/", views.reminder_settings, name="reminder-settings"),
    path("funding/reminders/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(commune + "roadmap/sheets/<int:pk>/funding/", views.sheet_funding, name="sheet-funding"),
    path(commune + "roadmap/sheets/<int:pk>/funding/apply/", views.application_create, name="application-create"),
    path(commune + "funding/applications/<int:pk>/", views.application_update, name="application-update"),
]
