"""Addresses of the diagnostic workspace, appended to diagnostics/urls.py (same `diagnostics` namespace)."""

from django.urls import path

from diagnostics.views import interviews, inventory, needs, pst, workshops, workspace

W = "communes/<slug:slug>/diagnostic/"

workspace_urlpatterns = [
    path(W, workspace.diagnostic_home, name="diagnostic-home"),
    # PST
    path(W + "pst/", pst.pst_detail, name="pst"),
    path(W + "pst/objectives/new/<str:level>/", pst.objective_create, name="pst-objective-create"),
    path(W + "pst/objectives/<int:pk>/edit/", pst.objective_update, name="pst-objective-update"),
    path(W + "pst/objectives/<int:pk>/delete/", pst.objective_delete, name="pst-objective-delete"),
    path(W + "pst/actions/new/", pst.action_create, name="pst-action-create"),
    path(W + "pst/actions/<int:pk>/edit/", pst.action_update, name="pst-action-update"),
    path(W + "pst/actions/<int:pk>/delete/", pst.action_delete, name="pst-action-delete"),
    path(W + "pst/import/", pst.pst_import, name="pst-import"),
    path(W + "pst/import/<uuid:key>/", pst.pst_import_preview, name="pst-import-preview"),
    path(W + "pst/import/<uuid:key>/discard/", pst.pst_import_discard, name="pst-import-discard"),
    path(W + "pst/template.csv", pst.pst_template, name="pst-template"),
    # Interviews and findings
    path(W + "interviews/", interviews.interview_list, name="interview-list"),
    path(W + "interviews/target/", interviews.interview_target, name="interview-target"),
    path(W + "interviews/new/", interviews.interview_create, name="interview-create"),
    path(W + "interviews/<int:pk>/", interviews.interview_detail, name="interview-detail"),
    path(W + "interviews/<int:pk>/edit/", interviews.interview_update, name="interview-update"),
    path(W + "interviews/<int:pk>/delete/", interviews.interview_delete, name="interview-delete"),
    path(W + "interviews/<int:pk>/findings/new/", interviews.finding_create, name="finding-create"),
    path(W + "findings/", interviews.finding_list, name="finding-list"),
    path(W + "findings/<int:pk>/edit/", interviews.finding_update, name="finding-update"),
    path(W + "findings/<int:pk>/delete/", interviews.finding_delete, name="finding-delete"),
    path(W + "findings/<int:pk>/publish/", interviews.finding_publish, name="finding-publish"),
    path(W + "findings/<int:pk>/need/", interviews.finding_to_need, name="finding-to-need"),
    # Ideation workshops
    path(W + "workshops/", workshops.workshop_list, name="workshop-list"),
    path(W + "workshops/new/", workshops.workshop_create, name="workshop-create"),
    path(W + "workshops/<int:pk>/", workshops.workshop_detail, name="workshop-detail"),
    path(W + "workshops/<int:pk>/edit/", workshops.workshop_update, name="workshop-update"),
    path(W + "workshops/<int:pk>/delete/", workshops.workshop_delete, name="workshop-delete"),
    path(W + "workshops/<int:pk>/ideas/new/", workshops.idea_create, name="idea-create"),
    path(W + "workshops/<int:pk>/votes/", workshops.workshop_votes, name="workshop-votes"),
    path(W + "ideas/<int:pk>/edit/", workshops.idea_update, name="idea-update"),
    path(W + "ideas/<int:pk>/delete/", workshops.idea_delete, name="idea-delete"),
    path(W + "ideas/<int:pk>/decision/", workshops.idea_decide, name="idea-decide"),
    # Inventory
    path(W + "inventory/", inventory.inventory, name="inventory"),
    path(W + "inventory/systems/new/", inventory.system_create, name="system-create"),
    path(W + "inventory/systems/<int:pk>/edit/", inventory.system_update, name="system-update"),
    path(W + "inventory/systems/<int:pk>/delete/", inventory.system_delete, name="system-delete"),
    path(W + "inventory/exchanges/new/", inventory.exchange_create, name="exchange-create"),
    path(W + "inventory/exchanges/<int:pk>/edit/", inventory.exchange_update, name="exchange-update"),
    path(W + "inventory/exchanges/<int:pk>/delete/", inventory.exchange_delete, name="exchange-delete"),
    path(W + "inventory/warnings/dismiss/", inventory.warning_dismiss, name="warning-dismiss"),
    path(W + "inventory/warnings/<int:pk>/restore/", inventory.warning_restore, name="warning-restore"),
    # Needs
    path(W + "needs/", needs.need_list, name="need-list"),
    path(W + "needs/new/", needs.need_create, name="need-create"),
    path(W + "needs/<int:pk>/", needs.need_detail, name="need-detail"),
    path(W + "needs/<int:pk>/edit/", needs.need_update, name="need-update"),
    path(W + "needs/<int:pk>/delete/", needs.need_delete, name="need-delete"),
    path(W + "needs/<int:pk>/evidence/<str:kind>/add/", needs.evidence_add, name="evidence-add"),
    path(W + "needs/<int:pk>/evidence/<int:evidence_pk>/remove/", needs.evidence_remove, name="evidence-remove"),
    path(W + "needs/<int:pk>/merge/", needs.need_merge, name="need-merge"),
    # Synthesis
    path(W + "synthesis/", workspace.synthesis, name="synthesis"),
    path(W + "synthesis/edit/", workspace.synthesis_update, name="synthesis-update"),
]
