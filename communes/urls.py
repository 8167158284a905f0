from django.urls import path

from communes import views

app_name = "communes"

urlpatterns = [
    path("communes/", views.commune_list, name="commune-list"),
    path("communes/<slug:slug>/", views.commune_detail, name="commune-detail"),
    path("communes/<slug:slug>/edit/", views.commune_update, name="commune-update"),
    path("communes/<slug:slug>/accompaniment/", views.accompaniment_update, name="accompaniment-update"),
    path("communes/<slug:slug>/milestones/new/", views.milestone_create, name="milestone-create"),
    path("communes/<slug:slug>/milestones/<int:pk>/edit/", views.milestone_update, name="milestone-update"),
    path("communes/<slug:slug>/milestones/<int:pk>/complete/", views.milestone_complete, name="milestone-complete"),
    path("communes/<slug:slug>/milestones/<int:pk>/delete/", views.milestone_delete, name="milestone-delete"),
    path("territories/<slug:slug>/people/", views.territory_people, name="territory-people"),
    path("territories/<slug:slug>/activity/", views.territory_activity, name="territory-activity"),
    path("territories/<slug:slug>/invitations/new/", views.invitation_create, name="invitation-create"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation-resend"),
    path("invitations/accept/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
