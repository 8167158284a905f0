from django.urls import path, re_path

from diagnostics.views import builder, campaigns, respond, results

app_name = "diagnostics"

QUESTIONNAIRE = "communes/<slug:slug>/questionnaires/<int:pk>/"
CAMPAIGN = "communes/<slug:slug>/campaigns/<int:pk>/"

urlpatterns = [
    # Building questionnaires
    path("communes/<slug:slug>/questionnaires/", builder.questionnaire_list, name="questionnaire-list"),
    path("communes/<slug:slug>/questionnaires/new/", builder.questionnaire_create, name="questionnaire-create"),
    path(QUESTIONNAIRE, builder.questionnaire_detail, name="questionnaire-detail"),
    path(QUESTIONNAIRE + "edit/", builder.questionnaire_update, name="questionnaire-update"),
    path(QUESTIONNAIRE + "new-version/", builder.questionnaire_new_version, name="questionnaire-new-version"),
    path(QUESTIONNAIRE + "delete/", builder.questionnaire_delete, name="questionnaire-delete"),
    path(QUESTIONNAIRE + "preview/<int:number>/", builder.questionnaire_preview, name="questionnaire-preview"),
    path(QUESTIONNAIRE + "bank/", builder.question_bank, name="question-bank"),
    path(QUESTIONNAIRE + "pages/new/", builder.section_create, name="section-create"),
    path(QUESTIONNAIRE + "pages/<int:section_pk>/edit/", builder.section_update, name="section-update"),
    path(QUESTIONNAIRE + "pages/<int:section_pk>/delete/", builder.section_delete, name="section-delete"),
    path(QUESTIONNAIRE + "pages/<int:section_pk>/move/", builder.section_move, name="section-move"),
    path(QUESTIONNAIRE + "pages/<int:section_pk>/questions/new/", builder.question_create, name="question-create"),
    path(QUESTIONNAIRE + "questions/<int:question_pk>/edit/", builder.question_update, name="question-update"),
    path(QUESTIONNAIRE + "questions/<int:question_pk>/delete/", builder.question_delete, name="question-delete"),
    path(QUESTIONNAIRE + "questions/<int:question_pk>/move/", builder.question_move, name="question-move"),
    # Campaigns
    path("communes/<slug:slug>/campaigns/new/", campaigns.campaign_create, name="campaign-create"),
    path(CAMPAIGN, campaigns.campaign_detail, name="campaign-detail"),
    path(CAMPAIGN + "edit/", campaigns.campaign_update, name="campaign-update"),
    path(CAMPAIGN + "groups/new/", campaigns.group_create, name="group-create"),
    path(CAMPAIGN + "groups/<int:group_pk>/edit/", campaigns.group_update, name="group-update"),
    path(CAMPAIGN + "groups/<int:group_pk>/delete/", campaigns.group_delete, name="group-delete"),
    path(CAMPAIGN + "respondents/new/", campaigns.respondent_create, name="respondent-create"),
    path(CAMPAIGN + "respondents/<int:respondent_pk>/revoke/", campaigns.respondent_revoke, name="respondent-revoke"),
    path(CAMPAIGN + "respondents/<int:respondent_pk>/remind/", campaigns.respondent_remind, name="respondent-remind"),
    path(CAMPAIGN + "invitations/send/", campaigns.invitations_send, name="invitations-send"),
    path(CAMPAIGN + "reminders/send/", campaigns.reminders_send, name="reminders-send"),
    path(CAMPAIGN + "links/new/", campaigns.open_link_create, name="open-link-create"),
    path(CAMPAIGN + "links/<int:link_pk>/edit/", campaigns.open_link_update, name="open-link-update"),
    path(CAMPAIGN + "links/<int:link_pk>/revoke/", campaigns.open_link_revoke, name="open-link-revoke"),
    # Results
    path(CAMPAIGN + "results/", results.campaign_results, name="campaign-results"),
    path(
        CAMPAIGN + "results/questions/<int:question_pk>/texts/",
        results.campaign_question_texts,
        name="campaign-question-texts",
    ),
    re_path(
        r"^communes/(?P<slug>[-a-zA-Z0-9_]+)/campaigns/(?P<pk>[0-9]+)/export/(?P<kind>results|answers)\.(?P<fmt>csv|xlsx)$",
        results.campaign_export,
        name="campaign-export",
    ),
    path("territories/<slug:slug>/questionnaire-scores/", results.territory_scores, name="territory-scores"),
    # Respondents (no account: the token is the key)
    path("q/open/<str:token>/", respond.open_link_start, name="open-link-start"),
    path("q/<str:token>/", respond.respond, name="respond"),
    path("q/<str:token>/page/<int:number>/", respond.respond_page, name="respond-page"),
    path("q/<str:token>/save/<int:question_pk>/", respond.respond_autosave, name="respond-autosave"),
    path("q/<str:token>/submit/", respond.respond_submit, name="respond-submit"),
    path("q/<str:token>/later/", respond.respond_later, name="respond-later"),
    path("q/<str:token>/summary/", respond.respond_summary, name="respond-summary"),
    path("q/<str:token>/summary.txt", respond.respond_summary_download, name="respond-summary-download"),
]

from diagnostics.urls_workspace import workspace_urlpatterns  # noqa: E402

urlpatterns += workspace_urlpatterns
