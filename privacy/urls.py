from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("territories/<slug:slug>/people/", views.people, name="people"),
    path("territories/<slug:slug>/people/<str:kind>/<int:pk>/export/", views.person_export, name="person-export"),
    path("territories/<slug:slug>/people/<str:kind>/<int:pk>/erase/", views.person_erase, name="person-erase"),
]
