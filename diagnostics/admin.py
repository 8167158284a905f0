from django.contrib import admin

from diagnostics.models import (
    Campaign,
    GridRow,
    OpenLink,
    Option,
    Question,
    Questionnaire,
    QuestionPillar,
    Respondent,
    RespondentGroup,
    Section,
)
from diagnostics.services.builder import questionnaire_touch
from diagnostics.services.tallies import respondents_delete


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title_fr", "title_en"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "version", "commune", "template_key", "updated_at"]
    list_filter = ["commune__territory"]
    search_fields = ["title_fr", "title_en", "commune__name"]
    raw_id_fields = ["commune", "previous_version", "source", "created_by"]
    inlines = [SectionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        questionnaire_touch(questionnaire=form.instance)  # respondents' pages read the new version


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["position", "label_fr", "label_en", "maturity"]


class GridRowInline(admin.TabularInline):
    model = GridRow
    extra = 0
    fields = ["position", "text_fr", "text_en"]


class QuestionPillarInline(admin.TabularInline):
    model = QuestionPillar
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "text_fr", "type", "theme", "questionnaire"]
    list_filter = ["type", "theme"]
    search_fields = ["code", "text_fr", "text_en"]
    raw_id_fields = ["questionnaire", "section", "condition_option", "source_question"]
    inlines = [OptionInline, GridRowInline, QuestionPillarInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        questionnaire_touch(questionnaire=form.instance.questionnaire)  # respondents' pages read the new version

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        questionnaire_touch(questionnaire=obj.questionnaire)

    def delete_queryset(self, request, queryset):
        questionnaires = {q.questionnaire for q in queryset}
        super().delete_queryset(request, queryset)
        for questionnaire in questionnaires:
            questionnaire_touch(questionnaire=questionnaire)


class RespondentGroupInline(admin.TabularInline):
    model = RespondentGroup
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "commune", "opens_on", "closes_on"]
    list_filter = ["commune__territory"]
    search_fields = ["title", "commune__name"]
    raw_id_fields = ["commune", "questionnaire", "created_by"]
    inlines = [RespondentGroupInline]


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "campaign", "group", "email_status", "invited_at", "reminders_sent", "revoked_at"]
    list_filter = ["email_status"]
    search_fields = ["name", "email"]
    raw_id_fields = ["campaign", "group"]

    def delete_model(self, request, obj):
        respondents_delete(respondents=Respondent.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        respondents_delete(respondents=queryset)


@admin.register(OpenLink)
class OpenLinkAdmin(admin.ModelAdmin):
    list_display = ["campaign", "group", "max_responses", "closes_on", "several_per_browser", "revoked_at"]
    raw_id_fields = ["campaign", "group"]
    exclude = ["token_nonce", "token_hash"]
