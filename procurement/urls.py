from django.urls import path

from procurement import views

app_name = "procurement"

prefix = "communes/<slug:slug>/procurements/"
one = prefix + "<int:pk>/"

urlpatterns = [
    path(prefix, views.procurement_list, name="procurement-list"),
    path(prefix + "new/", views.procurement_create, name="procurement-create"),
    path(prefix + "templates/<slug:function>/", views.specifications_template, name="specifications-template"),
    path(one, views.procurement_detail, name="procurement-detail"),
    path(one + "edit/", views.procurement_update, name="procurement-update"),
    path(one + "specifications/", views.specifications_update, name="specifications-update"),
    path(one + "requirements/add/", views.requirement_add, name="requirement-add"),
    path(one + "requirements/<int:requirement_pk>/delete/", views.requirement_delete, name="requirement-delete"),
    path(one + "criteria/", views.criteria_update, name="criteria-update"),
    path(one + "bidders/new/", views.bidder_create, name="bidder-create"),
    path(one + "bidders/<int:bidder_pk>/", views.bidder_update, name="bidder-update"),
    path(one + "scores/", views.scores_update, name="scores-update"),
    path(one + "award/", views.procurement_award, name="procurement-award"),
    path(one + "documents/new/", views.document_create, name="document-create"),
    path(one + "documents/<int:document_pk>.docx", views.document_download, {"fmt": "docx"}, name="document-docx"),
    path(one + "documents/<int:document_pk>.pdf", views.document_download, {"fmt": "pdf"}, name="document-pdf"),
    path("territories/<slug:slug>/requirement-library/", views.library, name="library"),
]
