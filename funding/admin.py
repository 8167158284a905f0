from django.contrib import admin
from django.db import models

from funding.models import Application, CallRound, FundingCall, FundingSettings


class CallRoundInline(admin.TabularInline):
    model = CallRound
    extra = 0


@admin.register(FundingCall)
class FundingCallAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "funder_kind", "territory", "cofunding_rate", "is_example")
    list_filter = ("funder_kind", "is_example", "territory")
    list_select_related = ("territory",)
    search_fields = ("title", "programme", "funder")
    inlines = [CallRoundInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("call", "sheet", "shared_project", "commune", "status", "amount_requested", "amount_granted")
    list_filter = ("status", "territory")
    list_select_related = ("call", "sheet", "shared_project", "commune")
    raw_id_fields = ("call", "sheet", "shared_project", "commune", "territory", "created_by")


@admin.register(FundingSettings)
class FundingSettingsAdmin(admin.ModelAdmin):
    list_display = ("territory", "reminder_days", "reminders_enabled")
